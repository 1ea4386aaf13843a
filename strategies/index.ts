import type { Strategy } from '../src/strategy.js';
import { buyAndHold } from './buy-and-hold.js';
import { dynaQ, loadDynaQAgent, DEFAULT_DYNA_Q, type DynaQSettings, type DynaQStrategy } from './dyna-q.js';
import { StrategyLearner, type DailyTrade, type EvidenceArgs, type StrategyLearnerOptions } from './strategy-learner.js';
import { manual, DEFAULT_MANUAL_RULES } from './manual.js';

export { buyAndHold, dynaQ, loadDynaQAgent, manual, DEFAULT_DYNA_Q, DEFAULT_MANUAL_RULES, StrategyLearner };
export type { DynaQSettings, DynaQStrategy, DailyTrade, EvidenceArgs, StrategyLearnerOptions };

/** Strategies the CLI can run by name. */
export const strategyNames = ['dyna-q', 'manual', 'buy-and-hold'] as const;
export type StrategyName = (typeof strategyNames)[number];

/** A strategy by name; Dyna-Q takes its settings. */
export function buildStrategy(name: StrategyName, dynaQSettings: Partial<DynaQSettings> = {}): Strategy {
  switch (name) {
    case 'dyna-q':
      return dynaQ(dynaQSettings);
    case 'manual':
      return manual();
    case 'buy-and-hold':
      return buyAndHold();
  }
}
