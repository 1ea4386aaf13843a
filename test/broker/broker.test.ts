import { describe, expect, it } from 'vitest';
import {
  Broker,
  executeOrders,
  fixedCommission,
  nextOpenFill,
  proportionalImpact,
  type OrderFill,
  type OrderResult,
} from '../../src/broker/index.js';
import { closeToAll, isoDays, makePriceTable } from '../helpers/price-table.js';

function filled(result: OrderResult): OrderFill {
  if (result.status !== 'filled') throw new Error(`expected a fill, got ${JSON.stringify(result)}`);
  return result;
}

const dates = isoDays(4);
const table = makePriceTable(dates, {
  AAA: { adjClose: [100, 110, 90, 120], adjOpen: [99, 105, 95, 118] },
  BBB: [50, 50, 50, 50],
});

describe('Broker', () => {
  it('fills at the close with commission and proportional impact (hand-computed)', () => {
    const broker = new Broker(table, { startValue: 10_000, commission: fixedCommission(9.95), impact: proportionalImpact(0.005) });
    const fill = filled(broker.submit(1, 'AAA', 10));
    expect(fill.price).toBe(110);
    expect(fill.dayIndex).toBe(1);
    expect(fill.commission).toBe(9.95);
    expect(fill.impact).toBeCloseTo(5.5, 12); // 0.005 * 10 * 110
    // 10000 - 1100 - 9.95 - 5.5
    expect(broker.cash).toBeCloseTo(8884.55, 9);
    expect(broker.holdings[broker.symbolIndex('AAA')]).toBe(10);
    expect(broker.valueAt(1)).toBeCloseTo(8884.55 + 1100, 9);
    expect(broker.valueAt(3)).toBeCloseTo(8884.55 + 1200, 9);

    const sell = filled(broker.submit(3, 'AAA', -10));
    expect(sell.impact).toBeCloseTo(6, 12); // selling earns 120 * (1 - 0.005)
    expect(broker.cash).toBeCloseTo(8884.55 + 1200 - 9.95 - 6, 9);
    expect(broker.orderCount).toBe(2);
  });

  it('treats a 0-share order as a no-op that costs nothing and is not counted', () => {
    const broker = new Broker(table, { startValue: 1000 });
    expect(broker.submit(0, 'AAA', 0)).toEqual({ status: 'noop' });
    expect(broker.cash).toBe(1000);
    expect(broker.orderCount).toBe(0);
  });

  it('next-open fills at the next day open and rejects an order on the last day', () => {
    const broker = new Broker(table, { startValue: 10_000, fill: nextOpenFill, commission: fixedCommission(0), impact: proportionalImpact(0) });
    const fill = filled(broker.submit(0, 'AAA', 5));
    expect(fill.price).toBe(105);
    expect(fill.orderDayIndex).toBe(0);
    expect(fill.dayIndex).toBe(1);
    const last = broker.submit(3, 'AAA', -5);
    expect(last.status).toBe('rejected');
    if (last.status === 'rejected') expect(last.reason).toMatch(/next-open.*last day/);
    expect(broker.holdings[0]).toBe(5);
  });

  it('rejects an order that breaks the position limits, as data, and changes nothing', () => {
    const broker = new Broker(table, { startValue: 10_000, positionLimits: { min: -10, max: 10 } });
    filled(broker.submit(0, 'AAA', 10));
    const cash = broker.cash;
    const result = broker.submit(1, 'AAA', 1);
    expect(result.status).toBe('rejected');
    if (result.status === 'rejected') expect(result.reason).toMatch(/11 shares, outside the limit -10\.\.10/);
    expect(broker.cash).toBe(cash);
    expect(broker.holdings[0]).toBe(10);
    filled(broker.submit(1, 'AAA', -20)); // to -10: inside
    expect(broker.holdings[0]).toBe(-10);
  });

  it('refuses an order beyond buying power (margin 1/1.5) as data, and allows one that lowers exposure', () => {
    const broker = new Broker(table, { startValue: 1000, margin: 1 / 1.5, onExcess: 'refuse', commission: fixedCommission(0), impact: proportionalImpact(0) });
    // 10 AAA at 100: gross 1000, equity 1000 >= (1/1.5) x 1000
    filled(broker.submit(0, 'AAA', 10));
    // +10 BBB at 50: gross 1500, equity 1000 = (1/1.5) x 1500 -> allowed (not beyond)
    filled(broker.submit(0, 'BBB', 10));
    const over = broker.submit(0, 'BBB', 1); // gross 1550: needs equity 1033.33
    expect(over.status).toBe('rejected');
    if (over.status === 'rejected') expect(over.reason).toMatch(/BUY 1 BBB on .*: needs more buying power/);
    expect(broker.rejections).toHaveLength(1);
    // Day 2: AAA falls to 90: gross 900 + 500 = 1400, cash -500 -> equity 900 < 933.33, yet a sale lowers exposure
    expect(broker.valueAt(2)).toBeCloseTo(900, 9);
    filled(broker.submit(2, 'BBB', -5));
  });

  it('a flip from long to short needs buying power for its new side, even at no more gross exposure (hand-computed)', () => {
    const setup = { startValue: 1000, margin: 0.5, commission: fixedCommission(0), impact: proportionalImpact(0) };
    const broker = new Broker(table, setup);
    // 20 AAA at 100: gross 2000, equity 1000 = 0.5 x 2000
    filled(broker.submit(0, 'AAA', 20));
    // day 2, AAA at 90: equity 1000 - 20 x 10 = 800 < 0.5 x 1800 (under margin, not called). Short 20 from +20
    // would keep gross at 1800 with equity 800: 2.25x, beyond the 2x allowed. Closing the 20 fits; then
    // short s: 800 >= 0.5 x 90 s -> s <= 17.78 -> 17
    const flip = filled(broker.submit(2, 'AAA', -40));
    expect(flip.shares).toBe(-37);
    expect(flip.requestedShares).toBe(-40);
    expect(broker.holdings[0]).toBe(-17);
    expect(broker.valueAt(2)).toBeCloseTo(800, 9);

    // refused instead of cut: the flip is refused whole, while a plain close is the way back
    const refusing = new Broker(table, { ...setup, onExcess: 'refuse' });
    filled(refusing.submit(0, 'AAA', 20));
    expect(refusing.submit(2, 'AAA', -40).status).toBe('rejected');
    expect(refusing.holdings[0]).toBe(20);
    expect(filled(refusing.submit(2, 'AAA', -20)).holdingAfter).toBe(0);
  });

  it('cuts an order beyond buying power to the whole shares that fit, costs included (hand-computed)', () => {
    const broker = new Broker(table, { startValue: 1000, margin: 1, commission: fixedCommission(10), impact: proportionalImpact(0.01) });
    // buying q AAA at 100: equity 1000 - 10 - q, gross 100 q; 990 - q >= 100 q -> q <= 9.80 -> 9 shares
    const fill = filled(broker.submit(0, 'AAA', 1000));
    expect(fill.shares).toBe(9);
    expect(fill.requestedShares).toBe(1000);
    expect(broker.cash).toBeCloseTo(1000 - 900 - 10 - 9, 9);
    // a short of 20 from +9: closing the 9 always fits; then -s: equity ~ 990 - 9 - ... >= 100 s -> cut
    const short = filled(broker.submit(0, 'AAA', -20));
    expect(short.shares).toBeLessThan(-9);
    expect(short.shares).toBeGreaterThan(-20);
    const value = broker.valueAt(0);
    expect(value).toBeGreaterThanOrEqual(Math.abs(broker.holdings[0]!) * 100);
    expect(value).toBeLessThan((Math.abs(broker.holdings[0]!) + 1) * 100);
  });

  it('stepwise use (trading environment): rewards from valueAt reconcile with the equity curve', () => {
    const broker = new Broker(table, { startValue: 10_000, positionLimits: { min: -20, max: 20 } });
    const targets = [20, -20, 0]; // target position decided at days 0, 1, 2
    let position = 0;
    let compounded = 1;
    for (let day = 0; day < targets.length; day++) {
      const before = broker.valueAt(day);
      const result = broker.submit(day, 'AAA', targets[day]! - position);
      if (result.status === 'filled') position = result.holdingAfter;
      broker.markToMarket(day);
      compounded *= broker.valueAt(day + 1) / before;
    }
    broker.markToMarket(3);
    expect(position).toBe(0);
    expect(compounded).toBeCloseTo(broker.dailyValues[3]! / 10_000, 12);
    // Hand-computed: costs 9.95 + 0.005 x traded value on every order.
    // day0 buy 20 @100: cash 10000 - 2000 - 9.95 - 10 = 7980.05
    // day1 sell 40 @110: cash 7980.05 + 4400 - 9.95 - 22 = 12348.10
    // day2 buy 20 @90: cash 12348.10 - 1800 - 9.95 - 9 = 10529.15
    expect(broker.dailyValues[3]).toBeCloseTo(10529.15, 9);
    expect(broker.dailyValues[0]).toBeCloseTo(7980.05 + 2000, 9);
  });

  it('reset returns to all cash with no fills', () => {
    const broker = new Broker(table, { startValue: 500 });
    filled(broker.submit(0, 'BBB', 2));
    broker.reset();
    expect(broker.cash).toBe(500);
    expect(Array.from(broker.holdings)).toEqual([0, 0]);
    expect(broker.fills).toHaveLength(0);
  });
});

