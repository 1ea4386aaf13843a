import { runBacktest, type BacktestResult, type StrategyResult } from '../backtest/run.js';
import type { TradingSetup } from '../broker/setup.js';
import { loadPrices, NoTradingDaysError } from '../data/load.js';
import type { PriceTable } from '../data/types.js';
import { UserError } from '../errors.js';
import { walkForwardFolds, type FoldOptions } from '../evaluation/folds.js';
import { computeStats, type PortfolioStats } from '../metrics/stats.js';
import { closedTrades, ordersAwayFromBenchmark, tradeStatistics, type ClosedTrade } from '../metrics/trades.js';
import type { StrategyInstance } from '../strategy/instance.js';

export interface WalkForwardOptions extends FoldOptions {
  readonly symbol: string;
  /** The range the folds cover (history before it only warms indicators up). */
  readonly start: string;
  readonly end: string;
  readonly dataDir: string;
  readonly calendar: string;
  readonly setup: TradingSetup;
  /** A fresh strategy for every fold: each fold trains its own. */
  readonly makeStrategy: () => StrategyInstance;
  /** Fresh instances of the benchmark (buy-and-hold) and of the manual rules, per fold. */
  readonly makeBenchmark: () => StrategyInstance;
  readonly makeManual: () => StrategyInstance;
}

/** STATS by role, as `backtest --json` prints them. */
export interface RoleStats {
  readonly strategy: PortfolioStats;
  readonly benchmark: PortfolioStats;
  readonly manual: PortfolioStats;
}

export interface FoldResult {
  readonly train: { readonly start: string; readonly end: string };
  readonly test: { readonly start: string; readonly end: string };
  readonly strategy: PortfolioStats;
  readonly benchmark: PortfolioStats;
  readonly manual: PortfolioStats;
  readonly inSample: RoleStats;
  /** Test-window orders that left the benchmark's direction (see ordersAwayFromBenchmark): 0 for a fold that did what buy-and-hold did. */
  readonly ordersAwayFromBenchmark: number;
  readonly trainSeconds: number;
}

export interface WalkForwardResult {
  readonly symbol: string;
  readonly folds: readonly FoldResult[];
  /** The test windows stitched into one chain of returns. */
  readonly outOfSample: RoleStats;
  /** The training windows' in-sample results, stitched the same way (they overlap when rolling). */
  readonly inSample: RoleStats;
  /** Daily values of the stitched out-of-sample chains (start value at the first test day), for charts. */
  readonly stitched: { readonly dates: readonly string[]; readonly strategy: Float64Array; readonly benchmark: Float64Array; readonly manual: Float64Array };
  readonly trainSeconds: number;
}

type Role = 'subject' | 'benchmark' | 'manual';
const ROLES: readonly Role[] = ['subject', 'benchmark', 'manual'];

