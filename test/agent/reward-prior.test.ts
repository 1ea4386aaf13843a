import { describe, expect, it } from 'vitest';
import { marketPrior, shrinkageEstimate } from '../../src/agent/reward-prior.js';

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

  it('builds a main-effects prior per market state and shrinks each bin toward the grand mean', () => {
    // one indicator with 2 bins: bin means 2 and 6 around 4, each shrunk by n / (n + 1/3) = 6/7
    const result = marketPrior(Int32Array.from([0, 0, 1, 1]), Float64Array.from([1, 3, 5, 7]), [2]);
    expect(result.effects[0]![0]).toBeCloseTo(-12 / 7, 12);
    expect(result.effects[0]![1]).toBeCloseTo(12 / 7, 12);
    expect(Array.from(result.prior)).toEqual([result.effects[0]![0], result.effects[0]![1]]);
  });

  it('adds the effects of two indicators (mixed radix, first indicator most significant); a copy of one claims nothing twice', () => {
    // state = bin0 * 2 + bin1; indicator 0 separates +-1 strongly, indicator 1 carries nothing
    const states = Int32Array.from([0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3]);
    const values = Float64Array.from([-1.1, -0.9, 1.0, 1.1, -1.0, -1.0, 0.9, 1.0, -0.9, -1.1, 1.1, 0.9]);
    const result = marketPrior(states, values, [2, 2]);
    expect(result.effects[0]![0]).toBeLessThan(-0.9);
    expect(result.effects[0]![1]).toBeGreaterThan(0.9);
    expect(result.effects[1]![0]).toBe(0);
    expect(result.effects[1]![1]).toBe(0);
    expect(result.prior[0]).toBeCloseTo(result.effects[0]![0]!, 12);
    expect(result.prior[3]).toBeCloseTo(result.effects[0]![1]!, 12);
  });

  it('does not count a correlated indicator twice (backfitting)', () => {
    // indicator 1 is a copy of indicator 0: the marginal means would give each the full effect
    const states = Int32Array.from([0, 0, 3, 3, 0, 3, 0, 3]);
    const values = Float64Array.from([-1.1, -0.9, 1.0, 1.1, -1.0, 0.9, -1.0, 1.0]);
    const result = marketPrior(states, values, [2, 2]);
    expect(result.prior[3]! - result.prior[0]!, 'the two effects together explain the 2-point gap, not 4').toBeLessThan(2.2);
    expect(result.prior[3]! - result.prior[0]!).toBeGreaterThan(1.5);
  });
});
