/**
 * Return-based statistics of a daily value series v[0..n-1], with daily returns
 * r[t] = v[t]/v[t-1] - 1 for t >= 1. Every function is pure; a statistic that is undefined
 * (too few values, zero volatility, non-positive values) is `null`, never 0 or NaN.
 */

/** Daily returns r[t-1] = v[t]/v[t-1] - 1 (length n-1). */
export function dailyReturns(values: Float64Array): Float64Array {
  const returns = new Float64Array(Math.max(0, values.length - 1));
  for (let t = 1; t < values.length; t++) returns[t - 1] = values[t]! / values[t - 1]! - 1;
  return returns;
}

/** v[n-1]/v[0] - 1; null for fewer than 1 value or v[0] = 0. */
export function cumulativeReturn(values: Float64Array): number | null {
  if (values.length === 0 || values[0] === 0) return null;
  return values[values.length - 1]! / values[0]! - 1;
}

/** Arithmetic mean; null when empty. */
export function mean(series: Float64Array): number | null {
  if (series.length === 0) return null;
  let sum = 0;
  for (let i = 0; i < series.length; i++) sum += series[i]!;
  return sum / series.length;
}

/** Standard deviation with the sample divisor n-1; null for fewer than 2 elements. */
export function sampleStd(series: Float64Array): number | null {
  const n = series.length;
  if (n < 2) return null;
  const average = mean(series)!;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const d = series[i]! - average;
    squares += d * d;
  }
  return Math.sqrt(squares / (n - 1));
}

/** Relative tolerance under which a standard deviation counts as zero (float noise on a flat series). */
const ZERO_VOLATILITY = 1e-14;

function isZeroSpread(std: number, scale: number): boolean {
  return std <= ZERO_VOLATILITY * Math.max(1, Math.abs(scale));
}

export interface RatioOptions {
  /** Daily risk-free rate rf subtracted from every daily return. Default 0. */
  readonly riskFreeRate?: number;
  /** Trading periods per year for annualizing. Default 252. */
  readonly periodsPerYear?: number;
}

/** Sharpe = sqrt(P) * mean(r - rf) / std(r) (sample std); null when std is 0 or undefined. */
export function sharpeRatio(returns: Float64Array, options: RatioOptions = {}): number | null {
  const rf = options.riskFreeRate ?? 0;
  const periods = options.periodsPerYear ?? 252;
  const average = mean(returns);
  const std = sampleStd(returns);
  if (average === null || std === null || isZeroSpread(std, average)) return null;
  return (Math.sqrt(periods) * (average - rf)) / std;
}

/**
 * Sortino = sqrt(P) * mean(r - rf) / downside deviation, where the downside deviation is
 * sqrt(sum(min(r - rf, 0)^2) / N) over all N returns (target semi-deviation, target rf).
 * null when there is no return below rf (downside deviation 0) or no return at all.
 */
export function sortinoRatio(returns: Float64Array, options: RatioOptions = {}): number | null {
  const rf = options.riskFreeRate ?? 0;
  const periods = options.periodsPerYear ?? 252;
  const n = returns.length;
  if (n === 0) return null;
  let excessSum = 0;
  let downsideSquares = 0;
  for (let i = 0; i < n; i++) {
    const excess = returns[i]! - rf;
    excessSum += excess;
    if (excess < 0) downsideSquares += excess * excess;
  }
  const downside = Math.sqrt(downsideSquares / n);
  if (downside === 0) return null;
  return (Math.sqrt(periods) * (excessSum / n)) / downside;
}

/**
 * Annualized (geometric) return = (v[n-1]/v[0])^(P/(n-1)) - 1, n-1 = number of daily returns.
 * null for fewer than 2 values or a non-positive start or end value.
 */
export function annualizedReturn(values: Float64Array, periodsPerYear = 252): number | null {
  const n = values.length;
  if (n < 2 || !(values[0]! > 0) || !(values[n - 1]! >= 0)) return null;
  return Math.pow(values[n - 1]! / values[0]!, periodsPerYear / (n - 1)) - 1;
}

/** Annualized volatility = std(r) * sqrt(P); null for fewer than 2 returns. */
export function annualizedVolatility(returns: Float64Array, periodsPerYear = 252): number | null {
  const std = sampleStd(returns);
  return std === null ? null : std * Math.sqrt(periodsPerYear);
}
