import { formatIndicatorSpec, parseIndicatorSpec } from '../indicators/index.js';

/**
 * The candidate features the Dyna-Q agent chooses its state from (when `--indicators` does not fix
 * it), and the ways each may be cut into bins. Every feature is an indicator of the registry, so
 * training (over the history) and trading (`day.indicator`) read the very same values.
 */
export interface Candidate {
  /** Canonical indicator spec, e.g. `momentum:3`, `bbp:20,2`. */
  readonly spec: string;
  /** The value that splits the feature in two by meaning (no move, on the average), or null: split where its values separate (`naturalBreak`). */
  readonly center: number | null;
}

const candidate = (spec: string, center: number | null): Candidate => ({ spec: formatIndicatorSpec(parseIndicatorSpec(spec, 'the feature library')), center });

/**
 * Returns over 1-20 days (their sign: up or down), the oscillators (RSI, Bollinger %B, price over
 * its average), volatility over a week and a month (its regime: calm or wild), and how unusual
 * today's volume is.
 */
export const FEATURE_LIBRARY: readonly Candidate[] = [
  candidate('momentum:1', 0),
  candidate('momentum:2', 0),
  candidate('momentum:3', 0),
  candidate('momentum:5', 0),
  candidate('momentum:10', 0),
  candidate('momentum:15', 0),
  candidate('momentum:20', 0),
  candidate('rsi:14', 50),
  candidate('bbp:20', 0.5),
  candidate('sma-ratio:50', 1),
  candidate('atr-pct:5', null),
  candidate('atr-pct:20', null),
  candidate('volume-z:20', 0),
];

/**
 * How a feature is cut, on the days the state is fitted on:
 * - `halves`: at its center (no move, on the average): below / above, the sign of a return or which
 *   side of its average a price is; a feature without one (a level: volatility) at its natural
 *   break, where its values fall apart into two groups (calm and wild days), however unequal;
 * - `tails`: at its 1/6 and 5/6 quantiles: the extremes on either side and the middle, as
 *   oscillator extremes or the tail of the day's returns.
 * A pair of features is cut in halves each.
 */
export const BIN_SCHEMES = ['halves', 'tails'] as const;
export type BinScheme = (typeof BIN_SCHEMES)[number];

/** The quantile levels of the `tails` edges. */
export const TAILS = [1 / 6, 5 / 6] as const;

/** The interior bin edges of one feature from its values on `days` (series indices). */
export function schemeEdges(column: Float64Array, days: Int32Array, feature: Candidate, scheme: BinScheme): Float64Array {
  if (scheme === 'halves' && feature.center !== null) return Float64Array.of(feature.center);
  return sortedSchemeEdges(finiteValuesOn(column, days).sort(), feature, scheme);
}

/** schemeEdges from the feature's finite values on the fitting days, sorted ascending. */
export function sortedSchemeEdges(values: Float64Array, feature: Candidate, scheme: BinScheme): Float64Array {
  if (scheme === 'halves') return feature.center !== null ? Float64Array.of(feature.center) : naturalBreak(values);
  const m = values.length;
  const edges: number[] = [];
  // as the discretizer places quantile edges: observed values, ties and the maximum dropped
  for (const level of TAILS) {
    if (m === 0) break;
    const edge = values[Math.max(0, Math.ceil(level * m) - 1)]!;
    if (edge < values[m - 1]! && (edges.length === 0 || edge > edges[edges.length - 1]!)) edges.push(edge);
  }
  return Float64Array.from(edges);
}

/** The finite values of `column` on days[from..to-1] (a plain loop: TypedArray.from with a map function boxes every value). */
export function finiteValuesOn(column: Float64Array, days: Int32Array, from = 0, to = days.length): Float64Array {
  const values = new Float64Array(to - from);
  let count = 0;
  for (let i = from; i < to; i++) {
    const value = column[days[i]!]!;
    if (Number.isFinite(value)) values[count++] = value;
  }
  return values.subarray(0, count);
}

/**
 * The natural break of sorted values (Otsu's threshold): the cut between two observed values that
 * maximizes the between-group variance n1 n2 (mean1 - mean2)^2, returned as the lower group's
 * largest value (bins are `value <= edge` and above); none when all values are equal. A median cut
 * assumes the two groups are equally common: a volatility regime that held for a fifth of the
 * training window would put calm days in the wild bin. Ties: the first (lowest) best cut.
 */
export function naturalBreak(sorted: Float64Array): Float64Array {
  const m = sorted.length;
  let total = 0;
  for (let i = 0; i < m; i++) total += sorted[i]!;
  let lower = 0;
  let best = 0;
  let edge: number | null = null;
  for (let i = 0; i + 1 < m; i++) {
    lower += sorted[i]!;
    if (sorted[i] === sorted[i + 1]) continue;
    const n1 = i + 1;
    const n2 = m - n1;
    const between = n1 * n2 * (lower / n1 - (total - lower) / n2) ** 2;
    if (between > best) {
      best = between;
      edge = sorted[i]!;
    }
  }
  return edge === null ? new Float64Array(0) : Float64Array.of(edge);
}

/**
 * The indicators a Dyna-Q strategy declares for `day.indicator`: the hand-fixed state's, or every
 * candidate when the state is chosen from the data (empty `indicators`).
 */
export function stateIndicators(indicators: readonly string[]): string[] {
  return indicators.length > 0 ? [...indicators] : FEATURE_LIBRARY.map((feature) => feature.spec);
}
