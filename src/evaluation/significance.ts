import seedrandom from 'seedrandom';

/**
 * Statistics that tell a result from luck. Pure functions; every random draw comes from a seeded
 * generator, so the same inputs give the same intervals.
 */

/** One-sided binomial sign test: P(X >= wins) for X ~ Binomial(trials, 1/2). */
export function signTestP(wins: number, trials: number): number {
  if (trials === 0) return 1;
  let p = 0;
  let term = Math.pow(0.5, trials); // C(n, 0) / 2^n
  for (let k = 0; k <= trials; k++) {
    if (k >= wins) p += term;
    term = (term * (trials - k)) / (k + 1);
  }
  return Math.min(1, p);
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The q-quantile of sorted values by linear interpolation (numpy's default). */
export function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

/**
 * Percentile bootstrap interval of the median: resample with replacement `resamples` times. A
 * resample's median is found by counting how often each value (by its rank) was drawn and walking
 * the counts to the middle: O(n) a resample instead of a sort, the same medians a sort would give
 * (a sweep of thousands of jobs bootstraps in milliseconds).
 */
export function bootstrapMedianInterval(values: readonly number[], { level = 0.95, resamples = 2000, seed = 1 } = {}): [number, number] | null {
  const n = values.length;
  if (n === 0) return null;
  // Tyche-i: ~5x the draws per second of seedrandom's default ARC4 (a 5,000-job sweep draws 10 million a bootstrap)
  const random = seedrandom.tychei(`bootstrap:${seed}`);
  const order = Array.from(values.keys()).sort((a, b) => values[a]! - values[b]! || a - b);
  const sorted = Float64Array.from(order, (index) => values[index]!);
  const rankOf = new Int32Array(n);
  order.forEach((index, rank) => (rankOf[index] = rank));
  const counts = new Int32Array(n);
  const medians = new Float64Array(resamples);
  // positions (0-based) of the middle value(s) in a sorted resample
  const lowMiddle = (n - 1) >> 1;
  const highMiddle = n >> 1;
  for (let b = 0; b < resamples; b++) {
    counts.fill(0);
    // 32 random bits a draw, ample for an index
    for (let i = 0; i < n; i++) counts[rankOf[Math.floor(random() * n)]!]++;
    let seen = 0;
    let low = NaN;
    let high = NaN;
    for (let rank = 0; rank < n && Number.isNaN(high); rank++) {
      seen += counts[rank]!;
      if (Number.isNaN(low) && seen > lowMiddle) low = sorted[rank]!;
      if (seen > highMiddle) high = sorted[rank]!;
    }
    medians[b] = (low + high) / 2;
  }
  const ordered = Array.from(medians).sort((a, b) => a - b);
  return [quantile(ordered, (1 - level) / 2), quantile(ordered, 1 - (1 - level) / 2)];
}

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 through erf; |error| < 1.5e-7). */
export function normalCdf(x: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(x) / Math.SQRT2));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-(x * x) / 2);
  return x >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

/** Inverse standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile needs 0 < p < 1, got ${p}`);
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

const EULER_GAMMA = 0.5772156649015329;

/**
 * Deflated Sharpe ratio (Bailey & Lopez de Prado 2014): the probability that the chosen
 * strategy's true Sharpe ratio is above what the best of `trials` unskilled ones would show.
 * `sharpe` is per period (not annualized), over `periods` returns with the given skewness and
 * (non-excess) kurtosis; `trialSharpeVariance` is the variance of the trials' Sharpe ratios.
 *   SR0 = sqrt(V) ((1 - g) Z^-1(1 - 1/N) + g Z^-1(1 - 1/(N e)))
 *   DSR = Z((SR - SR0) sqrt(T - 1) / sqrt(1 - skew SR + (kurt - 1)/4 SR^2))
 */
export function deflatedSharpeRatio(options: {
  sharpe: number;
  periods: number;
  trials: number;
  trialSharpeVariance: number;
  skewness?: number;
  kurtosis?: number;
}): { deflatedSharpe: number; expectedMaxSharpe: number } {
  const { sharpe, periods, trials, trialSharpeVariance, skewness = 0, kurtosis = 3 } = options;
  const expectedMaxSharpe =
    trials <= 1
      ? 0
      : Math.sqrt(trialSharpeVariance) * ((1 - EULER_GAMMA) * normalQuantile(1 - 1 / trials) + EULER_GAMMA * normalQuantile(1 - 1 / (trials * Math.E)));
  const denominator = Math.sqrt(Math.max(1e-12, 1 - skewness * sharpe + ((kurtosis - 1) / 4) * sharpe * sharpe));
  return { deflatedSharpe: normalCdf(((sharpe - expectedMaxSharpe) * Math.sqrt(periods - 1)) / denominator), expectedMaxSharpe };
}

/** Combinations of k out of 0..n-1, in lexicographic order. */
function combinations(n: number, k: number): number[][] {
  const result: number[][] = [];
  const pick = (start: number, chosen: number[]) => {
    if (chosen.length === k) {
      result.push([...chosen]);
      return;
    }
    for (let i = start; i <= n - (k - chosen.length); i++) {
      chosen.push(i);
      pick(i + 1, chosen);
      chosen.pop();
    }
  };
  pick(0, []);
  return result;
}

/**
 * Probability of backtest overfitting by combinatorially symmetric cross-validation (Bailey,
 * Borwein, Lopez de Prado & Zhu 2017). `performance[t][c]` is configuration c's result on
 * observation t (here: a job, i.e. a symbol and seed). The observations are cut into `blocks`
 * groups; for every half of the groups as in-sample, the configuration best in-sample is ranked
 * among all on the other half; its relative rank w gives the logit log(w / (1 - w)), and PBO is
 * the share of splits where the logit is <= 0 (the in-sample winner is at or below the median
 * out of sample).
 */
export function probabilityOfBacktestOverfitting(performance: readonly (readonly number[])[], blocks = 8): { pbo: number; splits: number } | null {
  const observations = performance.length;
  const configurations = performance[0]?.length ?? 0;
  const groups = Math.min(blocks - (blocks % 2), observations - (observations % 2));
  if (configurations < 2 || groups < 2) return null;
  const groupOf = (t: number) => Math.floor((t * groups) / observations);
  const mean = (rows: number[], c: number) => rows.reduce((sum, t) => sum + performance[t]![c]!, 0) / rows.length;
  let overfit = 0;
  const splits = combinations(groups, groups / 2);
  for (const inGroups of splits) {
    const inSet = new Set(inGroups);
    const inRows: number[] = [];
    const outRows: number[] = [];
    for (let t = 0; t < observations; t++) (inSet.has(groupOf(t)) ? inRows : outRows).push(t);
    let best = 0;
    for (let c = 1; c < configurations; c++) if (mean(inRows, c) > mean(inRows, best)) best = c;
    const outOfSample = Array.from({ length: configurations }, (_, c) => mean(outRows, c));
    // relative rank of the in-sample winner out of sample, in (0, 1)
    const below = outOfSample.filter((value) => value < outOfSample[best]!).length;
    const rank = (below + 1) / (configurations + 1);
    if (Math.log(rank / (1 - rank)) <= 0) overfit++;
  }
  return { pbo: overfit / splits.length, splits: splits.length };
}
