import { join, resolve } from 'node:path';
import { lightFormat as format } from 'date-fns/lightFormat';
import { InvalidArgumentError, type Command } from 'commander';
import { availableParallelism } from 'node:os';
import { UserError } from '../../errors.js';
import type { JobResult } from '../../jobs/job.js';
import { planJobs } from '../../jobs/plan.js';
import { runLocal } from '../../jobs/sweep.js';
import { assertTicker } from '../../data/symbols.js';
import { defaultSymbol } from '../../data/data-dir.js';
import { renderCharts, svgToPngAsync, xyChartSpec } from '../../report/charts.js';
import { toCsv } from '../../report/csv.js';
import { formatMarked, wipedOutLegend } from '../../report/format.js';
import type { XYChart } from '../../report/model.js';
import { checkDefaultReportParent, checkReportTarget, writeReportFolder, type ReportFile } from '../../report/write.js';
import { addBacktestOptions, chooseStrategy, tradingSetup, windows, type BacktestFlags } from '../backtest-options.js';
import { resolveDataFlags } from '../data-options.js';
import { formatTable } from '../format.js';
import { typedCommandLine } from '../options.js';
import type { RegisterCommand } from '../command.js';
import { symbolOption } from '../common-options.js';
import { registerLearning } from './experiment-learning.js';

interface ImpactFlags extends BacktestFlags {
  symbol?: string;
  impacts: number[];
  json?: boolean;
  out?: string;
  report: boolean;
}

export interface ImpactRow {
  readonly impact: number;
  readonly inSample: ImpactWindow;
  readonly outOfSample: ImpactWindow;
}

/** One window at one impact; `wipedOutOn` is the day the account was wiped out, or null. */
export interface ImpactWindow {
  readonly orders: number;
  readonly trades: number;
  readonly cumulativeReturn: number | null;
  readonly wipedOutOn: string | null;
}

function parseImpacts(text: string): number[] {
  const values = text.split(',').map((part) => Number(part.trim()));
  if (values.length === 0 || values.some((value, i) => text.split(',')[i]!.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1)) {
    throw new InvalidArgumentError(`--impacts must be a comma-separated list of fractions within 0..1, e.g. 0,0.005,0.01, got '${text}'.`);
  }
  return [...new Set(values)].sort((a, b) => a - b);
}

/** `dynaq experiment impact`: train at each impact and show how trading and returns change. */
export const register: RegisterCommand = (program, io) => {
  const experiment = program.command('experiment').description('experiments: how the Dyna-Q backtest responds to impact, and the learning benchmark');
  registerLearning(experiment, io);
  addBacktestOptions(
    experiment
      .command('impact')
      .description('train at each market impact; trades should fall as impact rises')
      .addOption(symbolOption())
      .option('--impacts <list>', 'impacts to try, comma-separated fractions', parseImpacts, [0, 0.005, 0.01, 0.02])
      .option('--json', 'print only one JSON array')
      .option('--out <dir>', 'output folder (default reports/experiment-impact-<symbol>-seed<seed>-<timestamp>)')
      .option('--no-report', 'do not write the output folder'),
  ).action(async (flags: ImpactFlags, command: Command) => {
    const { dataDir, calendar } = resolveDataFlags(flags, io);
    const symbol = flags.symbol === undefined ? defaultSymbol(dataDir) : assertTicker(flags.symbol, '--symbol');
    // A small sweep over impact on the job machinery: one job per impact, on worker threads.
    const chosen = await chooseStrategy('dyna-q', flags, io.cwd);
    const jobs = planJobs({
      symbols: [symbol],
      seeds: null,
      grid: flags.impacts.map((impact) => ({ impact })),
      strategy: chosen.source,
      configure: (values) => ({ params: chosen.given, setup: { ...tradingSetup(flags), impact: Number(values.impact) }, windows: windows(flags) }),
      walkforward: null,
      dataDir,
      calendar,
    });
    if (flags.report) {
      if (flags.out !== undefined) checkReportTarget(resolve(io.cwd, flags.out));
      else checkDefaultReportParent(resolve(io.cwd, 'reports'));
    }
    const results = new Map<string, JobResult>();
    const failures = await runLocal(jobs, { workers: availableParallelism(), timeBudgetSeconds: flags.timeBudget, onResult: (result) => results.set(result.id, result) });
    if (failures.length > 0) throw new UserError(failures.map((failure) => failure.error).join('; '));
    const pick = (stats: JobResult['inSample']['strategy']): ImpactWindow => ({ orders: stats.orders ?? 0, trades: stats.trades ?? 0, cumulativeReturn: stats.cumulativeReturn, wipedOutOn: stats.wipedOutOn ?? null });
    const rows: ImpactRow[] = jobs.map((job) => {
      const result = results.get(job.id)!;
      return { impact: Number(job.grid.impact), inSample: pick(result.inSample.strategy), outOfSample: pick(result.outOfSample.strategy) };
    });
    const falling = rows.every((row, i) => i === 0 || row.inSample.orders <= rows[i - 1]!.inSample.orders);

    let outDir: string | null = null;
    if (flags.report) {
      outDir = resolve(io.cwd, flags.out ?? join('reports', `experiment-impact-${symbol}-seed${chosen.facts.seed ?? 'none'}-${format(new Date(), "yyyyMMdd'T'HHmmss")}`));
      outDir = await writeReportFolder(outDir, await experimentFiles(symbol, rows, typedCommandLine(command)), { unique: flags.out === undefined });
    }
    if (flags.json) {
      io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
      if (outDir) io.stderr(`output: ${outDir}\n`);
      return;
    }
    const percent = (window: ImpactWindow) => formatMarked(window.cumulativeReturn, 'percent', window.wipedOutOn !== null);
    io.stdout(`${symbol}: Dyna-Q trained at each impact (seed ${chosen.facts.seed ?? 'none'}, commission ${flags.commission})\n\n`);
    io.stdout(
      formatTable(
        ['impact', 'in-sample orders', 'trades', 'return', 'out-of-sample orders', 'trades', 'return'],
        rows.map((row) => [
          String(row.impact),
          String(row.inSample.orders),
          String(row.inSample.trades),
          percent(row.inSample),
          String(row.outOfSample.orders),
          String(row.outOfSample.trades),
          percent(row.outOfSample),
        ]),
      ),
    );
    const wiped = rows.flatMap((row) =>
      ([['in-sample', row.inSample], ['out-of-sample', row.outOfSample]] as const)
        .filter(([, window]) => window.wipedOutOn !== null)
        .map(([name, window]) => ({ name: `impact ${row.impact}, ${name}`, date: window.wipedOutOn! })),
    );
    if (wiped.length > 0) io.stdout(`${wipedOutLegend(wiped)}\n`);
    io.stdout(`\nin-sample orders ${falling ? 'fall' : 'do NOT fall'} as impact rises\n`);
    if (outDir) io.stdout(`output: ${outDir}\n`);
  });
};

