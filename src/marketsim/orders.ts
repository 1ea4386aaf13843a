import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { toIsoDate } from '../data/dates.js';
import { UserError } from '../errors.js';

/** One row of an orders file. */
export interface Order {
  /** ISO date `yyyy-MM-dd`. */
  readonly date: string;
  readonly symbol: string;
  readonly side: 'BUY' | 'SELL';
  /** Whole number of shares >= 0 (0 is a no-op that lets a file span a window). */
  readonly shares: number;
  /** Where the row came from, for error messages: `orders.csv:7`. */
  readonly source?: string;
}

const REQUIRED_COLUMNS = ['Date', 'Symbol', 'Order', 'Shares'] as const;

/** Reads and validates an orders file `Date,Symbol,Order,Shares` (any row order). */
export function readOrdersFile(path: string, displayName = path): Order[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(
      code === 'ENOENT' ? `${displayName}: orders file not found` : `${displayName}: cannot read orders file (${code ?? String(error)})`,
    );
  }
  return parseOrders(text, displayName);
}

/** Parses the text of an orders file; every problem is a UserError naming file, line and field. */
export function parseOrders(text: string, fileName: string): Order[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new UserError(`${fileName}${line ? `:${line}` : ''}: not valid CSV (${(error as Error).message})`);
  }
  if (records.length === 0) throw new UserError(`${fileName}: empty file, expected the header ${REQUIRED_COLUMNS.join(',')}`);

  const header = records[0]!.record;
  const column = new Map<string, number>();
  header.forEach((name, index) => column.set(name.toLowerCase(), index));
  for (const name of REQUIRED_COLUMNS) {
    if (!column.has(name.toLowerCase())) {
      throw new UserError(
        `${fileName}:${records[0]!.info.lines}: missing column '${name}' (header must name ${REQUIRED_COLUMNS.join(',')}, got ${header.join(',')})`,
      );
    }
  }
  const at = (name: string) => column.get(name.toLowerCase())!;
  const dateAt = at('Date');
  const symbolAt = at('Symbol');
  const orderAt = at('Order');
  const sharesAt = at('Shares');

  const orders: Order[] = [];
  for (const { record, info } of records.slice(1)) {
    const where = `${fileName}:${info.lines}`;
    if (record.length < header.length) {
      throw new UserError(`${where}: expected ${header.length} fields (${header.join(',')}), got ${record.length}`);
    }
    const date = record[dateAt]!;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || toIsoDate(date) === null) {
      throw new UserError(`${where}: Date '${date}' is not a date of the form yyyy-MM-dd`);
    }
    const symbol = record[symbolAt]!;
    if (!/^[A-Za-z0-9$._+-]+$/.test(symbol) || symbol.length > 32) {
      throw new UserError(`${where}: Symbol '${symbol}' is not a ticker symbol`);
    }
    const side = record[orderAt]!.toUpperCase();
    if (side !== 'BUY' && side !== 'SELL') {
      throw new UserError(`${where}: Order '${record[orderAt]}' must be BUY or SELL`);
    }
    const sharesText = record[sharesAt]!;
    if (!/^\+?\d+$/.test(sharesText)) {
      throw new UserError(`${where}: Shares '${sharesText}' must be a whole number >= 0 (use Order SELL to sell)`);
    }
    const shares = Number(sharesText);
    if (!Number.isSafeInteger(shares)) throw new UserError(`${where}: Shares '${sharesText}' is too large`);
    orders.push({ date, symbol, side, shares, source: where });
  }
  if (orders.length === 0) throw new UserError(`${fileName}: no orders after the header`);
  return orders;
}

/** Signed order size: BUY +shares, SELL -shares. */
export function signedShares(order: Order): number {
  return order.side === 'BUY' ? order.shares : -order.shares;
}
