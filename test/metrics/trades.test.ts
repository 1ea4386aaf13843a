import { describe, expect, it } from 'vitest';
import { computeStats } from '../../src/metrics/stats.js';
import { closedTrades, tradeStatistics, type TradeFill } from '../../src/metrics/trades.js';
import { SMA_CROSS_BARS, SMA_CROSS_PUBLISHED, SMA_CROSS_TRADES } from './backtesting-py-sma-cross.js';

describe('trade statistics (hand-computed)', () => {
  // buy 10 @10 (cost 1), buy 10 @12 (cost 1), sell 15 @11 (cost 1.5), sell 10 @9 (cost 1) -> short 5, closed @8 at the end.
  // Round trips (FIFO): +10 10->11 days 0->2, +5 12->11 days 1->2, +5 12->9 days 1->3, -5 9->8 days 3->4 (at the end).
  // Profits after pro-rata costs: 8, -6, -16, 4.5; returns 8/100, -6/60, -16/60, 4.5/45.
  const fills: TradeFill[] = [
    { dayIndex: 0, symbol: 'AAA', shares: 10, price: 10, cost: 1 },
    { dayIndex: 1, symbol: 'AAA', shares: 10, price: 12, cost: 1 },
    { dayIndex: 2, symbol: 'AAA', shares: -15, price: 11, cost: 1.5 },
    { dayIndex: 3, symbol: 'AAA', shares: -10, price: 9, cost: 1, reason: 'wipe-out' },
  ];
  const trades = closedTrades(fills, new Map([['AAA', 8]]), 4);
  const stats = tradeStatistics(trades);

  it('names what closed each trade: the exit fill\'s reason, or the end of the window', () => {
    expect(trades.map((trade) => trade.exitReason)).toEqual(['order', 'order', 'wipe-out', 'end']);
    expect(trades.map((trade) => trade.closedAtEnd)).toEqual([false, false, false, true]);
  });

  it('win rate, best, worst, arithmetic and geometric average trade', () => {
    expect(stats.trades).toBe(4);
    expect(stats.winRate).toBe(0.5);
    expect(stats.bestTrade).toBeCloseTo(0.1, 14);
    expect(stats.worstTrade).toBeCloseTo(-16 / 60, 14);
    expect(stats.averageTrade).toBeCloseTo((0.08 - 0.1 - 16 / 60 + 0.1) / 4, 14);
    expect(stats.geometricAverageTrade).toBeCloseTo((1.08 * 0.9 * (44 / 60) * 1.1) ** (1 / 4) - 1, 14);
  });

  it('profit factor, expectancy, SQN and Kelly in money', () => {
    // gross profit 8 + 4.5 = 12.5, gross loss 6 + 16 = 22
    expect(stats.profitFactor).toBeCloseTo(12.5 / 22, 14);
    // mean profit (8 - 6 - 16 + 4.5) / 4 = -2.375; squared deviations 107.640625, 13.140625, 185.640625, 47.265625
    expect(stats.averageTradeProfit).toBeCloseTo(-2.375, 14);
    expect(stats.sqn).toBeCloseTo((2 * -2.375) / Math.sqrt(353.6875 / 3), 14);
    // W = 0.5, mean win 12.5 / 2 = 6.25, mean loss 22 / 2 = 11: 0.5 - 0.5 / (6.25 / 11) = -0.38
    expect(stats.kellyCriterion).toBeCloseTo(-0.38, 14);
  });

  it('durations in trading days', () => {
    // 0->2, 1->2, 1->3, 3->4
    expect(stats.averageTradeDurationDays).toBe(1.5);
    expect(stats.maxTradeDurationDays).toBe(2);
  });

  it('is undefined (null) where a formula divides by nothing', () => {
    expect(tradeStatistics([])).toMatchObject({ trades: 0, winRate: null, profitFactor: null, sqn: null, kellyCriterion: null, averageTradeDurationDays: null });
    const winners = tradeStatistics(closedTrades([
      { dayIndex: 0, symbol: 'A', shares: 1, price: 10, cost: 0 },
      { dayIndex: 1, symbol: 'A', shares: -1, price: 11, cost: 0 },
      { dayIndex: 2, symbol: 'A', shares: 1, price: 10, cost: 0 },
      { dayIndex: 3, symbol: 'A', shares: -1, price: 11, cost: 0 },
    ], new Map(), 3));
    // no loss: no profit factor and no Kelly; equal profits: no SQN
    expect(winners).toMatchObject({ trades: 2, winRate: 1, profitFactor: null, kellyCriterion: null, sqn: null, averageTradeProfit: 1 });
    // a short that lost more than its entry value: the geometric mean is undefined
    const wiped = tradeStatistics(closedTrades([
      { dayIndex: 0, symbol: 'A', shares: -1, price: 10, cost: 0 },
      { dayIndex: 1, symbol: 'A', shares: 1, price: 25, cost: 0 },
    ], new Map(), 1));
    expect(wiped.worstTrade).toBe(-1.5);
    expect(wiped.geometricAverageTrade).toBeNull();
  });
});

