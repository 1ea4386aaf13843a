import type { PortfolioStats } from '../metrics/stats.js';
import { REPORT_STATISTICS } from '../report/from-backtest.js';
import type { ReportModel, ReportTable, StatisticRow } from '../report/model.js';
import type { WalkForwardResult } from './walkforward.js';

const STITCHED = 'Out-of-sample (stitched)';

/** The walk-forward report: the stitched out-of-sample chain beside buy-and-hold and the manual rules, a table and a chart of the folds. */
export function walkForwardReportModel(
  result: WalkForwardResult,
  context: { commandLine: string; version: string; strategyLabel: string; parameters: { label: string; value: string }[] },
): ReportModel {
  const label = context.strategyLabel;
  const strategies = [
    { name: label, highlight: true },
    { name: 'Buy & hold', highlight: false },
    { name: 'Manual rules', highlight: false },
  ];
  // One column per strategy over the stitched out-of-sample chain; the folds get their own table
  // (a column per fold made a table 21 columns wide).
  const columns = [
    { strategy: label, window: STITCHED, wipedOutOn: result.outOfSample.strategy.wipedOutOn },
    { strategy: 'Buy & hold', window: STITCHED, wipedOutOn: result.outOfSample.benchmark.wipedOutOn },
    { strategy: 'Manual rules', window: STITCHED, wipedOutOn: result.outOfSample.manual.wipedOutOn },
  ];
  const statsOf: PortfolioStats[] = [result.outOfSample.strategy, result.outOfSample.benchmark, result.outOfSample.manual];
  const rows: StatisticRow[] = REPORT_STATISTICS.map((spec) => ({
    key: spec.key,
    label: spec.label,
    unit: spec.unit,
    ...(spec.signed ? { signed: true } : {}),
    values: statsOf.map((stats) => spec.value(stats)),
  }));
  const excess = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);
  const folds: ReportTable = {
    id: 'folds',
    title: `Folds: ${label} on each test window, beside buy & hold`,
    columns: [
      { label: 'Fold', unit: 'count' },
      { label: 'Train', unit: 'text' },
      { label: 'Test', unit: 'text' },
      { label: `${label} return`, unit: 'percent', signed: true },
      { label: 'Buy & hold return', unit: 'percent', signed: true },
      { label: 'Excess', unit: 'percent', signed: true },
      { label: 'Sharpe ratio', unit: 'ratio' },
      { label: 'Max. drawdown', unit: 'percent', signed: true },
      { label: 'Trades', unit: 'count' },
      { label: 'Win rate', unit: 'percent' },
      { label: 'Final value', unit: 'money' },
    ],
    rows: result.folds.map((fold, index) => [
      index + 1,
      `${fold.train.start}..${fold.train.end}`,
      `${fold.test.start}..${fold.test.end}`,
      fold.strategy.cumulativeReturn,
      fold.benchmark.cumulativeReturn,
      excess(fold.strategy.cumulativeReturn, fold.benchmark.cumulativeReturn),
      fold.strategy.sharpeRatio,
      fold.strategy.maxDrawdown,
      fold.strategy.trades,
      fold.strategy.winRate,
      fold.strategy.finalValue,
    ]),
    // the strategy's figures (return, excess, Sharpe, drawdown, final value), and buy & hold's return
    marks: result.folds.map((fold) =>
      [null, null, null, fold.strategy.wipedOutOn, fold.benchmark.wipedOutOn, fold.strategy.wipedOutOn ?? fold.benchmark.wipedOutOn, fold.strategy.wipedOutOn, fold.strategy.wipedOutOn, null, null, fold.strategy.wipedOutOn].map((date) => date ?? null),
    ),
    note: 'Every statistic of every fold, for each strategy, is in summary.json (and --json).',
  };
  const { stitched } = result;
  const normalized = (values: Float64Array) => Array.from(values, (value) => value / values[0]!);
  const inChain = (date: string | null) => (date !== null && stitched.dates.includes(date) ? date : null);
  const series = [
    { name: label, values: normalized(stitched.strategy), wipedOutOn: inChain(result.outOfSample.strategy.wipedOutOn) },
    { name: 'Buy & hold', values: normalized(stitched.benchmark), wipedOutOn: inChain(result.outOfSample.benchmark.wipedOutOn) },
    { name: 'Manual rules', values: normalized(stitched.manual), wipedOutOn: inChain(result.outOfSample.manual.wipedOutOn) },
  ];
  return {
    title: `${result.symbol} — ${label} walk-forward`,
    subtitle: `${result.folds.length} folds; test windows ${result.folds[0]!.test.start}..${result.folds.at(-1)!.test.end}, stitched into one chain of returns`,
    keyFigures: [
      { label: `${label} return, out-of-sample (stitched)`, value: result.outOfSample.strategy.cumulativeReturn, unit: 'percent', signed: true, wipedOutOn: result.outOfSample.strategy.wipedOutOn },
      { label: 'Buy & hold, same days', value: result.outOfSample.benchmark.cumulativeReturn, unit: 'percent', signed: true, wipedOutOn: result.outOfSample.benchmark.wipedOutOn },
      { label: 'Sharpe ratio, out-of-sample', value: result.outOfSample.strategy.sharpeRatio, unit: 'ratio', wipedOutOn: result.outOfSample.strategy.wipedOutOn },
    ],
    generatedBy: { program: 'dynaq', version: context.version, commandLine: context.commandLine },
    parameters: [
      ...context.parameters,
      ...result.folds.map((fold, index) => ({ label: `Fold ${index + 1}`, value: `train ${fold.train.start}..${fold.train.end}, test ${fold.test.start}..${fold.test.end}` })),
    ],
    strategies,
    statistics: { columns, rows },
    windows: [
      {
        name: STITCHED,
        dates: stitched.dates,
        series,
      },
    ],
    tables: [folds],
    learningCurve: null,
    policy: null,
    extraCharts: [
      {
        id: 'folds',
        title: `${result.symbol}: return of each fold's test window`,
        mark: 'bar',
        x: { label: 'Fold', type: 'ordinal' },
        y: { label: 'Return', unit: 'percent' },
        points: result.folds.flatMap((fold, index) =>
          [
            { x: String(index + 1), y: fold.strategy.cumulativeReturn, series: label },
            { x: String(index + 1), y: fold.benchmark.cumulativeReturn, series: 'Buy & hold' },
          ].filter((point): point is { x: string; y: number; series: string } => point.y !== null),
        ),
      },
    ],
  };
}
