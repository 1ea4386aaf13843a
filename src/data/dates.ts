import { UserError } from '../errors.js';

/**
 * Formats the price files use besides ISO, each strict: a four-digit year, a month and a day that
 * exist. `yyyyMMdd`, `M/d/yyyy`, `d.M.yyyy`, `yyyy/MM/dd`: the groups give year, month and day.
 */
const OTHER_FORMATS: readonly { readonly pattern: RegExp; readonly year: number; readonly month: number; readonly day: number }[] = [
  { pattern: /^(\d{4})(\d{2})(\d{2})$/, year: 1, month: 2, day: 3 },
  { pattern: /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, year: 3, month: 1, day: 2 },
  { pattern: /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/, year: 3, month: 2, day: 1 },
  { pattern: /^(\d{4})\/(\d{2})\/(\d{2})$/, year: 1, month: 2, day: 3 },
];

/** Days in a month of the Gregorian calendar (month 1..12). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** `yyyy-MM-dd` of a year, month (1..12) and day, or null when that day does not exist. */
function isoOf(year: number, month: number, day: number): string | null {
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Returns the calendar date as ISO `yyyy-MM-dd`, or null when the text is not a valid date.
 * ISO text takes a fast path (it is almost every row of every file); the calendar is checked, so
 * `2009-02-30` is rejected rather than rolled over to March.
 */
export function toIsoDate(text: string): string | null {
  if (looksIso(text)) {
    const year = digitsAt(text, 0, 4);
    const month = digitsAt(text, 5, 2);
    const day = digitsAt(text, 8, 2);
    if (month < 1 || month > 12 || day < 1) return null;
    if (day > 28 && day > daysInMonth(year, month)) return null;
    return text;
  }
  for (const format of OTHER_FORMATS) {
    const match = format.pattern.exec(text);
    if (match) return isoOf(Number(match[format.year]), Number(match[format.month]), Number(match[format.day]));
  }
  return null;
}

/** The ISO date `days` calendar days after (or before, when negative) an ISO date. */
export function addDaysIso(iso: string, days: number): string {
  const time = Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) + days * 86_400_000;
  return new Date(time).toISOString().slice(0, 10);
}

/** `dddd-dd-dd`, checked by character codes: this runs for every row of every file. */
function looksIso(text: string): boolean {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return false;
  for (const i of ISO_DIGIT_POSITIONS) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}
const ISO_DIGIT_POSITIONS = [0, 1, 2, 3, 5, 6, 8, 9] as const;

function digitsAt(text: string, start: number, length: number): number {
  let value = 0;
  for (let i = start; i < start + length; i++) value = value * 10 + (text.charCodeAt(i) - 48);
  return value;
}

/** Parses a date given on the command line or in a config; names the flag when it is wrong. */
export function parseUserDate(text: string, flag: string): string {
  const iso = toIsoDate(text.trim());
  if (iso === null) {
    throw new UserError(`${flag} '${text}' is not a date: use yyyy-MM-dd, e.g. 2008-01-31.`, 2);
  }
  return iso;
}

/** Parses `START:END` (either side may be empty) as used by `--train` and `--test`. */
export function parseDateRange(text: string, flag: string): { start: string; end: string } {
  const parts = text.split(':');
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') {
    throw new UserError(`${flag} '${text}' must be START:END, e.g. 2008-01-01:2009-12-31.`, 2);
  }
  const start = parseUserDate(parts[0]!, flag);
  const end = parseUserDate(parts[1]!, flag);
  if (start > end) throw new UserError(`${flag} '${text}' ends before it starts.`, 2);
  return { start, end };
}
