import { drawdownSeries } from '../metrics/drawdown.js';
import type { PortfolioStats } from '../metrics/stats.js';
import { REPORT_STATISTICS } from '../report/from-backtest.js';
import type { ReportModel, StatisticRow } from '../report/model.js';
import type { WalkForwardResult } from './walkforward.js';

const STITCHED = 'Out-of-sample (stitched)';

/** The walk-forward report: a column per fold's test window, the stitched chain beside buy-and-hold, and a fold chart. */
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
  const foldName = (index: number) => `Fold ${index + 1}: ${result.folds[index]!.test.start}..${result.folds[index]!.test.end}`;
  const columns = [
    ...result.folds.flatMap((_, index) => [
      { strategy: label, window: foldName(index) },
      { strategy: 'Buy & hold', window: foldName(index) },
    ]),
    { strategy: label, window: STITCHED },
    { strategy: 'Buy & hold', window: STITCHED },
    { strategy: 'Manual rules', window: STITCHED },
  ];
  const statsOf: PortfolioStats[] = [
    ...result.folds.flatMap((fold) => [fold.strategy, fold.benchmark]),
    result.outOfSample.strategy,
    result.outOfSample.benchmark,
    result.outOfSample.manual,
  ];
  const rows: StatisticRow[] = REPORT_STATISTICS.map((spec) => ({
    key: spec.key,
    label: spec.label,
    unit: spec.unit,
    ...(spec.signed ? { signed: true } : {}),
    values: statsOf.map((stats) => spec.value(stats)),
  }));
  const { stitched } = result;
  const normalized = (values: Float64Array) => Array.from(values, (value) => value / values[0]!);
  const series = [
    { name: label, values: normalized(stitched.strategy) },
    { name: 'Buy & hold', values: normalized(stitched.benchmark) },
    { name: 'Manual rules', values: normalized(stitched.manual) },
  ];
  return {
    title: `${result.symbol} — ${label} walk-forward`,
    subtitle: `${result.folds.length} folds; test windows ${result.folds[0]!.test.start}..${result.folds.at(-1)!.test.end}, stitched into one chain of returns`,
    keyFigures: [
      { label: `${label} return, out-of-sample (stitched)`, value: result.outOfSample.strategy.cumulativeReturn, unit: 'percent', signed: true },
      { label: 'Buy & hold, same days', value: result.outOfSample.benchmark.cumulativeReturn, unit: 'percent', signed: true },
      { label: 'Sharpe ratio, out-of-sample', value: result.outOfSample.strategy.sharpeRatio, unit: 'ratio' },
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
        markers: [],
        drawdowns: series.map(({ name, values }) => ({ name, values: drawdownSeries(values) })),
      },
    ],
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
