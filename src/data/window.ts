import { UserError } from '../errors.js';
import type { PriceTable } from './types.js';

/** An inclusive date range `start..end` (ISO dates), as the user gave it. */
export interface DateRange {
  readonly start: string;
  readonly end: string;
}

/**
 * The days a strategy trades: day indices `from..to` (inclusive) of a price table that may hold
 * history before `from` (indicator warm-up). A strategy may read prices up to day t when it
 * decides day t's trade, never later ones.
 */
export interface MarketWindow {
  readonly table: PriceTable;
  readonly symbol: string;
  readonly from: number;
  readonly to: number;
}

/**
 * Day indices `from..to` (inclusive) of the table's trading days inside `range`. `flag` names
 * the option the range came from, so an empty window tells the user which one to fix.
 */
export function windowIndices(table: PriceTable, range: DateRange, flag: string): { from: number; to: number } {
  const { dates } = table;
  let from = 0;
  while (from < dates.length && dates[from]! < range.start) from++;
  let to = dates.length - 1;
  while (to >= 0 && dates[to]! > range.end) to--;
  if (from > to) {
    throw new UserError(
      `${flag} ${range.start}:${range.end} has no trading days: the data covers ${dates[0]}..${dates[dates.length - 1]}.`,
      2,
    );
  }
  if (to - from < 2) {
    throw new UserError(`${flag} ${range.start}:${range.end} has only ${to - from + 1} trading days; a backtest needs at least 3.`, 2);
  }
  return { from, to };
}

/** The window of `range` in `table` for `symbol`. */
export function marketWindow(table: PriceTable, symbol: string, range: DateRange, flag: string): MarketWindow {
  return { table, symbol, ...windowIndices(table, range, flag) };
}

/**
 * A copy of the table that ends at day `to` (inclusive): what a strategy may see while it trains on
 * a window ending there. Later days are not hidden but absent, so no code can read them.
 */
export function tableUpTo(table: PriceTable, to: number): PriceTable {
  if (to >= table.dates.length - 1) return table;
  const series = new Map(
    [...table.series].map(([symbol, s]) => [
      symbol,
      {
        adjClose: s.adjClose.slice(0, to + 1),
        adjOpen: s.adjOpen.slice(0, to + 1),
        adjHigh: s.adjHigh.slice(0, to + 1),
        adjLow: s.adjLow.slice(0, to + 1),
        volume: s.volume.slice(0, to + 1),
        filled: s.filled,
      },
    ]),
  );
  return { ...table, dates: table.dates.slice(0, to + 1), series };
}
