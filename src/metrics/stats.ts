import { maxDrawdown } from './drawdown.js';
import {
  annualizedReturn,
  annualizedVolatility,
  cumulativeReturn,
  dailyReturns,
  mean,
  sampleStd,
  sharpeRatio,
  sortinoRatio,
} from './returns.js';
import { closedTrades, exposureTime, tradeStatistics, type TradeFill, type TradeStatistics } from './trades.js';

/**
 * Statistics of a daily portfolio value series v[0..n-1] with daily returns
 * r[t] = v[t]/v[t-1] - 1 (t >= 1), P periods per year and a daily risk-free rate rf.
 * A statistic that is undefined is `null`, never 0 or NaN. Definitions: docs/DOMAIN.md, 5.
 */
/** With the statistics of the closed trades (trades.ts), whose fields are null without trades. */
export interface PortfolioStats extends Omit<TradeStatistics, 'trades'> {
  /** Number of trading days n in the series. */
  readonly days: number;
  /** First and last date of the series. */
  readonly startDate: string;
  readonly endDate: string;
  /** v[0]. */
  readonly startValue: number;
  /** v[n-1]. */
  readonly finalValue: number;
  /** max over t of v[t]. */
  readonly peakValue: number;
  /** v[n-1]/v[0] - 1. */
  readonly cumulativeReturn: number | null;
  /** mean(r). */
  readonly averageDailyReturn: number | null;
  /** std(r), sample divisor n-2 (= number of returns - 1). */
  readonly stdDailyReturn: number | null;
  /** sqrt(P) * mean(r - rf) / std(r); null when std(r) is 0. */
  readonly sharpeRatio: number | null;
  /** sqrt(P) * mean(r - rf) / sqrt(mean(min(r - rf, 0)^2)); null without a return below rf. */
  readonly sortinoRatio: number | null;
  /** (v[n-1]/v[0])^(P/(n-1)) - 1, geometric. */
  readonly annualizedReturn: number | null;
  /** std(r) * sqrt(P). */
  readonly annualizedVolatility: number | null;
  /** min over t of v[t]/max(v[0..t]) - 1, a negative fraction (e.g. -0.23); 0 without a fall. */
  readonly maxDrawdown: number;
  /** Date of the peak the maximum drawdown fell from; null without a fall. */
  readonly maxDrawdownStart: string | null;
  /** Date of the maximum drawdown's lowest value; null without a fall. */
  readonly maxDrawdownTrough: string | null;
  /** First date after the trough back at or above the peak; null if it never recovered. */
  readonly maxDrawdownRecovery: string | null;
  /** Trading days from maxDrawdownStart to the recovery (or to the last day if none); 0 without a fall. */
  readonly maxDrawdownDurationDays: number;
  /** annualizedReturn / |maxDrawdown|; null without a drawdown. */
  readonly calmarRatio: number | null;
  /**
   * Closed round-trip trades (FIFO per symbol, as backtesting.py counts them); a position still
   * open at the end counts as closed at the last price. null when no fills were given.
   */
  readonly trades: number | null;
  /** Number of executed non-zero orders; null when no fills were given. */
  readonly orders: number | null;
  /** Days whose closing position is non-zero in some symbol / n; null when no fills were given. */
  readonly exposureTime: number | null;
  /** b[n-1]/b[0] - 1 of the benchmark series over the same days; null without a benchmark. */
  readonly buyAndHoldReturn: number | null;
  /**
   * The day the account was wiped out (value at or below 0: positions closed, no more trades), or
   * null. Return-based statistics use the returns up to that day only: later days are a closed account.
   */
  readonly wipedOutOn: string | null;
}

export interface StatsOptions {
  /** Trading date of every value (same length as the values). */
  readonly dates: readonly string[];
  /** Daily risk-free rate subtracted from each daily return. Default 0. */
  readonly riskFreeRate?: number;
  /** Default 252. */
  readonly periodsPerYear?: number;
  /** Executed orders, in execution order; enables the trade statistics and exposure time. */
  readonly fills?: readonly TradeFill[];
  /** Subtracted from each fill's dayIndex to index the values. Default 0. */
  readonly dayOffset?: number;
  /** Last price per symbol, to close positions still open at the end (needed when some are). */
  readonly finalPrices?: ReadonlyMap<string, number>;
  /** Benchmark value series over the same days (e.g. buy-and-hold). */
  readonly benchmark?: Float64Array;
  /** The day the account was wiped out, as the executor reports it (default: none). */
  readonly wipedOutOn?: string | null;
}

