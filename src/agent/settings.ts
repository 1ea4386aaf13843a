import { DEFAULT_INDICATORS, DYNA_Q_SETTINGS, type ChoiceSetting, type NumberSetting } from '../defaults.js';
import type { PlanningKind, RewardModelKind } from '../learner/index.js';
import type { ParamSpec } from '../strategy/contract.js';

/** How the Dyna-Q trading agent learns: its state, its learner and when training stops. */
export interface DynaQSettings {
  /** Indicator specs the state is built from, e.g. ['momentum:10', 'bbp:20', 'rsi:14']; empty: chosen from the data. */
  readonly indicators: readonly string[];
  /** Quantile bins per indicator of a fixed state (fitted on the training window). */
  readonly bins: number;
  /** Planning updates per real trading day. */
  readonly dyna: number;
  readonly alpha: number;
  readonly gamma: number;
  /** Random action rate at the start of training, and its decay per real step. */
  readonly rar: number;
  readonly radr: number;
  /** exogenous: the default learner (src/agent/train.ts); counts, last: the course's Dyna-Q (src/agent/course.ts). */
  readonly model: 'exogenous' | 'counts' | 'last';
  readonly planning: PlanningKind;
  /** How R is estimated: the sample mean, or the course's exponential average. */
  readonly rewardModel: RewardModelKind;
  /** Exogenous model: how R's market part is estimated (src/agent/market-model.ts). */
  readonly prior: 'empirical-bayes' | 'none';
  /** Exogenous model: rewards relative to holding the benchmark (and start in its position), or to cash. */
  readonly baseline: 'benchmark' | 'cash';
  readonly seed: number;
  /** Training stops after this many epochs (passes over the window) at the latest... */
  readonly epochs: number;
  /** ...or earlier, once the greedy policy has not changed for this many epochs in a row. */
  readonly patience: number;
  /** Epochs always run before a stopping rule may end training. */
  readonly minEpochs: number;
}

/** The agent's defaults, read from the one settings table (src/defaults.ts). */
export const DEFAULT_DYNA_Q: DynaQSettings = {
  indicators: DEFAULT_INDICATORS,
  bins: DYNA_Q_SETTINGS.bins.default,
  dyna: DYNA_Q_SETTINGS.dyna.default,
  alpha: DYNA_Q_SETTINGS.alpha.default,
  gamma: DYNA_Q_SETTINGS.gamma.default,
  rar: DYNA_Q_SETTINGS.rar.default,
  radr: DYNA_Q_SETTINGS.radr.default,
  model: DYNA_Q_SETTINGS.model.default,
  planning: DYNA_Q_SETTINGS.planning.default,
  rewardModel: DYNA_Q_SETTINGS.rewardModel.default,
  prior: DYNA_Q_SETTINGS.prior.default,
  baseline: DYNA_Q_SETTINGS.baseline.default,
  seed: DYNA_Q_SETTINGS.seed.default,
  epochs: DYNA_Q_SETTINGS.epochs.default,
  patience: DYNA_Q_SETTINGS.patience.default,
  minEpochs: DYNA_Q_SETTINGS.minEpochs.default,
};

function paramOf(setting: NumberSetting | ChoiceSetting): ParamSpec {
  return setting.kind === 'choice'
    ? { default: setting.default, choices: setting.choices, description: setting.description }
    : { default: setting.default, min: setting.min, max: setting.max, integer: setting.kind === 'integer', description: setting.description };
}

/**
 * The agent's settings as a strategy's declared parameters (`--param`, `--grid`, the flags of the
 * table): the same defaults and ranges as the settings table, so every way in checks the same.
 */
export const DYNA_Q_PARAMS: Readonly<Record<keyof DynaQSettings, ParamSpec>> = {
  indicators: { default: DEFAULT_INDICATORS, description: 'indicator specs of the state (none: chosen from the data)' },
  ...(Object.fromEntries(Object.entries(DYNA_Q_SETTINGS).map(([name, setting]) => [name, paramOf(setting)])) as Record<keyof typeof DYNA_Q_SETTINGS, ParamSpec>),
};
