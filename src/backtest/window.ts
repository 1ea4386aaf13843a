import { UserError } from '../errors.js';
import type { PriceTable } from '../data/types.js';

export interface DateRange {
  readonly start: string;
  readonly end: string;
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
