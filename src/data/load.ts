import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync, statSync, type Stats } from 'node:fs';
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
  /** Parsed files kept from earlier loads (a sweep's calendar is read once, not once a symbol). */
  readonly files?: PriceFileCache;
}

/** What identifies a file's content without reading it: a changed file changes one of these. */
export interface FileIdentity {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ino: number;
}

const identityOf = (stats: FileIdentity): FileIdentity => ({ size: stats.size, mtimeMs: stats.mtimeMs, ino: stats.ino });
const sameIdentity = (a: FileIdentity, b: FileIdentity) => a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino;

/** sha256 of files this thread has hashed (or was told), by path, with the identity they had. */
const knownHashes = new Map<string, FileIdentity & { readonly sha256: string }>();

/** A file's hash as plain data, to hand to another thread with the job that reads the file. */
export type KnownHash = readonly [path: string, size: number, mtimeMs: number, ino: number, sha256: string];

/**
 * sha256 of a file's bytes, each file hashed once in a thread: a sweep's planning hashes every
 * price file, and loading the same file later (unchanged: same size, mtime and inode) takes that
 * hash instead of hashing it again. `bytes` are hashed when given and the hash is not known.
 */
export function fileSha256(path: string, bytes?: Uint8Array, stats: FileIdentity = statSync(path)): string {
  const identity = identityOf(stats);
  const known = knownHashes.get(path);
  if (known !== undefined && sameIdentity(known, identity)) return known.sha256;
  const sha256 = createHash('sha256').update(bytes ?? readFileSync(path)).digest('hex');
  knownHashes.set(path, { ...identity, sha256 });
  return sha256;
}

/** The hashes this thread knows for `paths`, to send along with work for another thread. */
export function knownHashesOf(paths: readonly string[]): KnownHash[] {
  return paths.flatMap((path) => {
    const known = knownHashes.get(path);
    return known === undefined ? [] : [[path, known.size, known.mtimeMs, known.ino, known.sha256] as const];
  });
}

/** Takes hashes another thread computed; each is used only while the file keeps its identity. */
export function rememberHashes(hashes: readonly KnownHash[]): void {
  for (const [path, size, mtimeMs, ino, sha256] of hashes) knownHashes.set(path, { size, mtimeMs, ino, sha256 });
}

/**
 * Parsed price files kept between loads, at most `limit` of them (the least recently used goes
 * first), each reused only while the file is unchanged. Memory stays flat however many symbols a
 * sweep has, and its calendar, read for every symbol, is parsed once.
 */
export class PriceFileCache {
  private readonly files = new Map<string, { readonly identity: FileIdentity; readonly rows: PriceFileRows; readonly source: SourceFile }>();

  constructor(private readonly limit = 3) {}

  get(path: string, identity: FileIdentity): { rows: PriceFileRows; source: SourceFile } | undefined {
    const entry = this.files.get(path);
    if (entry === undefined || !sameIdentity(entry.identity, identity)) return undefined;
    this.files.delete(path);
    this.files.set(path, entry);
    return entry;
  }

  set(path: string, identity: FileIdentity, file: { rows: PriceFileRows; source: SourceFile }): void {
    this.files.delete(path);
    this.files.set(path, { identity, ...file });
    while (this.files.size > this.limit) this.files.delete(this.files.keys().next().value!);
  }
}

/**
 * Loads daily prices of `symbols` aligned to the calendar symbol's trading days in
 * `start..end` (inclusive). A missing value is filled forward from the last known value (rows
 * before `start` included, so a gap on the first day takes the real earlier price), then
 * backward for a symbol not yet listed (it takes its first known price). See docs/DOMAIN.md, 1.
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
      let bytes: Uint8Array | null = null;
      let stats: Stats;
      let fd: number | null = null;
      try {
        // the identity and the bytes of one open file: a file replaced meanwhile is not taken for the old one
        fd = openSync(path, 'r');
        stats = fstatSync(fd);
        file = options.files?.get(path, identityOf(stats));
        if (file === undefined) bytes = readFileSync(fd);
      } catch (error) {
        throw userFsError(error, path, `cannot read the price file of ${symbol}:`);
      } finally {
        if (fd !== null) closeSync(fd);
      }
      if (file === undefined) {
        file = { rows: readPriceFile(path, bytes!), source: { path, sha256: fileSha256(path, bytes!, stats) } };
        options.files?.set(path, identityOf(stats), file);
      }
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

