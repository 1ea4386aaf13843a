import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'csv-parse/sync';
import { printable, UserError } from '../errors.js';
import { toIsoDate } from './dates.js';

/** One price file as read: rows sorted by ascending date, NaN where a value is missing. */
export interface PriceFileRows {
  readonly dates: string[];
  /** 1-based line number of each row in the file, for error messages. */
  readonly lines: Int32Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly adjClose: Float64Array;
  readonly volume: Float64Array;
}

type Field = 'date' | 'open' | 'high' | 'low' | 'close' | 'adjClose' | 'volume';

/** Header spellings, compared after lower-casing and removing spaces, `_` and `-`. */
const HEADER_NAMES: Record<string, Field> = {
  date: 'date',
  timestamp: 'date',
  open: 'open',
  high: 'high',
  low: 'low',
  close: 'close',
  adjclose: 'adjClose',
  adjustedclose: 'adjClose',
  volume: 'volume',
  vol: 'volume',
};
const FIELD_LABEL: Record<Field, string> = {
  date: 'Date',
  open: 'Open',
  high: 'High',
  low: 'Low',
  close: 'Close',
  adjClose: 'Adj Close',
  volume: 'Volume',
};

const MISSING = new Set(['', 'nan', 'null', 'na', 'n/a']);

/**
 * The largest price and volume the loader accepts. Larger values are typos or corrupt files, and
 * products of them (a position's value) would overflow to Infinity deep inside a run.
 */
export const MAX_PRICE = 1e9;
export const MAX_VOLUME = 1e15;

/**
 * Reads a daily OHLCV file: Yahoo/course format `Date,Open,High,Low,Close,Volume,Adj Close` in any
 * column order and case, rows in any date order, LF or CRLF. Without `Adj Close` (e.g. Stooq) the
 * adjusted close is the close; without Open/High/Low those take the close; without Volume it is 0.
 * `nan`, `null` or an empty field is a missing value (NaN). Everything else must parse.
 */
export function readPriceFile(path: string, bytes: Uint8Array = readFileSync(path)): PriceFileRows {
  const file = basename(path);
  const reader = rowReader(bytes, file);
  const header = reader.header;
  if (!header) throw new UserError(`${file}: the file is empty; expected a header line such as Date,Open,High,Low,Close,Volume,Adj Close.`);

  const columnOf = new Map<Field, number>();
  header.forEach((name, index) => {
    const field = HEADER_NAMES[name.toLowerCase().replace(/[\s_-]+/g, '')];
    if (field && !columnOf.has(field)) columnOf.set(field, index);
  });
  // pandas writes its date index with an empty header name: `,Open,High,...`
  if (!columnOf.has('date') && header[0] === '') columnOf.set('date', 0);
  for (const required of ['date', 'close'] as const) {
    if (!columnOf.has(required) && !(required === 'close' && columnOf.has('adjClose'))) {
      throw new UserError(
        `${file} line 1: missing required column '${FIELD_LABEL[required]}' (header is '${printable(header.join(','))}').`,
      );
    }
  }

  const rowCount = reader.rowCount;
  const values = numericColumnsOf(rowCount);
  const dates: string[] = new Array<string>(rowCount);
  const dateColumn = columnOf.get('date')!;
  const numericColumns = (['open', 'high', 'low', 'close', 'adjClose', 'volume'] as const).map((field) => ({
    field,
    column: columnOf.get(field) ?? -1,
    target: values[field],
  }));

  for (let row = 0; row < rowCount; row++) {
    // A short row is a broken line, not a missing day (a missing day is a missing row).
    const fields = reader.fieldCount(row);
    if (fields < header.length) {
      throw new UserError(`${file} line ${reader.line(row)}: ${fields} field${fields === 1 ? '' : 's'} where the header has ${header.length}.`);
    }
    const dateText = reader.text(row, dateColumn) ?? '';
    const date = toIsoDate(dateText);
    if (date === null) {
      throw new UserError(`${file} line ${reader.line(row)}: Date '${printable(dateText)}' is not a date (expected yyyy-MM-dd).`);
    }
    dates[row] = date;
    for (let k = 0; k < numericColumns.length; k++) {
      const { field, column, target } = numericColumns[k]!;
      target[row] = column < 0 ? NaN : reader.number(row, column, field);
    }
  }

  fillAbsentColumns(values, columnOf);
  const order = ascendingOrder(dates);
  const lines = new Int32Array(rowCount);
  const sortedDates: string[] = new Array<string>(rowCount);
  const sorted = numericColumnsOf(rowCount);
  for (let i = 0; i < rowCount; i++) {
    const row = order[i]!;
    sortedDates[i] = dates[row]!;
    lines[i] = reader.line(row);
    if (i > 0 && sortedDates[i] === sortedDates[i - 1]) {
      throw new UserError(
        `${file} line ${Math.max(lines[i]!, lines[i - 1]!)}: duplicate date ${sortedDates[i]} (also on line ${Math.min(lines[i]!, lines[i - 1]!)}).`,
      );
    }
  }
  for (const field of ['open', 'high', 'low', 'close', 'adjClose', 'volume'] as const) {
    const source = values[field];
    const target = sorted[field];
    for (let i = 0; i < rowCount; i++) target[i] = source[order[i]!]!;
  }
  return { dates: sortedDates, lines, ...sorted };
}

