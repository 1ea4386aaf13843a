import type { Strategy } from '../src/strategy.js';
import { buyAndHold } from './buy-and-hold.js';
import { dynaQ, DEFAULT_DYNA_Q, type DynaQSettings } from './dyna-q.js';
import { manual, DEFAULT_MANUAL_RULES } from './manual.js';

export { buyAndHold, dynaQ, manual, DEFAULT_DYNA_Q, DEFAULT_MANUAL_RULES, type DynaQSettings };

/** Strategies the CLI can run by name. */
export const strategyNames = ['dyna-q', 'manual', 'buy-and-hold'] as const;
export type StrategyName = (typeof strategyNames)[number];

export function createStrategy(name: StrategyName, dynaQSettings: Partial<DynaQSettings> = {}): Strategy {
  switch (name) {
    case 'dyna-q':
      return dynaQ(dynaQSettings);
    case 'manual':
      return manual();
    case 'buy-and-hold':
      return buyAndHold();
  }
}
