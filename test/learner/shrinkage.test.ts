import { describe, expect, it } from 'vitest';
import { cellEstimates, shrinkageEstimate } from '../../src/learner/index.js';

const groups = (...samples: number[][]) => ({
  sums: Float64Array.from(samples, (g) => g.reduce((a, b) => a + b, 0)),
  squares: Float64Array.from(samples, (g) => g.reduce((a, b) => a + b * b, 0)),
  counts: Float64Array.from(samples, (g) => g.length),
});

describe('empirical-Bayes shrinkage', () => {
  it('estimates noise and spread by the method of moments (hand-computed)', () => {
    // groups [1, 3] and [5, 7]: grand 4; within (10 - 8) + (74 - 72) = 4 over 4 - 2 -> sigma2 2;
    // spread of the means (2 - 4)^2 + (6 - 4)^2 = 8, noise 2/2 + 2/2 = 2 -> tau2 (8 - 2) / 1 = 6
    const { sums, squares, counts } = groups([1, 3], [5, 7]);
    const estimate = shrinkageEstimate(sums, squares, counts);
    expect(estimate.grand).toBeCloseTo(4, 12);
    expect(estimate.sigma2).toBeCloseTo(2, 12);
    expect(estimate.tau2).toBeCloseTo(6, 12);
    expect(estimate.priorCount).toBeCloseTo(1 / 3, 12);
  });

  it('says "no evidence" (an infinite prior count) when the group means differ no more than noise would', () => {
    const { sums, squares, counts } = groups([1, 3], [1, 3], [3, 1]);
    expect(shrinkageEstimate(sums, squares, counts).priorCount).toBe(Infinity);
  });

  it('shrinks one feature\'s bins toward the grand mean by k = sigma^2 / tau^2 (hand-computed)', () => {
    // bins [1, 3] and [5, 7]: sigma2 2; bin means 2 and 6 (effects -2, +2), spread 8, noise 2 -> tau2 6,
    // k = 1/3; each effect shrunk by n / (n + k) = 2 / (7/3) = 6/7; one feature leaves no interaction
    const { sums, squares, counts } = groups([1, 3], [5, 7]);
    const estimate = cellEstimates(sums, squares, counts, [2]);
    expect(estimate.effects[0]![0]).toBeCloseTo(-12 / 7, 12);
    expect(estimate.effects[0]![1]).toBeCloseTo(12 / 7, 12);
    expect(estimate.mean[0]).toBeCloseTo(4 - 12 / 7, 12);
    expect(estimate.mean[1]).toBeCloseTo(4 + 12 / 7, 12);
    expect(estimate.tau2).toBe(0);
  });

  it('keeps no effect where bins differ no more than noise: the cells are the grand mean', () => {
    const { sums, squares, counts } = groups([1, 3], [3, 1]);
    const estimate = cellEstimates(sums, squares, counts, [2]);
    expect(Array.from(estimate.mean)).toEqual([2, 2]);
  });

  it('does not count a copied feature twice (backfitting): two perfectly correlated features share one effect', () => {
    // feature 1 copies feature 0: only cells (0,0) and (1,1) have days; the gap between them is 2
    const { sums, squares, counts } = groups([-1.1, -0.9, -1.0, -1.0], [], [], [1.0, 1.1, 0.9, 1.0]);
    const estimate = cellEstimates(sums, squares, counts, [2, 2]);
    const gap = estimate.mean[3]! - estimate.mean[0]!;
    expect(gap, 'the two effects together explain the 2-point gap, not 4').toBeLessThan(2.01);
    expect(gap).toBeGreaterThan(1.9);
  });

  it('lets the cells keep their own means where the data show an interaction beyond the main effects', () => {
    // a pure interaction (agree +1, disagree -1), no main effect, little noise: 3 samples per cell
    const cells = [
      [1.1, 0.9, 1.0],
      [-1.0, -1.1, -0.9],
      [-0.9, -1.0, -1.1],
      [1.0, 1.1, 0.9],
    ];
    const estimate = cellEstimates(...Object.values(groups(...cells)) as [Float64Array, Float64Array, Float64Array], [2, 2]);
    expect(estimate.effects[0]![0]).toBeCloseTo(0, 12);
    expect(estimate.effects[1]![1]).toBeCloseTo(0, 12);
    expect(estimate.tau2).toBeGreaterThan(1);
    // k = sigma2 / tau2 is small: each cell keeps nearly all of its own mean
    expect(estimate.mean[0]).toBeGreaterThan(0.95);
    expect(estimate.mean[1]).toBeLessThan(-0.95);
    // the same cell means with sigma^2 = 16: S = 12 < df sigma^2 = 16, so tau^2 = 0 and the cells are the main effects
    const noisy = cellEstimates(...Object.values(groups([5, -3, 1], [-5, 3, -1], [3, -5, -1], [-3, 5, 1])) as [Float64Array, Float64Array, Float64Array], [2, 2]);
    expect(noisy.strength).toBe(Infinity);
    expect(Array.from(noisy.mean)).toEqual(Array.from(noisy.mainEffects));
  });
});
