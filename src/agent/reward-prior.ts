/**
 * An empirical-Bayes prior for the market part of the Dyna-Q reward: how much better than the
 * benchmark's position each market state has been, shrunk by how much of that the data can tell
 * apart from noise.
 *
 * Daily returns are noisy (sigma ~1-3 %) and real edges small (~0.05 %), so the sample mean of a
 * state seen a few dozen times is mostly noise. The model is hierarchical (James-Stein):
 * - each indicator's bins have effects f_i(bin), estimated from the many days of each bin and
 *   shrunk toward 0 with k_i = sigma^2 / tau_i^2, where tau_i^2 is the spread of the bin means
 *   beyond what their noise explains (0 when there is none: no evidence, no effect);
 * - the estimate for a market state is the sum of its bins' effects (a main-effects model,
 *   fitted by backfitting so correlated indicators do not both claim one edge). Interactions
 *   between indicators are not estimated: a state seen some 60 days cannot tell them from noise.
 * The spread is measured around the grand mean, and the effects are deviations from it: the
 * window's overall drift is not an edge over the benchmark (2008-09 fell, 2010-11 rose).
 */

/** Backfitting sweeps over the indicators (the effects settle within a few). */
const BACKFIT_SWEEPS = 5;

export interface ShrinkageEstimate {
  /** Mean over every sample. */
  readonly grand: number;
  /** Pooled variance of one sample. */
  readonly sigma2: number;
  /** Variance of the true group means beyond their noise (>= 0). */
  readonly tau2: number;
  /** sigma2 / tau2: pseudo-observations of the prior; Infinity when tau2 is 0. */
  readonly priorCount: number;
}

/** The method of moments on groups of samples given as sums, sums of squares and counts. */
export function shrinkageEstimate(sums: Float64Array, squares: Float64Array, counts: Float64Array): ShrinkageEstimate {
  let total = 0;
  let totalSquares = 0;
  let n = 0;
  for (let g = 0; g < counts.length; g++) {
    total += sums[g]!;
    totalSquares += squares[g]!;
    n += counts[g]!;
  }
  if (n < 2) return { grand: n ? total / n : 0, sigma2: 0, tau2: 0, priorCount: Infinity };
  const grand = total / n;
  // within-group variance, pooled: the noise of one sample around its group's mean
  let within = 0;
  let groups = 0;
  for (let g = 0; g < counts.length; g++) {
    const count = counts[g]!;
    if (count === 0) continue;
    groups++;
    within += squares[g]! - (sums[g]! * sums[g]!) / count;
  }
  const sigma2 = groups < n ? within / (n - groups) : 0;
  let spread = 0;
  let noise = 0;
  for (let g = 0; g < counts.length; g++) {
    const count = counts[g]!;
    if (count === 0) continue;
    spread += (sums[g]! / count - grand) ** 2;
    noise += sigma2 / count;
  }
  const tau2 = groups > 1 ? Math.max(0, (spread - noise) / (groups - 1)) : 0;
  return { grand, sigma2, tau2, priorCount: tau2 > 0 ? sigma2 / tau2 : Infinity };
}

export interface MarketPrior {
  /** The market part per market state: the sum of its bins' shrunk effects. */
  readonly prior: Float64Array;
  /** Per indicator: the shrunk effect of each bin. */
  readonly effects: readonly Float64Array[];
}

/**
 * The hierarchical prior above for samples `values[j]` observed in market states `states[j]`
 * (mixed radix of the indicators' bins, first indicator most significant, as the discretizer
 * numbers them).
 */
export function marketPrior(states: Int32Array, values: Float64Array, radices: readonly number[]): MarketPrior {
  const numStates = radices.reduce((product, radix) => product * radix, 1);
  const binOf = (state: number, indicator: number): number => {
    let rest = state;
    for (let i = radices.length - 1; i > indicator; i--) rest = Math.floor(rest / radices[i]!);
    return rest % radices[indicator]!;
  };
  // Backfitting: each indicator's effects are fitted to what the others leave unexplained, so two
  // correlated indicators (momentum and %B) do not both claim the same edge.
  const bins = radices.map((_, indicator) => Int32Array.from(states, (state) => binOf(state, indicator)));
  const effects = radices.map((radix) => new Float64Array(radix));
  for (let sweep = 0; sweep < (radices.length > 1 ? BACKFIT_SWEEPS : 1); sweep++) {
    radices.forEach((radix, indicator) => {
      const sums = new Float64Array(radix);
      const squares = new Float64Array(radix);
      const counts = new Float64Array(radix);
      for (let j = 0; j < values.length; j++) {
        let others = 0;
        for (let i = 0; i < radices.length; i++) if (i !== indicator) others += effects[i]![bins[i]![j]!]!;
        const value = values[j]! - others;
        const bin = bins[indicator]![j]!;
        sums[bin] += value;
        squares[bin] += value * value;
        counts[bin]++;
      }
      const estimate = shrinkageEstimate(sums, squares, counts);
      const effect = effects[indicator]!;
      for (let bin = 0; bin < radix; bin++) {
        effect[bin] = counts[bin]! > 0 ? (sums[bin]! / counts[bin]! - estimate.grand) * (counts[bin]! / (counts[bin]! + estimate.priorCount)) : 0;
      }
    });
  }
  const prior = new Float64Array(numStates);
  for (let state = 0; state < numStates; state++) {
    let sum = 0;
    for (let i = 0; i < radices.length; i++) sum += effects[i]![binOf(state, i)]!;
    prior[state] = sum;
  }
  return { prior, effects };
}
