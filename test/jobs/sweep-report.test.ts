import { describe, expect, it } from 'vitest';
import { summarizeSweep } from '../../src/evaluation/sweep-summary.js';
import type { JobResult } from '../../src/jobs/job.js';
import { histogram, resultsCsv, robustRange, sweepReportFiles, sweepReportModel } from '../../src/jobs/sweep-report.js';
import type { PortfolioStats } from '../../src/metrics/stats.js';

const stats = (cumulativeReturn: number, wipedOutOn: string | null = null): PortfolioStats =>
  ({ cumulativeReturn, averageDailyReturn: 0.001, stdDailyReturn: 0.01, days: 252, sharpeRatio: 1, maxDrawdown: -0.1, trades: 3, orders: 4, wipedOutOn }) as unknown as PortfolioStats;

function job(symbol: string, strategy: number, benchmark: number, wiped: { strategy?: string; benchmark?: string } = {}): JobResult {
  return {
    id: symbol,
    symbol,
    seed: 1,
    params: {},
    inSample: { strategy: stats(0.1), benchmark: stats(0.05), manual: stats(0) },
    outOfSample: { strategy: stats(strategy, wiped.strategy ?? null), benchmark: stats(benchmark, wiped.benchmark ?? null), manual: stats(0.02) },
    trainSeconds: 0.01,
    cpuSeconds: 0.01,
  };
}

describe('sweep report', () => {
  it('bins the middle 98% and counts the outliers in a first and last bar (hand-computed)', () => {
    // 0.00, 0.01, ..., 0.99 and two outliers: the 1% quantiles are 0 and 0.98 (ranks 1 and 99 of 0..101),
    // padded by 5% of 0.98: -0.049 .. 1.029, ten bins of 0.1078
    const values = [-50, ...Array.from({ length: 100 }, (_, i) => i / 100), 50];
    const [low, high] = robustRange(values);
    expect(low).toBeCloseTo(-0.049, 12);
    expect(high).toBeCloseTo(1.029, 12);
    const bars = histogram(values, 10);
    expect(bars.length).toBe(12);
    expect(bars[0]).toEqual({ x: '< -4.9%', y: 1 });
    expect(bars.at(-1)).toEqual({ x: '≥ 102.9%', y: 1 });
    // the first bin holds -0.049 .. 0.0588: 0.00 to 0.05, six values
    expect(bars[1]).toEqual({ x: '-4.9%', y: 6 });
    expect(bars.reduce((sum, bar) => sum + bar.y, 0)).toBe(102);
    // empty bins are drawn: a gap is information
    expect(histogram([0, 0, 1], 10).filter((bar) => bar.y === 0).length).toBeGreaterThan(0);
  });

  it('shows distributions and a table of every job instead of one bar per symbol', () => {
    const results = Array.from({ length: 606 }, (_, i) => job(`S${i}`, (i % 7) / 100, (i % 5) / 100));
    const model = sweepReportModel(results, summarizeSweep(results), { commandLine: 'dynaq sweep --all', version: '0' });
    expect(model.extraCharts!.map((chart) => chart.id)).toEqual(['excess-distribution', 'strategy-vs-buy-and-hold', 'in-vs-out-of-sample']);
    const jobs = model.tables!.find((table) => table.id === 'jobs')!;
    expect(jobs.rows.length).toBe(606);
    expect(jobs.sortable ?? true).toBe(true);
  });

  it('marks the figures of a wiped-out account, and only its own', async () => {
    const results = [job('AAA', -1.2, 0.1, { strategy: '2010-05-04' }), job('BBB', 0.05, -1.1, { benchmark: '2011-02-01' }), job('CCC', 0.1, 0.05)];
    const summary = summarizeSweep(results);
    expect(summary.outOfSample.wipedOut).toEqual({ strategy: 1, benchmark: 1, manual: 0 });
    const files = await sweepReportFiles(results, summary, { commandLine: 'dynaq sweep', png: false });
    const html = files.find((file) => file.name === 'report.html')!.content as string;
    const body = html.slice(html.indexOf('<section id="table-jobs">'));
    const rows = [...body.slice(body.indexOf('<tbody>')).matchAll(/<tr[^>]*>(.*?)<\/tr>/g)].slice(0, 3).map((row) => [...row[1]!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((cell) => cell[1]!));
    // Symbol, Seed, IS return, IS B&H, Return, Buy & hold, Excess, Manual, Sharpe, Max. drawdown, Trades, Wiped out on
    expect(rows[0]!.slice(4, 8)).toEqual(['-120.00% †', '10.00%', '-130.00% †', '2.00%']);
    expect(rows[0]![11]).toBe('2010-05-04');
    expect(rows[1]!.slice(4, 7)).toEqual(['5.00%', '-110.00% †', '115.00% †']);
    expect(rows[2]!.join(' ')).not.toContain('†');
    expect(html).toContain('† marks a figure of an account that was wiped out');
    const csv = resultsCsv(results).trim().split('\n');
    const header = csv[0]!.split(',');
    expect(csv[1]!.split(',')[header.indexOf('outOfSampleWipedOutOn')]).toBe('2010-05-04');
    expect(csv[2]!.split(',')[header.indexOf('outOfSampleBenchmarkWipedOutOn')]).toBe('2011-02-01');
  });
});
