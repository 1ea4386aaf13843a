import { NUM_POSITIONS } from '../env/trading-env.js';
import { Rng } from '../learner/index.js';
import { benchmarkAction, MarketModel, type MarketModelSettings } from './market-model.js';
import type { MarketOutcomes } from './outcomes.js';

/**
 * Knowing what it does not know: a bootstrap ensemble of market models over blocks of training
 * days (the remedy for model exploitation: a planner finds the errors of one model, several models
 * fitted to resampled data disagree where the data do not decide). Each replicate redraws the
 * training days in blocks of about a tenth of the window (so a bad stretch, a crash, a quarter's
 * trend, is in some replicates and not in others), is fitted exactly as the agent's model is, and
 * solved. An action that leaves the benchmark's position is allowed in a state only where at least
 * AGREEMENT of the replicates find it better there than the benchmark's position (the sign of its
 * advantage agrees); elsewhere the state keeps the benchmark.
 *
 * The draws come from a generator with a fixed seed, not the learner's `--seed`: the model is a
 * deterministic function of the data, and so is the policy.
 */
export const ENSEMBLE = { replicates: 40, agreement: 0.95, blocks: 10, seed: 'dynaq-ensemble' } as const;

/** Value iteration stops at this Bellman residual (max |Q - BQ|, rewards being returns on the start value)... */
export const PLANNING_TOLERANCE = 1e-12;
/** ...or after this many sweeps (the residual then says how far it got). */
export const MAX_SWEEPS = 100_000;

export interface Trust {
  /** Per state (x * 3 + c): the actions it may take (bits). */
  readonly allowed: Uint8Array;
  /** Per pair: the share of replicates in which the action beats the benchmark's in that state (1 for the benchmark's own). */
  readonly agreement: Float64Array;
}

/**
 * Per day, how many times each of `days` days is drawn in one replicate: ceil(days / length) blocks
 * of `length` consecutive days with uniformly drawn starts (circular).
 */
export function blockBootstrap(days: number, length: number, rng: Rng): Float64Array {
  const weights = new Float64Array(days);
  const blocks = Math.ceil(days / length);
  for (let b = 0; b < blocks; b++) {
    const start = rng.int(days);
    for (let k = 0; k < length; k++) weights[(start + k) % days]++;
  }
  return weights;
}

/** The ensemble's agreement and the actions it trusts, for market states `states` (x of each day and the day after). */
export function ensembleTrust(states: Int32Array, outcomes: MarketOutcomes, radices: readonly number[], settings: MarketModelSettings): Trust {
  const benchmark = benchmarkAction(settings.baseline);
  const days = states.length - 1;
  const rng = new Rng(ENSEMBLE.seed);
  const length = Math.max(1, Math.ceil(days / ENSEMBLE.blocks));
  let votes: Float64Array | null = null;
  for (let r = 0; r < ENSEMBLE.replicates; r++) {
    const weights = blockBootstrap(days, length, rng);
    const model = new MarketModel(radices, settings);
    model.observeDays(states, outcomes, weights);
    const { q } = model.build().solve(PLANNING_TOLERANCE, MAX_SWEEPS);
    votes ??= new Float64Array(q.length);
    for (let s = 0; s < q.length / NUM_POSITIONS; s++) {
      const base = s * NUM_POSITIONS;
      for (let a = 0; a < NUM_POSITIONS; a++) if (a === benchmark || q[base + a]! > q[base + benchmark]!) votes[base + a]++;
    }
  }
  const agreement = (votes ?? new Float64Array(0)).map((count) => count / ENSEMBLE.replicates);
  const allowed = new Uint8Array(agreement.length / NUM_POSITIONS);
  for (let s = 0; s < allowed.length; s++) {
    for (let a = 0; a < NUM_POSITIONS; a++) if (votes![s * NUM_POSITIONS + a]! >= ENSEMBLE.agreement * ENSEMBLE.replicates) allowed[s]! |= 1 << a;
  }
  return { allowed, agreement };
}
