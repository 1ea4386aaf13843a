import { describe, expect, it } from 'vitest';
import { csvField, ordersCsv, toCsv, tradesCsv, valuesCsv } from '../../src/report/csv.js';

describe('csvField', () => {
  it('quotes a field with a comma, quote, CR or LF and doubles quotes', () => {
    expect(csvField('JPM')).toBe('JPM');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField(' padded')).toBe('" padded"');
    expect(csvField('')).toBe('');
  });

  it('writes numbers at full precision, null as empty, and refuses NaN', () => {
    expect(csvField(1026658.3265)).toBe('1026658.3265');
    expect(csvField(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(csvField(-1000)).toBe('-1000');
    expect(csvField(-0)).toBe('0');
    expect(csvField(null)).toBe('');
    expect(() => csvField(Number.NaN)).toThrow(/NaN is not a finite number/);
    expect(() => csvField(Number.POSITIVE_INFINITY)).toThrow(/Infinity/);
  });
});

describe('CSV files', () => {
  it('joins a header and rows with LF and ends with a newline', () => {
    expect(toCsv(['a', 'b,c'], [[1, 'x'], [null, 'y"z']])).toBe('a,"b,c"\n1,x\n,"y""z"\n');
    expect(toCsv(['a'], [])).toBe('a\n');
    expect(() => toCsv(['a', 'b'], [[1]])).toThrow(/line 2 has 1 fields for 2 columns/);
  });

  it('writes trades.csv with signed shares, one row per day', () => {
    const trades = [
      { date: '2008-01-02', symbol: 'JPM', shares: 1000 },
      { date: '2008-01-03', symbol: 'JPM', shares: 0 },
      { date: '2008-01-04', symbol: 'JPM', shares: -2000 },
    ];
    expect(tradesCsv(trades)).toBe('Date,Symbol,Shares\n2008-01-02,JPM,1000\n2008-01-03,JPM,0\n2008-01-04,JPM,-2000\n');
  });

  it('writes orders in the market-simulator format, a 0-share BUY where nothing trades', () => {
    const trades = [
      { date: '2008-01-02', symbol: 'JPM', shares: 1000 },
      { date: '2008-01-03', symbol: 'JPM', shares: 0 },
      { date: '2008-01-04', symbol: 'JPM', shares: -2000 },
    ];
    expect(ordersCsv(trades)).toBe('Date,Symbol,Order,Shares\n2008-01-02,JPM,BUY,1000\n2008-01-03,JPM,BUY,0\n2008-01-04,JPM,SELL,2000\n');
  });

  it('writes values.csv with one column per series', () => {
    const text = valuesCsv(['2008-01-02', '2008-01-03'], [
      { name: 'Dyna-Q', values: Float64Array.from([100000, 100512.5]) },
      { name: 'Buy & hold, JPM', values: [100000, 99875.25] },
    ]);
    expect(text).toBe('Date,Dyna-Q,"Buy & hold, JPM"\n2008-01-02,100000,100000\n2008-01-03,100512.5,99875.25\n');
    expect(() => valuesCsv(['2008-01-02'], [{ name: 'x', values: [1, 2] }])).toThrow(/"x" has 2 values for 1 dates/);
  });
});
