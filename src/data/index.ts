export { loadPrices, type LoadPricesOptions } from './load.js';
export { readPriceFile, type PriceFileRows } from './price-file.js';
export { resolveDataDir, listSymbols, defaultCalendar, MANIFEST_FILE } from './data-dir.js';
export { parseUserDate, parseDateRange, toIsoDate } from './dates.js';
export { assertTicker, parseSymbolList } from './symbols.js';
export type { PriceTable, SymbolSeries, SourceFile } from './types.js';
