import { fileURLToPath } from 'node:url';
import { loadPrices } from '../../src/data/load.js';
import type { PriceTable } from '../../src/data/types.js';
import { COURSE_SETUP, type TradingSetup } from '../../src/broker/setup.js';
import { windowIndices, type MarketWindow } from '../../src/data/window.js';

/** The bundled synthetic sample (always present, unlike ../shared/data). */
export const SAMPLE_DATA = fileURLToPath(new URL('../../data', import.meta.url));

export function sampleTable(symbol: string, end = '2011-12-31'): PriceTable {
  return loadPrices({ symbols: [symbol], end, dataDir: SAMPLE_DATA });
}

export function windowOf(table: PriceTable, symbol: string, start: string, end: string): MarketWindow {
  return { table, symbol, ...windowIndices(table, { start, end }, 'window') };
}

export const NO_COSTS: TradingSetup = { ...COURSE_SETUP, commission: 0, impact: 0 };
export const COURSE_COSTS: TradingSetup = COURSE_SETUP;
