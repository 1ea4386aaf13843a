import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { lightFormat as format } from 'date-fns/lightFormat';
import { describeSetup } from '../../broker/setup.js';
import { defaultSymbol } from '../../data/data-dir.js';
import { parseUserDate } from '../../data/dates.js';
import { assertTicker } from '../../data/symbols.js';
import type { WalkForwardResult } from '../../jobs/walkforward.js';
import { runSingle } from '../../jobs/single.js';
import { walkForwardReportModel } from '../../jobs/walkforward-report.js';
import { formatMarked, wipedOutLegend } from '../../report/format.js';
import { formatStatisticsTable } from '../../report/terminal.js';
import { checkDefaultReportParent, checkReportTarget, writeReportFolder } from '../../report/write.js';
import { addBacktestOptions, chooseStrategy, tradingSetup, type BacktestFlags } from '../backtest-options.js';
import { resolveDataFlags } from '../data-options.js';
import { typedCommandLine } from '../options.js';
import { VERSION } from '../../version.js';
import { formatTable } from '../format.js';
import type { RegisterCommand } from '../command.js';
import { addWalkForwardOptions, noPngOption, pngOption, strategyOption, symbolOption } from '../common-options.js';

interface WalkForwardFlags extends BacktestFlags {
  symbol?: string;
  strategy: string;
  start: string;
  end: string;
  trainDays: number;
  testDays: number;
  stepDays?: number;
  anchored?: boolean;
  json?: boolean;
  out?: string;
  report: boolean;
  /** --png; undefined (no PNG) by default. */
  png?: boolean;
}

/** `dynaq walkforward`: train on a window, test on the next, roll on; the test windows stitched into one out-of-sample result. */
export const register: RegisterCommand = (program, io) => {
  addBacktestOptions(
    addWalkForwardOptions(
      program
        .command('walkforward')
        .description('walk-forward evaluation: train on each window, test on the one after it, stitch the test windows into one out-of-sample chain')
        .addOption(symbolOption())
        .addOption(strategyOption()),
      true,
    )
      .option('--json', 'print one JSON object { symbol, folds, outOfSample }')
      .option('--out <dir>', 'report folder (default reports/walkforward-<symbol>-<strategy>-<timestamp>)')
      .option('--no-report', 'do not write a report folder')
      .addOption(pngOption())
      .addOption(noPngOption()),
    { windows: false },
  ).action(async (flags: WalkForwardFlags, command: Command) => {
    const { dataDir, calendar } = resolveDataFlags(flags, io);
    const symbol = flags.symbol === undefined ? defaultSymbol(dataDir) : assertTicker(flags.symbol, '--symbol');
    const start = parseUserDate(flags.start, '--start');
    const end = parseUserDate(flags.end, '--end');
    const setup = tradingSetup(flags);
    const chosen = await chooseStrategy(flags.strategy, flags, io.cwd);
    if (flags.report && flags.out !== undefined) checkReportTarget(resolve(io.cwd, flags.out));
    else if (flags.report) checkDefaultReportParent(resolve(io.cwd, 'reports'));
    const options = {
      symbol,
      start,
      end,
      trainDays: flags.trainDays,
      testDays: flags.testDays,
      ...(flags.stepDays !== undefined ? { stepDays: flags.stepDays } : {}),
      anchored: flags.anchored ?? false,
      dataDir,
      calendar,
      setup,
    };
    const result = await runSingle<WalkForwardResult>({ kind: 'walkforward', options, strategy: chosen.source, params: chosen.given }, flags.timeBudget);
    const strategyLabel = chosen.facts.label;
    const model = walkForwardReportModel(result, {
      commandLine: typedCommandLine(command),
      version: VERSION,
      strategyLabel,
      parameters: [
        { label: 'Symbol', value: symbol },
        { label: 'Range', value: `${start}..${end}` },
        { label: 'Train / test / step days', value: `${flags.trainDays} / ${flags.testDays} / ${flags.stepDays ?? flags.testDays}${flags.anchored ? ', anchored' : ', rolling'}` },
        { label: 'Setup', value: JSON.stringify(describeSetup(setup)) },
      ],
    });
    let reportDir: string | null = null;
    if (flags.report) {
      const target = resolve(io.cwd, flags.out ?? join('reports', `walkforward-${symbol}-${flags.strategy.replace(/[^\w.+-]/g, '_')}-${format(new Date(), "yyyyMMdd'T'HHmmss")}`));
      const { renderReportFiles } = await import('../../report/files.js');
      const { files } = await renderReportFiles(model, { png: flags.png === true });
      const json = { symbol, folds: result.folds.map(({ inSample: _i, trainSeconds: _t, ...fold }) => fold), outOfSample: { strategy: result.outOfSample.strategy, benchmark: result.outOfSample.benchmark } };
      reportDir = await writeReportFolder(target, [...files, { name: 'summary.json', content: `${JSON.stringify(json, null, 2)}\n` }], { unique: flags.out === undefined });
    }
    if (flags.json) {
      const json = {
        symbol,
        folds: result.folds.map((fold) => ({ train: fold.train, test: fold.test, strategy: fold.strategy, benchmark: fold.benchmark })),
        outOfSample: { strategy: result.outOfSample.strategy, benchmark: result.outOfSample.benchmark },
      };
      io.stdout(`${JSON.stringify(json, null, 2)}\n`);
      if (reportDir) io.stderr(`report: ${reportDir}\n`);
      return;
    }
    io.stdout(`${symbol}: ${strategyLabel} walk-forward, ${result.folds.length} folds, trained in ${result.trainSeconds.toFixed(2)} s\n\n`);
    const percent = (stats: { readonly cumulativeReturn: number | null; readonly wipedOutOn: string | null }) => formatMarked(stats.cumulativeReturn, 'percent', stats.wipedOutOn !== null);
    io.stdout(
      formatTable(
        ['fold', 'train', 'test', strategyLabel, 'buy & hold', 'orders'],
        result.folds.map((fold, index) => [
          String(index + 1),
          `${fold.train.start}..${fold.train.end}`,
          `${fold.test.start}..${fold.test.end}`,
          percent(fold.strategy),
          percent(fold.benchmark),
          String(fold.strategy.orders ?? '—'),
        ]),
      ),
    );
    const wipedFolds = result.folds.flatMap((fold, index) => [
      ...(fold.strategy.wipedOutOn ? [{ name: `fold ${index + 1} ${strategyLabel}`, date: fold.strategy.wipedOutOn }] : []),
      ...(fold.benchmark.wipedOutOn ? [{ name: `fold ${index + 1} buy & hold`, date: fold.benchmark.wipedOutOn }] : []),
    ]);
    if (wipedFolds.length > 0) io.stdout(`${wipedOutLegend(wipedFolds)}\n`);
    // the stitched chain: the last three columns of the statistics table
    const stitchedColumns = model.statistics.columns.length - 3;
    const stitched = {
      columns: model.statistics.columns.slice(stitchedColumns),
      rows: model.statistics.rows.map((row) => ({ ...row, values: row.values.slice(stitchedColumns) })),
    };
    const color = io.isTTY && !io.env.NO_COLOR;
    io.stdout(`\n${formatStatisticsTable(stitched, { color, strategies: model.strategies, keys: ['start', 'end', 'returnPct', 'annualReturnPct', 'sharpe', 'maxDrawdownPct', 'trades', 'wipedOutOn'] })}`);
    if (reportDir) io.stdout(`\nreport: ${join(reportDir, 'report.html')}\n`);
  });
};