/** Row-wise access to a file's fields; rows exclude the header and blank lines. */
interface RowReader {
  readonly header: string[] | undefined;
  readonly rowCount: number;
  /** 1-based line of the row in the file. */
  line(row: number): number;
  text(row: number, column: number): string | undefined;
  number(row: number, column: number, field: NumericField): number;
  /** Fields on the row. */
  fieldCount(row: number): number;
}

type NumericField = Exclude<Field, 'date'>;

/**
 * csv-parse reads any file that uses quoting. A file without a single `"` cannot use any CSV
 * feature beyond commas and line breaks, so it takes a scanner that parses numbers straight
 * from the text (the same values, checked against csv-parse in the tests): csv-parse spends
 * ~4 us a row, 7 s on the 606 reference files, and loading them must take well under 10 s.
 */
function rowReader(bytes: Uint8Array, file: string): RowReader {
  if (bytes.includes(0)) throw new UserError(`${file}: not a text file (it holds NUL bytes); expected CSV text such as Date,Open,High,Low,Close,Volume,Adj Close.`);
  let text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes('\r') && !text.includes('\n') && text.indexOf('\r') < text.length - 1) {
    throw new UserError(`${file}: its lines end with a lone CR (classic Mac line endings); save it with LF or CRLF line endings.`);
  }
  return text.includes('"') ? quotedReader(text, file) : new PlainReader(text, file);
}

function quotedReader(text: string, file: string): RowReader {
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parse(text, { skip_empty_lines: true, relax_column_count: true, trim: true, info: true }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new UserError(`${file}${line ? ` line ${line}` : ''}: not a readable CSV file (${(error as Error).message}).`);
  }
  return {
    header: parsed[0]?.record,
    rowCount: Math.max(0, parsed.length - 1),
    line: (row) => parsed[row + 1]!.info.lines,
    text: (row, column) => parsed[row + 1]!.record[column],
    fieldCount: (row) => parsed[row + 1]!.record.length,
    number: (row, column, field) => parseValue(parsed[row + 1]!.record[column], file, parsed[row + 1]!.info.lines, field),
  };
}

class PlainReader implements RowReader {
  readonly header: string[] | undefined;
  readonly rowCount: number;
  private readonly rows: string[];
  private readonly rowLines: Int32Array;
  // Field boundaries of the row last looked at: rows are read one after another.
  private currentRow = -1;
  private fieldStarts = new Int32Array(16);
  private fieldEnds = new Int32Array(16);
  private fieldCount_ = 0;

  constructor(
    text: string,
    private readonly file: string,
  ) {
    const rawLines = text.split('\n');
    const rows: string[] = [];
    const rowLines = new Int32Array(rawLines.length);
    for (let i = 0; i < rawLines.length; i++) {
      let line = rawLines[i]!;
      if (line.endsWith('\r')) line = line.slice(0, -1);
      if (line.trim() === '') continue;
      rowLines[rows.length] = i + 1;
      rows.push(line);
    }
    this.header = rows[0]?.split(',').map((field) => field.trim());
    this.rows = rows.slice(1);
    this.rowLines = rowLines.subarray(1, rows.length);
    this.rowCount = this.rows.length;
  }

  line(row: number): number {
    return this.rowLines[row]!;
  }

  fieldCount(row: number): number {
    this.locate(row);
    return this.fieldCount_;
  }

  text(row: number, column: number): string | undefined {
    this.locate(row);
    return column < this.fieldCount_ ? this.rows[row]!.slice(this.fieldStarts[column], this.fieldEnds[column]).trim() : undefined;
  }

  number(row: number, column: number, field: NumericField): number {
    this.locate(row);
    if (column >= this.fieldCount_) return parseValue(undefined, this.file, this.line(row), field);
    const value = parseSimpleDecimal(this.rows[row]!, this.fieldStarts[column]!, this.fieldEnds[column]!);
    // Anything but a plain non-negative decimal (nan, blanks, signs, exponents, errors) takes
    // the general path, which also produces the error messages.
    if (Number.isNaN(value)) return parseValue(this.text(row, column), this.file, this.line(row), field);
    if ((value === 0 && field !== 'volume') || value > MAX_PRICE) return parseValue(this.text(row, column), this.file, this.line(row), field);
    return value;
  }

