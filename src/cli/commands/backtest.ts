import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { format } from 'date-fns';
import { runBacktest, windowResults, type BacktestResult } from '../../backtest/run.js';
import { backtestSummary, configLine, resolvedConfig } from '../../backtest/summary.js';
import { assertTicker } from '../../data/symbols.js';
import { defaultSymbol } from '../../data/data-dir.js';
import { UserError } from '../../errors.js';
import { backtestReportFiles } from '../../report/backtest-files.js';
import { backtestReportModel } from '../../report/from-backtest.js';
import { createProgress, formatStatisticsTable } from '../../report/terminal.js';
import { checkReportTarget, writeReportFolder } from '../../report/write.js';
import { buyAndHold, dynaQ, loadDynaQAgent, manual, strategyNames, type DynaQStrategy } from '../../../strategies/index.js';
import { resolveStrategy } from '../../../strategies/user.js';
import type { Strategy } from '../../strategy/contract.js';
import { describeSetup } from '../../broker/setup.js';
import { AGENT_SHAPING_FLAGS, addBacktestOptions, dynaQSettings, tradingSetup, windows, type BacktestFlags } from '../backtest-options.js';
import { resolveDataFlags } from '../data-options.js';
import type { CliIO } from '../io.js';
import { typedCommandLine } from '../options.js';
import { VERSION } from '../version.js';
import type { RegisterCommand } from './index.js';

interface BacktestCommandFlags extends BacktestFlags {
  symbol?: string;
  strategy: string;
  json?: boolean;
  out?: string;
  report: boolean;
  png: boolean;
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
      .option('--symbol <symbol>', "symbol to trade (default: the data folder's defaultSymbol, else JPM)")
      .option('--strategy <name|file>', `strategy: ${strategyNames.join(', ')}, or your own file (.mjs, .js, .ts) whose default export is { name, decide(day) }`, 'dyna-q')
      .option('--json', 'print only one JSON object (the report folder is still written)')
      .option('--out <dir>', 'report folder (default reports/<symbol>-<strategy>-seed<seed>-<timestamp>)')
      .option('--no-report', 'do not write a report folder')
      .option('--no-png', 'write the charts as SVG only (faster)')
      .option('--agent <file>', 'test a saved Dyna-Q agent (agent.json of an earlier report) instead of training one'),
  ).action(async (flags: BacktestCommandFlags, command: Command) => {
    const { dataDir, calendar } = resolveDataFlags(flags, io);
    const symbol = flags.symbol === undefined ? defaultSymbol(dataDir) : assertTicker(flags.symbol, '--symbol');
    const settings = dynaQSettings(flags);
    const setup = tradingSetup(flags);
    const progress = createProgress({ enabled: io.isTTY && !flags.json && flags.strategy === 'dyna-q', total: flags.epochs, label: 'training epochs' });
    if (flags.agent !== undefined) checkAgentFlags(flags, command);
    const agent = flags.agent !== undefined ? loadDynaQAgent(readAgentFile(resolve(io.cwd, flags.agent)), flags.agent) : null;
    const subject: Strategy =
      agent !== null
        ? agent
        : flags.strategy === 'dyna-q'
          ? dynaQ(settings, { onEpoch: (epoch, _max, _return, planning) => progress.update(epoch, `planning updates ${planning.toLocaleString('en-US')}`) })
          : (await resolveStrategy(flags.strategy, settings, io.cwd))();
    const comparisons = subject.name === 'manual' ? [] : [manual()];
    if (flags.report && flags.out !== undefined) checkReportTarget(resolve(io.cwd, flags.out));
    const config = { symbol, ...windows(flags), dataDir, calendar, setup };
    const printConfig = () => {
      if (!flags.json) io.stdout(`${configLine(resolvedConfig(config, subject))}\n`);
    };
    let result: BacktestResult;
    try {
      result = runBacktest(config, { subject, benchmark: buyAndHold(), comparisons }, undefined, { onStart: printConfig });
    } finally {
      progress.stop();
    }
    const agentWarning = agent === null ? null : agentMismatch(agent, flags.agent!, result);
    if (agentWarning !== null) result = { ...result, warnings: [...result.warnings, agentWarning] };
    for (const warning of result.warnings) io.stderr(`dynaq: warning: ${warning}\n`);
    const context = { commandLine: typedCommandLine(command), version: VERSION, seed: result.seed, settings: subject.describe?.() ?? {} };

    let reportDir: string | null = null;
    if (flags.report) {
      const target = resolve(io.cwd, flags.out ?? join('reports', `${symbol}-${subject.name}-seed${result.seed ?? 'none'}-${format(new Date(), "yyyyMMdd'T'HHmmss")}`));
      const agentJson = subject.agentJson?.() ?? null;
      // A default name is made unique (-2, -3, ...); an --out the user named is never replaced.
      reportDir = await writeReportFolder(target, await backtestReportFiles(result, { ...context, agentJson, png: flags.png }), { unique: flags.out === undefined });
    }
    if (flags.json) {
      io.stdout(`${JSON.stringify(backtestSummary(result), null, 2)}\n`);
      if (reportDir) io.stderr(`report: ${reportDir}\n`);
      return;
    }
    printTables(io, result, context);
    if (reportDir) io.stdout(`\nreport: ${join(reportDir, 'report.html')}\n`);
  });
};