export function computeStats(values: Float64Array, options: StatsOptions): PortfolioStats {
  const n = values.length;
  if (n === 0) throw new Error('computeStats needs at least one value');
  if (options.dates.length !== n) {
    throw new Error(`computeStats: ${n} values but ${options.dates.length} dates`);
  }
  for (let t = 0; t < n; t++) {
    if (!Number.isFinite(values[t]!)) throw new Error(`value on ${options.dates[t]} is not finite: ${values[t]}`);
  }
  const periodsPerYear = options.periodsPerYear ?? 252;
  const ratioOptions = { riskFreeRate: options.riskFreeRate ?? 0, periodsPerYear };
  // Returns exist while the account has value: after a value at or below 0 (a wipe-out, or a
  // course marketsim series that went negative) a ratio of values means nothing.
  let solventDays = n;
  for (let t = 0; t < n; t++) {
    if (values[t]! <= 0) {
      solventDays = t + 1;
      break;
    }
  }
  const returns = dailyReturns(values.subarray(0, solventDays));
  const insolvent = solventDays < n || values[n - 1]! <= 0 || (options.wipedOutOn ?? null) !== null;
  let peakValue = values[0]!;
  for (let t = 1; t < n; t++) if (values[t]! > peakValue) peakValue = values[t]!;

  const drawdown = maxDrawdown(values);
  const yearly = annualizedReturn(values, periodsPerYear);
  const dateAt = (index: number | null) => (index === null ? null : options.dates[index]!);

  let trades: number | null = null;
  let orders: number | null = null;
  let exposure: number | null = null;
  let tradeStats: TradeStatistics | null = null;
  if (options.fills) {
    const dayOffset = options.dayOffset ?? 0;
    const relativeFills = options.fills.filter((fill) => fill.shares !== 0);
    const closed = closedTrades(relativeFills, options.finalPrices ?? new Map(), dayOffset + n - 1);
    trades = closed.length;
    orders = relativeFills.length;
    exposure = exposureTime(relativeFills, n, dayOffset);
    tradeStats = tradeStatistics(closed);
  }

  const { trades: _closed, ...perTrade } = tradeStats ?? tradeStatistics([]);

  let buyAndHold: number | null = null;
  if (options.benchmark) {
    if (options.benchmark.length !== n) {
      throw new Error(`benchmark has ${options.benchmark.length} values, the series ${n}`);
    }
    buyAndHold = cumulativeReturn(options.benchmark);
  }

  return {
    days: n,
    startDate: options.dates[0]!,
    endDate: options.dates[n - 1]!,
    startValue: values[0]!,
    finalValue: values[n - 1]!,
    peakValue,
    cumulativeReturn: cumulativeReturn(values),
    averageDailyReturn: mean(returns),
    stdDailyReturn: sampleStd(returns),
    // An account that reached 0 has no meaningful risk-adjusted ratio: its last returns are
    // ratios of near-zero values (GOOG 2010 bought with 1000 shares: +6,652% in a day at $46).
    sharpeRatio: insolvent ? null : sharpeRatio(returns, ratioOptions),
    sortinoRatio: insolvent ? null : sortinoRatio(returns, ratioOptions),
    annualizedReturn: yearly,
    annualizedVolatility: annualizedVolatility(returns, periodsPerYear),
    maxDrawdown: drawdown.maxDrawdown,
    maxDrawdownStart: dateAt(drawdown.startIndex),
    maxDrawdownTrough: dateAt(drawdown.troughIndex),
    maxDrawdownRecovery: dateAt(drawdown.recoveryIndex),
    maxDrawdownDurationDays: drawdown.durationDays,
    calmarRatio: insolvent || yearly === null || drawdown.maxDrawdown === 0 ? null : yearly / Math.abs(drawdown.maxDrawdown),
    trades,
    orders,
    ...perTrade,
    exposureTime: exposure,
    buyAndHoldReturn: buyAndHold,
    wipedOutOn: options.wipedOutOn ?? null,
  };
}

/** Every statistic's field name, in the order reports list them. */
export const portfolioStatNames = [
  'days', 'startDate', 'endDate', 'startValue', 'finalValue', 'peakValue', 'cumulativeReturn',
  'averageDailyReturn', 'stdDailyReturn', 'sharpeRatio', 'sortinoRatio', 'annualizedReturn',
  'annualizedVolatility', 'maxDrawdown', 'maxDrawdownStart', 'maxDrawdownTrough',
  'maxDrawdownRecovery', 'maxDrawdownDurationDays', 'calmarRatio', 'trades', 'orders', 'winRate',
  'bestTrade', 'worstTrade', 'averageTrade', 'geometricAverageTrade', 'profitFactor', 'averageTradeProfit', 'sqn',
  'kellyCriterion', 'averageTradeDurationDays', 'maxTradeDurationDays', 'exposureTime', 'buyAndHoldReturn', 'wipedOutOn',
] as const satisfies readonly (keyof PortfolioStats)[];
