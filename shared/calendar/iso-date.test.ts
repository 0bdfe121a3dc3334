import { describe, expect, it } from 'vitest';
import { daysBetween, isIsoDate, localIsoDate } from './iso-date.js';

describe('calendar dates', () => {
  it('accepts real dates only', () => {
    expect(isIsoDate('2026-11-22')).toBe(true);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('22/11/2026')).toBe(false);
    expect(isIsoDate('2026-11-22T00:00')).toBe(false);
  });

  it('counts whole days', () => {
    expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1);
    expect(daysBetween('2026-11-22', '2026-11-02')).toBe(-20);
    expect(() => daysBetween('2026-02-30', '2026-03-01')).toThrow('Not a calendar date: 2026-02-30');
  });

  it('takes today from the local wall clock', () => {
    expect(localIsoDate(new Date(2026, 10, 22, 23, 59))).toBe('2026-11-22');
  });
});
