import { describe, expect, it } from 'vitest';
import { formatFixed, formatStatistic, signOf } from '../../src/report/format.js';

describe('formatStatistic', () => {
  it('formats each unit', () => {
    expect(formatStatistic(0.0123, 'percent')).toBe('1.23%');
    expect(formatStatistic(-0.0834, 'percent')).toBe('-8.34%');
    expect(formatStatistic(1115569.2, 'money')).toBe('1,115,569.20');
    expect(formatStatistic(1026658.3265, 'money')).toBe('1,026,658.33');
    expect(formatStatistic(-999.995, 'money')).toBe('-1,000.00');
    expect(formatStatistic(0.612340613407, 'ratio')).toBe('0.612');
    expect(formatStatistic(1234, 'count')).toBe('1,234');
    expect(formatStatistic(1, 'days')).toBe('1 day');
    expect(formatStatistic(245, 'days')).toBe('245 days');
    expect(formatStatistic('2009-12-31', 'date')).toBe('2009-12-31');
    expect(formatStatistic(Date.UTC(2010, 0, 4), 'date')).toBe('2010-01-04');
  });

  it('shows an undefined statistic as a dash, never NaN or 0', () => {
    for (const unit of ['percent', 'ratio', 'money', 'count', 'days', 'date'] as const) {
      expect(formatStatistic(null, unit)).toBe('—');
      expect(formatStatistic(Number.NaN, unit)).toBe('—');
    }
  });

  it('never shows a negative zero', () => {
    expect(formatStatistic(-0.00001, 'percent')).toBe('0.00%');
    expect(formatFixed(-0.004, 2)).toBe('0.00');
    expect(formatFixed(-0, 0)).toBe('0');
    expect(formatFixed(Number.POSITIVE_INFINITY, 3)).toBe('∞');
  });
});

describe('signOf', () => {
  it('judges the value as shown', () => {
    expect(signOf(0.0123, 'percent')).toBe(1);
    expect(signOf(-0.0834, 'percent')).toBe(-1);
    expect(signOf(-0.00001, 'percent')).toBe(0);
    expect(signOf(null, 'percent')).toBe(0);
    expect(signOf('n/a', 'percent')).toBe(0);
  });
});
