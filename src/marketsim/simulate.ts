import { Broker, executeOrders, type BrokerOrder, type OrderFill, type OrderRejection } from '../broker/index.js';
import { fillModelByName, fixedCommission, proportionalImpact, type FillModelName } from '../broker/models.js';
import type { PriceTable } from '../data/types.js';
import { UserError } from '../errors.js';
import { computeStats, type PortfolioStats } from '../metrics/index.js';
import { signedShares, type Order } from './orders.js';

export interface SimulationOptions {
  /** Cash before the first order. */
  readonly startValue: number;
  /** Fixed commission per non-zero order. */
  readonly commission: number;
  /** Impact as a fraction of traded value. */
  readonly impact: number;
  /** Default `close`. */
  readonly fill?: FillModelName;
}

export interface SimulationResult {
  /** Trading days valued, from the first to the last order date. */
  readonly dates: readonly string[];
  /** Portfolio value at each day's close. */
  readonly values: Float64Array;
  readonly fills: readonly OrderFill[];
  readonly rejections: readonly OrderRejection[];
  readonly fillModel: FillModelName;
  readonly stats: PortfolioStats;
  /** The first day the value was 0 or below (the course's marketsim goes on; callers warn), or null. */
  readonly nonPositiveOn: string | null;
}

/** The symbols an orders list trades, in order of first appearance. */
export function orderSymbols(orders: readonly Order[]): string[] {
  return [...new Set(orders.map((order) => order.symbol))];
}

/** First and last order date (ISO strings compare in date order). */
export function orderDateRange(orders: readonly Order[]): { start: string; end: string } {
  let start = orders[0]!.date;
  let end = start;
  for (const { date } of orders) {
    if (date < start) start = date;
    if (date > end) end = date;
  }
  return { start, end };
}

/**
 * Runs an orders list against a price table that covers its dates: orders sorted by date
 * (stable, so one day's orders keep file order), all of a day's orders executed that day, and
 * the portfolio valued on every trading day from the first to the last order date.
 */
export function simulateOrders(orders: readonly Order[], table: PriceTable, options: SimulationOptions): SimulationResult {
  if (orders.length === 0) throw new UserError('no orders to simulate');
  const dayIndexByDate = new Map(table.dates.map((date, index) => [date, index]));
  const symbols = orderSymbols(orders);
  for (const symbol of symbols) {
    if (!table.series.has(symbol)) {
      const order = orders.find((o) => o.symbol === symbol)!;
      throw new UserError(`${order.source ?? 'orders'}: no price data for symbol ${symbol} (order on ${order.date})`);
    }
  }
  const symbolIndex = new Map(symbols.map((symbol, index) => [symbol, index]));
  const brokerOrders: BrokerOrder[] = orders.map((order) => {
    const dayIndex = dayIndexByDate.get(order.date);
    if (dayIndex === undefined) {
      throw new UserError(
        `${order.source ?? 'orders'}: ${order.date} is not a trading day (${table.calendar} has no row), order ${order.side} ${order.shares} ${order.symbol}`,
      );
    }
    return { dayIndex, symbolIndex: symbolIndex.get(order.symbol)!, shares: signedShares(order) };
  });

  let first = Infinity;
  let last = -Infinity;
  for (const { dayIndex } of brokerOrders) {
    first = Math.min(first, dayIndex);
    last = Math.max(last, dayIndex);
  }
  const fillName = options.fill ?? 'close';
  const fill = fillModelByName(fillName);
  // Valued from the first to the last order date, whatever the fill model (docs/DOMAIN.md, 4): with
  // next-open, a day's value is read before its orders, as a backtest records it, so an orders
  // file of a backtest window replays to that window's final value.

  const broker = new Broker(table, {
    startValue: options.startValue,
    fill,
    commission: fixedCommission(options.commission),
    impact: proportionalImpact(options.impact),
  });
  // The broker trades every symbol of the table; map our indices onto its order.
  const tableIndex = symbols.map((symbol) => broker.symbolIndex(symbol));
  const execution = executeOrders(
    broker,
    brokerOrders.map((order) => ({ ...order, symbolIndex: tableIndex[order.symbolIndex]! })),
    first,
    last,
  );
  const dates = table.dates.slice(first, last + 1);
  const finalPrices = new Map(symbols.map((symbol) => [symbol, table.series.get(symbol)!.adjClose[last]!]));
  const stats = computeStats(execution.values, {
    dates,
    fills: execution.fills,
    dayOffset: first,
    finalPrices,
  });
  const firstNonPositive = execution.values.findIndex((value) => value <= 0);
  return {
    dates,
    values: execution.values,
    fills: execution.fills,
    rejections: execution.rejections,
    fillModel: fillName,
    stats,
    nonPositiveOn: firstNonPositive < 0 ? null : dates[firstNonPositive]!,
  };
}
