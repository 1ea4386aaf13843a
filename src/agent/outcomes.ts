import { NUM_POSITIONS, type TradingEnv } from '../env/trading-env.js';

/** Outcomes per training day: one per (position, action) pair. */
export const OUTCOMES_PER_DAY = NUM_POSITIONS * NUM_POSITIONS;

/** The reward of every (position, action) pair of every training day, and the market part of each. */
export interface MarketOutcomes {
  /** Day d's pair i at d * 9 + i: the reward the learner sees (relative to the baseline). */
  readonly rewards: Float64Array;
  readonly terminal: Uint8Array;
  /** The exact costs of each pair (commission + impact), as a return on the start value. */
  readonly costs: Float64Array;
  /** Per day: what holding cash instead of the benchmark's long position earned, before costs (the market part). */
  readonly flatVersusLong: Float64Array;
}

/**
 * Every training day's outcome for every position and action, from the broker's own execution,
 * for an account at its start value (the market does not care what the agent holds). With the
 * benchmark as baseline, each reward is measured against holding the benchmark's position that
 * day, so "do what the benchmark does" earns exactly 0.
 */
export function marketOutcomes(env: TradingEnv, firstDecision: number, baseline: 'benchmark' | 'cash'): MarketOutcomes {
  const days = env.to - firstDecision;
  const rewards = new Float64Array(days * OUTCOMES_PER_DAY);
  const terminal = new Uint8Array(days * OUTCOMES_PER_DAY);
  const costs = new Float64Array(days * OUTCOMES_PER_DAY);
  const flatVersusLong = new Float64Array(days);
  env.reset();
  const holdLong = 1 * NUM_POSITIONS + 1;
  for (let d = 0; d < days; d++) {
    const at = d * OUTCOMES_PER_DAY;
    env.counterfactualRewards(firstDecision + d, rewards.subarray(at, at + OUTCOMES_PER_DAY), terminal.subarray(at, at + OUTCOMES_PER_DAY), costs.subarray(at, at + OUTCOMES_PER_DAY));
    const benchmark = rewards[at + holdLong]!;
    flatVersusLong[d] = rewards[at]! - benchmark; // flat -> flat costs nothing
    if (baseline === 'benchmark') for (let i = 0; i < OUTCOMES_PER_DAY; i++) rewards[at + i] -= benchmark;
  }
  return { rewards, terminal, costs, flatVersusLong };
}
