import { describe, expect, it } from 'vitest';
import { isUserError } from '../../src/errors.js';
import { parseOrders } from '../../src/marketsim/orders.js';
import { simulateOrders } from '../../src/marketsim/simulate.js';
import { closeToAll, makePriceTable } from '../helpers/price-table.js';

const dates = ['2020-03-02', '2020-03-03', '2020-03-04', '2020-03-05', '2020-03-06', '2020-03-09'];
const table = makePriceTable(dates, {
  AAA: [10, 11, 12, 11, 13, 14],
  BBB: [20, 20, 21, 22, 21, 20],
});
const noCosts = { startValue: 1000, commission: 0, impact: 0 };

describe('simulateOrders', () => {
  it('sorts by date, keeps same-day file order, and values first..last order date', () => {
    const orders = parseOrders(
      ['Date,Symbol,Order,Shares', '2020-03-05,AAA,SELL,10', '2020-03-03,BBB,BUY,5', '2020-03-03,AAA,BUY,10', '2020-03-03,BBB,SELL,5'].join('\n'),
      'o.csv',
    );
    const result = simulateOrders(orders, table, noCosts);
    expect(result.dates).toEqual(['2020-03-03', '2020-03-04', '2020-03-05']);
    // 03-03: buy 10 AAA at 11 -> cash 890; BBB round trip at 20 nets 0. Value 890 + 110 = 1000.
    // 03-04: 890 + 120 = 1010.  03-05: sell 10 at 11 -> 1000.
    expect(Array.from(result.values)).toEqual(closeToAll([1000, 1010, 1000]));
    expect(result.fills.map((f) => `${f.symbol}${f.shares}`)).toEqual(['BBB5', 'AAA10', 'BBB-5', 'AAA-10']);
    expect(result.stats.orders).toBe(4);
    expect(result.stats.trades).toBe(2);
  });

  it('charges commission and impact per order (course formula)', () => {
    const orders = parseOrders('Date,Symbol,Order,Shares\n2020-03-02,AAA,BUY,100\n2020-03-06,AAA,SELL,100\n', 'o.csv');
    const result = simulateOrders(orders, table, { startValue: 10_000, commission: 9.95, impact: 0.005 });
    // buy: 10000 - 1000 - 9.95 - 5 = 8985.05 cash; sell at 13: + 1300 - 9.95 - 6.5
    expect(result.values[0]).toBeCloseTo(8985.05 + 1000, 9);
    expect(result.values[4]).toBeCloseTo(8985.05 + 1300 - 9.95 - 6.5, 9);
    expect(result.stats.days).toBe(5);
  });

  it('a 0-share order only spans the window and costs nothing', () => {
    const orders = parseOrders('Date,Symbol,Order,Shares\n2020-03-02,AAA,BUY,0\n2020-03-09,BBB,SELL,0\n', 'o.csv');
    const result = simulateOrders(orders, table, { startValue: 500, commission: 9.95, impact: 0.005 });
    expect(Array.from(result.values)).toEqual(closeToAll([500, 500, 500, 500, 500, 500]));
    expect(result.stats.orders).toBe(0);
    expect(result.stats.sharpeRatio).toBeNull();
  });

  it('next-open fills at the next day\'s open and values the first to the last order date, a day read before its orders', () => {
    const orders = parseOrders('Date,Symbol,Order,Shares\n2020-03-02,AAA,BUY,10\n2020-03-04,AAA,SELL,10\n2020-03-05,AAA,BUY,0\n', 'o.csv');
    const result = simulateOrders(orders, table, { ...noCosts, fill: 'next-open' });
    // opens = closes in this table: buy at 11 on 03-03, sell at 11 on 03-05.
    expect(result.dates).toEqual(['2020-03-02', '2020-03-03', '2020-03-04', '2020-03-05']);
    expect(Array.from(result.values)).toEqual(closeToAll([1000, 1000, 1010, 1000]));
    const lastDay = simulateOrders(orders.slice(0, 2), table, { ...noCosts, fill: 'next-open' });
    expect(lastDay.dates, 'no day past the last order date').toEqual(['2020-03-02', '2020-03-03', '2020-03-04']);
    expect(result.fillModel).toBe('next-open');
    const atEnd = simulateOrders(parseOrders('Date,Symbol,Order,Shares\n2020-03-09,AAA,BUY,1\n', 'o.csv'), table, { ...noCosts, fill: 'next-open' });
    expect(atEnd.rejections).toHaveLength(1);
    expect(atEnd.rejections[0]!.reason).toMatch(/needs a trading day after 2020-03-09/);
  });

  it('an order on a day that is not a trading day or for a symbol without data is a user error naming file, line, date, symbol', () => {
    const expectUserError = (text: string, pattern: RegExp) => {
      try {
        simulateOrders(parseOrders(text, 'o.csv'), table, noCosts);
      } catch (error) {
        expect(isUserError(error)).toBe(true);
        expect((error as Error).message).toMatch(pattern);
        return;
      }
      throw new Error('expected a UserError');
    };
    expectUserError('Date,Symbol,Order,Shares\n2020-03-02,AAA,BUY,1\n2020-03-07,AAA,SELL,1\n', /^o\.csv:3: 2020-03-07 is not a trading day .*SELL 1 AAA/);
    expectUserError('Date,Symbol,Order,Shares\n2020-03-02,AAA,BUY,1\n2020-03-03,ZZZ,BUY,1\n', /^o\.csv:3: no price data for symbol ZZZ \(order on 2020-03-03\)/);
  });
});
