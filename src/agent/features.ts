import { formatIndicatorSpec, parseIndicatorSpec } from '../indicators/index.js';

/**
 * The candidate features the Dyna-Q agent chooses its state from (when `--indicators` does not fix
 * it), and the ways each may be cut into bins. Every feature is an indicator of the registry, so
 * training (over the history) and trading (`day.indicator`) read the very same values.
 */
export interface Candidate {
  /** Canonical indicator spec, e.g. `momentum:3`, `bbp:20,2`. */
  readonly spec: string;
  /** The value that splits the feature in two by meaning (no move, on the average), or null: split at the median. */
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
 * - `halves`: at its center (no move, on the average), or at its median when it has none: below /
 *   above, the sign of a return or which side of its average a price is;
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
  const values = Float64Array.from(days, (t) => column[t]!).filter(Number.isFinite).sort();
  const m = values.length;
  const edges: number[] = [];
  // as the discretizer places quantile edges: observed values, ties and the maximum dropped
  for (const level of scheme === 'halves' ? [1 / 2] : TAILS) {
    if (m === 0) break;
    const edge = values[Math.max(0, Math.ceil(level * m) - 1)]!;
    if (edge < values[m - 1]! && (edges.length === 0 || edge > edges[edges.length - 1]!)) edges.push(edge);
  }
  return Float64Array.from(edges);
}

/**
 * The indicators a Dyna-Q strategy declares for `day.indicator`: the hand-fixed state's, or every
 * candidate when the state is chosen from the data (empty `indicators`).
 */
export function stateIndicators(indicators: readonly string[]): string[] {
  return indicators.length > 0 ? [...indicators] : FEATURE_LIBRARY.map((feature) => feature.spec);
}
