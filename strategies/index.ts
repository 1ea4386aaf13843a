import { instantiate, type DynaQSettings, type ParamValue, type StrategyInstance } from '../src/index.js';
import buyAndHoldStrategy from './buy-and-hold.js';
import dynaQStrategy from './dyna-q.js';
import manualStrategy from './manual.js';

/**
 * The built-in strategies (`dynaq/strategies`): each file's default export is the strategy itself,
 * written against the public contract as a user's file is. These helpers make a fresh instance
 * with parameters, ready for `runBacktest` / `runStrategy`.
 */
export { StrategyLearner, type DailyTrade, type EvidenceArgs, type StrategyLearnerOptions } from './strategy-learner.js';
export { buyAndHoldStrategy, dynaQStrategy, manualStrategy };

/** A fresh Dyna-Q instance with its settings over the defaults. */
export function dynaQ(settings: Partial<DynaQSettings> = {}): StrategyInstance {
  return instantiate(dynaQStrategy, { params: settings, origin: 'built-in dyna-q' });
}

export function buyAndHold(): StrategyInstance {
  return instantiate(buyAndHoldStrategy, { origin: 'built-in buy-and-hold' });
}

export function manual(params: Readonly<Record<string, ParamValue>> = {}): StrategyInstance {
  return instantiate(manualStrategy, { params, origin: 'built-in manual' });
}