async function experimentFiles(symbol: string, rows: readonly ImpactRow[], commandLine: string): Promise<ReportFile[]> {
  const charts: XYChart[] = [
    {
      id: 'impact-orders',
      title: `${symbol}: orders vs market impact`,
      mark: 'bar',
      x: { label: 'Impact', type: 'ordinal' },
      y: { label: 'Orders', unit: 'count' },
      points: rows.flatMap((row) => [
        { x: String(row.impact), y: row.inSample.orders, series: 'In-sample' },
        { x: String(row.impact), y: row.outOfSample.orders, series: 'Out-of-sample' },
      ]),
    },
    {
      id: 'impact-return',
      title: `${symbol}: return vs market impact`,
      mark: 'line',
      x: { label: 'Impact', type: 'quantitative' },
      y: { label: 'Cumulative return', unit: 'percent' },
      // An undefined return (null) is left out of the line, never drawn as 0.
      points: rows.flatMap((row) =>
        [
          { x: row.impact, y: row.inSample.cumulativeReturn, series: 'In-sample' },
          { x: row.impact, y: row.outOfSample.cumulativeReturn, series: 'Out-of-sample' },
        ].filter((point): point is { x: number; y: number; series: string } => point.y !== null),
      ),
    },
  ];
  const rendered = await renderCharts(charts.map((chart) => ({ id: chart.id, title: chart.title, spec: xyChartSpec(chart) })));
  const files: ReportFile[] = [
    { name: 'summary.json', content: `${JSON.stringify({ symbol, commandLine, rows }, null, 2)}\n` },
    {
      name: 'impact.csv',
      content: toCsv(
        ['Impact', 'InSampleOrders', 'InSampleTrades', 'InSampleReturn', 'OutOfSampleOrders', 'OutOfSampleTrades', 'OutOfSampleReturn', 'InSampleWipedOutOn', 'OutOfSampleWipedOutOn'],
        rows.map((row) => [
          row.impact,
          row.inSample.orders,
          row.inSample.trades,
          row.inSample.cumulativeReturn,
          row.outOfSample.orders,
          row.outOfSample.trades,
          row.outOfSample.cumulativeReturn,
          row.inSample.wipedOutOn,
          row.outOfSample.wipedOutOn,
        ]),
      ),
    },
  ];
  for (const chart of rendered) {
    files.push({ name: `charts/${chart.id}.svg`, content: chart.svg });
    files.push({ name: `charts/${chart.id}.png`, content: await svgToPngAsync(chart.svg) });
  }
  return files;
}
