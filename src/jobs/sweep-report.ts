import { preloadCharts } from '../report/charts.js';
import { toCsv } from '../report/csv.js';
import { renderReportFiles } from '../report/files.js';
import type { KeyFigure, ReportModel, ReportTable, StatisticValue, XYChart } from '../report/model.js';
import type { ReportFile } from '../report/write.js';
import type { SweepSummary } from '../evaluation/sweep-summary.js';
import type { ParamValue } from '../strategy/contract.js';
import type { Heatmap } from '../report/model.js';
import type { JobResult } from './job.js';

const excess = (result: JobResult, window: 'inSample' | 'outOfSample') => {
  const strategy = result[window].strategy.cumulativeReturn;
  const benchmark = result[window].benchmark.cumulativeReturn;
  return strategy === null || benchmark === null ? null : strategy - benchmark;
};

const paramText = (params: JobResult['params']) => Object.entries(params).map(([key, value]) => `${key}=${paramCell(value)}`).join(' ');

/** A parameter value in a CSV cell or a label: lists joined with ';' so the cell stays one field. */
function paramCell(value: ParamValue | undefined): string | number | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(';') : typeof value === 'boolean' ? String(value) : (value as string | number);
}

/** The day a role's account was wiped out in a window, or null (results.jsonl of older runs lack the field). */
const wipedOn = (result: JobResult, window: 'inSample' | 'outOfSample', role: 'strategy' | 'benchmark' | 'manual') => result[window][role].wipedOutOn ?? null;

/** Statistics that are fractions (shown as percentages); the others are ratios or counts. */
const FRACTION_OBJECTIVES = new Set(['excessReturn', 'cumulativeReturn', 'annualizedReturn', 'maxDrawdown', 'winRate', 'averageTrade', 'geometricAverageTrade', 'bestTrade', 'worstTrade', 'exposureTime', 'averageDailyReturn']);

function objectiveText(objective: string, value: number | null): string {
  if (value === null) return '—';
  return FRACTION_OBJECTIVES.has(objective) ? `${(value * 100).toFixed(2)}%` : value.toFixed(3);
}

/**
 * Heatmaps of the grid's objective over its first two parameters that vary (the others held at the
 * chosen configuration's values), in sample and out of sample, the chosen pair outlined: where the
 * good region is, and whether it holds out of sample.
 */
export function gridHeatmaps(summary: SweepSummary): Heatmap[] {
  const grid = summary.grid;
  if (grid === null) return [];
  const keys = Object.keys(grid.chosen).filter((key) => new Set(grid.table.map((row) => JSON.stringify(row.params[key]))).size > 1);
  if (keys.length < 2) return [];
  const [xKey, yKey] = keys as [string, string];
  const others = keys.slice(2);
  const rows = grid.table.filter((row) => others.every((key) => JSON.stringify(row.params[key]) === JSON.stringify(grid.chosen[key])));
  const sortValues = (key: string) =>
    [...new Set(rows.map((row) => JSON.stringify(row.params[key])))]
      .map((text) => JSON.parse(text) as ParamValue)
      .sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b))));
  const xValues = sortValues(xKey);
  const yValues = sortValues(yKey);
  const same = (a: ParamValue | undefined, b: ParamValue | undefined) => JSON.stringify(a) === JSON.stringify(b);
  const cells = (window: 'inSample' | 'outOfSample') =>
    yValues.map((y) => xValues.map((x) => rows.find((row) => same(row.params[xKey], x) && same(row.params[yKey], y))?.[window] ?? null));
  const chosenAt = { x: xValues.findIndex((x) => same(x, grid.chosen[xKey])), y: yValues.findIndex((y) => same(y, grid.chosen[yKey])) };
  const held = others.length > 0 ? ` (${others.map((key) => `${key}=${paramCell(grid.chosen[key])}`).join(', ')})` : '';
  return (['inSample', 'outOfSample'] as const).map((window) => ({
    id: `heatmap-${window === 'inSample' ? 'in-sample' : 'out-of-sample'}`,
    title: `Median ${grid.objective} ${window === 'inSample' ? 'in sample' : 'out of sample'} over ${xKey} and ${yKey}${held}; the chosen configuration outlined`,
    heading: `Median ${grid.objective}, ${window === 'inSample' ? 'in sample' : 'out of sample'}`,
    xLabel: xKey,
    yLabel: yKey,
    xValues: xValues.map((value) => String(paramCell(value))),
    yValues: yValues.map((value) => String(paramCell(value))),
    cells: cells(window),
    format: (value: number) => objectiveText(grid.objective, value),
    chosen: chosenAt.x >= 0 && chosenAt.y >= 0 ? chosenAt : null,
  }));
}

