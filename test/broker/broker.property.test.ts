import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Broker, executeOrders, fixedCommission, nextOpenFill, proportionalImpact, type BrokerOrder } from '../../src/broker/index.js';
import { isoDays, makePriceTable } from '../helpers/price-table.js';

const price = fc.double({ min: 1, max: 500, noNaN: true, noDefaultInfinity: true });
const costs = fc.record({
  commission: fc.double({ min: 0, max: 20, noNaN: true }),
  impact: fc.double({ min: 0, max: 0.02, noNaN: true }),
});

/** A small market: 2 symbols over `days` days with random closes and opens, plus random orders. */
const market = fc.integer({ min: 2, max: 12 }).chain((days) =>
  fc.record({
    days: fc.constant(days),
    closeA: fc.array(price, { minLength: days, maxLength: days }),
    closeB: fc.array(price, { minLength: days, maxLength: days }),
    openA: fc.array(price, { minLength: days, maxLength: days }),
    openB: fc.array(price, { minLength: days, maxLength: days }),
    orders: fc.array(
      fc.record({
        dayIndex: fc.integer({ min: 0, max: days - 1 }),
        symbolIndex: fc.integer({ min: 0, max: 1 }),
        shares: fc.integer({ min: -3000, max: 3000 }),
      }),
      { maxLength: 20 },
    ),
    costs,
    nextOpen: fc.boolean(),
  }),
);

type Market = typeof market extends fc.Arbitrary<infer T> ? T : never;

function tableOf(m: Market) {
  return makePriceTable(isoDays(m.days), {
    AAA: { adjClose: m.closeA, adjOpen: m.openA },
    BBB: { adjClose: m.closeB, adjOpen: m.openB },
  });
}

const closeTo = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));

describe('broker invariants (property tests)', () => {
  it('value = cash + sum(holdings x adjusted close) every day, rebuilt independently from the fills', () => {
    fc.assert(
      fc.property(market, (m) => {
        const table = tableOf(m);
        const broker = new Broker(table, {
          startValue: 100_000,
          fill: m.nextOpen ? nextOpenFill : undefined,
          commission: fixedCommission(m.costs.commission),
          impact: proportionalImpact(m.costs.impact),
        });
        const result = executeOrders(broker, m.orders, 0, m.days - 1);
        const closes = [m.closeA, m.closeB];
        for (let day = 0; day < m.days; day++) {
          let cash = 100_000;
          const held = [0, 0];
          for (const fill of result.fills) {
            // A fill is in a day's close value when it settled that day or before.
            if (fill.dayIndex > day) continue;
            cash -= fill.shares * fill.price + fill.cost;
            held[fill.symbolIndex]! += fill.shares;
          }
          const expected = cash + held[0]! * closes[0]![day]! + held[1]! * closes[1]![day]!;
          expect(closeTo(result.values[day]!, expected), `day ${day}: ${result.values[day]} vs ${expected}`).toBe(true);
          expect(closeTo(result.cash[day]!, cash), `cash day ${day}`).toBe(true);
        }
        // Each non-zero order either filled or was rejected; 0-share orders are neither.
        const nonZero = m.orders.filter((o) => o.shares !== 0).length;
        expect(result.fills.length + result.rejections.length).toBe(nonZero);
      }),
      { numRuns: 300 },
    );
  });

  it('a round trip on a flat price loses exactly two commissions plus both legs of impact', () => {
    fc.assert(
      fc.property(price, fc.integer({ min: 1, max: 10_000 }), costs, fc.boolean(), (p, shares, cost, shortFirst) => {
        const table = makePriceTable(isoDays(3), { AAA: [p, p, p] });
        const broker = new Broker(table, {
          startValue: 1_000_000,
          commission: fixedCommission(cost.commission),
          impact: proportionalImpact(cost.impact),
        });
        const sign = shortFirst ? -1 : 1;
        broker.submit(0, 'AAA', sign * shares);
        broker.submit(2, 'AAA', -sign * shares);
        const expectedLoss = 2 * cost.commission + 2 * cost.impact * shares * p;
        expect(closeTo(1_000_000 - broker.valueAt(2), expectedLoss)).toBe(true);
        expect(broker.holdings[0]).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('long and short are symmetric: gains of one are the losses of the other, less the same costs', () => {
    fc.assert(
      fc.property(market, fc.integer({ min: 1, max: 5000 }), (m, shares) => {
        const table = tableOf(m);
        const config = { startValue: 100_000, commission: fixedCommission(m.costs.commission), impact: proportionalImpact(m.costs.impact) };
        const long = new Broker(table, config);
        const short = new Broker(table, config);
        const last = m.days - 1;
        long.submit(0, 'AAA', shares);
        short.submit(0, 'AAA', -shares);
        long.submit(last, 'AAA', -shares);
        short.submit(last, 'AAA', shares);
        const costsPaid = (b: Broker) => b.fills.reduce((sum, fill) => sum + fill.cost, 0);
        expect(closeTo(costsPaid(long), costsPaid(short))).toBe(true);
        const longGain = long.valueAt(last) - 100_000 + costsPaid(long);
        const shortGain = short.valueAt(last) - 100_000 + costsPaid(short);
        expect(closeTo(longGain, -shortGain), `${longGain} vs ${-shortGain}`).toBe(true);
        expect(closeTo(longGain, shares * (m.closeA[last]! - m.closeA[0]!))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('position limits and the margin requirement are never broken by a fill that raises exposure', () => {
    fc.assert(
      fc.property(market, fc.integer({ min: 1, max: 2000 }), fc.double({ min: 0.3, max: 2, noNaN: true }), fc.boolean(), (m, limit, margin, cut) => {
        const table = tableOf(m);
        const broker = new Broker(table, {
          startValue: 100_000,
          positionLimits: { min: -limit, max: limit },
          margin,
          onExcess: cut ? 'cut' : 'refuse',
          commission: fixedCommission(m.costs.commission),
          impact: proportionalImpact(m.costs.impact),
        });
        const closes = [m.closeA, m.closeB];
        const exposureAt = (day: number) => {
          let gross = 0;
          let net = 0;
          for (let s = 0; s < 2; s++) {
            gross += Math.abs(broker.holdings[s]!) * closes[s]![day]!;
            net += broker.holdings[s]! * closes[s]![day]!;
          }
          return { gross, equity: net + broker.cash };
        };
        const sorted: BrokerOrder[] = [...m.orders].sort((a, b) => a.dayIndex - b.dayIndex);
        for (const order of sorted) {
          const before = exposureAt(order.dayIndex);
          const result = broker.submit(order.dayIndex, order.symbolIndex, order.shares);
          for (const held of broker.holdings) expect(Math.abs(held)).toBeLessThanOrEqual(limit);
          if (result.status === 'filled') {
            const after = exposureAt(order.dayIndex);
            expect(Math.abs(result.shares)).toBeLessThanOrEqual(Math.abs(order.shares));
            expect(Math.sign(result.shares)).toBe(Math.sign(order.shares));
            // A fill that raised exposure leaves equity covering margin x exposure.
            if (after.gross > before.gross + 1e-9) expect(after.equity).toBeGreaterThanOrEqual(margin * after.gross - 1e-6 * Math.max(1, after.gross));
            if (!cut) expect(result.shares).toBe(order.shares);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
