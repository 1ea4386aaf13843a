import fc from 'fast-check';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPriceFile } from '../../src/data/price-file.js';
import { fixtureDir } from '../helpers/fixtures.js';

function read(content: string, name = 'TEST.csv') {
  return readPriceFile(join(fixtureDir({ [name]: content }), name));
}

describe('readPriceFile', () => {
  it('reads the course format with rows in descending order and CRLF endings', () => {
    const rows = read(
      'Date,Open,High,Low,Close,Volume,Adj Close\r\n' +
        '2010-01-06,11,12,10,11.5,300,5.75\r\n' +
        '2010-01-05,10,11,9,10.5,200,5.25\r\n' +
        '2010-01-04,9,10,8,9.5,100,4.75\r\n',
    );
    expect(rows.dates).toEqual(['2010-01-04', '2010-01-05', '2010-01-06']);
    expect(Array.from(rows.adjClose)).toEqual([4.75, 5.25, 5.75]);
    expect(Array.from(rows.volume)).toEqual([100, 200, 300]);
    expect(Array.from(rows.lines)).toEqual([4, 3, 2]);
  });

  it('matches header names case-insensitively in any column order', () => {
    const rows = read('adj close,VOLUME,close,date,low,HIGH,Open\n20,5,40,2010-01-04,38,41,39\n');
    expect(rows.dates).toEqual(['2010-01-04']);
    expect([rows.open[0], rows.high[0], rows.low[0], rows.close[0], rows.adjClose[0], rows.volume[0]]).toEqual([
      39, 41, 38, 40, 20, 5,
    ]);
  });

  it('uses the close as adjusted close when the file has no Adj Close (Stooq export)', () => {
    const rows = read('Date,Open,High,Low,Close,Volume\n2010-01-04,1,2,0.5,1.5,10\n');
    expect(rows.adjClose[0]).toBe(1.5);
  });

  it('treats nan, null and empty fields as missing values', () => {
    const rows = read(
      'Date,Open,High,Low,Close,Volume,Adj Close\n2010-01-04,nan,nan,nan,nan,nan,nan\n2010-01-05,NULL,,1,2,3,\n',
    );
    expect(Number.isNaN(rows.adjClose[0])).toBe(true);
    expect(Number.isNaN(rows.open[1])).toBe(true);
    expect(Number.isNaN(rows.high[1])).toBe(true);
    expect(Number.isNaN(rows.adjClose[1])).toBe(true);
    expect(rows.close[1]).toBe(2);
  });

  it('parses quoted files through csv-parse with the same result as the plain path', () => {
    const plain = 'Date,Open,High,Low,Close,Volume,Adj Close\n2010-01-04,1,2,0.5,1.5,10,1.4\n2010-01-05,1,2,0.5,1.6,11,1.5\n';
    const quoted = '"Date","Open","High","Low","Close","Volume","Adj Close"\n"2010-01-04","1","2","0.5","1.5","10","1.4"\n\n"2010-01-05",1,2,0.5,1.6,11,1.5\n';
    const { lines: quotedLines, ...quotedValues } = read(quoted);
    const { lines: plainLines, ...plainValues } = read(plain);
    expect(quotedValues).toEqual(plainValues);
    expect(Array.from(plainLines)).toEqual([2, 3]);
    expect(Array.from(quotedLines), 'the blank line counts').toEqual([2, 4]);
  });

  it('reads plain files (fast scanner) to the same values as quoted files (csv-parse)', () => {
    const field = fc.oneof(
      fc.double({ min: 0.01, max: 1e6, noNaN: true }).map((value) => String(value)),
      fc.integer({ min: 1, max: 10 ** 8 }).map((value) => `${value}.${value % 100}`),
      fc.constantFrom('nan', 'NaN', 'null', '', ' 12.5 ', '1e3', '7', '0.0001', '12345678.9012345678'),
    );
    const row = fc.tuple(field, field, field, field, field, field);
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 20 }), fc.boolean(), (rows, crlf) => {
        const eol = crlf ? '\r\n' : '\n';
        const dates = rows.map((_, i) => `2010-01-${String(i + 1).padStart(2, '0')}`);
        const plain = ['Date,Open,High,Low,Close,Volume,Adj Close', ...rows.map((r, i) => [dates[i], ...r].join(','))].join(eol);
        const quoted = plain.replace(/^Date/, '"Date"');
        const { lines: plainLines, ...plainValues } = read(plain);
        const { lines: quotedLines, ...quotedValues } = read(quoted);
        expect(plainValues).toEqual(quotedValues);
        expect(plainLines).toEqual(quotedLines);
      }),
      { numRuns: 200 },
    );
  });

  it.each([
    ['missing Date column', 'Open,Close\n1,2\n', /BAD\.csv line 1: missing required column 'Date'/],
    ['missing Close column', 'Date,Open\n2010-01-04,1\n', /BAD\.csv line 1: missing required column 'Close'/],
    ['unparsable date', 'Date,Close\n2010-01-04,1\n2010-13-01,2\n', /BAD\.csv line 3: Date '2010-13-01' is not a date/],
    ['impossible day', 'Date,Close\n2009-02-29,1\n', /BAD\.csv line 2: Date '2009-02-29' is not a date/],
    ['unparsable number', 'Date,Close\n2010-01-04,1\n2010-01-05,abc\n', /BAD\.csv line 3: Close 'abc' is not a number/],
    ['duplicate date', 'Date,Close\n2010-01-05,1\n2010-01-04,2\n2010-01-05,3\n', /BAD\.csv line 4: duplicate date 2010-01-05 \(also on line 2\)/],
    ['zero price', 'Date,Close\n2010-01-04,0\n', /BAD\.csv line 2: Close 0 must be positive/],
    ['negative adjusted price', 'Date,Close,Adj Close\n2010-01-04,1,-1\n', /BAD\.csv line 2: Adj Close -1 must be positive/],
    ['negative volume', 'Date,Close,Volume\n2010-01-04,1,-5\n', /BAD\.csv line 2: Volume -5 must be zero or more/],
    ['empty file', '', /BAD\.csv: the file is empty/],
  ])('rejects a %s with a message naming file and line', (_case, content, message) => {
    expect(() => read(content, 'BAD.csv')).toThrow(message);
  });

  it('accepts other date spellings and normalizes them to ISO', () => {
    const rows = read('Date,Close\n1/5/2010,2\n20100104,1\n');
    expect(rows.dates).toEqual(['2010-01-04', '2010-01-05']);
  });
});

describe('pandas exports', () => {
  it('reads a date column whose header name is empty (the index pandas writes)', () => {
    const text = ',Open,High,Low,Close,Volume\n2013-03-01,1,2,0.5,1.5,100\n2013-03-04,1.5,2,1,1.75,200\n';
    const rows = readPriceFile('GOOG.csv', Buffer.from(text));
    expect(rows.dates).toEqual(['2013-03-01', '2013-03-04']);
    expect(Array.from(rows.adjClose)).toEqual([1.5, 1.75]);
  });
});
