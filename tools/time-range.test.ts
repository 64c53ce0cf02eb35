import { describe, expect, it } from 'vitest';
import { isoDay, resolveDayRange, timeRangeFields } from './time-range.ts';

const NOW = new Date('2026-10-15T12:00:00Z');

describe('resolveDayRange', () => {
  it('counts days ending today, today included', () => {
    expect(resolveDayRange({ days: 7 }, NOW)).toMatchObject({ from: '2026-10-09', to: '2026-10-15' });
    expect(resolveDayRange({ days: 1 }, NOW).days).toEqual(['2026-10-15']);
  });

  it('takes from inclusive and to exclusive, from winning over days', () => {
    const october = resolveDayRange({ days: 3, from: '2026-09-01', to: '2026-10-01' }, NOW);
    expect([october.from, october.to, october.days.length]).toEqual(['2026-09-01', '2026-09-30', 30]);
    expect(resolveDayRange({ days: 7, from: '2026-10-14T08:30:00Z' }, NOW).days).toEqual(['2026-10-14', '2026-10-15']);
  });

  it('ends days ranges at to, and caps a future to at today', () => {
    expect(resolveDayRange({ days: 2, to: '2026-10-01' }, NOW).days).toEqual(['2026-09-29', '2026-09-30']);
    expect(resolveDayRange({ days: 7, from: '2026-10-01', to: '2026-11-01' }, NOW).to).toBe('2026-10-15');
  });

  it('refuses reversed, empty, future and too long ranges with clear messages', () => {
    expect(() => resolveDayRange({ days: 7, from: '2026-10-10', to: '2026-10-10' }, NOW)).toThrow(
      "'from' (2026-10-10) must be before 'to' (2026-10-10); 'to' is exclusive.",
    );
    expect(() => resolveDayRange({ days: 7, from: '2026-10-20' }, NOW)).toThrow(/must be before 'to' \(now\)/);
    expect(() => resolveDayRange({ days: 7, from: '2026-12-01', to: '2027-01-01' }, NOW)).toThrow(
      "'from' (2026-12-01) is in the future; today is 2026-10-15.",
    );
    expect(() => resolveDayRange({ days: 7, from: '2025-10-15' }, NOW)).toThrow(/covers 366 days; at most 365/);
    expect(resolveDayRange({ days: 7, from: '2025-10-16' }, NOW).days).toHaveLength(365);
  });
});

describe('time-range inputs', () => {
  const { from } = timeRangeFields(7);

  it('accepts ISO days and datetimes and refuses other text and impossible dates', () => {
    for (const ok of ['2026-10-01', '2026-10-01T08:30:00Z', '2026-10-01T08:30:00.123+02:00']) expect(from.safeParse(ok).success, ok).toBe(true);
    for (const bad of ['last week', '01/10/2026', '2026-02-30', '2026-10-01T25:00:00Z']) expect(from.safeParse(bad).success, bad).toBe(false);
    expect(isoDay.safeParse('2026-10-01T00:00:00Z').success).toBe(false);
  });
});
