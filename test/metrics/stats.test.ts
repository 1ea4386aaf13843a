import { describe, expect, it } from 'vitest';
import {
  annualizedReturn,
  closedTrades,
  computeStats,
  dailyReturns,
  exposureTime,
  maxDrawdown,
  ordersAwayFromBenchmark,
  portfolioStatNames,
  sampleStd,
  sharpeRatio,
  sortinoRatio,
  type TradeFill,
} from '../../src/metrics/index.js';

// v = 100, 110, 99, 121, 110  ->  r = 1/10, -1/10, 22/99, -11/121
const values = Float64Array.from([100, 110, 99, 121, 110]);
const dates = ['2020-01-01', '2020-01-02', '2020-01-03', '2020-01-06', '2020-01-07'];
const r = [0.1, -0.1, 22 / 99, -11 / 121];
const meanR = (0.1 - 0.1 + 22 / 99 - 11 / 121) / 4; // = 13/396
const stdR = Math.sqrt(r.reduce((sum, x) => sum + (x - meanR) ** 2, 0) / 3);

describe('return statistics on a hand-computed series', () => {
  it('daily returns, mean and sample std', () => {
    const returns = dailyReturns(values);
    r.forEach((expected, i) => expect(returns[i]).toBeCloseTo(expected, 14));
    expect(meanR).toBeCloseTo(13 / 396, 15);
    expect(sampleStd(returns)).toBeCloseTo(stdR, 14);
  });

  it('Sharpe, Sortino and annualized figures follow their formulas', () => {
    const returns = dailyReturns(values);
    expect(sharpeRatio(returns)).toBeCloseTo((Math.sqrt(252) * meanR) / stdR, 12);
    const rf = 0.001;
    expect(sharpeRatio(returns, { riskFreeRate: rf, periodsPerYear: 12 })).toBeCloseTo((Math.sqrt(12) * (meanR - rf)) / stdR, 12);
    // Downside deviation: sqrt((0.1^2 + (1/11)^2) / 4).
    const downside = Math.sqrt((0.01 + 1 / 121) / 4);
    expect(sortinoRatio(returns)).toBeCloseTo((Math.sqrt(252) * meanR) / downside, 12);
    expect(annualizedReturn(values)).toBeCloseTo(1.1 ** (252 / 4) - 1, 8);
  });

  it('maximum drawdown: deepest fall 110 -> 99, recovered at 121', () => {
    expect(maxDrawdown(values)).toEqual({ maxDrawdown: expect.closeTo(-0.1, 14), startIndex: 1, troughIndex: 2, recoveryIndex: 3, durationDays: 2 });
    const neverBack = maxDrawdown(Float64Array.from([100, 120, 90, 100]));
    expect(neverBack.maxDrawdown).toBeCloseTo(-0.25, 14);
    expect(neverBack.recoveryIndex).toBeNull();
    expect(neverBack.durationDays).toBe(2); // peak day 1 to the last day 3
  });

  it('computeStats gathers them with dates and units', () => {
    const stats = computeStats(values, { dates, benchmark: Float64Array.from([50, 51, 52, 53, 55]) });
    expect(stats.days).toBe(5);
    expect(stats.startValue).toBe(100);
    expect(stats.finalValue).toBe(110);
    expect(stats.peakValue).toBe(121);
    expect(stats.cumulativeReturn).toBeCloseTo(0.1, 14);
    expect(stats.averageDailyReturn).toBeCloseTo(meanR, 14);
    expect(stats.stdDailyReturn).toBeCloseTo(stdR, 14);
    expect(stats.annualizedVolatility).toBeCloseTo(stdR * Math.sqrt(252), 12);
    expect(stats.maxDrawdown).toBeCloseTo(-0.1, 14);
    expect(stats.maxDrawdownStart).toBe('2020-01-02');
    expect(stats.maxDrawdownTrough).toBe('2020-01-03');
    expect(stats.maxDrawdownRecovery).toBe('2020-01-06');
    expect(stats.maxDrawdownDurationDays).toBe(2);
    expect(stats.calmarRatio).toBeCloseTo((1.1 ** 63 - 1) / 0.1, 6);
    expect(stats.buyAndHoldReturn).toBeCloseTo(0.1, 14);
    expect(stats.trades, 'no fills given: trade statistics unknown').toBeNull();
    expect(Object.keys(stats).sort()).toEqual([...portfolioStatNames].sort());
  });

  it('undefined ratios are null, never 0 or NaN', () => {
    const flat = computeStats(Float64Array.from([100, 100, 100]), { dates: dates.slice(0, 3), fills: [] });
    expect(flat.stdDailyReturn).toBe(0);
    expect(flat.sharpeRatio).toBeNull();
    expect(flat.sortinoRatio).toBeNull();
    expect(flat.calmarRatio).toBeNull();
    expect(flat.maxDrawdown).toBe(0);
    expect(flat.maxDrawdownStart).toBeNull();
    expect(flat.trades).toBe(0);
    expect(flat.winRate).toBeNull();
    expect(flat.bestTrade).toBeNull();
    expect(flat.exposureTime).toBe(0);
    const single = computeStats(Float64Array.from([100]), { dates: dates.slice(0, 1) });
    expect(single.averageDailyReturn).toBeNull();
    expect(single.stdDailyReturn).toBeNull();
    expect(single.sharpeRatio).toBeNull();
    expect(single.annualizedReturn).toBeNull();
    const rising = computeStats(Float64Array.from([100, 101, 103]), { dates: dates.slice(0, 3) });
    expect(rising.sortinoRatio, 'no losing day: downside deviation 0').toBeNull();
    for (const stats of [flat, single, rising]) {
      for (const [name, value] of Object.entries(stats)) {
        if (typeof value === 'number') expect(Number.isFinite(value), name).toBe(true);
      }
    }
  });
});

