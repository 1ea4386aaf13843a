import { describe, expect, it } from 'vitest';
import { summarizeSweep, type SweepResultRow, type SweepStats } from '../../src/evaluation/sweep-summary.js';

const stats = (cumulativeReturn: number, averageDailyReturn = 0.001, stdDailyReturn = 0.01): SweepStats => ({ cumulativeReturn, averageDailyReturn, stdDailyReturn, days: 252 });
const row = (symbol: string, params: Record<string, number>, outOfSample: [number, number, number], inSample: [number, number, number] = [0, 0, 0]): SweepResultRow => ({
  symbol,
  seed: 1,
  params,
  inSample: { strategy: stats(inSample[0]), benchmark: stats(inSample[1]), manual: stats(inSample[2]) },
  outOfSample: { strategy: stats(outOfSample[0]), benchmark: stats(outOfSample[1]), manual: stats(outOfSample[2]) },
});

describe('sweep summary (hand-computed)', () => {
  it('counts wins, the sign test and the median excess over buy-and-hold and over the manual rules', () => {
    // excess over buy-and-hold: +0.10, +0.05, -0.02, +0.01 -> 3 wins of 4, median 0.03
    const rows = [row('A', {}, [0.2, 0.1, 0.3]), row('B', {}, [0.1, 0.05, 0.0]), row('C', {}, [0.0, 0.02, 0.1]), row('D', {}, [0.06, 0.05, 0.06])];
    const { outOfSample, grid } = summarizeSweep(rows);
    expect(outOfSample.total).toBe(4);
    expect(outOfSample.beatsBenchmark).toBe(3);
    expect(outOfSample.signTestP).toBeCloseTo(5 / 16, 12); // P(X >= 3), X ~ B(4, 1/2)
    expect(outOfSample.medianExcessReturn).toBeCloseTo(0.03, 12);
    const [low, high] = outOfSample.medianExcessReturnInterval!;
    expect(low).toBeLessThanOrEqual(0.03);
    expect(high).toBeGreaterThanOrEqual(0.03);
    // over the manual rules: -0.1, +0.1, -0.1, 0 -> 1 win of 4, median -0.05
    expect(outOfSample.versusManual.beats).toBe(1);
    expect(outOfSample.versusManual.medianExcessReturn).toBeCloseTo(-0.05, 12);
    expect(outOfSample.wipedOut).toEqual({ strategy: 0, benchmark: 0, manual: 0 });
    expect(grid).toBeNull();
  });

  it('counts the jobs whose account was wiped out out of sample, per role', () => {
    const wiped = (cumulativeReturn: number, day: string | null): SweepStats => ({ ...stats(cumulativeReturn), wipedOutOn: day });
    const rows: SweepResultRow[] = [
      { ...row('A', {}, [0, 0, 0]), outOfSample: { strategy: wiped(-1.2, '2010-03-01'), benchmark: wiped(-1.05, '2010-03-02'), manual: wiped(0.1, null) } },
      { ...row('B', {}, [0, 0, 0]), outOfSample: { strategy: wiped(-1.01, '2010-05-01'), benchmark: wiped(0.2, null), manual: wiped(0.1, null) } },
      row('C', {}, [0.1, 0.05, 0]),
    ];
    expect(summarizeSweep(rows).outOfSample.wipedOut).toEqual({ strategy: 2, benchmark: 1, manual: 0 });
  });

  it('with a grid: the configuration chosen in-sample, its out-of-sample rank and the overfitting measures', () => {
    const rows: SweepResultRow[] = [];
    for (const symbol of ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H']) {
      // dyna 200 looks better in-sample (+0.2 vs 0) but is worse out of sample (-0.1 vs 0), and its
      // daily Sharpe out of sample is 0.0005 / 0.01 = 0.05 against 0.1
      const overfit = row(symbol, { dyna: 200 }, [-0.1, 0, 0], [0.2, 0, 0]);
      rows.push({ ...overfit, outOfSample: { ...overfit.outOfSample, strategy: stats(-0.1, 0.0005, 0.01) } });
      rows.push(row(symbol, { dyna: 0 }, [0, 0, 0], [0, 0, 0]));
    }
    const { grid } = summarizeSweep(rows);
    expect(grid!.configurations).toBe(2);
    expect(grid!.chosen).toEqual({ dyna: 200 });
    expect(grid!.chosenInSample).toBeCloseTo(0.2, 12);
    expect(grid!.chosenOutOfSample).toBeCloseTo(-0.1, 12);
    expect(grid!.chosenOutOfSampleRank).toBe(2);
    // Every unit ranks dyna 0 first out of sample, so each CSCV split's in-sample winner (dyna 0)
    // is also the out-of-sample winner: relative rank 2/3, logit > 0, never overfit.
    expect(grid!.probabilityOfBacktestOverfitting).toBe(0);
    // Deflated Sharpe by hand: the trials' Sharpe ratios 0.05 and 0.1 have sample variance 0.00125;
    // SR0 = sqrt(0.00125) ((1 - g) Z^-1(1/2) + g Z^-1(1 - 1/(2e))) = 0.0183761 (g = Euler's constant);
    // DSR = Z((0.05 - SR0) sqrt(251) / sqrt(1 + 0.05^2 / 2)) = 0.69171 (computed apart with erf and a bisected inverse).
    expect(grid!.deflatedSharpeRatio).toBeCloseTo(0.69171, 4);
  });
});
