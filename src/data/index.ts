export { loadPrices, type LoadPricesOptions } from './load.js';
export { resolveDataDir, defaultCalendar } from './data-dir.js';
export { parseUserDate } from './dates.js';
export { assertTicker } from './symbols.js';
export type { PriceTable, SymbolSeries, SourceFile } from './types.js';
