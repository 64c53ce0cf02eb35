import { describe, expect, it } from 'vitest';
import { normalise } from './text.ts';
import { findTimeExpressions, parseTimeExpression } from './time-expressions.ts';

/** Wednesday. */
const TODAY = '2026-11-25';
const parse = (text: string, today = TODAY) => parseTimeExpression(normalise(text), today);

describe('parseTimeExpression', () => {
  it.each([
    ['today', { days: 1 }, 'today'],
    ['so far today', { days: 1 }, 'today'],
    ['yesterday', { from: '2026-11-24', to: '2026-11-25' }, 'yesterday'],
    ['this week', { days: 7 }, 'this week'],
    ['week to date', { from: '2026-11-23' }, 'this week'],
    ['since Monday', { from: '2026-11-23' }, 'since Monday'],
    ['last week', { from: '2026-11-16', to: '2026-11-23' }, 'last week'],
    ['over the past week', { days: 7 }, 'in the last week'],
    ['in the last 30 days', { days: 30 }, 'in the last 30 days'],
    ['over the last thirty days', { days: 30 }, 'in the last thirty days'],
    ['past 2 weeks', { days: 14 }, 'in the last 2 weeks'],
    ['last 3 months', { days: 90 }, 'in the last 3 months'],
    ['this month', { from: '2026-11-01' }, 'this month'],
    ['last month', { from: '2026-10-01', to: '2026-11-01' }, 'in October'],
    ['in October', { from: '2026-10-01', to: '2026-11-01' }, 'in October'],
    ['during december', { from: '2025-12-01', to: '2026-01-01' }, 'in December'],
    ['in May 2026', { from: '2026-05-01', to: '2026-06-01' }, 'in May 2026'],
    ['on Nov 3', { from: '2026-11-03', to: '2026-11-04' }, 'on Nov 3'],
    ['on 2026-11-20', { from: '2026-11-20', to: '2026-11-21' }, 'on Nov 20'],
    ['between Nov 1 and Nov 15', { from: '2026-11-01', to: '2026-11-16' }, 'from Nov 1 to Nov 15'],
    ['since Nov 10', { from: '2026-11-10' }, 'since Nov 10'],
    ['since October', { from: '2026-10-01' }, 'since October'],
    ['this year', { from: '2026-01-01' }, 'this year'],
    ['on Tuesday', { from: '2026-11-24', to: '2026-11-25' }, 'on Tuesday'],
    ['3 days ago', { from: '2026-11-22', to: '2026-11-23' }, '3 days ago'],
    ['over the weekend', { from: '2026-11-21', to: '2026-11-23' }, 'over the weekend'],
    ['the 30-day trend', { days: 30 }, 'in the last 30 days'],
  ])('%s', (text, args, label) => {
    const range = parse(text);
    expect(range?.args).toEqual(args);
    expect(range?.label).toBe(label);
  });

  it('gives segment windows: relative for rolling periods, absolute for calendar ones', () => {
    expect(parse('in the last 7 days')?.window).toEqual({ type: 'relative', last: 7, unit: 'days' });
    expect(parse('last 24 hours')?.window).toEqual({ type: 'relative', last: 24, unit: 'hours' });
    expect(parse('in October')?.window).toEqual({ type: 'absolute', from: '2026-10-01T00:00:00Z', to: '2026-11-01T00:00:00Z' });
    expect(parse('this week')?.window).toEqual({ type: 'relative', last: 7, unit: 'days' });
    expect(parse('this week so far')?.window).toEqual({ type: 'absolute', from: '2026-11-23T00:00:00Z', to: '2026-11-26T00:00:00Z' });
    expect(parse('at any time')?.window).toEqual({ type: 'ever' });
  });

  it('resolves against the given today, so a fixed clock gives fixed ranges', () => {
    expect(parse('since Monday', '2026-11-30')?.args).toEqual({ from: '2026-11-23' });
    expect(parse('last month', '2026-01-15')?.args).toEqual({ from: '2025-12-01', to: '2026-01-01' });
    expect(parse('in November', '2026-03-02')?.args).toEqual({ from: '2025-11-01', to: '2025-12-01' });
  });

  it('marks single days', () => {
    expect(parse('yesterday')?.singleDay).toBe(true);
    expect(parse('last week')?.singleDay).toBe(false);
  });

  it('ignores words that only look like dates', () => {
    expect(parse('may I see the top events')).toBeUndefined();
    expect(parse('show me my segments')).toBeUndefined();
    expect(parse('never added to a wishlist')).toBeUndefined();
  });

  it('finds every expression of a sentence in order, without overlaps', () => {
    const found = findTimeExpressions(normalise('purchased in the last 7 days but not since Monday'), TODAY);
    expect(found.map((f) => f.label)).toEqual(['in the last 7 days', 'since Monday']);
  });
});
