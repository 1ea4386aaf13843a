import type { QLearnerConfig } from './config.js';
import type { Rng } from './rng.js';

/** What a model's planning loop works on: Q (with its zero row for the terminal state), the generator, the settings. */
export interface PlanningContext {
  /** Q indexed s * numActions + a; the row s = numStates is all zeros (terminal outcomes). */
  readonly q: Float64Array;
  readonly rng: Rng;
  readonly config: Readonly<QLearnerConfig>;
  /** Real steps so far (the Dyna-Q+ bonus measures time since a pair was last tried). */
  readonly now: number;
}

/**
 * A model the learner plans from: it learns from real transitions and runs planning updates. Each
 * kind keeps what it remembers of the world and owns its planning loop (the hot path: locals for
 * every array, no allocation, no calls but the generator), so a new kind of model is one new file
 * implementing this.
 */
export interface PlanningModel {
  /** Seen pairs: 0 means nothing to plan from yet. */
  readonly seenCount: number;
  /** Records a real transition of `pair` to sPrime with reward r, at real step `step`. */
  observe(pair: number, sPrime: number, r: number, alpha: number, step: number): void;
  /** Runs n planning (hallucinated) Q updates. */
  plan(context: PlanningContext, n: number): void;
  /** Typed-array bytes held (grows with what was observed). */
  byteSize(): number;
}

/** max over actions of Q[s, .] with the first two comparisons unrolled (~10% faster for 3 actions). */
export function maxQ(q: Float64Array, base: number, numActions: number): number {
  let best = q[base];
  if (numActions > 1 && q[base + 1] > best) best = q[base + 1];
  if (numActions > 2 && q[base + 2] > best) best = q[base + 2];
  for (let b = 3; b < numActions; b++) if (q[base + b] > best) best = q[base + b];
  return best;
}
