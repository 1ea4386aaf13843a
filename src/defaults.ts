import { LEARNER_OPTION_SPECS } from './learner/config.js';

/**
 * The one table of dynaq's settings: every default and range that the CLI flags, the trading setup,
 * the Dyna-Q strategy and the reports share. A flag's help text, its parser's range and the
 * strategy's default all read this table, so they cannot disagree.
 *
 * The QLearner keeps its own course-contract defaults (alpha 0.2, radr 0.99, dyna 0: what course
 * code constructing `new QLearner({...})` expects); the trading strategy's defaults for the same
 * options are the `default` column here, chosen by the measurements in the README.
 */

export interface NumberSetting {
  readonly kind: 'number' | 'integer';
  readonly flag: string;
  readonly min: number;
  readonly max: number;
  readonly default: number;
  readonly description: string;
}

export interface ChoiceSetting<T extends string = string> {
  readonly kind: 'choice';
  readonly flag: string;
  readonly choices: readonly T[];
  readonly default: T;
  readonly description: string;
}

export interface TextSetting {
  readonly kind: 'text';
  readonly flag: string;
  readonly default: string;
  readonly description: string;
}

export type Setting = NumberSetting | ChoiceSetting | TextSetting;

const number = (flag: string, min: number, max: number, value: number, description: string): NumberSetting => ({
  kind: 'number', flag, min, max, default: value, description,
});
const integer = (flag: string, min: number, max: number, value: number, description: string): NumberSetting => ({
  kind: 'integer', flag, min, max, default: value, description,
});
function choice<T extends string>(flag: string, choices: readonly T[], value: T, description: string): ChoiceSetting<T> {
  return { kind: 'choice', flag, choices, default: value, description };
}

/** The course's costs and account (docs/DOMAIN.md, 7. StrategyLearner). */
export const COURSE = {
  startValue: 100_000,
  commission: 9.95,
  impact: 0.005,
  shares: 1000,
  train: { start: '2008-01-01', end: '2009-12-31' },
  test: { start: '2010-01-01', end: '2011-12-31' },
} as const;

/** How trades are executed and sized. */
export const SETUP_SETTINGS = {
  startValue: number('--start-value', 1, 1e12, COURSE.startValue, 'cash at the start of each window'),
  commission: number('--commission', 0, 1e9, COURSE.commission, 'fixed commission per order'),
  impact: number('--impact', 0, 1, COURSE.impact, 'market impact as a fraction of traded value'),
  shares: integer('--shares', 1, 1e9, COURSE.shares, 'size of a full position in shares (the course sizing)'),
  fraction: number('--fraction', 0.000001, 100, 1, 'size of a full position as a fraction of the portfolio value, in whole shares (instead of --shares)'),
  margin: number('--margin', 0.01, 100, 1, 'margin requirement: equity must cover this times the value of the positions after an order that raises them (1 = no leverage, 0.5 = up to 2x; `none` = no check, as the course)'),
  onExcess: choice('--on-excess', ['cut', 'refuse'] as const, 'cut', 'an order beyond buying power is cut to the whole shares that fit, or refused'),
} as const;

/** How runs of users' code are supervised. */
export const RUN_SETTINGS = {
  timeBudget: number('--time-budget', 0.1, 86_400, 5, `seconds a call of a strategy file's code may take before it is stopped (train() gets 60 times this)`),
} as const;

/** A learner option's range from the learner's own table (one range per option), with the trading strategy's default. */
function learnerNumber(flag: string, name: 'alpha' | 'gamma' | 'rar' | 'radr' | 'dyna' | 'seed', value: number, description: string): NumberSetting {
  const spec = LEARNER_OPTION_SPECS[name];
  return { kind: spec.kind, flag, min: spec.min, max: spec.max, default: value, description };
}

/** The Dyna-Q strategy's settings: the learner's options as the trading strategy uses them, and its own. */
export const DYNA_Q_SETTINGS = {
  dyna: learnerNumber('--dyna', 'dyna', 200, 'planning (hallucinated) updates per real trading day'),
  seed: learnerNumber('--seed', 'seed', 1, 'random seed of the learner'),
  alpha: learnerNumber('--alpha', 'alpha', 1, 'step size of the Q updates (1: planning from the exogenous model is value iteration)'),
  gamma: learnerNumber('--gamma', 'gamma', 0.9, 'discount factor'),
  rar: learnerNumber('--rar', 'rar', 0.5, 'random action rate at the start of training'),
  radr: learnerNumber('--radr', 'radr', 0.9999, 'decay of the random action rate per real day'),
  model: choice('--model', LEARNER_OPTION_SPECS.model.choices, 'exogenous', 'what the planner remembers of the market: exogenous (market transitions, every position\'s reward per day), counts (the course\'s T_c), last'),
  planning: choice('--planning', LEARNER_OPTION_SPECS.planning.choices, 'expected', 'planning update: the expectation over the model\'s successors, or one sampled successor'),
  rewardModel: choice('--reward-model', LEARNER_OPTION_SPECS.rewardModel.choices, 'mean', 'how R is estimated: sample mean (maximum likelihood) or the course\'s exponential average'),
  prior: choice('--prior', ['empirical-bayes', 'none'] as const, 'empirical-bayes', 'shrink the market part of R toward "no edge over the benchmark" by how much the data tells apart from noise (exogenous model)'),
  baseline: choice('--baseline', ['benchmark', 'cash'] as const, 'benchmark', 'rewards measured relative to holding the benchmark, or to holding cash (exogenous model)'),
  bins: integer('--bins', 1, 100, 2, 'quantile bins per indicator, fitted on the training window'),
  epochs: integer('--epochs', 1, 100_000, 100, 'maximum training epochs (passes over the training window)'),
  patience: integer('--patience', 1, 100_000, 3, 'stop training when the greedy policy is unchanged for this many epochs'),
  minEpochs: integer('--min-epochs', 1, 100_000, 2, 'epochs always run before a stopping rule may end training'),
} as const;

/** Default indicators of the Dyna-Q state. */
export const DEFAULT_INDICATORS: readonly string[] = ['momentum:5', 'momentum:10', 'momentum:20'];
