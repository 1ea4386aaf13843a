import { describe, expect, it } from 'vitest';
import { isUserError } from '../../src/errors.js';
import { parseOrders } from '../../src/marketsim/orders.js';

function errorOf(text: string): string {
  try {
    parseOrders(text, 'bad.csv');
  } catch (error) {
    if (!isUserError(error)) throw error;
    expect(error.message, 'one line').not.toMatch(/\n/);
    return error.message;
  }
  throw new Error('expected a UserError');
}

const header = 'Date,Symbol,Order,Shares\n';

describe('parseOrders', () => {
  it('reads rows with their source line, CRLF and a missing final newline included', () => {
    const orders = parseOrders('Date,Symbol,Order,Shares\r\n2011-01-10,AAPL,BUY,1500\r\n\r\n2011-01-05,IBM,sell,0', 'o.csv');
    expect(orders).toEqual([
      { date: '2011-01-10', symbol: 'AAPL', side: 'BUY', shares: 1500, source: 'o.csv:2' },
      { date: '2011-01-05', symbol: 'IBM', side: 'SELL', shares: 0, source: 'o.csv:4' },
    ]);
  });

  it('accepts the columns in any order', () => {
    expect(parseOrders('Shares,Order,Symbol,Date\n10,BUY,XOM,2011-02-02\n', 'o.csv')[0]).toMatchObject({ symbol: 'XOM', shares: 10 });
  });

  it('names file, line and field for each kind of bad row', () => {
    expect(errorOf(`${header}2011-01-10,AAPL,BUY,10\n2011-13-01,AAPL,BUY,10\n`)).toBe(
      "bad.csv:3: Date '2011-13-01' is not a date of the form yyyy-MM-dd",
    );
    expect(errorOf(`${header}2011/01/10,AAPL,BUY,10\n`)).toMatch(/^bad\.csv:2: Date '2011\/01\/10'/);
    expect(errorOf(`${header}2011-01-10,AAPL,HOLD,10\n`)).toBe("bad.csv:2: Order 'HOLD' must be BUY or SELL");
    expect(errorOf(`${header}2011-01-10,AAPL,BUY,-10\n`)).toMatch(/^bad\.csv:2: Shares '-10' must be a whole number >= 0/);
    expect(errorOf(`${header}2011-01-10,AAPL,BUY,1.5\n`)).toMatch(/^bad\.csv:2: Shares '1\.5' must be a whole number/);
    expect(errorOf(`${header}2011-01-10,AAPL,BUY,\n`)).toMatch(/^bad\.csv:2: Shares ''/);
    expect(errorOf(`${header}2011-01-10,AAPL,BUY\n`)).toMatch(/^bad\.csv:2: expected 4 fields/);
    expect(errorOf(`${header}2011-01-10,,BUY,5\n`)).toMatch(/^bad\.csv:2: Symbol ''/);
  });

  it('names a missing column and an empty file', () => {
    expect(errorOf('Date,Symbol,Shares\n2011-01-10,AAPL,10\n')).toMatch(/^bad\.csv:1: missing column 'Order'/);
    expect(errorOf('')).toMatch(/^bad\.csv: empty file/);
    expect(errorOf(header)).toMatch(/^bad\.csv: no orders/);
  });
});
