import { describe, expect, it } from 'vitest';
import { draftSegment } from './segment-drafting.ts';
import { SCHEMAS, SEGMENTS, TODAY } from './testing/fake-workspace.ts';
import { normalise } from './text.ts';

const catalog = { today: TODAY, events: SCHEMAS.map((s) => s.name), segments: SEGMENTS };
const draft = (text: string) => draftSegment(normalise(text), catalog);

describe('draftSegment', () => {
  it('drafts "purchased recently but never wishlisted" as performed + never performed', () => {
    const d = draft('Make a segment of everyone that bought something over the past 7 days but never put anything on their wishlist');
    expect(d.definition).toEqual({
      match: 'all',
      conditions: [
        { type: 'event', event: 'Order Completed', performed: true, count: { op: '>=', value: 1 }, window: { type: 'relative', last: 7, unit: 'days' } },
        { type: 'event', event: 'Product Added to Wishlist', performed: false, window: { type: 'ever' } },
      ],
    });
    expect(d.suggestedName).toBe('Recent Buyers Without Wishlist');
  });

  it('drafts traits with an event count in a window', () => {
    const d = draft('users from Germany on the pro plan who viewed a product at least 3 times in the last 14 days');
    expect(d.definition.conditions).toEqual([
      { type: 'trait', trait: 'country', op: 'eq', value: 'DE' },
      { type: 'trait', trait: 'plan', op: 'eq', value: 'pro' },
      { type: 'event', event: 'Product Viewed', performed: true, count: { op: '>=', value: 3 }, window: { type: 'relative', last: 14, unit: 'days' } },
    ]);
    expect(d.description).toBe('Users from Germany on the pro plan who viewed a product at least 3 times in the last 14 days');
    expect(d.ignored).toEqual([]);
  });

  it('groups "or" alternatives and shares a trailing window with them', () => {
    const d = draft('people who added to cart or started checkout in the last week but did not buy');
    const week = { type: 'relative', last: 1, unit: 'weeks' };
    expect(d.definition).toEqual({
      match: 'all',
      conditions: [
        {
          type: 'group',
          match: 'any',
          conditions: [
            { type: 'event', event: 'Product Added', performed: true, count: { op: '>=', value: 1 }, window: week },
            { type: 'event', event: 'Checkout Started', performed: true, count: { op: '>=', value: 1 }, window: week },
          ],
        },
        { type: 'event', event: 'Order Completed', performed: false, window: week },
      ],
    });
  });

  it('makes the root "any" when the whole description is alternatives', () => {
    const d = draft('users who opened an email or clicked an email yesterday');
    expect(d.definition.match).toBe('any');
    expect(d.definition.conditions.map((c) => (c.type === 'event' ? c.event : c.type))).toEqual(['Email Opened', 'Email Clicked']);
  });

  it('reads lifetime value, several countries and "more than N" counts', () => {
    const d = draft('customers in the US or Canada who spent more than $1,200 and placed more than 2 orders in October');
    expect(d.definition.conditions).toEqual([
      { type: 'trait', trait: 'country', op: 'in', value: ['US', 'CA'] },
      { type: 'trait', trait: 'lifetime_value', op: 'gt', value: 1200 },
      {
        type: 'event',
        event: 'Order Completed',
        performed: true,
        count: { op: '>', value: 2 },
        window: { type: 'absolute', from: '2026-10-01T00:00:00Z', to: '2026-11-01T00:00:00Z' },
      },
    ]);
  });

  it('references another segment by id, and negated ones as non-members', () => {
    const inside = draft("users in the High LTV segment who haven't purchased in the last 30 days");
    expect(inside.definition.conditions[0]).toEqual({ type: 'segment', segment: 'seg_hltv', member: true });
    expect(inside.definition.conditions[1]).toMatchObject({ event: 'Order Completed', performed: false, window: { type: 'relative', last: 30, unit: 'days' } });
    const outside = draft('users not in VIP Buyers who opened an email this week');
    expect(outside.definition.conditions).toContainEqual({ type: 'segment', segment: 'seg_vip', member: false });
  });

  it('reports the words it could not express instead of dropping them silently', () => {
    expect(draft('people who bought a tent recently').ignored).toEqual(['tent']);
    expect(draft('users who played chess').definition.conditions).toEqual([]);
  });

  it('links only events the catalog has', () => {
    const d = draftSegment(normalise('users who purchased and opened an email'), { ...catalog, events: ['Order Completed'] });
    expect(d.definition.conditions).toHaveLength(1);
    expect(d.ignored).toContain('email');
  });
});