/** A saved agent brings its own settings: a flag that would change them conflicts with --agent. */
function checkAgentFlags(flags: BacktestCommandFlags, command: Command): void {
  if (flags.strategy !== 'dyna-q') {
    throw new UserError(`--agent loads a Dyna-Q agent; it cannot be used with --strategy ${flags.strategy}.`, 2);
  }
  const given = AGENT_SHAPING_FLAGS.filter((key) => command.getOptionValueSource(key) === 'cli');
  if (given.length > 0) {
    const names = given.map((key) => `--${key}`).join(', ');
    throw new UserError(`--agent tests a saved agent with the settings it was trained with; ${names} cannot be combined with it.`, 2);
  }
}

/** One line when a saved agent trades another symbol or another in-sample window than it learned on. */
function agentMismatch(agent: DynaQStrategy, file: string, result: BacktestResult): string | null {
  const trainedOn = agent.trainedOn;
  if (trainedOn === null) return `--agent ${file} does not record where it was trained; its results cannot be checked against that.`;
  const sameSymbol = trainedOn.symbol === result.config.symbol;
  const sameWindow = trainedOn.train.start === result.inSample.start && trainedOn.train.end === result.inSample.end;
  if (sameSymbol && sameWindow) return null;
  return (
    `--agent ${file} was trained on ${trainedOn.symbol} ${trainedOn.train.start}..${trainedOn.train.end}; ` +
    `this run trades ${result.config.symbol} with in-sample window ${result.inSample.start}..${result.inSample.end}.`
  );
}

function readAgentFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UserError(`--agent ${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
}

function printTables(io: CliIO, result: BacktestResult, context: Parameters<typeof backtestReportModel>[1]): void {
  const { config, training } = result;
  const model = backtestReportModel(result, context);
  const color = io.isTTY && !io.env.NO_COLOR;
  const setup = describeSetup(config.setup);
  io.stdout(
    `${config.symbol}: ${result.inSample.subject.label} vs buy-and-hold | fill ${setup.fill}, commission ${setup.commission}, ` +
      `impact ${setup.impact}, ${setup.sizingDescription}, start value ${setup.startValue}\n`,
  );
  if (training) {
    io.stdout(
      `trained ${training.epochs} epochs (${training.stoppedBecause}) in ${result.trainSeconds.toFixed(2)} s: ` +
        `${training.realSteps.toLocaleString('en-US')} real steps, ${training.planningUpdates.toLocaleString('en-US')} planning updates; ` +
        `test ${result.testSeconds.toFixed(3)} s\n`,
    );
  }
  // The wipe-out row only when some account was wiped out: otherwise it is a column of dashes.
  const wiped = [result.inSample, result.outOfSample].some((window) => windowResults(window).some((entry) => entry.stats.wipedOutOn !== null));
  const keys = wiped ? [...TERMINAL_KEYS, 'wipedOutOn'] : TERMINAL_KEYS;
  io.stdout(`\n${formatStatisticsTable(model.statistics, { color, strategies: model.strategies, keys })}`);
}
