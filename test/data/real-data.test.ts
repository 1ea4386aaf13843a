import { describe, expect, it } from 'vitest';
import { loadPrices } from '../../src/data/load.js';
import { readPriceFile } from '../../src/data/price-file.js';
import { hasSharedData, SHARED_PRICES } from '../helpers/shared-data.js';

describe.skipIf(!hasSharedData(SHARED_PRICES, 'real-data loader suite'))('loader on ../shared/data/prices', () => {
  it('has 505 SPY trading days in 2008-01-01..2009-12-31', () => {
    const table = loadPrices({ symbols: ['SPY'], start: '2008-01-01', end: '2009-12-31', dataDir: SHARED_PRICES });
    expect(table.dates).toHaveLength(505);
    expect(table.dates[0]).toBe('2008-01-02');
    expect(table.dates[504]).toBe('2009-12-31');
  });

  it("reads JPM's first adjusted close of 2008 (38.47) and aligns it without fills", () => {
    const jpm = loadPrices({ symbols: ['JPM'], start: '2008-01-01', end: '2009-12-31', dataDir: SHARED_PRICES }).series.get('JPM')!;
    expect(jpm.adjClose[0]).toBeCloseTo(38.47, 10);
    expect(jpm.filled).toBe(0);
  });

  it('back-fills GOOG before its listing on 2004-08-19 with its first price', () => {
    const table = loadPrices({ symbols: ['GOOG'], start: '2004-08-01', end: '2004-08-31', dataDir: SHARED_PRICES });
    const goog = table.series.get('GOOG')!;
    const listing = table.dates.indexOf('2004-08-19');
    expect(listing).toBeGreaterThan(0);
    expect(goog.filled).toBe(listing);
    for (let day = 0; day <= listing; day++) expect(goog.adjClose[day]).toBe(100.34);
    expect(goog.adjClose[listing + 1]).toBe(108.31);
  });

  it("fills a delisted symbol's nan tail forward from its last real price", () => {
    const raw = readPriceFile(`${SHARED_PRICES}/ACS.csv`);
    let lastReal = raw.dates.length - 1;
    while (Number.isNaN(raw.adjClose[lastReal])) lastReal--;
    expect(lastReal).toBeLessThan(raw.dates.length - 1);
    const table = loadPrices({ symbols: ['ACS'], start: raw.dates[lastReal - 2], dataDir: SHARED_PRICES });
    const acs = table.series.get('ACS')!;
    const tail = Array.from(acs.adjClose.subarray(2));
    expect(new Set(tail)).toEqual(new Set([raw.adjClose[lastReal]]));
    expect(acs.filled).toBe(table.dates.length - 3);
    expect(acs.adjClose.every((value) => Number.isFinite(value))).toBe(true);
  });

  it('reads the CRLF index file $SPX.csv', () => {
    const table = loadPrices({ symbols: ['$SPX'], start: '2008-01-01', end: '2009-12-31', dataDir: SHARED_PRICES });
    const spx = table.series.get('$SPX')!;
    expect(spx.adjClose).toHaveLength(505);
    expect(spx.adjClose[0]).toBeCloseTo(1447.16, 2);
    expect(spx.filled).toBe(0);
  });
});
