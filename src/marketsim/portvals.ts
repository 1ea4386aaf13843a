import { DEFAULT_COMMISSION_PER_ORDER, DEFAULT_IMPACT_RATE, fillModelByName, type FillModelName } from '../broker/models.js';
import { resolveDataDir, symbolFile } from '../data/data-dir.js';
import { addDaysIso } from '../data/dates.js';
import { loadPrices, NoTradingDaysError } from '../data/load.js';
import { UserError } from '../errors.js';
import { readOrdersFile, type Order } from './orders.js';
import { orderDateRange, orderSymbols, simulateOrders, type SimulationResult } from './simulate.js';

export interface PortvalsOptions {
  /** Default 1,000,000 (the course's market simulator). */
  readonly startValue?: number;
  /** Fixed commission per non-zero order. Default 9.95. */
  readonly commission?: number;
  /** Impact as a fraction of traded value. Default 0.005. */
  readonly impact?: number;
  /** Folder of `SYMBOL.csv` price files. Default: env DYNAQ_DATA_DIR, else `./data`. */
  readonly dataDir?: string;
  /** Symbol whose rows are the trading days. Default SPY (or the data folder's manifest). */
  readonly calendar?: string;
  /** Default `close`. */
  readonly fill?: FillModelName;
}

/**
 * Course-compatible market simulator: an orders file (path) or parsed orders in, the daily
 * portfolio values from the first to the last order date out (with fills and statistics).
 */
export function computePortvals(orders: string | readonly Order[], options: PortvalsOptions = {}): SimulationResult {
  const parsed = typeof orders === 'string' ? readOrdersFile(orders) : orders;
  if (parsed.length === 0) throw new UserError('no orders to simulate');
  const dataDir = resolveDataDir(options.dataDir, process.env, process.cwd());
  const fill = options.fill ?? 'close';
  const symbols = orderSymbols(parsed);
  for (const symbol of symbols) {
    try {
      symbolFile(dataDir, symbol);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      const order = parsed.find((o) => o.symbol === symbol)!;
      throw new UserError(`${order.source ?? 'orders'}: no price data for symbol ${symbol} (order on ${order.date}): ${error.message}`);
    }
  }
  const { start, end } = orderDateRange(parsed);
  // A fill that settles later needs trading days after the last order date: load a little more.
  const lag = fillModelByName(fill).settlementLagDays;
  const loadEnd = lag > 0 ? addDaysIso(end, 7 * lag + 7) : end;
  let table;
  try {
    table = loadPrices({ symbols, start, end: loadEnd, dataDir, calendar: options.calendar });
  } catch (error) {
    const file = parsed[0]!.source?.replace(/:\d+$/, '') ?? 'the orders';
    if (error instanceof NoTradingDaysError) throw error.outside(`${file}: its orders from ${start} to ${end} fall on`);
    throw error;
  }
  return simulateOrders(parsed, table, {
    startValue: options.startValue ?? 1_000_000,
    commission: options.commission ?? DEFAULT_COMMISSION_PER_ORDER,
    impact: options.impact ?? DEFAULT_IMPACT_RATE,
    fill,
  });
}
