import type { Day, Decision, Strategy } from '../src/strategy/contract.js';

/** Thresholds of the rule-based strategy; each indicator votes +1 (buy), -1 (sell) or 0. */
export interface ManualRules {
  /** price / SMA(20): below `low` votes long (cheap), above `high` votes short. */
  readonly smaRatio: { readonly low: number; readonly high: number };
  /** Bollinger %B(20, 2): below `low` votes long, above `high` votes short. */
  readonly bollinger: { readonly low: number; readonly high: number };
  /** RSI(14): below `low` votes long, above `high` votes short. */
  readonly rsi: { readonly low: number; readonly high: number };
  /** Votes needed to enter a position; otherwise the position is held. */
  readonly votesToEnter: number;
}

export const DEFAULT_MANUAL_RULES: ManualRules = {
  smaRatio: { low: 0.95, high: 1.05 },
  bollinger: { low: 0.0, high: 1.0 },
  rsi: { low: 30, high: 70 },
  votesToEnter: 2,
};

const SPECS = ['sma-ratio:20', 'bbp:20,2', 'rsi:14'] as const;

/**
 * A transparent mean-reversion rule on the same kind of indicators the learner sees: go long
 * when at least two of price/SMA, %B and RSI say "oversold", short when two say "overbought",
 * otherwise keep the position. Decisions on day t use indicator values of day t only.
 */
export function manual(rules: ManualRules = DEFAULT_MANUAL_RULES): Strategy {
  const vote = (value: number, band: { low: number; high: number }) => (value < band.low ? 1 : value > band.high ? -1 : 0);
  return {
    name: 'manual',
    label: 'Manual rules',
    indicators: SPECS,
    decide(day: Day): Decision {
      const smaRatio = day.indicator(SPECS[0]);
      const percentB = day.indicator(SPECS[1]);
      const rsi = day.indicator(SPECS[2]);
      if (Number.isNaN(smaRatio) || Number.isNaN(percentB) || Number.isNaN(rsi)) return null;
      const votes = vote(smaRatio, rules.smaRatio) + vote(percentB, rules.bollinger) + vote(rsi, rules.rsi);
      return votes >= rules.votesToEnter ? 'long' : votes <= -rules.votesToEnter ? 'short' : null;
    },
    describe: () => ({ indicators: [...SPECS], rules }),
  };
}
