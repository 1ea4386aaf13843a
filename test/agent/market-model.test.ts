import { describe, expect, it } from 'vitest';
import { MarketModel, type MarketOutcomes } from '../../src/agent/index.js';

/** Days with a given market part (flat instead of long) and one cost for every pair. */
function outcomes(flatVersusLong: number[], cost = 0.001): MarketOutcomes {
  const days = flatVersusLong.length;
  const rewards = new Float64Array(days * 9);
  const terminal = new Uint8Array(days * 9);
  const costs = new Float64Array(days * 9).fill(cost);
  return {
    rewards,
    terminal,
    costs,
    flatVersusLong: Float64Array.from(flatVersusLong),
  };
}

describe('market model (real days feed it)', () => {
  it('builds R(x, c, a) = (b - d(a)) m(x) - cost: relative to the benchmark flat earns m, short 2m, long 0 (hand-computed)', () => {
    // market state 0 on days 0 and 1 (m = mean 0.004), state 1 on day 2 (m = -0.002); prior none
    const days = outcomes([0.006, 0.002, -0.002]);
    const model = new MarketModel([2], { prior: 'none', baseline: 'benchmark', gamma: 0.9 });
    const x = [0, 0, 1, 0];
    for (let d = 0; d < 3; d++) model.observe(x[d]!, x[d + 1]!, days, d);
    const built = model.build();
    const r = (state: number, c: number, a: number) => built.reward[(state * 3 + c) * 3 + a]!;
    expect(r(0, 1, 0)).toBeCloseTo(0.004 - 0.001, 15); // long -> flat
    expect(r(0, 1, 1)).toBeCloseTo(-0.001, 15); // hold the benchmark: costs only (the same cost for every pair here)
    expect(r(0, 0, 2)).toBeCloseTo(2 * 0.004 - 0.001, 15); // flat -> short
    expect(r(1, 2, 0)).toBeCloseTo(-0.002 - 0.001, 15);
    // T: x=0 went to 0 once and to 1 once; x=1 to 0
    expect(Array.from(built.successorState.subarray(built.successorStart[0]!, built.successorStart[1]!))).toEqual([0, 1]);
    expect(Array.from(built.successorCount.subarray(built.successorStart[0]!, built.successorStart[1]!))).toEqual([1, 1]);
  });

  it('measured against cash, long earns -m and short +m', () => {
    const days = outcomes([0.01], 0);
    const model = new MarketModel([1], { prior: 'none', baseline: 'cash', gamma: 0.9 });
    model.observe(0, 0, days, 0);
    const built = model.build();
    expect(built.reward[0 * 3 + 1]).toBeCloseTo(-0.01, 15);
    expect(built.reward[0 * 3 + 2]).toBeCloseTo(0.01, 15);
    expect(built.reward[0 * 3 + 0]).toBe(0);
  });

  it("with the empirical-Bayes prior the window's drift is the benchmark's, not an edge: one market state has m = 0", () => {
    const days = outcomes([0.01, 0.02, 0.03], 0);
    const model = new MarketModel([1], { prior: 'empirical-bayes', baseline: 'benchmark', gamma: 0.9 });
    for (let d = 0; d < 3; d++) model.observe(0, 0, days, d);
    expect(Array.from(model.marketPart())).toEqual([0]);
  });

  it('counts a day as often as it is drawn (a bootstrap replicate): weights multiply its sums', () => {
    const days = outcomes([0.01, -0.03], 0);
    const model = new MarketModel([1], { prior: 'none', baseline: 'benchmark', gamma: 0.9 });
    model.observe(0, 0, days, 0, 3);
    model.observe(0, 0, days, 1, 1);
    expect(model.marketPart()[0]).toBeCloseTo((3 * 0.01 - 0.03) / 4, 15);
    expect(Array.from(model.visits())).toEqual([4]);
  });
});
