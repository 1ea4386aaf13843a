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

/** The course's costs and account (DOMAIN.md, strategy learner contract). */
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
} as const;

/** The Dyna-Q strategy's settings: the learner's options as the trading strategy uses them, and its own. */
export const DYNA_Q_SETTINGS = {
  dyna: integer('--dyna', 0, 100_000, 200, 'planning (hallucinated) updates per real trading day'),
  seed: integer('--seed', 0, 2 ** 31 - 1, 1, 'random seed of the learner'),
  alpha: number('--alpha', 0, 1, 0.1, 'learning rate of the Q update'),
  gamma: number('--gamma', 0, 1, 0.9, 'discount factor'),
  rar: number('--rar', 0, 1, 0.5, 'random action rate at the start of training'),
  radr: number('--radr', 0, 1, 0.9999, 'decay of the random action rate per real day'),
  model: choice('--model', ['counts', 'last'] as const, 'counts', 'what the planner remembers of the market'),
  planning: choice('--planning', ['sample', 'expected'] as const, 'sample', 'planning update: one sampled successor or the expectation'),
  bins: integer('--bins', 1, 100, 4, 'quantile bins per indicator, fitted on the training window'),
  epochs: integer('--epochs', 1, 100_000, 100, 'maximum training epochs (passes over the training window)'),
  patience: integer('--patience', 1, 100_000, 5, 'stop training when the greedy policy is unchanged for this many epochs'),
  minEpochs: integer('--min-epochs', 1, 100_000, 10, 'epochs always run before the patience rule may stop training'),
} as const;

/** Default indicators of the Dyna-Q state. */
export const DEFAULT_INDICATORS: readonly string[] = ['momentum:10', 'bbp:20', 'rsi:14'];

/** Every setting by name, for `--help` texts and the README test. */
export const ALL_SETTINGS: Readonly<Record<string, Setting>> = { ...SETUP_SETTINGS, ...DYNA_Q_SETTINGS };