  private locate(row: number): void {
    if (row === this.currentRow) return;
    const line = this.rows[row]!;
    let count = 0;
    let start = 0;
    for (;;) {
      if (count === this.fieldStarts.length) this.grow();
      const comma = line.indexOf(',', start);
      this.fieldStarts[count] = start;
      this.fieldEnds[count] = comma < 0 ? line.length : comma;
      count++;
      if (comma < 0) break;
      start = comma + 1;
    }
    this.fieldCount_ = count;
    this.currentRow = row;
  }

  private grow(): void {
    const starts = new Int32Array(this.fieldStarts.length * 2);
    const ends = new Int32Array(this.fieldEnds.length * 2);
    starts.set(this.fieldStarts);
    ends.set(this.fieldEnds);
    this.fieldStarts = starts;
    this.fieldEnds = ends;
  }
}

/**
 * Parses `digits[.digits]` from text[start, end) without allocating; NaN for anything else.
 * digits / 10^k is correctly rounded like `Number(text)` while both are exact doubles, which
 * the length limits guarantee (at most 15 significant digits).
 */
function parseSimpleDecimal(text: string, start: number, end: number): number {
  let mantissa = 0;
  let digits = 0;
  let decimals = -1;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) {
      mantissa = mantissa * 10 + (code - 48);
      digits++;
      if (decimals >= 0) decimals++;
    } else if (code === 46 && decimals < 0) {
      decimals = 0;
    } else {
      return NaN;
    }
  }
  if (digits === 0 || digits > 15 || decimals === 0) return NaN;
  return decimals > 0 ? mantissa / POWERS_OF_TEN[decimals]! : mantissa;
}

const POWERS_OF_TEN = Array.from({ length: 16 }, (_, k) => 10 ** k);

function parseValue(text: string | undefined, file: string, line: number, field: Exclude<Field, 'date'>): number {
  if (text === undefined || MISSING.has(text.toLowerCase())) return NaN;
  const value = Number(text);
  if (!Number.isFinite(value) || text.trim() === '') {
    throw new UserError(`${file} line ${line}: ${FIELD_LABEL[field]} '${printable(text)}' is not a number.`);
  }
  if (field === 'volume' ? value < 0 : value <= 0) {
    throw new UserError(
      `${file} line ${line}: ${FIELD_LABEL[field]} ${printable(text)} must be ${field === 'volume' ? 'zero or more' : 'positive'}.`,
    );
  }
  const limit = field === 'volume' ? MAX_VOLUME : MAX_PRICE;
  if (value > limit) {
    throw new UserError(`${file} line ${line}: ${FIELD_LABEL[field]} ${printable(text)} is beyond ${limit.toExponential(0)}, which no real ${field === 'volume' ? 'volume' : 'price'} reaches.`);
  }
  return value;
}

function numericColumnsOf(rowCount: number): Record<'open' | 'high' | 'low' | 'close' | 'adjClose' | 'volume', Float64Array> {
  return {
    open: new Float64Array(rowCount),
    high: new Float64Array(rowCount),
    low: new Float64Array(rowCount),
    close: new Float64Array(rowCount),
    adjClose: new Float64Array(rowCount),
    volume: new Float64Array(rowCount),
  };
}

/** Columns a file does not have take documented stand-ins, so every series has all fields. */
function fillAbsentColumns(
  values: Record<'open' | 'high' | 'low' | 'close' | 'adjClose' | 'volume', Float64Array>,
  columnOf: ReadonlyMap<Field, number>,
): void {
  if (!columnOf.has('close')) values.close.set(values.adjClose);
  if (!columnOf.has('adjClose')) values.adjClose.set(values.close);
  for (const field of ['open', 'high', 'low'] as const) {
    if (!columnOf.has(field)) values[field].set(values.close);
  }
  if (!columnOf.has('volume')) values.volume.fill(0);
}

/** Row indices in ascending date order; already-sorted and reversed files take O(n) paths. */
function ascendingOrder(dates: readonly string[]): Int32Array {
  const n = dates.length;
  const order = new Int32Array(n);
  let ascending = true;
  let descending = true;
  for (let i = 1; i < n; i++) {
    if (dates[i]! < dates[i - 1]!) ascending = false;
    if (dates[i]! > dates[i - 1]!) descending = false;
  }
  for (let i = 0; i < n; i++) order[i] = descending && !ascending ? n - 1 - i : i;
  if (!ascending && !descending) {
    // Stable, so duplicates keep file order and are reported with their real lines.
    const indices = Array.from(order);
    indices.sort((a, b) => (dates[a]! < dates[b]! ? -1 : dates[a]! > dates[b]! ? 1 : a - b));
    order.set(indices);
  }
  return order;
}
