import type { PortfolioStats } from '../metrics/stats.js';
import type { BacktestResult, WindowResult } from './run.js';

/** The statistics of one window by role: the strategy under test, the benchmark, the others. */
export type WindowSummary = Record<string, PortfolioStats>;

/** The `--json` object of `dynaq backtest` (documented in the README). */
export interface BacktestSummary {
  readonly symbol: string;
  readonly seed: number | null;
  readonly train: { readonly start: string; readonly end: string };
  readonly test: { readonly start: string; readonly end: string };
  readonly trainSeconds: number;
  readonly testSeconds: number;
  readonly inSample: WindowSummary;
  readonly outOfSample: WindowSummary;
}

/** Roles by position in a WindowResult: 0 the strategy, 1 the benchmark, then by name. */
export function windowSummary(window: WindowResult): WindowSummary {
  const summary: Record<string, PortfolioStats> = {};
  window.strategies.forEach((entry, index) => {
    const role = index === 0 ? 'strategy' : index === 1 ? 'benchmark' : entry.name;
    summary[role] = entry.stats;
  });
  return summary;
}

export function backtestSummary(result: BacktestResult, seed: number | null): BacktestSummary {
  const { config } = result;
  return {
    symbol: config.symbol,
    seed,
    // The windows as asked for; each statistic's startDate/endDate are the trading days inside.
    train: { start: config.train.start, end: config.train.end },
    test: { start: config.test.start, end: config.test.end },
    trainSeconds: result.trainSeconds,
    testSeconds: result.testSeconds,
    inSample: windowSummary(result.inSample),
    outOfSample: windowSummary(result.outOfSample),
  };
}
