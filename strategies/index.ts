import type { Strategy } from '../src/strategy/contract.js';
import { buyAndHold } from './buy-and-hold.js';
import { dynaQ, loadDynaQAgent, DynaQStrategy, DEFAULT_DYNA_Q, type DynaQSettings, type DynaQHooks } from './dyna-q.js';
import { StrategyLearner, type DailyTrade, type EvidenceArgs, type StrategyLearnerOptions } from './strategy-learner.js';
import { manual, DEFAULT_MANUAL_RULES, type ManualRules } from './manual.js';

export { buyAndHold, dynaQ, loadDynaQAgent, manual, DynaQStrategy, DEFAULT_DYNA_Q, DEFAULT_MANUAL_RULES, StrategyLearner };
export type { DynaQSettings, DynaQHooks, DailyTrade, EvidenceArgs, StrategyLearnerOptions, ManualRules };

/** Built-in strategies by name: what `--strategy NAME` accepts besides a file path. */
export const builtInStrategies = {
  'dyna-q': (settings: Partial<DynaQSettings> = {}): Strategy => dynaQ(settings),
  manual: (): Strategy => manual(),
  'buy-and-hold': (): Strategy => buyAndHold(),
} as const;

export type StrategyName = keyof typeof builtInStrategies;
export const strategyNames = Object.keys(builtInStrategies) as StrategyName[];

/** A built-in strategy by name; Dyna-Q takes its settings. */
export function buildStrategy(name: StrategyName, dynaQSettings: Partial<DynaQSettings> = {}): Strategy {
  return builtInStrategies[name](dynaQSettings);
}
