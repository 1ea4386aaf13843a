/**
 * Empirical-Bayes (hierarchical) estimates of the means of a grid of cells, for samples that are
 * mostly noise: the reward model of the trading agent's market model (`prior: empirical-bayes`).
 *
 * The cells are the combinations of a few discrete features (mixed radix, first feature most
 * significant). Three levels, each shrunk toward the one above by a strength estimated from the
 * data (method of moments, James-Stein style), never by a constant:
 * 1. the grand mean of every sample;
 * 2. main effects: each feature's bins have effects f_i(bin) around the grand mean, fitted by
 *    backfitting (so two correlated features do not both claim one effect), each shrunk toward 0
 *    with k_i = sigma^2 / tau_i^2, tau_i^2 the spread of the bin means beyond what their noise
 *    explains (0 when there is none: no evidence, no effect);
 * 3. cells: a cell's own mean shrunk toward its main-effects prediction (grand + sum of its bins'
 *    effects) with k = sigma^2 / tau^2, tau^2 the spread of the cell means around the main-effects
 *    model beyond their noise. Where the data show an interaction (two features that matter only
 *    together) tau^2 is large and the cells keep their own means; where they do not, the cells
 *    are the main-effects model.
 * sigma^2 is the pooled variance of one sample around its cell's mean.
 */

/** Backfitting sweeps over the features (the effects settle within a few). */
const BACKFIT_SWEEPS = 8;

export interface ShrinkageEstimate {
  /** Mean over every sample. */
  readonly grand: number;
  /** Pooled variance of one sample around its group's mean. */
  readonly sigma2: number;
  /** Variance of the true group means beyond their noise (>= 0). */
  readonly tau2: number;
  /** sigma2 / tau2: pseudo-observations of the prior; Infinity when tau2 is 0. */
  readonly priorCount: number;
}

