import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { UserError, userFsError } from '../errors.js';
import { defaultCalendar, symbolFile } from './data-dir.js';
import { readPriceFile, type PriceFileRows } from './price-file.js';
import { assertTicker } from './symbols.js';
import type { PriceTable, SourceFile, SymbolSeries } from './types.js';

export interface LoadPricesOptions {
  readonly symbols: readonly string[];
  /** First day, ISO `yyyy-MM-dd`, inclusive; default: the calendar's first day. */
  readonly start?: string;
  /** Last day, inclusive; default: the calendar's last day. */
  readonly end?: string;
  readonly dataDir: string;
  /** Symbol whose rows are the trading days; default SPY, or the folder's manifest. */
  readonly calendar?: string;
}

/**
 * Loads daily prices of `symbols` aligned to the calendar symbol's trading days in
 * `start..end` (inclusive). A missing value is filled forward from the last known value (rows
 * before `start` included, so a gap on the first day takes the real earlier price), then
 * backward for a symbol not yet listed (it takes its first known price). See DOMAIN.md.
 */
export function loadPrices(options: LoadPricesOptions): PriceTable {
  const { dataDir } = options;
  const calendar = assertTicker(options.calendar ?? defaultCalendar(dataDir), 'calendar');
  const symbols = options.symbols.map((symbol) => assertTicker(symbol));
  if (symbols.length === 0) throw new UserError('no symbols given: name at least one, e.g. JPM.', 2);
  if (options.start && options.end && options.start > options.end) {
    throw new UserError(`the range ${options.start}..${options.end} ends before it starts.`, 2);
  }

  const files = new Map<string, { rows: PriceFileRows; source: SourceFile }>();
  const readSymbol = (symbol: string) => {
    const key = symbol.toUpperCase();
    let file = files.get(key);
    if (!file) {
      const path = symbolFile(dataDir, symbol);
      let bytes: Buffer;
      try {
        bytes = readFileSync(path);
      } catch (error) {
        throw userFsError(error, path, `cannot read the price file of ${symbol}:`);
      }
      file = {
        rows: readPriceFile(path, bytes),
        source: { path, sha256: createHash('sha256').update(bytes).digest('hex') },
      };
      files.set(key, file);
    }
    return file;
  };

  const calendarRows = readSymbol(calendar).rows;
  const dates = tradingDays(calendarRows, options.start, options.end, basename(readSymbol(calendar).source.path));
  const series = new Map<string, SymbolSeries>();
  const sources = new Map<string, SourceFile>();
  for (const symbol of symbols) {
    const { rows, source } = readSymbol(symbol);
    series.set(symbol, alignToCalendar(rows, dates, basename(source.path)));
    sources.set(symbol, source);
  }
  // The calendar file decides the trading days, so it is a source of every table too.
  if (!sources.has(calendar)) sources.set(calendar, readSymbol(calendar).source);
  return { dates, symbols, series, calendar, dataDir, sources };
}

/**
 * A range asked for that holds no trading day: it lies wholly outside the calendar's dates. The
 * command that knows where the range came from (a flag, an orders file) says so with `outside`.
 */
export class NoTradingDaysError extends UserError {
  constructor(
    readonly start: string | undefined,
    readonly end: string | undefined,
    /** The calendar's file name and its first and last date. */
    readonly calendarFile: string,
    readonly first: string,
    readonly last: string,
  ) {
    super(`no trading days in ${start ?? 'the start'}..${end ?? 'the end'}: the calendar ${calendarFile} covers ${first}..${last}.`);
  }

  /** The same error, one line naming what the user gave (`--test 2030-01-01:2030-12-31 has`) and the data's range. */
  outside(what: string, exitCode = this.exitCode): UserError {
    return new UserError(`${what} no trading day in the data: ${this.calendarFile} (the calendar) covers ${this.first}..${this.last}.`, exitCode);
  }
}

function tradingDays(rows: PriceFileRows, start: string | undefined, end: string | undefined, file: string): string[] {
  const all = rows.dates;
  if (all.length === 0) throw new UserError(`${file}: the calendar file has no rows.`);
  const days = all.filter((date) => (!start || date >= start) && (!end || date <= end));
  if (days.length === 0) throw new NoTradingDaysError(start, end, file, all[0]!, all[all.length - 1]!);
  return days;
}

/**
 * Aligns one file's rows to the trading days with a single merge pass over both sorted date
 * lists. Filled days have open = high = low = close (nothing traded) and volume 0.
 */
export function alignToCalendar(rows: PriceFileRows, dates: readonly string[], file: string): SymbolSeries {
  const n = dates.length;
  const adjClose = new Float64Array(n).fill(NaN);
  const adjOpen = new Float64Array(n).fill(NaN); // NaN marks a filled day until the end
  const adjHigh = new Float64Array(n);
  const adjLow = new Float64Array(n);
  const volume = new Float64Array(n);

  let row = 0;
  let lastKnown = NaN;
  let filled = 0;
  for (let day = 0; day < n; day++) {
    const date = dates[day]!;
    // Every row before this day (including rows on days the calendar does not have) is history.
    while (row < rows.dates.length && rows.dates[row]! < date) {
      if (!Number.isNaN(rows.adjClose[row]!)) lastKnown = rows.adjClose[row]!;
      row++;
    }
    const price = row < rows.dates.length && rows.dates[row] === date ? rows.adjClose[row]! : NaN;
    if (!Number.isNaN(price)) {
      const close = rows.close[row]!;
      const scale = Number.isNaN(close) ? 1 : price / close;
      adjClose[day] = price;
      adjOpen[day] = orElse(rows.open[row]! * scale, price);
      adjHigh[day] = orElse(rows.high[row]! * scale, price);
      adjLow[day] = orElse(rows.low[row]! * scale, price);
      volume[day] = orElse(rows.volume[row]!, 0);
      lastKnown = price;
    } else {
      filled++;
      adjClose[day] = lastKnown; // NaN until the symbol has a first price: back-filled below
    }
  }

  const firstIndex = adjClose.findIndex((value) => !Number.isNaN(value));
  if (firstIndex < 0) {
    // Not listed during the whole range: take the first price the file has at all.
    const firstPrice = rows.adjClose.find((value) => !Number.isNaN(value));
    if (firstPrice === undefined) throw new UserError(`${file}: no prices at all (every Adj Close is missing).`);
    adjClose.fill(firstPrice);
  } else {
    adjClose.fill(adjClose[firstIndex]!, 0, firstIndex);
  }
  for (let day = 0; day < n; day++) {
    if (Number.isNaN(adjOpen[day])) {
      adjOpen[day] = adjHigh[day] = adjLow[day] = adjClose[day]!;
    }
  }
  return { adjClose, adjOpen, adjHigh, adjLow, volume, filled };
}

function orElse(value: number, fallback: number): number {
  return Number.isNaN(value) ? fallback : value;
}
