/** CSV writers for the report folder: RFC 4180 quoting, `\n` line ends, a final newline. */

export type CsvValue = string | number | null;

/**
 * One field: numbers in their shortest exact form (full precision, so a file reproduces values to
 * the cent), null as an empty field, text quoted when it holds a comma, quote, CR or LF (or has
 * surrounding spaces, which some readers would trim). A NaN or infinite number throws: a report
 * never writes a silent "NaN".
 */
export function csvField(value: CsvValue): string {
  if (value === null) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`CSV field: ${value} is not a finite number`);
    return Object.is(value, -0) ? '0' : String(value);
  }
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(fields: readonly CsvValue[]): string {
  return fields.map(csvField).join(',');
}

/** A whole CSV text: the header line, then one line per row (each as long as the header). */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvValue[]>): string {
  const lines = [csvLine(header)];
  let lineNumber = 1;
  for (const row of rows) {
    lineNumber++;
    if (row.length !== header.length) throw new Error(`CSV line ${lineNumber} has ${row.length} fields for ${header.length} columns`);
    lines.push(csvLine(row));
  }
  return lines.join('\n') + '\n';
}

export interface TradeRow {
  readonly date: string;
  readonly symbol: string;
  /** Signed: positive buys, negative sells, 0 for a day without a trade. */
  readonly shares: number;
}

/** trades.csv: `Date,Symbol,Shares`, one row per trading day. */
export function tradesCsv(trades: Iterable<TradeRow>): string {
  return toCsv(['Date', 'Symbol', 'Shares'], mapIterable(trades, (trade) => [trade.date, trade.symbol, trade.shares]));
}

/**
 * An orders file in the market-simulator format `Date,Symbol,Order,Shares` from signed trades:
 * a buy is BUY n, a sell SELL n, a day without a trade `BUY 0` (so the file spans the window).
 */
export function ordersCsv(trades: Iterable<TradeRow>): string {
  return toCsv(
    ['Date', 'Symbol', 'Order', 'Shares'],
    mapIterable(trades, (trade) => [trade.date, trade.symbol, trade.shares < 0 ? 'SELL' : 'BUY', Math.abs(trade.shares)]),
  );
}

/** values.csv: `Date,<name>,<name>...`, one row per date, one column per series. */
export function valuesCsv(dates: readonly string[], series: readonly { readonly name: string; readonly values: ArrayLike<number> }[]): string {
  for (const one of series) {
    if (one.values.length !== dates.length) throw new Error(`values.csv: series "${one.name}" has ${one.values.length} values for ${dates.length} dates`);
  }
  return toCsv(
    ['Date', ...series.map((one) => one.name)],
    dates.map((date, day) => [date, ...series.map((one) => one.values[day]!)]),
  );
}

function* mapIterable<T, U>(items: Iterable<T>, map: (item: T) => U): Iterable<U> {
  for (const item of items) yield map(item);
}
