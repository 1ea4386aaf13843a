import { ACTION_DIRECTIONS, NUM_POSITIONS, type TradingEnv } from '../env/trading-env.js';
import { marketPrior } from './reward-prior.js';

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
  /** Views of `rewards` and `terminal` per day, made once (the epochs replay them). */
  readonly dayRewards: readonly Float64Array[];
  readonly dayTerminal: readonly Uint8Array[];
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
  const dayRewards = Array.from({ length: days }, (_, d) => rewards.subarray(d * OUTCOMES_PER_DAY, (d + 1) * OUTCOMES_PER_DAY));
  const dayTerminal = Array.from({ length: days }, (_, d) => terminal.subarray(d * OUTCOMES_PER_DAY, (d + 1) * OUTCOMES_PER_DAY));
  return { rewards, terminal, costs, flatVersusLong, dayRewards, dayTerminal };
}

/**
 * The reward model's prior per pair: the market part from the empirical-Bayes market prior
 * (holding cash instead of the benchmark earns flatVersusLong; a short earns twice that; a long
 * earns the benchmark, 0), minus each pair's exact average cost in that market state.
 */
export function rewardPrior(outcomes: MarketOutcomes, states: Int32Array, firstDecision: number, radices: readonly number[]): Float64Array {
  const days = outcomes.flatVersusLong.length;
  const dayStates = states.slice(firstDecision, firstDecision + days);
  const market = marketPrior(dayStates, outcomes.flatVersusLong, radices);
  const numMarketStates = market.prior.length;
  const costSum = new Float64Array(numMarketStates * OUTCOMES_PER_DAY);
  const seen = new Float64Array(numMarketStates);
  for (let d = 0; d < days; d++) {
    const m = dayStates[d]!;
    seen[m]++;
    for (let i = 0; i < OUTCOMES_PER_DAY; i++) costSum[m * OUTCOMES_PER_DAY + i] += outcomes.costs[d * OUTCOMES_PER_DAY + i]!;
  }
  const mean = new Float64Array(numMarketStates * OUTCOMES_PER_DAY);
  for (let m = 0; m < numMarketStates; m++) {
    for (let c = 0; c < NUM_POSITIONS; c++) {
      for (let a = 0; a < NUM_POSITIONS; a++) {
        const i = m * OUTCOMES_PER_DAY + c * NUM_POSITIONS + a;
        // relative to the benchmark: flat earns x, short earns 2x, long 0 (x = flat versus long)
        const marketPart = (1 - ACTION_DIRECTIONS[a]!) * market.prior[m]!;
        mean[i] = marketPart - (seen[m]! > 0 ? costSum[i]! / seen[m]! : 0);
      }
    }
  }
  return mean;
}