describe('trade statistics from fills', () => {
  // buy 10 @10 (cost 1), buy 10 @12 (cost 1), sell 15 @11 (cost 1.5), sell 10 @9 (cost 1) -> short 5, closed @8 at the end.
  const fills: TradeFill[] = [
    { dayIndex: 0, symbol: 'AAA', shares: 10, price: 10, cost: 1 },
    { dayIndex: 1, symbol: 'AAA', shares: 10, price: 12, cost: 1 },
    { dayIndex: 2, symbol: 'AAA', shares: -15, price: 11, cost: 1.5 },
    { dayIndex: 3, symbol: 'AAA', shares: -10, price: 9, cost: 1 },
  ];

  it('matches lots first-in-first-out, splits partial closes, and closes the open position at the end', () => {
    const trades = closedTrades(fills, new Map([['AAA', 8]]), 4);
    expect(trades.map((t) => [t.shares, t.entryPrice, t.exitPrice, t.exitDayIndex])).toEqual([
      [10, 10, 11, 2],
      [5, 12, 11, 2],
      [5, 12, 9, 3],
      [-5, 9, 8, 4],
    ]);
    // profit = shares * (exit - entry) - entry costs pro rata - exit costs pro rata
    expect(trades.map((t) => t.profit)).toEqual([10 * 1 - 2, 5 * -1 - 1, 5 * -3 - 1, -5 * -1 - 0.5].map((x) => expect.closeTo(x, 12)));
    expect(trades.map((t) => t.returnFraction)).toEqual([8 / 100, -6 / 60, -16 / 60, 4.5 / 45].map((x) => expect.closeTo(x, 12)));
    expect(trades[3]!.closedAtEnd).toBe(true);
  });

  it('computeStats counts trades, orders, win rate and best/worst/average trade', () => {
    const stats = computeStats(Float64Array.from([100, 101, 102, 103, 104]), {
      dates,
      fills,
      finalPrices: new Map([['AAA', 8]]),
    });
    expect(stats.trades).toBe(4);
    expect(stats.orders).toBe(4);
    expect(stats.winRate).toBe(0.5);
    expect(stats.bestTrade).toBeCloseTo(0.1, 12);
    expect(stats.worstTrade).toBeCloseTo(-16 / 60, 12);
    expect(stats.averageTrade).toBeCloseTo((0.08 - 0.1 - 16 / 60 + 0.1) / 4, 12);
    expect(stats.exposureTime).toBe(1);
  });

  it('exposure time counts days whose closing position is non-zero', () => {
    const roundTrip: TradeFill[] = [
      { dayIndex: 11, symbol: 'AAA', shares: 5, price: 1, cost: 0 },
      { dayIndex: 13, symbol: 'AAA', shares: -5, price: 1, cost: 0 },
    ];
    // Days (offset 10): 0 flat, 1 long, 2 long, 3 flat, 4 flat.
    expect(exposureTime(roundTrip, 5, 10)).toBe(2 / 5);
  });
});

describe('drawdown duration is time under water', () => {
  it('counts from the last day at a flat peak, not the first (hand-computed)', () => {
    // peak 100 on days 0-2, down to 50 on day 3, back to 100 on day 5: under water days 3..4
    const info = maxDrawdown(Float64Array.from([100, 100, 100, 50, 80, 100, 90]));
    expect(info.startIndex).toBe(2);
    expect(info.troughIndex).toBe(3);
    expect(info.recoveryIndex).toBe(5);
    expect(info.durationDays).toBe(3);
    expect(info.maxDrawdown).toBeCloseTo(-0.5, 15);
  });
});

describe('a wiped-out account', () => {
  it('has no risk-adjusted ratios and returns only up to the wipe-out', () => {
    const dates = ['d0', 'd1', 'd2', 'd3', 'd4'];
    const stats = computeStats(Float64Array.from([100, 50, -10, -10, -10]), { dates, wipedOutOn: 'd2' });
    expect(stats.wipedOutOn).toBe('d2');
    expect(stats.sharpeRatio).toBeNull();
    expect(stats.sortinoRatio).toBeNull();
    expect(stats.calmarRatio).toBeNull();
    expect(stats.annualizedReturn).toBeNull();
    expect(stats.cumulativeReturn).toBeCloseTo(-1.1, 15);
    // returns -0.5 and -1.2 (to the first non-positive value): mean -0.85
    expect(stats.averageDailyReturn).toBeCloseTo(-0.85, 15);
  });
});

describe('orders that leave the benchmark', () => {
  it('counts orders after which the direction differs from the benchmark; joining it late is not one', () => {
    // benchmark: long 1000 from day 0. Strategy: buys 1000 on day 1 (joins late), goes short on day 3, back long (500) on day 4, flat on day 5.
    const benchmark = [1000, 1000, 1000, 1000, 1000, 1000, 1000];
    const trades = [0, 1000, 0, -2000, 1500, -500, 0];
    const holdings = [0, 1000, 1000, -1000, 500, 0, 0];
    expect(ordersAwayFromBenchmark(trades, holdings, benchmark)).toBe(2); // day 3 (short) and day 5 (flat)
    expect(ordersAwayFromBenchmark([0, 0, 0], [0, 0, 0], [1000, 1000, 1000]), 'never trading is no order').toBe(0);
  });
});
