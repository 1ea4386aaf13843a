import type { OrderFill } from '../broker/broker.js';
import { executeOrders, type BrokerOrder } from '../broker/execute.js';
import { createBroker } from '../env/trading-env.js';
import { computeStats, type PortfolioStats } from '../metrics/stats.js';
import type { MarketWindow, TradingSetup } from '../strategy.js';

/** A strategy's trades over one window, executed by the broker and measured. */
export interface WindowRun {
  /** Shares traded per day of the window (index 0 = first day). */
  readonly trades: Float64Array;
  /** Portfolio value at each day's close. */
  readonly values: Float64Array;
  /** Shares held after each day's orders. */
  readonly holdings: Float64Array;
  readonly fills: readonly OrderFill[];
  /** Orders the broker refused (limits); a correct strategy has none. */
  readonly rejections: number;
}

/** Executes one trade per day through a fresh broker and records the daily values. */
export function executeTrades(window: MarketWindow, setup: TradingSetup, trades: Float64Array): WindowRun {
  const broker = createBroker(window.table, setup);
  const symbolIndex = broker.symbolIndex(window.symbol);
  const orders: BrokerOrder[] = [];
  trades.forEach((shares, i) => {
    if (shares !== 0) orders.push({ dayIndex: window.from + i, symbolIndex, shares });
  });
  const result = executeOrders(broker, orders, window.from, window.to);
  const days = window.to - window.from + 1;
  const holdings = new Float64Array(days);
  const symbolCount = broker.holdings.length;
  for (let i = 0; i < days; i++) holdings[i] = result.holdings[i * symbolCount + symbolIndex]!;
  return { trades, values: result.values, holdings, fills: result.fills, rejections: result.rejections.length };
}

/** Statistics of a run, with the benchmark's values beside it for the buy-and-hold return. */
export function measureRun(window: MarketWindow, run: WindowRun, benchmarkValues: Float64Array): PortfolioStats {
  const dates = window.table.dates.slice(window.from, window.to + 1);
  const lastPrice = window.table.series.get(window.symbol)!.adjClose[window.to]!;
  return computeStats(run.values, {
    dates,
    fills: run.fills,
    dayOffset: window.from,
    finalPrices: new Map([[window.symbol, lastPrice]]),
    benchmark: benchmarkValues,
  });
}
