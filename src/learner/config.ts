import { UserError } from '../errors.js';

/** How the learner remembers transitions for planning. */
export type ModelKind = 'counts' | 'last';
/** How a planning update uses the model: one sampled successor, or the expectation over all. */
export type PlanningKind = 'sample' | 'expected';
/** How the counts model estimates R: the sample mean (maximum likelihood) or the course's exponential average. */
export type RewardModelKind = 'mean' | 'exponential';

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
  /**
   * `mean` (default): R[s,a] is the sample mean of every reward seen for the pair, the
   * maximum-likelihood estimate for stochastic rewards (what T_c is for transitions).
   * `exponential`: the course's `(1-alpha) R + alpha r`, started at the first reward; it remembers
   * about the last 1/alpha rewards. The `last` model always keeps the last reward.
   */
  rewardModel?: RewardModelKind;
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
  rewardModel: 'mean',
} as const;

/**
 * Every option with its range, course default and meaning: the one place the learner's ranges
 * live (the CLI's flags and the trading strategy's defaults in src/defaults.ts refer to it).
 */
export const LEARNER_OPTION_SPECS = {
  alpha: { kind: 'number', min: 0, max: 1, default: DEFAULT_OPTIONS.alpha, description: 'learning rate of the Q update' },
  gamma: { kind: 'number', min: 0, max: 1, default: DEFAULT_OPTIONS.gamma, description: 'discount factor' },
  rar: { kind: 'number', min: 0, max: 1, default: DEFAULT_OPTIONS.rar, description: 'random action rate (epsilon)' },
  radr: { kind: 'number', min: 0, max: 1, default: DEFAULT_OPTIONS.radr, description: 'decay of rar after every query' },
  dyna: { kind: 'integer', min: 0, max: 1_000_000, default: DEFAULT_OPTIONS.dyna, description: 'planning updates per real step' },
  seed: { kind: 'integer', min: 0, max: 2 ** 32 - 1, default: DEFAULT_OPTIONS.seed, description: 'seed of the random generator' },
  kappa: { kind: 'number', min: 0, max: 1e6, default: DEFAULT_OPTIONS.kappa, description: 'Dyna-Q+ exploration bonus' },
  model: { kind: 'choice', choices: ['counts', 'last'], default: DEFAULT_OPTIONS.model, description: 'what the planner remembers' },
  planning: { kind: 'choice', choices: ['sample', 'expected'], default: DEFAULT_OPTIONS.planning, description: 'sampled or expected planning updates' },
  rewardModel: { kind: 'choice', choices: ['mean', 'exponential'], default: DEFAULT_OPTIONS.rewardModel, description: 'how R is estimated' },
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
  const spec = LEARNER_OPTION_SPECS;
  const numberOption = (name: 'alpha' | 'gamma' | 'rar' | 'radr' | 'dyna' | 'seed' | 'kappa') =>
    checkNumber(name, options[name] ?? spec[name].default, spec[name].min, spec[name].max, spec[name].kind === 'integer');
  const model = checkChoice('model', options.model ?? DEFAULT_OPTIONS.model, spec.model.choices);
  return {
    numStates,
    numActions,
    alpha: numberOption('alpha'),
    gamma: numberOption('gamma'),
    rar: numberOption('rar'),
    radr: numberOption('radr'),
    dyna: numberOption('dyna'),
    seed: numberOption('seed'),
    model,
    kappa: numberOption('kappa'),
    planning: checkChoice('planning', options.planning ?? DEFAULT_OPTIONS.planning, spec.planning.choices),
    rewardModel: checkChoice('rewardModel', options.rewardModel ?? DEFAULT_OPTIONS.rewardModel, spec.rewardModel.choices),
  };
}
