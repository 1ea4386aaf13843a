import type { PortfolioStats } from '../metrics/stats.js';
import type { BacktestResult, WindowResult } from './run.js';

/** The statistics of one window by role: `strategy` (under test), `benchmark`, then each comparison by name. */
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

export function windowSummary(window: WindowResult): WindowSummary {
  const summary: Record<string, PortfolioStats> = { strategy: window.subject.stats, benchmark: window.benchmark.stats };
  for (const entry of window.comparisons) summary[entry.name] = entry.stats;
  return summary;
}

export function backtestSummary(result: BacktestResult): BacktestSummary {
  return {
    symbol: result.config.symbol,
    seed: result.seed,
    // The trading days the windows cover (a range asked beyond the data is clipped, with a warning).
    train: { start: result.inSample.start, end: result.inSample.end },
    test: { start: result.outOfSample.start, end: result.outOfSample.end },
    trainSeconds: result.trainSeconds,
    testSeconds: result.testSeconds,
    inSample: windowSummary(result.inSample),
    outOfSample: windowSummary(result.outOfSample),
  };
}
