import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { lightFormat as format } from 'date-fns/lightFormat';
import { loadBacktestTable, windowResults, type AnyBacktestResult, type BacktestResult, type PeriodConfig } from '../../backtest/run.js';
import type { TradingSetup } from '../../broker/setup.js';
import { parseDateRange } from '../../data/dates.js';
import { NoTradingDaysError } from '../../data/load.js';
import { checkWindowOrder, marketWindow } from '../../data/window.js';
import { runSingle } from '../../jobs/single.js';
import { configLine, resolvedConfig, runSummary } from '../../backtest/summary.js';
import { assertTicker } from '../../data/symbols.js';
import { defaultSymbol } from '../../data/data-dir.js';
import { UserError } from '../../errors.js';
import { TradingAgent } from '../../agent/index.js';
import type { ParamValue } from '../../strategy/contract.js';
import { backtestReportModel } from '../../report/from-backtest.js';
import { backtestRoundTrips } from '../../report/round-trips.js';
import { formatFixed } from '../../report/format.js';
import { createProgress, formatStatisticsTable } from '../../report/terminal.js';
import { checkDefaultReportParent, checkReportTarget, writeReportFolder } from '../../report/write.js';
import { describeSetup } from '../../broker/setup.js';
import { addBacktestOptions, chooseStrategy, givenParams, paramFlag, tradingSetup, windows, type BacktestFlags } from '../backtest-options.js';
import { resolveDataFlags } from '../data-options.js';
import type { CliIO } from '../io.js';
import { typedCommandLine } from '../options.js';
import { VERSION } from '../../version.js';
import type { RegisterCommand } from '../command.js';
import { givenFlags, noPngOption, pngOption, strategyOption, symbolOption, WINDOW_FLAGS } from '../common-options.js';

interface BacktestCommandFlags extends BacktestFlags {
  period?: string;
  symbol?: string;
  strategy: string;
  json?: boolean;
  out?: string;
  report: boolean;
  /** --png; undefined (no PNG) by default. */
  png?: boolean;
  agent?: string;
}

/** Rows of the terminal table: the figures a reader compares first. */
const TERMINAL_KEYS = ['returnPct', 'annualReturnPct', 'sharpe', 'maxDrawdownPct', 'trades', 'winRatePct', 'exposurePct', 'finalValue'];

/** `dynaq backtest`: train in-sample, test out-of-sample, beside buy-and-hold and the manual rules. */
export const register: RegisterCommand = (program, io) => {
  addBacktestOptions(
    program
      .command('backtest')
      .description('train a strategy in-sample, test it out-of-sample against buy-and-hold and manual rules, write a report folder')
      .addOption(symbolOption())
      .addOption(strategyOption())
      .option('--json', 'print only one JSON object (the report folder is still written)')
      .option('--out <dir>', 'report folder (default reports/<symbol>-<strategy>-seed<seed>-<timestamp>)')
      .option('--no-report', 'do not write a report folder')
      .addOption(pngOption())
      .addOption(noPngOption())
      .option('--agent <file>', 'test a saved Dyna-Q agent (agent.json of an earlier report) instead of training one')
      .option('--period <start:end>', 'run a strategy that does not learn over one period, without the train/test split (instead of --train and --test)'),
  ).action(async (flags: BacktestCommandFlags, command: Command) => {
    const { dataDir, calendar } = resolveDataFlags(flags, io);
    const symbol = flags.symbol === undefined ? defaultSymbol(dataDir) : assertTicker(flags.symbol, '--symbol');
    const setup = tradingSetup(flags);
    const saved = flags.agent === undefined ? null : readAgent(flags, io.cwd);
    const chosen = await chooseStrategy(flags.strategy, flags, io.cwd, saved?.params ?? {});
    if (flags.report && flags.out !== undefined) checkReportTarget(resolve(io.cwd, flags.out));
    else if (flags.report) checkDefaultReportParent(resolve(io.cwd, 'reports'));
    const config = flags.period === undefined ? { symbol, ...windows(flags), dataDir, calendar, setup } : periodConfig(flags, command, { symbol, dataDir, calendar, setup });
    // the data and the windows are checked before anything is printed or trained
    let table;
    try {
      table = loadBacktestTable(config);
    } catch (error) {
      if (error instanceof NoTradingDaysError) throw error.outside(flags.period !== undefined ? `--period ${flags.period} has` : `--train ${flags.train} and --test ${flags.test} have`, 2);
      throw error;
    }
    if ('period' in config) {
      if (saved !== null) throw new UserError('--agent tests a trained agent out of sample: give --train and --test, not --period.', 2);
      marketWindow(table, symbol, config.period, '--period');
    } else {
      marketWindow(table, symbol, config.train, '--train');
      marketWindow(table, symbol, config.test, '--test');
      checkWindowOrder(config.train, config.test, config.allowOverlap);
    }
    if (!flags.json) io.stdout(`${configLine(resolvedConfig(config, chosen.facts))}\n`);
    const progress = createProgress({ enabled: io.isTTY && !flags.json, total: 1, label: 'training' });
    let result: AnyBacktestResult;
    try {
      const task = { kind: 'backtest' as const, config, strategy: chosen.source, params: chosen.given, restore: saved === null ? null : { text: saved.text, source: flags.agent! } };
      result = await runSingle<AnyBacktestResult>(task, flags.timeBudget, (done, total, detail) => progress.update(done, detail, total), table);
    } finally {
      progress.stop();
    }
    const agentWarning = saved === null || result.kind !== 'split' ? null : agentMismatch(saved.trainedOn, flags.agent!, result);
    if (agentWarning !== null) result = { ...result, warnings: [...result.warnings, agentWarning] };
    for (const warning of result.warnings) io.stderr(`dynaq: warning: ${warning}\n`);
    const context = { commandLine: typedCommandLine(command), version: VERSION, seed: result.seed, settings: result.strategy.settings };

    let reportDir: string | null = null;
    if (flags.report) {
      const target = resolve(io.cwd, flags.out ?? join('reports', `${symbol}-${result.strategy.name}-seed${result.seed ?? 'none'}-${format(new Date(), "yyyyMMdd'T'HHmmss")}`));
      // A default name is made unique (-2, -3, ...); an --out the user named is never replaced.
      const { backtestReportFiles } = await import('../../report/backtest-files.js');
      reportDir = await writeReportFolder(target, await backtestReportFiles(result, { ...context, agentJson: result.agentJson, png: flags.png === true }), { unique: flags.out === undefined });
    }
    if (flags.json) {
      io.stdout(`${JSON.stringify({ ...runSummary(result), roundTrips: backtestRoundTrips(result) }, null, 2)}\n`);
      if (reportDir) io.stderr(`report: ${reportDir}\n`);
      return;
    }
    printTables(io, result, context);
    if (reportDir) io.stdout(`\nreport: ${join(reportDir, 'report.html')}\n`);
  });
};

