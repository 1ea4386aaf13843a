import { describe, expect, it } from 'vitest';
import { blockBootstrap, ENSEMBLE, ensembleTrust, type MarketOutcomes } from '../../src/agent/index.js';
import { Rng } from '../../src/learner/index.js';

function outcomes(flatVersusLong: Float64Array): MarketOutcomes {
  const days = flatVersusLong.length;
  const rewards = new Float64Array(days * 9);
  const terminal = new Uint8Array(days * 9);
  return {
    rewards,
    terminal,
    costs: new Float64Array(days * 9),
    flatVersusLong,
  };
}

const settings = { prior: 'empirical-bayes', baseline: 'benchmark', gamma: 0.9 } as const;

describe('bootstrap ensemble (trust)', () => {
  it('draws ceil(days / length) blocks of consecutive days, wrapping around', () => {
    const weights = blockBootstrap(25, 10, new Rng(1));
    expect(weights.reduce((a, b) => a + b, 0)).toBe(30);
    // every drawn block is 10 consecutive days (circular): weights never jump by more than the blocks
    expect(Math.max(...weights)).toBeLessThanOrEqual(3);
  });

  it('trusts a trade where every resampling of the days agrees on the sign of its advantage, and only there', () => {
    // two market states alternating in runs of 5 days; state 1 falls every day
    const days = 400;
    const x = Int32Array.from({ length: days + 1 }, (_, d) => Math.floor(d / 5) % 2);
    const rng = new Rng('trust');
    const y = Float64Array.from({ length: days }, (_, d) => (x[d] === 1 ? 0.01 : -0.01) + 0.005 * (rng.next() - 0.5));
    const trust = ensembleTrust(x, outcomes(y), [2], settings);
    for (let c = 0; c < 3; c++) {
      // in state 1 flat (m) and short (2m) both beat long in every replicate
      expect(trust.allowed[1 * 3 + c]!, `state 1, position ${c}: flat and short trusted`).toBe(0b111);
      expect(trust.allowed[0 * 3 + c]!, `state 0, position ${c}: long only`).toBe(0b010);
      expect(trust.agreement[(1 * 3 + c) * 3 + 2]).toBe(1);
    }
  });

  it('trusts nothing but the benchmark where the days are noise', () => {
    const days = 400;
    const x = Int32Array.from({ length: days + 1 }, (_, d) => Math.floor(d / 5) % 2);
    const rng = new Rng('noise');
    const y = Float64Array.from({ length: days }, () => 0.02 * (rng.next() - 0.5));
    const trust = ensembleTrust(x, outcomes(y), [2], settings);
    expect(Array.from(trust.allowed)).toEqual([2, 2, 2, 2, 2, 2]);
    // no action away from the benchmark's (long, 1) reaches the agreement the ensemble requires
    trust.agreement.forEach((share, pair) => {
      if (pair % 3 !== 1) expect(share).toBeLessThan(ENSEMBLE.agreement);
    });
  });
});
