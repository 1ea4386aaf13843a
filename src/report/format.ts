import type { StatisticUnit, StatisticValue } from './model.js';

/** Shown for a statistic that is not defined (null), never "NaN" or a fake 0. */
export const MISSING = '—';

/** `1234567.891` -> `1,234,567.89`; locale-independent so output is identical on every machine. */
export function formatFixed(value: number, decimals: number): string {
  if (!Number.isFinite(value)) return value > 0 ? '∞' : value < 0 ? '-∞' : MISSING;
  const fixed = Math.abs(value).toFixed(decimals);
  const [whole, fraction] = fixed.split('.') as [string, string | undefined];
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  // -0.00 reads as a loss that is not there: only a value that rounds to non-zero gets a sign.
  const negative = value < 0 && /[1-9]/.test(fixed);
  return `${negative ? '-' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** Formats one statistic by its unit: percent 2 decimals, money 2 decimals, ratio 3, count/days 0. */
export function formatStatistic(value: StatisticValue, unit: StatisticUnit): string {
  if (value === null) return MISSING;
  if (typeof value === 'string') return value;
  if (Number.isNaN(value)) return MISSING;
  switch (unit) {
    case 'percent':
      return `${formatFixed(value * 100, 2)}%`;
    case 'money':
      return formatFixed(value, 2);
    case 'ratio':
      return formatFixed(value, 3);
    case 'count':
      return formatFixed(value, Number.isInteger(value) ? 0 : 2);
    case 'days':
      return `${formatFixed(value, 0)} ${value === 1 ? 'day' : 'days'}`;
    case 'date':
      return formatDateValue(value);
  }
}

/** A date given as a number is read as milliseconds since the epoch (UTC). */
function formatDateValue(epochMs: number): string {
  if (!Number.isFinite(epochMs)) return MISSING;
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** The sign a signed statistic shows with: 1 good, -1 bad, 0 neither (zero, missing, text). */
export function signOf(value: StatisticValue, unit: StatisticUnit): -1 | 0 | 1 {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 0;
  // Judge the value as shown, so "0.00%" is never coloured as a loss.
  const shown = formatStatistic(value, unit);
  if (!/[1-9]/.test(shown)) return 0;
  return value > 0 ? 1 : -1;
}

/**
 * The mark every figure of a wiped-out account carries, in every output (terminal, HTML, compare,
 * sweep), with a legend line saying what it means: a value at or below zero never shows unmarked.
 */
export const WIPED_OUT_MARK = '†';

/** Figures that describe the account's value (returns, ratios, money) carry the mark; counts, days and dates do not. */
export function marksWipeOut(unit: StatisticUnit | 'text'): boolean {
  return unit === 'percent' || unit === 'money' || unit === 'ratio';
}

/** `formatStatistic`, with the wiped-out mark appended when the account was wiped out. */
export function formatMarked(value: StatisticValue, unit: StatisticUnit, wipedOut: boolean): string {
  const text = formatStatistic(value, unit);
  return wipedOut && value !== null && marksWipeOut(unit) ? `${text} ${WIPED_OUT_MARK}` : text;
}

/** The legend line under a table with wiped-out accounts, e.g. "† wiped out: ... (Dyna-Q, in-sample, on 2008-10-07)". */
export function wipedOutLegend(accounts: readonly { readonly name: string; readonly date: string }[]): string {
  const seen = new Set<string>();
  const list = accounts
    .map((account) => `${account.name} on ${account.date}`)
    .filter((entry) => (seen.has(entry) ? false : (seen.add(entry), true)));
  return `${WIPED_OUT_MARK} wiped out: the account's value reached 0 or less (${list.join('; ')}); its positions were closed that day and it traded no more.`;
}
