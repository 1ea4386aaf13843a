import type { SymbolSeries } from '../data/types.js';

/** One numeric parameter of an indicator, in the order a spec string lists them (`macd:12,26,9`). */
export interface ParamSpec {
  readonly name: string;
  /** What the number means, shown in `--indicators` error messages and the README. */
  readonly description: string;
  readonly defaultValue: number;
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
}

/** Parameter values keyed by name; each indicator narrows it to its own keys. */
export type IndicatorParams = Readonly<Record<string, number>>;

/**
 * A technical indicator: a pure function of one symbol's daily series that returns a column of
 * the same length. The value on day t uses only days 0..t (no look-ahead). Days 0..warmup-1 are
 * NaN ("not enough history yet"); every later day is finite, including flat, zero-volume days.
 */
export interface Indicator<P extends IndicatorParams = IndicatorParams> {
  /** Registry key and the name used in spec strings, e.g. `rsi`. */
  readonly name: string;
  /** One line: what the value is and its unit, e.g. `Wilder RSI, 0..100`. */
  readonly summary: string;
  /** In spec-string order; each name is a key of P. */
  readonly params: readonly ParamSpec[];
  readonly defaults: P;
  /** A rule across parameters (e.g. MACD fast < slow): returns the problem, or undefined. */
  constraint?(params: P): string | undefined;
  /** Number of leading NaN days: the first finite value is on day `warmup(params)`. */
  warmup(params: P): number;
  /** Params must be valid (see `validateParams`); the output has `series.adjClose.length` days. */
  compute(series: SymbolSeries, params: P): Float64Array;
}