/**
 * `--period A:B`: one window, no split. --train, --test and --allow-overlap do not apply to it and
 * are refused when given, as is a strategy that trains (runPeriod says why).
 */
function periodConfig(flags: BacktestCommandFlags, command: Command, base: { symbol: string; dataDir: string; calendar: string; setup: TradingSetup }): PeriodConfig {
  const clash = givenFlags(command, WINDOW_FLAGS);
  if (clash.length > 0) throw new UserError(`--period runs one window; ${clash.join(', ')} cannot be combined with it.`, 2);
  return { ...base, period: parseDateRange(flags.period!, '--period') };
}

/** A saved agent file: its text, the settings it was trained with, and where it was trained. */
interface SavedAgent {
  readonly text: string;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly trainedOn: { readonly symbol: string; readonly train: { readonly start: string; readonly end: string } } | null;
}

/**
 * `--agent FILE`: a saved Dyna-Q agent brings its own settings, so a strategy-parameter flag that
 * would change them conflicts with it; the strategy restores the agent instead of training one.
 */
function readAgent(flags: BacktestCommandFlags, cwd: string): SavedAgent {
  if (flags.strategy !== 'dyna-q') throw new UserError(`--agent loads a Dyna-Q agent; it cannot be used with --strategy ${flags.strategy}.`, 2);
  const given = Object.keys(givenParams(flags));
  if (given.length > 0) {
    throw new UserError(`--agent tests a saved agent with the settings it was trained with; ${given.map(paramFlag).join(', ')} cannot be combined with it.`, 2);
  }
  let text: string;
  const path = resolve(cwd, flags.agent!);
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UserError(`--agent ${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  const agent = TradingAgent.fromJson(text, flags.agent!);
  return { text, params: agent.settings as unknown as Readonly<Record<string, ParamValue>>, trainedOn: agent.trainedOn };
}

/** One line when a saved agent trades another symbol or another in-sample window than it learned on. */
function agentMismatch(trainedOn: SavedAgent['trainedOn'], file: string, result: BacktestResult): string | null {
  if (trainedOn === null) return `--agent ${file} does not record where it was trained; its results cannot be checked against that.`;
  const sameSymbol = trainedOn.symbol === result.config.symbol;
  const sameWindow = trainedOn.train.start === result.inSample.start && trainedOn.train.end === result.inSample.end;
  if (sameSymbol && sameWindow) return null;
  return (
    `--agent ${file} was trained on ${trainedOn.symbol} ${trainedOn.train.start}..${trainedOn.train.end}; ` +
    `this run trades ${result.config.symbol} with in-sample window ${result.inSample.start}..${result.inSample.end}.`
  );
}

function printTables(io: CliIO, result: AnyBacktestResult, context: Parameters<typeof backtestReportModel>[1]): void {
  const { config, training } = result;
  const model = backtestReportModel(result, context);
  const color = io.isTTY && !io.env.NO_COLOR;
  const setup = describeSetup(config.setup);
  io.stdout(
    `${config.symbol}: ${result.strategy.label} vs buy-and-hold | fill ${setup.fill}, commission ${setup.commission}, ` +
      `impact ${setup.impact}, ${setup.sizingDescription}, start value ${setup.startValue}\n`,
  );
  if (training && result.kind === 'split') {
    io.stdout(
      `trained ${training.epochs} epochs (${training.stoppedBecause}) in ${result.trainSeconds.toFixed(2)} s: ` +
        `${formatFixed(training.realSteps, 0)} real steps, ${formatFixed(training.planningUpdates, 0)} planning updates; ` +
        `test ${result.testSeconds.toFixed(3)} s\n`,
    );
  }
  // The wipe-out row only when some account was wiped out: otherwise it is a column of dashes.
  const wiped = result.windows.some((window) => windowResults(window.result).some((entry) => entry.stats.wipedOutOn !== null));
  const keys = wiped ? [...TERMINAL_KEYS, 'wipedOutOn'] : TERMINAL_KEYS;
  io.stdout(`\n${formatStatisticsTable(model.statistics, { color, strategies: model.strategies, keys })}`);
}
