import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backtest, writeReport, type Strategy } from '../src/index.js';
import { fixtureDir } from './helpers/fixtures.js';

const always: Strategy = { name: 'always-long', decide: () => 'long' };

describe('the library API: backtest({ data, strategy, params }) and writeReport', () => {
  it('runs a strategy over bars in memory and returns its statistics, trades and equity (hand-computed)', async () => {
    const outcome = await backtest({
      data: { dates: ['2020-01-02', '2020-01-03', '2020-01-06', '2020-01-07'], close: [100, 110, 121, 133.1] },
      strategy: always,
      cash: 10_000,
      commission: 0,
      impact: 0,
      sizing: { kind: 'fraction', fraction: 1 },
    });
    // 100 shares at 100 on the first day, held: 10,000 -> 11,000 -> 12,100 -> 13,310
    expect(Array.from(outcome.equity.values)).toEqual([10_000, 11_000, 12_100, 13_310]);
    expect(outcome.stats.cumulativeReturn).toBeCloseTo(0.331, 12);
    expect(outcome.trades).toHaveLength(1);
    expect(outcome.trades[0]).toMatchObject({ shares: 100, entryDate: '2020-01-02', entryPrice: 100, exitPrice: 133.1, exitReason: 'end' });
    expect(outcome.benchmark.cumulativeReturn).toBeCloseTo(0.331, 12);
    expect(outcome.result.kind).toBe('period');
  });

  it('takes params, and refuses an unknown one and bad bars with one line', async () => {
    const threshold: Strategy<{ above: number }> = { name: 'threshold', params: { above: 105 }, decide: (day, { above }) => (day.close > above ? 'long' : 'flat') };
    const data = { dates: ['2020-01-02', '2020-01-03', '2020-01-06', '2020-01-07'], close: [100, 110, 121, 133.1] };
    const outcome = await backtest({ data, strategy: threshold, params: { above: 115 }, cash: 10_000, commission: 0, impact: 0, sizing: { kind: 'shares', shares: 10 } });
    expect(outcome.trades.map((trade) => trade.entryDate)).toEqual(['2020-01-06']);
    await expect(backtest({ data, strategy: threshold, params: { below: 1 } })).rejects.toThrow(/unknown parameter 'below'; it takes above \(whole number, default 105\)/);
    await expect(backtest({ data: { dates: ['2020-01-02', '2020-01-02', '2020-01-03'], close: [1, 2, 3] }, strategy: always })).rejects.toThrow(/data\.dates must ascend without repeats/);
    await expect(backtest({ data: { dates: ['2020-01-02', '2020-01-03', '2020-01-06'], close: [1, -2, 3] }, strategy: always })).rejects.toThrow(/data\.close\[1\] must be a price > 0, got -2/);
  });

  it('writes the report folder the CLI writes', async () => {
    const dir = fixtureDir({});
    const outcome = await backtest({ data: { dataDir: 'data', calendar: 'SYN-MARKET' }, symbol: 'SYN-TREND', strategy: 'manual', period: { start: '2010-01-01', end: '2011-12-31' } });
    const folder = await writeReport(outcome, join(dir, 'report'));
    expect(existsSync(join(folder, 'report.html'))).toBe(true);
    const summary = JSON.parse(readFileSync(join(folder, 'summary.json'), 'utf8')) as { period: { strategy: { cumulativeReturn: number } } };
    expect(summary.period.strategy.cumulativeReturn).toBeCloseTo(outcome.stats.cumulativeReturn!, 12);
  });
});