describe("backtesting.py's SmaCross on GOOG: its 66 trades give its published statistics", () => {
  // Each trade as an entry fill and an exit fill, in execution order: entry_i, exit_i, entry_i+1, ...
  // (exit_i and entry_i+1 share a bar, the exit first, as backtesting.py executes them).
  const ordered: TradeFill[] = SMA_CROSS_TRADES.flatMap(([size, entryBar, exitBar, entryPrice, exitPrice]) => [
    { dayIndex: entryBar, symbol: 'GOOG', shares: size, price: entryPrice, cost: 0 },
    { dayIndex: exitBar, symbol: 'GOOG', shares: -size, price: exitPrice, cost: 0 },
  ]);
  const days = SMA_CROSS_BARS;
  const stats = computeStats(new Float64Array(days).fill(10_000), {
    dates: Array.from({ length: days }, (_, day) => `bar${day}`),
    fills: ordered,
  });
  const trades = closedTrades(ordered, new Map(), days - 1);
  const published = SMA_CROSS_PUBLISHED;

  it('the same trades and final equity', () => {
    expect(stats.trades).toBe(published.trades);
    const profit = trades.reduce((sum, trade) => sum + trade.profit, 0);
    expect(10_000 + profit).toBeCloseTo(published.equityFinal, 6);
    // the reference's intermediate figure: mean PnL 627.6210606060607
    expect(stats.averageTradeProfit).toBeCloseTo(627.6210606060607, 9);
  });

  it('win rate, best/worst trade, Avg. Trade (geometric), Expectancy (arithmetic), SQN and Kelly as published', () => {
    const close = (actual: number | null, expected: number) => expect(actual! / expected - 1).toBeCloseTo(0, 8);
    close(stats.winRate! * 100, published.winRatePct);
    close(stats.bestTrade! * 100, published.bestTradePct);
    close(stats.worstTrade! * 100, published.worstTradePct);
    close(stats.geometricAverageTrade! * 100, published.avgTradePct);
    close(stats.averageTrade! * 100, published.expectancyPct);
    close(stats.sqn!, published.sqn);
    close(stats.kellyCriterion!, published.kellyCriterion);
  });

  it('profit factor: ours in money; backtesting.py divides sums of trade returns', () => {
    // The reference's intermediates: 31 wins averaging 4132.606451612904, 35 losses averaging 2476.7945714285715.
    expect(stats.profitFactor).toBeCloseTo((31 * 4132.606451612904) / (35 * 2476.7945714285715), 10);
    const positive = trades.filter((trade) => trade.returnFraction > 0).reduce((sum, trade) => sum + trade.returnFraction, 0);
    const negative = trades.filter((trade) => trade.returnFraction < 0).reduce((sum, trade) => sum + trade.returnFraction, 0);
    expect(positive / -negative / published.profitFactor - 1).toBeCloseTo(0, 8);
  });

  it('exposure and durations: counted in bars, ours by closing position', () => {
    // Long or short at the close from bar 70 through 2146 (the last trade exits at bar 2147's open):
    // 2077 of 2148 bars. backtesting.py counts the exit bar too: 2078 / 2148 = 96.741...%.
    expect(stats.exposureTime).toBe(2077 / 2148);
    expect((2078 / 2148) * 100).toBeCloseTo(published.exposureTimePct, 10);
    // trades follow each other, so their durations add up to 2147 - 70 bars; the longest is
    // 2009-07-21..2010-01-20, bars 1238..1364 (backtesting.py's "183 days" in calendar days)
    expect(stats.averageTradeDurationDays).toBeCloseTo(2077 / 66, 12);
    expect(stats.maxTradeDurationDays).toBe(126);
  });
});
