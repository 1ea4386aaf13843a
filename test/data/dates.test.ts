import { describe, expect, it } from 'vitest';
import { addDaysIso, daysInMonth, toIsoDate } from '../../src/data/dates.js';

describe('dates', () => {
  it('reads ISO and the other formats price files use, strictly', () => {
    expect(toIsoDate('2008-01-31')).toBe('2008-01-31');
    expect(toIsoDate('20080131')).toBe('2008-01-31');
    expect(toIsoDate('1/31/2008')).toBe('2008-01-31');
    expect(toIsoDate('01/31/2008')).toBe('2008-01-31');
    expect(toIsoDate('31.1.2008')).toBe('2008-01-31');
    expect(toIsoDate('2008/01/31')).toBe('2008-01-31');
    expect(toIsoDate('2008/1/31')).toBeNull();
  });

  it('refuses days that do not exist and years that are not four digits', () => {
    for (const text of ['2009-02-29', '2008-02-30', '2008-13-01', '2008-00-10', '20090229', '2/29/2009', '29.2.2009', '1/2/08', '2008-1-2', '', 'tomorrow']) {
      expect(toIsoDate(text), text).toBeNull();
    }
    expect(toIsoDate('2000-02-29')).toBe('2000-02-29');
    expect(toIsoDate('1900-02-29')).toBeNull();
  });

  it('counts days in months and adds days across months and years', () => {
    expect([2000, 1900, 2004, 2001].map((year) => daysInMonth(year, 2))).toEqual([29, 28, 29, 28]);
    expect(addDaysIso('2008-12-28', 7)).toBe('2009-01-04');
    expect(addDaysIso('2008-03-01', -1)).toBe('2008-02-29');
  });
});
