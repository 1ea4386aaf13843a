import { describe, expect, it } from 'vitest';
import { loadPrices } from '../../src/data/load.js';
import { fixtureDir, simpleFile } from '../helpers/fixtures.js';

const calendarDays = ['2010-01-04', '2010-01-05', '2010-01-06', '2010-01-07', '2010-01-08'] as const;

function folder(extra: Record<string, string> = {}) {
  return fixtureDir({
    'SPY.csv': simpleFile(calendarDays.map((date, i) => [date, 100 + i])),
    ...extra,
  });
}

describe('loadPrices', () => {
  it('keeps the calendar days inside the inclusive range', () => {
    const table = loadPrices({ symbols: ['SPY'], start: '2010-01-05', end: '2010-01-07', dataDir: folder() });
    expect(table.dates).toEqual(['2010-01-05', '2010-01-06', '2010-01-07']);
    expect(Array.from(table.series.get('SPY')!.adjClose)).toEqual([101, 102, 103]);
    expect(table.calendar).toBe('SPY');
  });

  it('fills a gap forward and a not-yet-listed symbol backward, and counts the filled days', () => {
    const dataDir = folder({
      // listed on the 5th, no row on the 7th, a nan row on the 8th
      'LATE.csv': simpleFile([
        ['2010-01-05', 10],
        ['2010-01-06', 11],
        ['2010-01-08', 'nan'],
      ]),
    });
    const late = loadPrices({ symbols: ['LATE'], dataDir }).series.get('LATE')!;
    expect(Array.from(late.adjClose)).toEqual([10, 10, 11, 11, 11]);
    expect(late.filled).toBe(3);
    expect(late.volume[0], 'no trading was observed on a filled day').toBe(0);
    expect([late.adjOpen[3], late.adjHigh[3], late.adjLow[3]]).toEqual([11, 11, 11]);
  });

  it('fills the first day of a range from the last price before the range, not from the future', () => {
    const dataDir = folder({
      'GAP.csv': simpleFile([
        ['2010-01-04', 50],
        ['2010-01-06', 70],
      ]),
    });
    const gap = loadPrices({ symbols: ['GAP'], start: '2010-01-05', dataDir }).series.get('GAP')!;
    expect(Array.from(gap.adjClose)).toEqual([50, 70, 70, 70]);
  });

  it('takes the first known price for a symbol that lists only after the range', () => {
    const dataDir = folder({ 'IPO.csv': simpleFile([['2010-01-08', 20]]) });
    const ipo = loadPrices({ symbols: ['IPO'], end: '2010-01-06', dataDir }).series.get('IPO')!;
    expect(Array.from(ipo.adjClose)).toEqual([20, 20, 20]);
    expect(ipo.filled).toBe(3);
  });

  it('drops rows on days the calendar does not have', () => {
    const dataDir = folder({
      'SAT.csv': simpleFile([
        ['2010-01-04', 1],
        ['2010-01-09', 99],
      ]),
    });
    const sat = loadPrices({ symbols: ['SAT'], dataDir }).series.get('SAT')!;
    expect(Array.from(sat.adjClose)).toEqual([1, 1, 1, 1, 1]);
  });

  it('scales open, high and low by adjClose / close of the same row', () => {
    const dataDir = folder({
      'DIV.csv': 'Date,Open,High,Low,Close,Volume,Adj Close\n2010-01-04,10,12,8,11,500,5.5\n',
    });
    const div = loadPrices({ symbols: ['DIV'], end: '2010-01-04', dataDir }).series.get('DIV')!;
    expect([div.adjOpen[0], div.adjHigh[0], div.adjLow[0], div.adjClose[0], div.volume[0]]).toEqual([5, 6, 4, 5.5, 500]);
  });

  it('finds a file case-insensitively and records its sha256', () => {
    const table = loadPrices({ symbols: ['spy'], dataDir: folder() });
    expect(table.series.get('spy')!.adjClose[0]).toBe(100);
    expect(table.sources.get('spy')!.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('uses the calendar named by the folder manifest when there is no SPY', () => {
    const dataDir = fixtureDir({
      'MKT.csv': simpleFile([
        ['2010-01-04', 1],
        ['2010-01-05', 2],
      ]),
      'dynaq-data.json': '{"calendar": "MKT"}',
    });
    const table = loadPrices({ symbols: ['MKT'], dataDir });
    expect(table.calendar).toBe('MKT');
    expect(table.dates).toEqual(['2010-01-04', '2010-01-05']);
  });

  describe('user errors', () => {
    it('names the folder searched and the symbols it has for a missing file', () => {
      const dataDir = folder();
      expect(() => loadPrices({ symbols: ['NOPE'], dataDir })).toThrow(
        new RegExp(`no price file for 'NOPE': ${dataDir}/NOPE\\.csv does not exist\\. The folder has: SPY\\.`),
      );
    });

    it('names the range the data covers when a range has no trading days', () => {
      expect(() => loadPrices({ symbols: ['SPY'], start: '2011-01-01', end: '2011-12-31', dataDir: folder() })).toThrow(
        'no trading days in 2011-01-01..2011-12-31: the calendar SPY.csv covers 2010-01-04..2010-01-08.',
      );
    });

    it.each(['../SPY', 'a/b', '..', 'x y', ''])('rejects %j as a symbol that is not a plain ticker', (symbol) => {
      expect(() => loadPrices({ symbols: [symbol], dataDir: folder() })).toThrow(/is not a plain ticker/);
    });

    it('reports a file error with the file and line even when it is not the calendar', () => {
      const dataDir = folder({ 'BAD.csv': 'Date,Close\n2010-01-04,1\n2010-01-05,x\n' });
      expect(() => loadPrices({ symbols: ['BAD'], dataDir })).toThrow("BAD.csv line 3: Close 'x' is not a number.");
    });

    it('rejects a symbol without a single price', () => {
      const dataDir = folder({ 'EMPTY.csv': simpleFile([['2010-01-04', 'nan']]) });
      expect(() => loadPrices({ symbols: ['EMPTY'], dataDir })).toThrow('EMPTY.csv: no prices at all');
    });

    it.each([
      ['{ not json', /dynaq-data\.json: not valid JSON/],
      ['{"calendar": 7}', /dynaq-data\.json: field 'calendar' must be a symbol name/],
      ['{"calendar": "../SPY"}', /dynaq-data\.json calendar '\.\.\/SPY' is not a plain ticker/],
    ])('rejects a folder manifest %s with one line naming the file', (manifest, message) => {
      const dataDir = fixtureDir({ 'A.csv': simpleFile([['2010-01-04', 1]]), 'dynaq-data.json': manifest });
      expect(() => loadPrices({ symbols: ['A'], dataDir })).toThrow(message);
    });

    it('asks for --calendar when the folder has no SPY and no manifest', () => {
      const dataDir = fixtureDir({ 'A.csv': simpleFile([['2010-01-04', 1]]) });
      expect(() => loadPrices({ symbols: ['A'], dataDir })).toThrow(/has no SPY\.csv .*--calendar/);
    });
  });
});
