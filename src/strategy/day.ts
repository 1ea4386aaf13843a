import type { Broker } from '../broker/broker.js';
import { UserError } from '../errors.js';
import { computeIndicators, formatIndicatorSpec, parseIndicatorList } from '../indicators/index.js';
import type { MarketWindow } from '../data/window.js';
import type { SymbolSeries } from '../data/types.js';
import type { Day, PriceColumn } from './contract.js';

/** A price column of a series by its public name. */
export function seriesColumn(series: SymbolSeries, column: PriceColumn): Float64Array {
  switch (column) {
    case 'open':
      return series.adjOpen;
    case 'high':
      return series.adjHigh;
    case 'low':
      return series.adjLow;
    case 'close':
      return series.adjClose;
    case 'volume':
      return series.volume;
    default:
      throw new UserError(`'${String(column)}' is not a price column; accepted: open, high, low, close, volume.`);
  }
}

/** Lists already made canonical, by their specs joined: every run of a sweep declares the same few (a grid's 5,000 jobs parsed them 15,000 times). */
const canonicalLists = new Map<string, readonly string[]>();

/** Canonical indicator specs (`rsi` -> `rsi:14`), checked; `where` names the strategy for the message. */
export function canonicalIndicators(specs: readonly string[], where: string): string[] {
  if (specs.length === 0) return [];
  const key = specs.join(';');
  let canonical = canonicalLists.get(key);
  if (canonical === undefined) {
    canonical = parseIndicatorList(key, where).map(formatIndicatorSpec); // throws (not kept) for a bad list
    if (canonicalLists.size >= 1000) canonicalLists.clear(); // a strategy that makes up new lists does not grow it without bound
    canonicalLists.set(key, canonical);
  }
  return [...canonical];
}

/**
 * The `Day` a strategy reads, moved from day to day by the backtest runner. Every field is a getter
 * over the cursor's private state, so a strategy cannot change what it was shown (an assignment
 * throws in a module), and the engine never reads its trading inputs back from this object.
 * `closes(n)`, `series()` answer with copies that end today, so `decide` cannot reach a later price.
 */
export class DayCursor implements Day {
  readonly #symbol: string;
  #t = 0;
  #position = 0;
  #cash = 0;
  #value = 0;
  #pendingOrders = 0;
  readonly #series: SymbolSeries;
  readonly #dates: readonly string[];
  readonly #dateCodes: Float64Array;
  readonly #from: number;
  readonly #columns: ReadonlyMap<string, Float64Array>;
  readonly #lookups = new Map<string, Float64Array>();
  /** Per price column, this strategy's own copy of the days revealed so far (0..today; zeros after), and the last day revealed. */
  readonly #revealed = new Map<PriceColumn, { readonly values: Float64Array; to: number }>();

  constructor(window: MarketWindow, indicators: readonly string[], strategyName: string) {
    this.#symbol = window.symbol;
    this.#series = window.table.series.get(window.symbol)!;
    this.#dates = window.table.dates;
    this.#dateCodes = dateCodesOf(window.table.dates);
    this.#from = window.from;
    const specs = canonicalIndicators(indicators, `strategy '${strategyName}' indicators`);
    const computed = specs.length > 0 ? computeIndicators(this.#series, specs) : { names: [], columns: [] };
    this.#columns = new Map(computed.names.map((name, i) => [name, computed.columns[i]!]));
  }

  /** Moves to day t with the account as it stands before t's decision. */
  moveTo(t: number, broker: Broker, symbolIndex: number, pendingOrders = 0): void {
    this.#t = t;
    this.#pendingOrders = pendingOrders;
    this.#position = broker.holdings[symbolIndex]!;
    this.#cash = broker.cash;
    this.#value = broker.valueAt(t);
  }

  /** Today as yyyymmdd (for the engine's call monitor; not part of Day). */
  get dateCode(): number {
    return this.#dateCodes[this.#t]!;
  }
  get symbol(): string {
    return this.#symbol;
  }
  get date(): string {
    return this.#dates[this.#t]!;
  }
  get index(): number {
    return this.#t - this.#from;
  }
  get open(): number {
    return this.#series.adjOpen[this.#t]!;
  }
  get high(): number {
    return this.#series.adjHigh[this.#t]!;
  }
  get low(): number {
    return this.#series.adjLow[this.#t]!;
  }
  get close(): number {
    return this.#series.adjClose[this.#t]!;
  }
  get volume(): number {
    return this.#series.volume[this.#t]!;
  }
  get position(): number {
    return this.#position;
  }
  get cash(): number {
    return this.#cash;
  }
  get value(): number {
    return this.#value;
  }
  get pendingOrders(): number {
    return this.#pendingOrders;
  }

  closes(n: number): Float64Array {
    return this.series('close', n);
  }

  /**
   * A view of this strategy's own copy of the column, revealed day by day: it holds the days up to
   * today and zeros after (never a later price, not even through `.buffer`), and writing to it
   * changes nothing but the strategy's own copy. No copy per call: a strategy reads it every day.
   */
  series(column: PriceColumn, n: number): Float64Array {
    if (!Number.isInteger(n) || n < 1) throw new UserError(`day.series('${String(column)}', n): n must be a whole number >= 1, got ${String(n)}.`);
    let revealed = this.#revealed.get(column);
    if (revealed === undefined) {
      const length = seriesColumn(this.#series, column).length; // an unknown column is refused here, before anything is kept
      revealed = { values: new Float64Array(length), to: -1 };
      this.#revealed.set(column, revealed);
    }
    const t = this.#t;
    if (revealed.to < t) {
      // a day or a few at a time as the run moves on: element by element, no view made per call
      const source = seriesColumn(this.#series, column);
      const values = revealed.values;
      for (let d = revealed.to + 1; d <= t; d++) values[d] = source[d]!;
      revealed.to = t;
    }
    return revealed.values.subarray(Math.max(0, t - n + 1), t + 1);
  }

  indicator(spec: string): number {
    let column = this.#lookups.get(spec);
    if (column === undefined) {
      const name = this.#columns.has(spec) ? spec : canonical(spec);
      const found = name === null ? undefined : this.#columns.get(name);
      if (found === undefined) {
        const declared = [...this.#columns.keys()];
        throw new UserError(
          `day.indicator('${spec}'): not declared; list it in the strategy's indicators` + (declared.length ? ` (declared: ${declared.join(', ')})` : ''),
        );
      }
      column = found;
      this.#lookups.set(spec, column);
    }
    return column[this.#t]!;
  }
}

/** A date yyyy-MM-dd as the number yyyymmdd (0 for none): how a call's day travels to a watchdog. */
export function dateCode(date: string): number {
  return date.length === 10 ? Number(date.slice(0, 4)) * 10000 + Number(date.slice(5, 7)) * 100 + Number(date.slice(8, 10)) : 0;
}

/** The yyyymmdd numbers of a table's dates, made once per table. */
const dateCodesByTable = new WeakMap<readonly string[], Float64Array>();

function dateCodesOf(dates: readonly string[]): Float64Array {
  let codes = dateCodesByTable.get(dates);
  if (codes === undefined) dateCodesByTable.set(dates, (codes = Float64Array.from(dates, dateCode)));
  return codes;
}

function canonical(spec: string): string | null {
  try {
    const parsed = parseIndicatorList(spec, 'indicator');
    return parsed.length === 1 ? formatIndicatorSpec(parsed[0]!) : null;
  } catch {
    return null;
  }
}
