import { UserError } from '../errors.js';
import type { PriceTable, SymbolSeries } from './types.js';

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

/**
 * The train and test windows must not overlap: a test window that starts on or before the end of
 * the training window would be scored on days the strategy learned from (look-ahead). Only an
 * explicit `allowOverlap` runs it anyway; reports then name it as look-ahead.
 */
export function checkWindowOrder(train: DateRange, test: DateRange, allowOverlap: boolean): void {
  if (allowOverlap || test.start > train.end) return;
  const where = test.end < train.start ? 'before' : 'on or before the end of';
  throw new UserError(
    `--test ${test.start}:${test.end} starts ${where} --train ${train.start}:${train.end}: it would be scored on days the ` +
      'strategy trained on. Give a later --test, or --allow-overlap to run it anyway (the report then says look-ahead).',
    2,
  );
}

/** Weekdays strictly after `from` up to and including `to` (ISO dates), counted without a calendar. */
function weekdaysBetween(from: string, to: string): number {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  let count = 0;
  for (let time = start + 86_400_000; time <= end && count < 10; time += 86_400_000) {
    const day = new Date(time).getUTCDay();
    if (day !== 0 && day !== 6) count++;
  }
  return count;
}

/**
 * A warning when a window asks for days the data does not have (it is clipped to the trading days
 * inside), or null. Weekends and a holiday at either edge are not "missing": only a gap of a
 * trading week or more between the requested edge and the data's first or last day counts.
 */
export function clippedWindowWarning(table: PriceTable, range: DateRange, window: { from: number; to: number }, flag: string): string | null {
  const first = table.dates[0]!;
  const last = table.dates[table.dates.length - 1]!;
  const before = range.start < first && weekdaysBetween(range.start, first) >= 5;
  const after = range.end > last && weekdaysBetween(last, range.end) >= 5;
  if (!before && !after) return null;
  return (
    `${flag} ${range.start}:${range.end} runs past the data (${first}..${last}); ` +
    `clipped to the trading days ${table.dates[window.from]}..${table.dates[window.to]}.`
  );
}

/**
 * A copy of the table whose prices of `symbol` after day `t` are changed by `change` (volume too:
 * doubled plus one): what a strategy that cannot look ahead decides up to day t does not change.
 */
export function withLaterPricesChanged(table: PriceTable, symbol: string, t: number, change: (price: number, day: number) => number): PriceTable {
  const original = table.series.get(symbol)!;
  const alter = (column: Float64Array) => column.map((price, day) => (day > t ? change(price, day) : price));
  const series: SymbolSeries = {
    adjClose: alter(original.adjClose),
    adjOpen: alter(original.adjOpen),
    adjHigh: alter(original.adjHigh),
    adjLow: alter(original.adjLow),
    volume: original.volume.map((volume, day) => (day > t ? volume * 2 + 1 : volume)),
    filled: original.filled,
  };
  return { ...table, series: new Map([...table.series, [symbol, series]]) };
}
