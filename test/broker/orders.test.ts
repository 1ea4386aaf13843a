import { describe, expect, it } from 'vitest';
import { runStrategy, type WindowRun } from '../../src/backtest/execute.js';
import type { TradingSetup } from '../../src/broker/setup.js';
import { instantiate } from '../../src/strategy/instance.js';
import type { Day, Decision, Strategy } from '../../src/strategy/contract.js';
import { isoDays, makePriceTable } from '../helpers/price-table.js';

/**
 * One symbol over six days with hand-made bars. Each case gives the decisions of days 0..4 and
 * checks every fill: its day, price, shares and why it filled.
 */
interface Bars {
  open: number[];
  high: number[];
  low: number[];
  close: number[];
}

const SETUP: TradingSetup = { startValue: 10_000, commission: 0, impact: 0, fill: 'close', sizing: { kind: 'shares', shares: 10 } };

function run(bars: Bars, decisions: readonly Decision[], setup: TradingSetup = SETUP): WindowRun {
  const dates = isoDays(bars.close.length);
  const table = makePriceTable(dates, { AAA: { adjClose: bars.close, adjOpen: bars.open, adjHigh: bars.high, adjLow: bars.low } });
  const scripted: Strategy = { name: 'scripted', decide: (day: Day) => decisions[day.index] ?? null };
  return runStrategy(instantiate(scripted, { origin: 'test' }), { table, symbol: 'AAA', from: 0, to: dates.length - 1 }, setup);
}

const fills = (result: WindowRun) => result.fills.map((fill) => ({ day: fill.dayIndex, price: fill.price, shares: fill.shares, reason: fill.reason }));

// a quiet market around 100, every bar 98..102 unless a case says otherwise
const quiet = (): Bars => ({ open: [100, 100, 100, 100, 100, 100], high: [102, 102, 102, 102, 102, 102], low: [98, 98, 98, 98, 98, 98], close: [100, 100, 100, 100, 100, 100] });

