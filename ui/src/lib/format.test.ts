import { describe, expect, it } from 'vitest';
import { formatDateTime, formatDay, formatDuration, formatSigned, prettyJson } from './format.ts';
import { sortRows, toggleSort } from './sort-rows.ts';

describe('format', () => {
  it('formats days in UTC whatever the local zone', () => {
    expect(formatDay('2026-11-03')).toBe('Nov 3');
    expect(formatDateTime('2026-11-03T14:05:09Z')).toBe('Nov 3, 14:05:09 UTC');
    expect(formatDateTime(null)).toBe('never');
  });

  it('formats durations and signed deltas', () => {
    expect(formatDuration(42.5)).toBe('43 ms');
    expect(formatDuration(1250)).toBe('1.3 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatSigned(1200)).toBe('+1,200');
    expect(formatSigned(-3, '%')).toBe('−3%');
  });

  it('pretty-prints JSON text and unwraps JSON strings', () => {
    expect(prettyJson('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(prettyJson('"segment not found"')).toBe('segment not found');
    expect(prettyJson('plain')).toBe('plain');
  });
});

describe('sortRows', () => {
  const rows = [
    { name: 'churn risk', member_count: 50 },
    { name: 'High LTV', member_count: 900 },
    { name: 'VIP', member_count: 50 },
  ];

  it('sorts numbers numerically and text without regard to case, keeping ties in order', () => {
    expect(sortRows(rows, { key: 'member_count', dir: 'desc' }).map((row) => row.name)).toEqual(['High LTV', 'churn risk', 'VIP']);
    expect(sortRows(rows, { key: 'name', dir: 'asc' }).map((row) => row.name)).toEqual(['churn risk', 'High LTV', 'VIP']);
  });

  it('flips the same column and starts numbers high', () => {
    expect(toggleSort({ key: 'name', dir: 'asc' }, 'name', false)).toEqual({ key: 'name', dir: 'desc' });
    expect(toggleSort({ key: 'name', dir: 'asc' }, 'member_count', true)).toEqual({ key: 'member_count', dir: 'desc' });
  });
});
