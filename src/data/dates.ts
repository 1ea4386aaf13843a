import { format, getDaysInMonth, isMatch, isValid, parse } from 'date-fns';
import { UserError } from '../errors.js';

/** Formats the price files use besides ISO; each is parsed strictly with date-fns. */
const OTHER_FORMATS = ['yyyyMMdd', 'M/d/yyyy', 'd.M.yyyy', 'yyyy/MM/dd'] as const;
// Reference date for date-fns `parse`: only used to fill missing fields, which our formats have not.
const REFERENCE = new Date(2000, 0, 1);

/**
 * Returns the calendar date as ISO `yyyy-MM-dd`, or null when the text is not a valid date.
 * ISO text takes a fast path (it is almost every row of every file); the calendar check still
 * goes through date-fns, so `2009-02-30` is rejected rather than rolled over to March.
 */
export function toIsoDate(text: string): string | null {
  if (looksIso(text)) {
    const year = digitsAt(text, 0, 4);
    const month = digitsAt(text, 5, 2);
    const day = digitsAt(text, 8, 2);
    if (month < 1 || month > 12 || day < 1) return null;
    if (day > 28 && day > getDaysInMonth(new Date(year, month - 1, 1))) return null;
    return text;
  }
  for (const pattern of OTHER_FORMATS) {
    if (isMatch(text, pattern)) {
      const date = parse(text, pattern, REFERENCE);
      if (isValid(date)) return format(date, 'yyyy-MM-dd');
    }
  }
  return null;
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
