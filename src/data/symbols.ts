import { UserError } from '../errors.js';

/** Letters, digits and `$ . - _ +`: enough for tickers like `$SPX`, `BRK.B`, `SYN-TREND`. */
const TICKER = /^[A-Za-z0-9$._+-]+$/;

/**
 * Checks that a symbol is a plain ticker, so `SYMBOL.csv` can never name a file outside the
 * data folder (no `/`, `\`, `..`, or empty names).
 */
export function assertTicker(symbol: string, where = 'symbol'): string {
  if (!TICKER.test(symbol) || /^\.+$/.test(symbol) || symbol.length > 32) {
    throw new UserError(
      `${where} '${symbol}' is not a plain ticker: use letters, digits and $ . - _ + (at most 32 characters).`,
      2,
    );
  }
  return symbol;
}

/** Splits `JPM,AAPL GOOG` style lists (commas and/or spaces) and validates every name. */
export function parseSymbolList(texts: readonly string[], where = 'symbol', required = false): string[] {
  const symbols = texts
    .flatMap((text) => text.split(/[\s,]+/))
    .filter((text) => text.length > 0)
    .map((symbol) => assertTicker(symbol, where));
  if (required && symbols.length === 0) throw new UserError(`${where} names no symbol; give at least one, e.g. ${where} JPM,AAPL.`, 2);
  return [...new Set(symbols)];
}

/** What kind of series a symbol of a price folder is, for `sweep --all`: a stock, or one it leaves out unless asked. */
export type SeriesKind = 'stock' | 'calendar' | 'index' | 'synthetic';

/**
 * The calendar symbol (its rows are the trading days), an index (`$SPX`, `$DJI`, `$VIX`, `^GSPC`:
 * not tradable) and the course's synthetic series (`ML4T-220`, `SINE_*`, `FAKE*`) are not stocks:
 * a sweep over "every symbol" means the stocks.
 */
export function seriesKind(symbol: string, calendar: string): SeriesKind {
  if (symbol.toUpperCase() === calendar.toUpperCase()) return 'calendar';
  if (/^[$^]/.test(symbol)) return 'index';
  if (/^(ML4T-\d+|SINE_.*|FAKE\d*)$/i.test(symbol)) return 'synthetic';
  return 'stock';
}