describe('executeOrders', () => {
  it('runs orders in day order, same-day orders in given order, and values every day', () => {
    const broker = new Broker(table, { startValue: 10_000, commission: fixedCommission(1), impact: proportionalImpact(0) });
    const result = executeOrders(
      broker,
      [
        { dayIndex: 2, symbolIndex: 0, shares: -10 },
        { dayIndex: 0, symbolIndex: 0, shares: 10 },
        { dayIndex: 2, symbolIndex: 1, shares: 4 },
      ],
      0,
      3,
    );
    // day0: 10000 - 1000 - 1 = 8999 cash, + 10*100 = 9999
    // day1: 8999 + 1100 = 10099
    // day2: sell 10 at 90: cash 8999 + 900 - 1 = 9898; buy 4 BBB at 50: 9898 - 200 - 1 = 9697; + 200 = 9897
    // day3: 9697 + 4*50 = 9897
    expect(Array.from(result.values)).toEqual(closeToAll([9999, 10099, 9897, 9897]));
    expect(result.fills.map((fill) => fill.symbol)).toEqual(['AAA', 'AAA', 'BBB']);
    expect(Array.from(result.holdings.subarray(2, 4)), "day 1 holdings").toEqual([10, 0]);
    expect(Array.from(result.holdings.subarray(4, 6)), "day 2 holdings").toEqual([0, 4]);
  });

  it('with next-open values a day before its orders settle', () => {
    const broker = new Broker(table, { startValue: 10_000, fill: nextOpenFill, commission: fixedCommission(0), impact: proportionalImpact(0) });
    const result = executeOrders(broker, [{ dayIndex: 0, symbolIndex: 0, shares: 10 }], 0, 2);
    // day0 untouched; day1: bought at open 105 -> cash 8950 + 10*110; day2: 8950 + 900
    expect(Array.from(result.values)).toEqual(closeToAll([10_000, 10_050, 9_850]));
  });
});
