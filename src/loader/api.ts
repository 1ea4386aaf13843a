import { DEFAULT_DYNA_Q, DYNA_Q_PARAMS, TradingAgent, trainAgent } from '../agent/index.js';
import { ACTION_LABELS, positionIndexOf } from '../env/trading-env.js';
import { isUserError, UserError } from '../errors.js';
import { computeIndicators } from '../indicators/index.js';
import { LEARNER_OPTION_SPECS, QLearner } from '../learner/index.js';
import { Discretizer, fitDiscretizer } from '../states/index.js';
import { COURSE, DEFAULT_INDICATORS, DYNA_Q_SETTINGS, SETUP_SETTINGS } from '../defaults.js';

/**
 * What `import ... from 'dynaq'` gives inside a strategy file: the learner, the Dyna-Q agent,
 * indicators and discretizers to build a state with, the settings table and UserError. Nothing that
 * loads prices, runs a backtest or holds a price table: a strategy sees prices only through the day
 * and history it is handed. Reading anything else is an error that says so.
 */
const available = {
  UserError,
  isUserError,
  QLearner,
  LEARNER_OPTION_SPECS,
  TradingAgent,
  trainAgent,
  DEFAULT_DYNA_Q,
  DYNA_Q_PARAMS,
  ACTION_LABELS,
  positionIndexOf,
  computeIndicators,
  Discretizer,
  fitDiscretizer,
  COURSE,
  SETUP_SETTINGS,
  DYNA_Q_SETTINGS,
  DEFAULT_INDICATORS,
} as const;

/** Module bookkeeping names a bundler may read from an imported module. */
const MODULE_KEYS = new Set(['__esModule', 'default', 'then']);

export const strategyApi: Readonly<Record<string, unknown>> = new Proxy(Object.freeze({ ...available, __esModule: true }), {
  get(target, key, receiver) {
    if (typeof key === 'symbol' || key in target || MODULE_KEYS.has(key)) return Reflect.get(target, key, receiver);
    throw new UserError(
      `'${key}' from 'dynaq' is not available inside a strategy (a strategy sees prices only through day and history); available: ${Object.keys(available).join(', ')}.`,
    );
  },
});