describe('orders on daily bars', () => {
  it('a buy limit waits until a low reaches it and fills at the limit; a bar opening below it fills at the open', () => {
    const bars = quiet();
    bars.low[2] = 94; // day 2 reaches 95 inside the bar
    expect(fills(run(bars, [{ side: 'buy', shares: 5, limit: 95 }]))).toEqual([{ day: 2, price: 95, shares: 5, reason: 'limit' }]);
    const gap = quiet();
    gap.open[1] = 93;
    gap.low[1] = 92;
    expect(fills(run(gap, [{ side: 'buy', shares: 5, limit: 95 }]))).toEqual([{ day: 1, price: 93, shares: 5, reason: 'limit' }]);
  });

  it('a buy stop fills at the stop when the high reaches it, at the open when the bar gaps through it', () => {
    const bars = quiet();
    bars.high[3] = 106;
    expect(fills(run(bars, [{ side: 'buy', shares: 5, stop: 105 }]))).toEqual([{ day: 3, price: 105, shares: 5, reason: 'stop' }]);
    const gap = quiet();
    gap.open[2] = 108;
    gap.high[2] = 109;
    expect(fills(run(gap, [{ side: 'buy', shares: 5, stop: 105 }]))).toEqual([{ day: 2, price: 108, shares: 5, reason: 'stop' }]);
  });

  it('an order good for 1 day expires when the next bar does not reach it; cancel drops what waits', () => {
    const bars = quiet();
    bars.low[2] = 90; // too late for a 1-day order
    expect(fills(run(bars, [{ side: 'buy', shares: 5, limit: 95, days: 1 }]))).toEqual([]);
    expect(fills(run(bars, [{ side: 'buy', shares: 5, limit: 95 }, { cancel: 'all' }]))).toEqual([]);
  });

  it('a stop-loss and a take-profit close the position; reached in one bar, the stop-loss fills first (pessimistic)', () => {
    const bars = quiet();
    bars.low[2] = 94;
    bars.high[2] = 111;
    const result = run(bars, [{ target: 'long', stopLoss: 95, takeProfit: 110 }]);
    expect(fills(result)).toEqual([
      { day: 0, price: 100, shares: 10, reason: 'order' },
      { day: 2, price: 95, shares: -10, reason: 'stop-loss' },
    ]);
    expect(result.values.at(-1)).toBeCloseTo(10_000 - 50, 9);
  });

  it('a take-profit the open reaches fills at the open; a stop-loss gapped through fills at the open', () => {
    const up = quiet();
    up.open[1] = 112;
    up.high[1] = 113;
    expect(fills(run(up, [{ target: 'long', stopLoss: 95, takeProfit: 110 }])).at(-1)).toEqual({ day: 1, price: 112, shares: -10, reason: 'take-profit' });
    const down = quiet();
    down.open[3] = 90;
    down.low[3] = 89;
    expect(fills(run(down, [{ target: 'long', stopLoss: 95 }])).at(-1)).toEqual({ day: 3, price: 90, shares: -10, reason: 'stop-loss' });
  });

  it('protects a short the other way round, and a position closed by another order takes its stop-loss with it', () => {
    const bars = quiet();
    bars.high[2] = 106;
    expect(fills(run(bars, [{ target: 'short', stopLoss: 105 }])).at(-1)).toEqual({ day: 2, price: 105, shares: 10, reason: 'stop-loss' });
    // closed on day 1 at the close: the stop-loss it had does not fire on day 2
    expect(fills(run(bars, [{ target: 'short', stopLoss: 105 }, 'flat']))).toEqual([
      { day: 0, price: 100, shares: -10, reason: 'order' },
      { day: 1, price: 100, shares: 10, reason: 'order' },
    ]);
  });

  it("an entry's bracket: a limit buy at the open is protected for the rest of that bar", () => {
    const bars = quiet();
    bars.open[1] = 94; // the limit fills at the open...
    bars.low[1] = 89; // ...and the same bar falls through the stop-loss
    expect(fills(run(bars, [{ side: 'buy', shares: 5, limit: 95, stopLoss: 90 }]))).toEqual([
      { day: 1, price: 94, shares: 5, reason: 'limit' },
      { day: 1, price: 90, shares: -5, reason: 'stop-loss' },
    ]);
  });

  it('a sell stop-limit becomes a limit at its stop: it fills at the limit or better, or not at all', () => {
    const bars = quiet();
    bars.low[2] = 94; // the stop at 96 is reached; the limit at 95 sells at 95 or higher: the bar came from 100 down, so 96 is reached first
    expect(fills(run(bars, [{ side: 'sell', shares: 5, stop: 96, limit: 95 }]))).toEqual([{ day: 2, price: 96, shares: -5, reason: 'limit' }]);
    // the bar gaps through the stop to 93 and never comes back to 95: no fill that day; the order is
    // now a limit at 95 and fills at the next bar that reaches it (day 3 opens at 100)
    const gap = quiet();
    gap.open[2] = 93;
    gap.high[2] = 94;
    gap.low[2] = 92;
    expect(fills(run(gap, [{ side: 'sell', shares: 5, stop: 96, limit: 95 }]))).toEqual([{ day: 3, price: 100, shares: -5, reason: 'limit' }]);
    expect(fills(run(gap, [null, { side: 'sell', shares: 5, stop: 96, limit: 95, days: 1 }]))).toEqual([]);
  });

  it('sizes an entry without shares at its fill (a full position), and buying power cuts it', () => {
    const bars = quiet();
    bars.low[1] = 50;
    const setup: TradingSetup = { ...SETUP, sizing: { kind: 'fraction', fraction: 1 }, margin: 1 };
    expect(fills(run(bars, [{ side: 'buy', limit: 80 }], setup))).toEqual([{ day: 1, price: 80, shares: 125, reason: 'limit' }]);
  });

  it('refuses a malformed order with one line naming the strategy, the day and the field', () => {
    expect(() => run(quiet(), [{ side: 'buy', shares: 2.5, limit: 95 }])).toThrow(/scripted' decide\(\) on 2020-01-01: an order's shares must be a whole number > 0/);
    expect(() => run(quiet(), [{ side: 'hold' } as never])).toThrow(/an order's side must be 'buy' or 'sell', got hold/);
    expect(() => run(quiet(), [{ target: 'long', stopLoss: -1 }])).toThrow(/'stopLoss' must be a price > 0, got -1/);
    expect(() => run(quiet(), [{ side: 'buy', limit: 95, color: 'red' } as never])).toThrow(/an order has no field 'color'/);
    expect(() => run(quiet(), [[{ target: 'long' }, { target: 'short' }]])).toThrow(/one decision holds one target/);
    expect(() => run(quiet(), [{ side: 'buy', limit: 95, days: 0 }])).toThrow(/an order's days must be a whole number >= 1, got 0/);
    expect(() => run(quiet(), [[{ cancel: 'some' } as never]])).toThrow(/\{ cancel \} takes 'all', got some/);
    expect(() => run(quiet(), [[{ side: 'buy' }, { side: 'sell' }]])).toThrow(/one decision holds one market order/);
  });
});
