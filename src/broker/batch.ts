import type { Broker } from './broker.js';
import type { OrderFill, OrderRejection } from './execute.js';

/** An order for the batch runner: day and symbol as indices into the broker's price table. */
export interface BrokerOrder {
  readonly dayIndex: number;
  readonly symbolIndex: number;
  /** Signed: > 0 buys, < 0 sells, 0 is a no-op. */
  readonly shares: number;
}

export interface ExecutionResult {
  /** First and last day index (inclusive) of the valued window. */
  readonly firstDayIndex: number;
  readonly lastDayIndex: number;
  /** Portfolio value at each day's close, `values[i]` for day `firstDayIndex + i`. */
  readonly values: Float64Array;
  /** Cash after each day's close, aligned with `values`. */
  readonly cash: Float64Array;
  /** Holdings after each day's close: `holdings[i * symbolCount + s]`. */
  readonly holdings: Float64Array;
  readonly fills: readonly OrderFill[];
  readonly rejections: readonly OrderRejection[];
}

/**
 * Runs orders through a (fresh or reset) broker day by day over `firstDayIndex..lastDayIndex` and
 * records the close value of every day. Orders are executed in day order; orders on the same day
 * keep the order they were given in (stable). With a same-day fill model a day's value includes
 * that day's orders; with a fill that settles later it is recorded before them.
 */
export function executeOrders(
  broker: Broker,
  orders: readonly BrokerOrder[],
  firstDayIndex: number,
  lastDayIndex: number,
): ExecutionResult {
  if (!(firstDayIndex >= 0 && lastDayIndex >= firstDayIndex && lastDayIndex < broker.dayCount)) {
    throw new Error(`day range ${firstDayIndex}..${lastDayIndex} is outside 0..${broker.dayCount - 1}`);
  }
  const sorted = orders
    .map((order, position) => ({ order, position }))
    .sort((a, b) => a.order.dayIndex - b.order.dayIndex || a.position - b.position)
    .map(({ order }) => order);
  for (const order of sorted) {
    if (order.dayIndex < firstDayIndex || order.dayIndex > lastDayIndex) {
      throw new Error(`order on day ${order.dayIndex} is outside the window ${firstDayIndex}..${lastDayIndex}`);
    }
  }

  const dayCount = lastDayIndex - firstDayIndex + 1;
  const symbolCount = broker.holdings.length;
  const values = new Float64Array(dayCount);
  const cash = new Float64Array(dayCount);
  const holdings = new Float64Array(dayCount * symbolCount);
  const rejections: OrderRejection[] = [];
  const recordBeforeOrders = broker.fillModel.settlementLagDays > 0;
  const record = (day: number): void => {
    const row = day - firstDayIndex;
    values[row] = broker.valueAt(day);
    cash[row] = broker.cash;
    holdings.set(broker.holdings, row * symbolCount);
  };

  let next = 0;
  for (let day = firstDayIndex; day <= lastDayIndex; day++) {
    if (recordBeforeOrders) record(day);
    while (next < sorted.length && sorted[next]!.dayIndex === day) {
      const order = sorted[next++]!;
      const result = broker.submit(order.dayIndex, order.symbolIndex, order.shares);
      if (result.status === 'rejected') rejections.push(result);
    }
    if (!recordBeforeOrders) record(day);
  }
  return {
    firstDayIndex,
    lastDayIndex,
    values,
    cash,
    holdings,
    fills: broker.fills.slice(),
    rejections,
  };
}