/** Runs every fold: train on its training window, test on the window after it, beside the benchmark and the manual rules. */
export function runWalkForward(options: WalkForwardOptions, table?: PriceTable): WalkForwardResult {
  let prices: PriceTable;
  try {
    prices = table ?? loadPrices({ symbols: [options.symbol], end: options.end, dataDir: options.dataDir, calendar: options.calendar });
  } catch (error) {
    if (error instanceof NoTradingDaysError) throw error.outside(`--start ${options.start} --end ${options.end} holds`, 2);
    throw error;
  }
  let from = 0;
  while (from < prices.dates.length && prices.dates[from]! < options.start) from++;
  let to = prices.dates.length - 1;
  while (to >= 0 && prices.dates[to]! > options.end) to--;
  if (from > to) {
    throw new UserError(`--start ${options.start} --end ${options.end} holds no trading days: the data covers ${prices.dates[0]}..${prices.dates.at(-1)}.`, 2);
  }
  const folds = walkForwardFolds(to - from + 1, options);
  const dateAt = (index: number) => prices.dates[from + index]!;
  const runs: BacktestResult[] = folds.map((fold) =>
    runBacktest(
      {
        symbol: options.symbol,
        train: { start: dateAt(fold.train.from), end: dateAt(fold.train.to) },
        test: { start: dateAt(fold.test.from), end: dateAt(fold.test.to) },
        dataDir: options.dataDir,
        calendar: options.calendar,
        setup: options.setup,
      },
      { subject: options.makeStrategy(), benchmark: options.makeBenchmark(), comparisons: [options.makeManual()] },
      prices,
    ),
  );
  const pick = (result: BacktestResult['inSample'], role: Role): StrategyResult =>
    role === 'subject' ? result.subject : role === 'benchmark' ? result.benchmark : result.comparisons.find((entry) => entry.name === 'manual')!;
  const stitch = (window: 'inSample' | 'outOfSample') => {
    const dates = runs.flatMap((run) => run[window].dates);
    const chains = ROLES.map((role) => stitchValues(runs.map((run) => pick(run[window], role).run.values), options.setup.startValue));
    const benchmark = chains[1]!;
    // every fold's round trips (positions never cross a fold), for the trade statistics of the chain
    const tradesOf = (run: BacktestResult, role: Role) => {
      const to = prices.dates.indexOf(run[window].end);
      return closedTrades(pick(run[window], role).run.fills, new Map([[options.symbol, prices.series.get(options.symbol)!.adjClose[to]!]]), to);
    };
    // the fields of measureRun's options in its order, absent ones undefined: one object shape, so
    // V8 does not deoptimise and recompile computeStats when the stitched runs arrive
    const stats = ROLES.map((role, r) =>
      combineTrades(computeStats(chains[r]!, { dates, fills: undefined, dayOffset: undefined, finalPrices: undefined, benchmark, wipedOutOn: undefined }), runs.map((run) => pick(run[window], role).stats), runs.flatMap((run) => tradesOf(run, role))),
    );
    return { dates, chains, stats: { strategy: stats[0]!, benchmark: stats[1]!, manual: stats[2]! } };
  };
  const outOfSample = stitch('outOfSample');
  const inSample = stitch('inSample');
  return {
    symbol: options.symbol,
    folds: runs.map((run) => ({
      train: { start: run.inSample.start, end: run.inSample.end },
      test: { start: run.outOfSample.start, end: run.outOfSample.end },
      strategy: run.outOfSample.subject.stats,
      benchmark: run.outOfSample.benchmark.stats,
      manual: pick(run.outOfSample, 'manual').stats,
      inSample: { strategy: run.inSample.subject.stats, benchmark: run.inSample.benchmark.stats, manual: pick(run.inSample, 'manual').stats },
      ordersAwayFromBenchmark: ordersAwayFromBenchmark(run.outOfSample.subject.run.trades, run.outOfSample.subject.run.holdings, run.outOfSample.benchmark.run.holdings),
      trainSeconds: run.trainSeconds,
    })),
    outOfSample: outOfSample.stats,
    inSample: inSample.stats,
    stitched: { dates: outOfSample.dates, strategy: outOfSample.chains[0]!, benchmark: outOfSample.chains[1]!, manual: outOfSample.chains[2]! },
    trainSeconds: runs.reduce((sum, run) => sum + run.trainSeconds, 0),
  };
}

/**
 * One chain of returns from windows that each started with `startValue` in cash: within a window
 * the day-to-day returns, and on a window's first day its return from the start value (its entry
 * costs). A chain that reaches 0 or below stays there: that account is gone.
 */
export function stitchValues(windows: readonly Float64Array[], startValue: number): Float64Array {
  const total = windows.reduce((sum, values) => sum + values.length, 0);
  const chain = new Float64Array(total);
  let value = startValue;
  let i = 0;
  for (const values of windows) {
    for (let t = 0; t < values.length; t++) {
      const previous = t === 0 ? startValue : values[t - 1]!;
      if (value > 0) value = previous > 0 ? value * (values[t]! / previous) : values[t]! <= 0 ? Math.min(value, values[t]!) : value;
      chain[i++] = value;
    }
  }
  return chain;
}

/** The stitched chain's statistics with the trade statistics of all the folds' round trips (positions never cross a fold). */
function combineTrades(stats: PortfolioStats, folds: readonly PortfolioStats[], trades: readonly ClosedTrade[]): PortfolioStats {
  const orders = folds.reduce<number | null>((total, fold) => (fold.orders === null ? total : (total ?? 0) + fold.orders), null);
  const exposedDays = folds.reduce((total, fold) => total + (fold.exposureTime ?? 0) * fold.days, 0);
  const wiped = folds.find((fold) => fold.wipedOutOn !== null)?.wipedOutOn ?? null;
  return {
    ...stats,
    ...tradeStatistics(trades),
    orders,
    exposureTime: folds.every((fold) => fold.exposureTime === null) ? null : exposedDays / stats.days,
    wipedOutOn: wiped,
  };
}
