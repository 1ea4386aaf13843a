import { renderCharts, svgToPngAsync, xyChartSpec } from '../report/charts.js';
import { toCsv } from '../report/csv.js';
import { escapeHtml, inlineSvg } from '../report/html.js';
import type { XYChart } from '../report/model.js';
import type { ReportFile } from '../report/write.js';
import type { SweepSummary } from '../evaluation/sweep-summary.js';
import type { ParamValue } from '../strategy/contract.js';
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

/** results.csv: one row per job, the figures most compared. */
export function resultsCsv(results: readonly JobResult[]): string {
  const paramKeys = [...new Set(results.flatMap((result) => Object.keys(result.params)))].sort();
  const header = [
    'symbol', 'seed', ...paramKeys,
    'inSampleReturn', 'inSampleBenchmarkReturn', 'inSampleManualReturn',
    'outOfSampleReturn', 'outOfSampleBenchmarkReturn', 'outOfSampleManualReturn',
    'outOfSampleSharpe', 'outOfSampleOrders', 'outOfSampleWipedOutOn', 'trainSeconds',
  ];
  const rows = results.map((result) => [
    result.symbol, result.seed, ...paramKeys.map((key) => paramCell(result.params[key])),
    result.inSample.strategy.cumulativeReturn, result.inSample.benchmark.cumulativeReturn, result.inSample.manual.cumulativeReturn,
    result.outOfSample.strategy.cumulativeReturn, result.outOfSample.benchmark.cumulativeReturn, result.outOfSample.manual.cumulativeReturn,
    result.outOfSample.strategy.sharpeRatio, result.outOfSample.strategy.orders, result.outOfSample.strategy.wipedOutOn, result.trainSeconds,
  ]);
  return toCsv(header, rows);
}

/** report.html and its charts: excess-return distribution, wins and losses by symbol, in-sample vs out-of-sample. */
export async function sweepReportFiles(results: readonly JobResult[], summary: SweepSummary, context: { commandLine: string; png: boolean }): Promise<ReportFile[]> {
  const outOfSample = results.map((result) => excess(result, 'outOfSample')).filter((value): value is number => value !== null);
  const low = Math.min(0, ...outOfSample);
  const high = Math.max(0, ...outOfSample);
  const width = Math.max(0.01, (high - low) / 20);
  const bins = new Map<number, number>();
  for (const value of outOfSample) {
    const bin = Math.floor((value - low) / width);
    bins.set(bin, (bins.get(bin) ?? 0) + 1);
  }
  const charts: XYChart[] = [
    {
      id: 'excess-distribution',
      title: 'Out-of-sample excess return over buy-and-hold: how many jobs',
      mark: 'bar',
      x: { label: 'Excess return (bin start)', type: 'ordinal' },
      y: { label: 'Jobs', unit: 'count' },
      points: [...bins.entries()].sort(([a], [b]) => a - b).map(([bin, count]) => ({ x: `${((low + bin * width) * 100).toFixed(1)}%`, y: count, series: 'Jobs' })),
    },
    {
      id: 'excess-by-symbol',
      title: 'Out-of-sample excess return by symbol (median over seeds and settings)',
      mark: 'bar',
      x: { label: 'Symbol', type: 'ordinal' },
      y: { label: 'Excess return', unit: 'percent' },
      points: [...new Set(results.map((result) => result.symbol))].map((symbol) => {
        const values = results.filter((result) => result.symbol === symbol).map((result) => excess(result, 'outOfSample')).filter((value): value is number => value !== null).sort((a, b) => a - b);
        const middle = values.length ? values[values.length >> 1]! : 0;
        return { x: symbol, y: middle, series: middle > 0 ? 'beats buy-and-hold' : 'does not' };
      }),
    },
    {
      id: 'in-vs-out-of-sample',
      title: 'In-sample vs out-of-sample excess return (each point a job): the picture of overfitting',
      mark: 'point',
      x: { label: 'In-sample excess return', type: 'quantitative', unit: 'percent' },
      y: { label: 'Out-of-sample excess return', unit: 'percent' },
      points: results
        .map((result) => ({ x: excess(result, 'inSample'), y: excess(result, 'outOfSample'), series: paramText(result.params) || 'jobs' }))
        .filter((point): point is { x: number; y: number; series: string } => point.x !== null && point.y !== null),
    },
  ];
  const rendered = await renderCharts(charts.map((chart) => ({ id: chart.id, title: chart.title, spec: xyChartSpec(chart) })));
  const percent = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${(value * 100).toFixed(2)}%`);
  const s = summary.outOfSample;
  const interval = (range: [number, number] | null) => (range ? `${percent(range[0])} .. ${percent(range[1])}` : '—');
  const rows: [string, string][] = [
    ['Jobs', String(s.total)],
    ['Beat buy-and-hold out of sample', `${s.beatsBenchmark} of ${s.total}`],
    ['Sign test p (one-sided)', s.signTestP.toFixed(4)],
    ['Median excess return over buy-and-hold', `${percent(s.medianExcessReturn)} (95% bootstrap interval ${interval(s.medianExcessReturnInterval)})`],
    ['Beat the manual rules', `${s.versusManual.beats} of ${s.versusManual.total} (p ${s.versusManual.signTestP.toFixed(4)})`],
    ['Median excess over the manual rules', `${percent(s.versusManual.medianExcessReturn)} (${interval(s.versusManual.medianExcessReturnInterval)})`],
    ...(summary.grid
      ? ([
          ['Configurations', String(summary.grid.configurations)],
          ['Chosen in-sample', `${paramText(summary.grid.chosen)} (${summary.grid.chosenBy})`],
          ['Its out-of-sample rank', `${summary.grid.chosenOutOfSampleRank} of ${summary.grid.configurations}`],
          ['Probability of backtest overfitting (CSCV)', summary.grid.probabilityOfBacktestOverfitting?.toFixed(3) ?? '—'],
          ['Deflated Sharpe ratio of the chosen configuration', summary.grid.deflatedSharpeRatio?.toFixed(3) ?? '—'],
        ] as [string, string][])
      : []),
  ];
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>dynaq sweep</title>
<style>body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#111}table{border-collapse:collapse}td,th{padding:.3rem .8rem;border-bottom:1px solid #ddd;text-align:left}figure{margin:1.5rem 0}code{font-size:12px}</style>
</head><body>
<h1>Sweep: ${s.total} jobs</h1>
<p><code>${escapeHtml(context.commandLine)}</code></p>
<h2>Summary</h2>
<table>${rows.map(([label, value]) => `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`).join('')}</table>
${rendered.map((chart) => `<figure>${inlineSvg(chart.svg, chart.title)}</figure>`).join('\n')}
</body></html>
`;
  const files: ReportFile[] = [{ name: 'report.html', content: html }];
  for (const chart of rendered) {
    files.push({ name: `charts/${chart.id}.svg`, content: chart.svg });
    if (context.png) files.push({ name: `charts/${chart.id}.png`, content: await svgToPngAsync(chart.svg) });
  }
  return files;
}
