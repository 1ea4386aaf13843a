import { computeIndicators } from '../src/indicators/index.js';
import { targetShares } from '../src/env/trading-env.js';
import type { MarketWindow, Strategy, TradingSetup } from '../src/strategy.js';

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

/**
 * A transparent mean-reversion rule on the same kind of indicators the learner sees: go long
 * when at least two of price/SMA, %B and RSI say "oversold", short when two say "overbought",
 * otherwise keep the position. Decisions on day t use indicator values of day t only.
 */
export function manual(rules: ManualRules = DEFAULT_MANUAL_RULES): Strategy {
  const specs = ['sma-ratio:20', 'bbp:20,2', 'rsi:14'];
  return {
    name: 'manual',
    label: 'Manual rules',
    train: () => null,
    trades(window: MarketWindow, setup: TradingSetup): Float64Array {
      const series = window.table.series.get(window.symbol)!;
      const [smaRatio, percentB, rsi] = computeIndicators(series, specs).columns as [Float64Array, Float64Array, Float64Array];
      const vote = (value: number, band: { low: number; high: number }) => (value < band.low ? 1 : value > band.high ? -1 : 0);
      const trades = new Float64Array(window.to - window.from + 1);
      let holding = 0;
      // The last day is valuation only, as in the trading environment.
      for (let t = window.from; t < window.to; t++) {
        if (Number.isNaN(smaRatio[t]!) || Number.isNaN(percentB[t]!) || Number.isNaN(rsi[t]!)) continue;
        const votes = vote(smaRatio[t]!, rules.smaRatio) + vote(percentB[t]!, rules.bollinger) + vote(rsi[t]!, rules.rsi);
        const action = votes >= rules.votesToEnter ? 1 : votes <= -rules.votesToEnter ? 2 : -1;
        if (action < 0) continue;
        const target = targetShares(action, setup.positionSize);
        trades[t - window.from] = target - holding;
        holding = target;
      }
      return trades;
    },
    describe: () => ({ indicators: specs, rules }),
  };
}