/** The method of moments on groups of samples given as sums, sums of squares and counts. */
export function shrinkageEstimate(sums: Float64Array, squares: Float64Array, counts: Float64Array): ShrinkageEstimate {
  let total = 0;
  let n = 0;
  for (let g = 0; g < counts.length; g++) {
    total += sums[g]!;
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
  const sigma2 = groups < n ? Math.max(0, within) / (n - groups) : 0;
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

export interface CellEstimates {
  /** Per cell: the hierarchical estimate of its mean (the grand mean included). */
  readonly mean: Float64Array;
  /** Per cell: the main-effects prediction it was shrunk toward (the grand mean included). */
  readonly mainEffects: Float64Array;
  /** Per feature: the shrunk effect of each bin (deviations from the grand mean). */
  readonly effects: readonly Float64Array[];
  /** Samples per cell. */
  readonly counts: Float64Array;
  readonly grand: number;
  /** Pooled variance of one sample around its cell's mean. */
  readonly sigma2: number;
  /** Variance of the cells' true deviations from the main-effects model (>= 0). */
  readonly tau2: number;
  /** sigma2 / tau2: pseudo-observations of the main-effects prior per cell (Infinity: none of a cell's own data counts). */
  readonly strength: number;
}

/** The cell of a feature-bin combination and back: mixed radix, first feature most significant. */
function binOfCell(cell: number, feature: number, radices: readonly number[]): number {
  let rest = cell;
  for (let i = radices.length - 1; i > feature; i--) rest = Math.floor(rest / radices[i]!);
  return rest % radices[feature]!;
}

/** Per feature, the bin of every cell; a state has a few features, so each grid is computed once. */
const cellBinsCache = new Map<string, readonly Int32Array[]>();
/** The last grid asked for (by value: callers reuse and refill their radices arrays), and its bins. */
let lastRadices: number[] = [];
let lastBins: readonly Int32Array[] = [];
function cellBins(radices: readonly number[]): readonly Int32Array[] {
  if (radices.length === lastRadices.length) {
    let same = true;
    for (let i = 0; i < radices.length; i++) if (radices[i] !== lastRadices[i]) same = false;
    if (same) return lastBins;
  }
  lastBins = cellBinsByKey(radices);
  lastRadices = [...radices];
  return lastBins;
}
function cellBinsByKey(radices: readonly number[]): readonly Int32Array[] {
  const key = radices.join('x');
  let bins = cellBinsCache.get(key);
  if (bins === undefined) {
    const numCells = radices.reduce((product, radix) => product * radix, 1);
    bins = radices.map((_, feature) => Int32Array.from({ length: numCells }, (_, cell) => binOfCell(cell, feature, radices)));
    cellBinsCache.set(key, bins);
  }
  return bins;
}

/**
 * The three-level estimate above for cells given by their samples' sums, sums of squares and
 * counts (weighted counts are fine: a bootstrap's multiplicities).
 */
export function cellEstimates(sums: Float64Array, squares: Float64Array, counts: Float64Array, radices: readonly number[]): CellEstimates {
  let numCells = 1;
  let largest = 0;
  for (let i = 0; i < radices.length; i++) {
    numCells *= radices[i]!;
    largest = Math.max(largest, radices[i]!);
  }
  if (sums.length !== numCells || squares.length !== numCells || counts.length !== numCells) {
    throw new RangeError(`cellEstimates: ${radices.join(' x ')} = ${numCells} cells, got ${sums.length} sums, ${squares.length} squares, ${counts.length} counts.`);
  }
  const cellLevel = shrinkageEstimate(sums, squares, counts);
  const { grand, sigma2 } = cellLevel;
  // 2. main effects by backfitting on the cell sums (each feature fitted to what the others leave)
  const bins = cellBins(radices);
  const effects = radices.map((radix) => new Float64Array(radix));
  const mainEffects = new Float64Array(numCells).fill(grand);
  const sweeps = radices.length > 1 ? BACKFIT_SWEEPS : radices.length;
  const scratch = backfitScratch(largest);
  for (let sweep = 0; sweep < sweeps; sweep++) {
    for (let feature = 0; feature < radices.length; feature++) backfitFeature(sums, counts, bins[feature]!, effects[feature]!, mainEffects, sigma2, scratch);
  }
  // 3. cells toward the main-effects model
  const tau2 = interactionVariance(sums, counts, mainEffects, sigma2, radices);
  const strength = tau2 > 0 ? sigma2 / tau2 : Infinity;
  const mean = new Float64Array(numCells);
  for (let cell = 0; cell < numCells; cell++) {
    const count = counts[cell]!;
    mean[cell] = count === 0 || strength === Infinity ? mainEffects[cell]! : (sums[cell]! + strength * mainEffects[cell]!) / (count + strength);
  }
  return { mean, mainEffects, effects, counts, grand, sigma2, tau2, strength };
}

/**
 * The backfitting scratch, shared by every call in this thread (state selection estimates a few
 * hundred thousand small grids a sweep; each call clears what it uses), grown when a feature has
 * more bins than any before.
 */
let scratchArrays = { binSums: new Float64Array(8), binCounts: new Float64Array(8), binMeans: new Float64Array(8) };
function backfitScratch(largest: number): typeof scratchArrays {
  if (scratchArrays.binSums.length < largest) scratchArrays = { binSums: new Float64Array(largest), binCounts: new Float64Array(largest), binMeans: new Float64Array(largest) };
  return scratchArrays;
}

/**
 * One backfitting step: refits one feature's bin effects `effect` to what the grand mean and the
 * other features leave of the cells, shrunk by their strength, and moves `mainEffects` with them.
 * The scratch arrays are at least as long as the feature's radix.
 */
function backfitFeature(
  sums: Float64Array,
  counts: Float64Array,
  binOfCell: Int32Array,
  effect: Float64Array,
  mainEffects: Float64Array,
  sigma2: number,
  scratch: { readonly binSums: Float64Array; readonly binCounts: Float64Array; readonly binMeans: Float64Array },
): void {
  const radix = effect.length;
  const { binSums, binCounts, binMeans } = scratch;
  binSums.fill(0, 0, radix);
  binCounts.fill(0, 0, radix);
  const numCells = counts.length;
  for (let cell = 0; cell < numCells; cell++) {
    const count = counts[cell]!;
    if (count === 0) continue;
    const bin = binOfCell[cell]!;
    // what the other features and the grand mean do not explain of this cell
    const others = mainEffects[cell]! - effect[bin]!;
    binSums[bin] += sums[cell]! - count * others;
    binCounts[bin] += count;
  }
  for (let bin = 0; bin < radix; bin++) binMeans[bin] = binCounts[bin]! > 0 ? binSums[bin]! / binCounts[bin]! : 0;
  const strength = effectStrength(binMeans, binCounts, radix, sigma2);
  for (let bin = 0; bin < radix; bin++) {
    const next = binCounts[bin]! > 0 ? binMeans[bin]! * (binCounts[bin]! / (binCounts[bin]! + strength)) : 0;
    const change = next - effect[bin]!;
    if (change === 0) continue;
    effect[bin] = next;
    for (let cell = 0; cell < numCells; cell++) if (binOfCell[cell] === bin) mainEffects[cell] += change;
  }
}

/**
 * k = sigma^2 / tau^2 for one feature's bin means (already relative to what the rest explains):
 * tau^2 is their spread around their weighted mean beyond noise; Infinity when there is none.
 */
function effectStrength(binMeans: Float64Array, binCounts: Float64Array, radix: number, sigma2: number): number {
  let total = 0;
  let n = 0;
  let groups = 0;
  for (let bin = 0; bin < radix; bin++) {
    if (binCounts[bin]! === 0) continue;
    total += binMeans[bin]! * binCounts[bin]!;
    n += binCounts[bin]!;
    groups++;
  }
  if (groups < 2) return Infinity;
  const center = total / n;
  let spread = 0;
  let noise = 0;
  for (let bin = 0; bin < radix; bin++) {
    if (binCounts[bin]! === 0) continue;
    spread += (binMeans[bin]! - center) ** 2;
    noise += sigma2 / binCounts[bin]!;
  }
  const tau2 = Math.max(0, (spread - noise) / (groups - 1));
  return tau2 > 0 ? sigma2 / tau2 : Infinity;
}

/**
 * tau^2 of the cells around the main-effects model: the weighted squared deviations S = sum n_c
 * (ybar_c - mu_c)^2 have expectation df sigma^2 without interaction (df = filled cells minus the
 * main-effects model's parameters) and df sigma^2 + tau^2 N df / G with it (G filled cells, N
 * samples), so tau^2 = max(0, S - df sigma^2) G / (N df). 0 when the model has no room for an
 * interaction (one feature, or too few filled cells).
 */
function interactionVariance(sums: Float64Array, counts: Float64Array, mainEffects: Float64Array, sigma2: number, radices: readonly number[]): number {
  let filled = 0;
  let n = 0;
  let weighted = 0;
  for (let cell = 0; cell < counts.length; cell++) {
    const count = counts[cell]!;
    if (count === 0) continue;
    filled++;
    n += count;
    weighted += count * (sums[cell]! / count - mainEffects[cell]!) ** 2;
  }
  let parameters = 1;
  for (let i = 0; i < radices.length; i++) parameters += radices[i]! - 1;
  const df = filled - parameters;
  if (df <= 0 || n === 0) return 0;
  return Math.max(0, weighted - df * sigma2) * filled / (n * df);
}
