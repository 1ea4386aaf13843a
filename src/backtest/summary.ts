import { describeSetup } from '../broker/setup.js';
import type { PortfolioStats } from '../metrics/stats.js';
import type { JsonValue } from '../strategy/contract.js';
import type { AnyBacktestResult, BacktestConfig, BacktestResult, PeriodConfig, PeriodResult, StrategyInfo, WindowResult } from './run.js';

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
  /** Training epochs used and why training stopped; null for a strategy that does not train. */
  readonly training: { readonly epochs: number; readonly stoppedBecause: string } | null;
  /** Everything the run was configured with, defaults resolved. */
  readonly config: ResolvedConfig;
  readonly inSample: WindowSummary;
  readonly outOfSample: WindowSummary;
  /** What the user should know about these figures, one line each (a clipped window, look-ahead, refused or cut orders). */
  readonly warnings: readonly string[];
}

/** The `--json` object of `dynaq backtest --period`: one window, no training. */
export interface PeriodSummary {
  readonly symbol: string;
  readonly seed: number | null;
  /** The trading days the period covers. */
  readonly window: { readonly start: string; readonly end: string };
  readonly seconds: number;
  readonly config: ResolvedConfig;
  /** The statistics by role, as `inSample` and `outOfSample` of a split run. */
  readonly period: WindowSummary;
  /** What the user should know about these figures, one line each (a clipped window, look-ahead, refused or cut orders). */
  readonly warnings: readonly string[];
}

/** A run's configuration with every default resolved: printed at the start, stored with the results. */
export interface ResolvedConfig {
  readonly symbol: string;
  /** The windows as asked: train and test of a split run, or the one period. */
  readonly train?: { readonly start: string; readonly end: string };
  readonly test?: { readonly start: string; readonly end: string };
  readonly period?: { readonly start: string; readonly end: string };
  readonly allowOverlap: boolean;
  readonly dataDir: string;
  readonly calendar: string;
  readonly setup: ReturnType<typeof describeSetup>;
  readonly strategy: string;
  readonly settings: Readonly<Record<string, JsonValue>>;
}

export function resolvedConfig(config: BacktestConfig | PeriodConfig, subject: Pick<StrategyInfo, 'name' | 'settings'>): ResolvedConfig {
  return {
    symbol: config.symbol,
    ...('period' in config ? { period: config.period } : { train: config.train, test: config.test }),
    allowOverlap: 'period' in config ? false : (config.allowOverlap ?? false),
    dataDir: config.dataDir,
    calendar: config.calendar,
    setup: describeSetup(config.setup),
    strategy: subject.name,
    settings: subject.settings,
  };
}

/** The resolved config as one line for the terminal, e.g. `config: symbol=JPM ... dyna=200`. */
export function configLine(config: ResolvedConfig): string {
  const { setup, settings } = config;
  const parts = [
    `symbol=${config.symbol}`,
    ...(config.period ? [`period=${config.period.start}:${config.period.end}`] : [`train=${config.train!.start}:${config.train!.end}`, `test=${config.test!.start}:${config.test!.end}`]),
    `strategy=${config.strategy}`, `fill=${setup.fill}`, `commission=${setup.commission}`, `impact=${setup.impact}`,
    `size=${setup.sizingDescription.replace(/ /g, '')}`, `startValue=${setup.startValue}`, `margin=${setup.margin ?? 'none'}`,
    ...(setup.closeAtEnd ? ['closeAtEnd=true'] : []),
    ...Object.entries(settings).map(([key, value]) => `${key}=${Array.isArray(value) ? value.join(',') : typeof value === 'object' ? JSON.stringify(value) : String(value)}`),
  ];
  return `config: ${parts.join(' ')}`;
}

export function windowSummary(window: WindowResult): WindowSummary {
  const summary: Record<string, PortfolioStats> = { strategy: window.subject.stats, benchmark: window.benchmark.stats };
  for (const entry of window.comparisons) summary[entry.name] = entry.stats;
  return summary;
}

/** The `--json` object of a run: a split run's, or a period's. */
export function runSummary(result: AnyBacktestResult): BacktestSummary | PeriodSummary {
  return result.kind === 'split' ? backtestSummary(result) : periodSummary(result);
}

export function periodSummary(result: PeriodResult): PeriodSummary {
  return {
    symbol: result.config.symbol,
    seed: result.seed,
    window: { start: result.period.start, end: result.period.end },
    seconds: result.seconds,
    config: resolvedConfig(result.config, result.strategy),
    period: windowSummary(result.period),
    warnings: result.warnings,
  };
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
    training: result.training ? { epochs: result.training.epochs, stoppedBecause: result.training.stoppedBecause } : null,
    config: resolvedConfig(result.config, result.strategy),
    inSample: windowSummary(result.inSample),
    outOfSample: windowSummary(result.outOfSample),
    warnings: result.warnings,
  };
}