/** results.csv: one row per job, the figures most compared; a wiped-out account's day beside its return. */
export function resultsCsv(results: readonly JobResult[]): string {
  const paramKeys = [...new Set(results.flatMap((result) => Object.keys(result.params)))].sort();
  const header = [
    'symbol', 'seed', ...paramKeys,
    'inSampleReturn', 'inSampleBenchmarkReturn', 'inSampleManualReturn',
    'outOfSampleReturn', 'outOfSampleBenchmarkReturn', 'outOfSampleManualReturn',
    'outOfSampleSharpe', 'outOfSampleOrders', 'outOfSampleWipedOutOn', 'trainSeconds',
    'inSampleWipedOutOn', 'inSampleBenchmarkWipedOutOn', 'outOfSampleBenchmarkWipedOutOn',
  ];
  const rows = results.map((result) => [
    result.symbol, result.seed, ...paramKeys.map((key) => paramCell(result.params[key])),
    result.inSample.strategy.cumulativeReturn, result.inSample.benchmark.cumulativeReturn, result.inSample.manual.cumulativeReturn,
    result.outOfSample.strategy.cumulativeReturn, result.outOfSample.benchmark.cumulativeReturn, result.outOfSample.manual.cumulativeReturn,
    result.outOfSample.strategy.sharpeRatio, result.outOfSample.strategy.orders, wipedOn(result, 'outOfSample', 'strategy'), result.trainSeconds,
    wipedOn(result, 'inSample', 'strategy'), wipedOn(result, 'inSample', 'benchmark'), wipedOn(result, 'outOfSample', 'benchmark'),
  ]);
  return toCsv(header, rows);
}

/** The q-quantile of sorted values (the nearest rank below). */
const quantile = (sorted: readonly number[], q: number) => sorted[Math.floor(q * (sorted.length - 1))]!;

/**
 * The range that holds the middle 98% of the values and 0, padded by 5%: an axis or histogram
 * over it shows the distribution, not the few outliers (606 symbols include synthetic series
 * whose returns are thousands of percent).
 */
export function robustRange(values: readonly number[]): [number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  const low = Math.min(0, quantile(sorted, 0.01));
  const high = Math.max(0, quantile(sorted, 0.99));
  const pad = Math.max(0.005, (high - low) * 0.05);
  return [low - pad, high + pad];
}

/**
 * A histogram as bars: `bins` equal bins over the robust range, empty bins included (a gap is
 * information), and the values beyond it counted in a first "below" and a last "above" bin.
 */
export function histogram(values: readonly number[], bins: number): { x: string; y: number }[] {
  if (values.length === 0) return [];
  const [low, high] = robustRange(values);
  const width = (high - low) / bins;
  const counts = new Array<number>(bins).fill(0);
  let below = 0;
  let above = 0;
  for (const value of values) {
    if (value < low) below++;
    else if (value >= high) above++;
    else counts[Math.min(bins - 1, Math.floor((value - low) / width))]!++;
  }
  const label = (value: number) => `${(value * 100).toFixed(1)}%`;
  return [
    ...(below > 0 ? [{ x: `< ${label(low)}`, y: below }] : []),
    ...counts.map((jobs, bin) => ({ x: label(low + bin * width), y: jobs })),
    ...(above > 0 ? [{ x: `≥ ${label(high)}`, y: above }] : []),
  ];
}

