import { UserError } from '../errors.js';

/** How the learner remembers transitions for planning. */
export type ModelKind = 'counts' | 'last';
/** How a planning update uses the model: one sampled successor, or the expectation over all. */
export type PlanningKind = 'sample' | 'expected';

export interface QLearnerOptions {
  /** Number of discrete states; states are 0..numStates-1. */
  numStates: number;
  /** Number of discrete actions; actions are 0..numActions-1. */
  numActions: number;
  /** Learning rate, 0..1 (default 0.2). Also the rate of the reward model of the `counts` model. */
  alpha?: number;
  /** Discount factor, 0..1 (default 0.9). */
  gamma?: number;
  /** Random action rate (epsilon), 0..1 (default 0.5). */
  rar?: number;
  /** Random action decay rate: after every `query`, rar *= radr; 0..1 (default 0.99). */
  radr?: number;
  /** Planning (hallucinated) updates after every real step, whole number >= 0 (default 0). */
  dyna?: number;
  /** Seed of the learner's random generator (default 0). */
  seed?: number;
  /**
   * `counts` (default): transition counts per (s, a) and an averaged reward, as the course
   * describes. `last`: the last seen successor and reward (Sutton & Barto's tabular Dyna-Q).
   */
  model?: ModelKind;
  /** Accepted for the course's constructor signature; the learner never prints. */
  verbose?: boolean;
  /** Dyna-Q+ exploration bonus kappa >= 0 (default 0): planning reward + kappa*sqrt(tau). */
  kappa?: number;
  /** `sample` (default) draws one s' per planning update; `expected` averages over T[s,a,.]. */
  planning?: PlanningKind;
}

/** Options after defaults were applied and ranges checked. */
export type QLearnerConfig = Required<Omit<QLearnerOptions, 'verbose'>>;

export const DEFAULT_OPTIONS = {
  alpha: 0.2,
  gamma: 0.9,
  rar: 0.5,
  radr: 0.99,
  dyna: 0,
  seed: 0,
  model: 'counts',
  kappa: 0,
  planning: 'sample',
} as const;

/** Upper bound on states * actions: Q and the per-pair model arrays are dense in that product. */
export const MAX_PAIRS = 2 ** 28;

function checkNumber(name: string, value: unknown, min: number, max: number, integer: boolean): number {
  const kind = integer ? 'a whole number' : 'a number';
  if (typeof value !== 'number' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new UserError(`QLearner option ${name} must be ${kind} in ${min}..${max}, got ${String(value)}.`);
  }
  if (value < min || value > max) {
    throw new UserError(`QLearner option ${name} must be within ${min}..${max}, got ${value}.`);
  }
  return value;
}

function checkChoice<T extends string>(name: string, value: unknown, choices: readonly T[]): T {
  if (!(choices as readonly unknown[]).includes(value)) {
    throw new UserError(`QLearner option ${name} must be one of ${choices.join(', ')}, got '${String(value)}'.`);
  }
  return value as T;
}

/** Applies defaults and checks every option once; the error names the option and its range. */
export function resolveOptions(options: QLearnerOptions): QLearnerConfig {
  if (typeof options !== 'object' || options === null) {
    throw new UserError('QLearner options must be an object { numStates, numActions, ... }.');
  }
  // `verbose` is the course constructor's debug flag: accepted so course code runs unchanged;
  // the learner prints nothing either way.
  const known = new Set(['numStates', 'numActions', 'verbose', ...Object.keys(DEFAULT_OPTIONS)]);
  for (const key of Object.keys(options)) {
    if (!known.has(key)) {
      throw new UserError(`QLearner option '${key}' is unknown; accepted: ${[...known].join(', ')}.`);
    }
  }
  const numStates = checkNumber('numStates', options.numStates, 1, MAX_PAIRS, true);
  const numActions = checkNumber('numActions', options.numActions, 1, 1024, true);
  if (numStates * numActions > MAX_PAIRS) {
    throw new UserError(`QLearner numStates * numActions must be at most ${MAX_PAIRS}, got ${numStates * numActions}.`);
  }
  return {
    numStates,
    numActions,
    alpha: checkNumber('alpha', options.alpha ?? DEFAULT_OPTIONS.alpha, 0, 1, false),
    gamma: checkNumber('gamma', options.gamma ?? DEFAULT_OPTIONS.gamma, 0, 1, false),
    rar: checkNumber('rar', options.rar ?? DEFAULT_OPTIONS.rar, 0, 1, false),
    radr: checkNumber('radr', options.radr ?? DEFAULT_OPTIONS.radr, 0, 1, false),
    dyna: checkNumber('dyna', options.dyna ?? DEFAULT_OPTIONS.dyna, 0, 1_000_000, true),
    seed: checkNumber('seed', options.seed ?? DEFAULT_OPTIONS.seed, 0, Number.MAX_SAFE_INTEGER, true),
    model: checkChoice('model', options.model ?? DEFAULT_OPTIONS.model, ['counts', 'last'] as const),
    kappa: checkNumber('kappa', options.kappa ?? DEFAULT_OPTIONS.kappa, 0, 1e6, false),
    planning: checkChoice('planning', options.planning ?? DEFAULT_OPTIONS.planning, ['sample', 'expected'] as const),
  };
}