/** The sweep's report model: key figures, the summary, distributions over the jobs and a sortable table of every job. */
export function sweepReportModel(results: readonly JobResult[], summary: SweepSummary, context: { commandLine: string; version: string }): ReportModel {
  const s = summary.outOfSample;
  const percent = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${(value * 100).toFixed(2)}%`);
  const interval = (range: [number, number] | null) => (range ? `${percent(range[0])} .. ${percent(range[1])}` : '—');
  const outOfSampleExcess = results.map((result) => excess(result, 'outOfSample')).filter((value): value is number => value !== null);
  const paramKeys = [...new Set(results.flatMap((result) => Object.keys(result.params)))].sort();
  const symbols = new Set(results.map((result) => result.symbol)).size;

  const summaryRows: [string, string][] = [
    ['Jobs', `${s.total} (${symbols} symbols)`],
    ['Beat buy-and-hold out of sample', `${s.beatsBenchmark} of ${s.total}`],
    ['Sign test p (one-sided)', s.signTestP.toFixed(4)],
    ['Median excess return over buy-and-hold', `${percent(s.medianExcessReturn)} (95% bootstrap interval ${interval(s.medianExcessReturnInterval)})`],
    ['Beat the manual rules', `${s.versusManual.beats} of ${s.versusManual.total} (p ${s.versusManual.signTestP.toFixed(4)})`],
    ['Median excess over the manual rules', `${percent(s.versusManual.medianExcessReturn)} (${interval(s.versusManual.medianExcessReturnInterval)})`],
    ['Wiped out, out of sample (value at or below 0)', `strategy in ${s.wipedOut.strategy}, buy-and-hold in ${s.wipedOut.benchmark}, manual rules in ${s.wipedOut.manual} of ${s.total} jobs`],
    ...(summary.grid
      ? ([
          ['Configurations', String(summary.grid.configurations)],
          ['Chosen in-sample', `${paramText(summary.grid.chosen)} (${summary.grid.chosenBy})`],
          [`Its median ${summary.grid.objective}`, `${objectiveText(summary.grid.objective, summary.grid.chosenInSample)} in sample, ${objectiveText(summary.grid.objective, summary.grid.chosenOutOfSample)} out of sample`],
          ['Its out-of-sample rank', `${summary.grid.chosenOutOfSampleRank} of ${summary.grid.configurations}`],
          ['Probability of backtest overfitting (CSCV)', summary.grid.probabilityOfBacktestOverfitting?.toFixed(3) ?? '—'],
          ['Deflated Sharpe ratio of the chosen configuration', summary.grid.deflatedSharpeRatio?.toFixed(3) ?? '—'],
        ] as [string, string][])
      : []),
  ];
  const summaryTable: ReportTable = {
    id: 'summary',
    title: 'Summary (out of sample)',
    columns: [{ label: 'Figure', unit: 'text' }, { label: 'Value', unit: 'text' }],
    rows: summaryRows,
    sortable: false,
  };

  // One row per job, sortable: with hundreds of symbols a table reads where one bar per symbol does not.
  const columns: ReportTable['columns'] = [
    { label: 'Symbol', unit: 'text' },
    { label: 'Seed', unit: 'count' },
    ...paramKeys.map((key) => ({ label: key, unit: 'text' as const })),
    { label: 'In-sample return', unit: 'percent', signed: true },
    { label: 'In-sample buy & hold', unit: 'percent', signed: true },
    { label: 'Return', unit: 'percent', signed: true },
    { label: 'Buy & hold', unit: 'percent', signed: true },
    { label: 'Excess', unit: 'percent', signed: true },
    { label: 'Manual rules', unit: 'percent', signed: true },
    { label: 'Sharpe ratio', unit: 'ratio' },
    { label: 'Max. drawdown', unit: 'percent', signed: true },
    { label: 'Trades', unit: 'count' },
    { label: 'Wiped out on', unit: 'date' },
  ];
  const jobRows: StatisticValue[][] = results.map((result) => {
    const o = result.outOfSample;
    return [
      result.symbol, result.seed, ...paramKeys.map((key) => (result.params[key] === undefined ? null : String(result.params[key]))),
      result.inSample.strategy.cumulativeReturn, result.inSample.benchmark.cumulativeReturn,
      o.strategy.cumulativeReturn, o.benchmark.cumulativeReturn, excess(result, 'outOfSample'), o.manual.cumulativeReturn,
      o.strategy.sharpeRatio, o.strategy.maxDrawdown, o.strategy.trades, wipedOn(result, 'outOfSample', 'strategy'),
    ];
  });
  const jobMarks = results.map((result) => {
    const strategyIn = wipedOn(result, 'inSample', 'strategy');
    const benchmarkIn = wipedOn(result, 'inSample', 'benchmark');
    const strategyOut = wipedOn(result, 'outOfSample', 'strategy');
    const benchmarkOut = wipedOn(result, 'outOfSample', 'benchmark');
    return [
      null, null, ...paramKeys.map(() => null),
      strategyIn, benchmarkIn, strategyOut, benchmarkOut, strategyOut ?? benchmarkOut, wipedOn(result, 'outOfSample', 'manual'),
      strategyOut, strategyOut, null, null,
    ];
  });
  const jobsTable: ReportTable = {
    id: 'jobs',
    title: `Every job (${results.length}): out-of-sample figures unless named in-sample`,
    columns,
    rows: jobRows,
    marks: jobMarks,
    note: 'Click a heading to sort by it (again for the other way). Excess is the return minus buy & hold\'s. The same rows, unrounded, are in results.csv.',
  };

  const charts: XYChart[] = [
    {
      id: 'excess-distribution',
      title: 'Out-of-sample excess return over buy-and-hold: how many jobs (the 1% at either end in the first and last bar)',
      mark: 'bar',
      x: { label: 'Excess return (bin start)', type: 'ordinal' },
      y: { label: 'Jobs', unit: 'count' },
      points: histogram(outOfSampleExcess, 20).map((bin) => ({ ...bin, series: 'Jobs' })),
    },
    {
      id: 'strategy-vs-buy-and-hold',
      title: 'Out-of-sample return: the strategy against buy-and-hold (each point a job; the 1% beyond either end on the edge)',
      mark: 'point',
      x: { label: 'Buy & hold return', type: 'quantitative', unit: 'percent', domain: robustRange(results.map((result) => result.outOfSample.benchmark.cumulativeReturn).filter((value): value is number => value !== null)) },
      y: { label: 'Strategy return', unit: 'percent', domain: robustRange(results.map((result) => result.outOfSample.strategy.cumulativeReturn).filter((value): value is number => value !== null)) },
      // coloured by the side of the diagonal y = x each job falls on
      points: results
        .map((result) => ({ x: result.outOfSample.benchmark.cumulativeReturn, y: result.outOfSample.strategy.cumulativeReturn, series: (excess(result, 'outOfSample') ?? 0) > 0 ? 'beats buy-and-hold' : 'does not' }))
        .filter((point): point is { x: number; y: number; series: string } => point.x !== null && point.y !== null),
    },
    {
      id: 'in-vs-out-of-sample',
      title: 'In-sample vs out-of-sample excess return (each point a job; outliers on the edge): the picture of overfitting',
      mark: 'point',
      x: { label: 'In-sample excess return', type: 'quantitative', unit: 'percent', domain: robustRange(results.map((result) => excess(result, 'inSample')).filter((value): value is number => value !== null)) },
      y: { label: 'Out-of-sample excess return', unit: 'percent', domain: robustRange(outOfSampleExcess) },
      points: results
        .map((result) => ({ x: excess(result, 'inSample'), y: excess(result, 'outOfSample'), series: paramText(result.params) || 'jobs' }))
        .filter((point): point is { x: number; y: number; series: string } => point.x !== null && point.y !== null),
    },
  ];

  const keyFigures: KeyFigure[] = [
    { label: 'Beat buy-and-hold out of sample', value: `${s.beatsBenchmark} of ${s.total}`, unit: 'count', note: `sign test p ${s.signTestP.toFixed(4)}` },
    { label: 'Median excess return over buy-and-hold', value: s.medianExcessReturn, unit: 'percent', signed: true, note: `95% interval ${interval(s.medianExcessReturnInterval)}` },
    { label: 'Wiped out, out of sample', value: `${s.wipedOut.strategy} of ${s.total}`, unit: 'count', note: `buy-and-hold ${s.wipedOut.benchmark}` },
  ];
  return {
    title: `Sweep: ${s.total} jobs`,
    subtitle: `${symbols} symbols${paramKeys.length > 0 ? `, grid ${paramKeys.join(', ')}` : ''}`,
    keyFigures,
    generatedBy: { program: 'dynaq', version: context.version, commandLine: context.commandLine },
    parameters: [],
    strategies: [],
    statistics: { columns: [], rows: [] },
    windows: [],
    learningCurve: null,
    policy: null,
    extraCharts: charts.filter((chart) => chart.points.length > 0),
    tables: [summaryTable, jobsTable],
    heatmaps: gridHeatmaps(summary),
  };
}

/** report.html and its charts: the summary, distributions over the jobs, and every job in a sortable table. */
export async function sweepReportFiles(results: readonly JobResult[], summary: SweepSummary, context: { commandLine: string; png: boolean; version?: string }): Promise<ReportFile[]> {
  const model = sweepReportModel(results, summary, { commandLine: context.commandLine, version: context.version ?? '' });
  return (await renderReportFiles(model, { png: context.png })).files;
}

/** Starts loading what the report draws with (see preloadCharts), while a sweep's jobs run. */
export function preloadReport(): void {
  preloadCharts();
}
