import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileDefinition, compileMembershipSeries } from './compile.ts';
import type { SegmentDefinition } from './dsl.ts';
import { evaluateInJs, NOW, openSeededStores, WORKSPACE } from './fixtures.test-helper.ts';
import { hostileDefinitions } from './hostile.test-helper.ts';
import { SegmentCycleError } from './segment-cycle-error.ts';
import { SegmentNotFoundError } from './segment-not-found-error.ts';

let stores: Awaited<ReturnType<typeof openSeededStores>>;
beforeAll(async () => {
  stores = await openSeededStores();
});
afterAll(async () => {
  await stores?.close();
});

const loyal: SegmentDefinition = {
  match: 'all',
  conditions: [{ type: 'event', event: 'Order Completed', performed: true, count: { op: '>=', value: 2 } }],
};
const segments: Record<string, SegmentDefinition> = { seg_loyal: loyal };
const resolveSegment = (id: string) => (segments[id] ? { name: id, definition: segments[id] } : undefined);

const cases: Array<[string, SegmentDefinition]> = [
  [
    'purchased in the last 7 days but never added to a wishlist',
    {
      match: 'all',
      conditions: [
        { type: 'event', event: 'Order Completed', performed: true, count: { op: '>=', value: 1 }, window: { type: 'relative', last: 7, unit: 'days' } },
        { type: 'event', event: 'Product Added to Wishlist', performed: false, window: { type: 'ever' } },
      ],
    },
  ],
  ['never added to a wishlist (needs the whole universe)', { match: 'all', conditions: [{ type: 'event', event: 'Product Added to Wishlist', performed: false }] }],
  ['at most one page view', { match: 'all', conditions: [{ type: 'event', event: 'Page Viewed', performed: true, count: { op: '<=', value: 1 } }] }],
  [
    'property filters of every kind',
    {
      match: 'any',
      conditions: [
        { type: 'event', event: 'Order Completed', performed: true, where: [{ property: 'revenue', op: 'gte', value: 150 }, { property: 'category', op: 'in', value: ['Shoes', "O'Brien \\ Co"] }] },
        { type: 'event', event: 'Page Viewed', performed: true, count: { op: '>', value: 1 }, where: [{ property: 'path', op: 'contains', value: 'SALE' }] },
        { type: 'event', event: 'Order Completed', performed: true, where: [{ property: 'gift', op: 'eq', value: true }, { property: 'category', op: 'neq', value: 'Hats' }] },
      ],
    },
  ],
  [
    'traits of every type',
    {
      match: 'any',
      conditions: [
        { type: 'group', match: 'all', conditions: [{ type: 'trait', trait: 'plan', op: 'eq', value: 'pro' }, { type: 'trait', trait: 'lifetime_value', op: 'gte', value: 500 }] },
        { type: 'group', match: 'all', conditions: [{ type: 'trait', trait: 'country', op: 'in', value: ['FR', 'DE'] }, { type: 'trait', trait: 'email_opt_in', op: 'eq', value: true }] },
        { type: 'trait', trait: 'signup_date', op: 'within_last_days', value: 30 },
      ],
    },
  ],
  ['lifetime value not set or plan is not free', { match: 'any', conditions: [{ type: 'trait', trait: 'lifetime_value', op: 'exists', value: false }, { type: 'trait', trait: 'plan', op: 'neq', value: 'free' }] }],
  ['signed up before a date', { match: 'all', conditions: [{ type: 'trait', trait: 'signup_date', op: 'before', value: '2026-03-01' }, { type: 'trait', trait: 'lifetime_value', op: 'lt', value: 400 }] }],
  [
    'absolute window and exact count',
    { match: 'all', conditions: [{ type: 'event', event: 'Product Added', performed: true, count: { op: '=', value: 1 }, window: { type: 'absolute', from: '2026-10-10T00:00:00Z', to: '2026-10-25' } }] },
  ],
  ['in a segment and not on the free plan', { match: 'all', conditions: [{ type: 'segment', segment: 'seg_loyal', member: true }, { type: 'trait', trait: 'plan', op: 'neq', value: 'free' }] }],
  ['not in a segment', { match: 'all', conditions: [{ type: 'segment', segment: 'seg_loyal', member: false }] }],
  ['hours window', { match: 'all', conditions: [{ type: 'event', event: 'Page Viewed', performed: true, window: { type: 'relative', last: 72, unit: 'hours' } }] }],
  [
    'traits read only for users meeting the event conditions',
    {
      match: 'all',
      conditions: [
        { type: 'trait', trait: 'lifetime_value', op: 'gte', value: 200 },
        { type: 'event', event: 'Order Completed', performed: true, count: { op: '>=', value: 1 }, where: [{ property: 'revenue', op: 'gt', value: 50 }] },
        { type: 'group', match: 'any', conditions: [{ type: 'trait', trait: 'plan', op: 'eq', value: 'pro' }, { type: 'trait', trait: 'country', op: 'in', value: ['FR', 'DE'] }] },
      ],
    },
  ],
  [
    'an event in a narrow window, another never, and a trait users without traits meet',
    {
      match: 'all',
      conditions: [
        { type: 'event', event: 'Page Viewed', performed: true, window: { type: 'relative', last: 10, unit: 'days' } },
        { type: 'event', event: 'Product Added to Wishlist', performed: false },
        { type: 'trait', trait: 'plan', op: 'neq', value: 'pro' },
      ],
    },
  ],
  [
    'events and traits mixed within a group',
    {
      match: 'all',
      conditions: [
        { type: 'event', event: 'Product Added', performed: true, window: { type: 'relative', last: 2, unit: 'weeks' } },
        { type: 'group', match: 'any', conditions: [{ type: 'trait', trait: 'plan', op: 'eq', value: 'pro' }, { type: 'event', event: 'Order Completed', performed: true, count: { op: '>=', value: 2 } }] },
      ],
    },
  ],
];

const members = async (def: SegmentDefinition, asOf?: Date) => {
  const query = compileDefinition(def, { workspaceId: WORKSPACE, now: NOW, asOf, resolveSegment });
  const rows = await stores.ch.query<{ user_id: string }>(query.sql, query.params);
  return new Set(rows.map((row) => row.user_id));
};

describe('compiled SQL against a known dataset', () => {
  it.each(cases)('%s: same members as the JS evaluator', async (_, def) => {
    const expected = evaluateInJs(def, stores.dataset, { now: NOW }, segments);
    const actual = await members(def);
    expect([...actual].sort()).toEqual([...expected].sort());
  });

  it('the dataset makes the cases discriminate (neither empty nor everyone)', async () => {
    const everyone = evaluateInJs({ match: 'all', conditions: [{ type: 'trait', trait: 'x', op: 'neq', value: 1 }] }, stores.dataset, { now: NOW });
    for (const [, def] of cases) {
      const size = evaluateInJs(def, stores.dataset, { now: NOW }, segments).size;
      expect(size).toBeGreaterThan(0);
      expect(size).toBeLessThan(everyone.size);
    }
    expect(everyone.size).toBeGreaterThan(30);
  });

  it('agrees with an independent hand-written query', async () => {
    const [row] = await stores.ch.query<{ n: number }>(
      `SELECT count() AS n FROM (
         SELECT user_id FROM events WHERE workspace_id = {ws:String} AND event = 'Order Completed' AND user_id != ''
         AND timestamp >= {now:DateTime64(3, 'UTC')} - INTERVAL 7 DAY GROUP BY user_id)
       WHERE user_id NOT IN (SELECT user_id FROM events WHERE workspace_id = {ws:String} AND event = 'Product Added to Wishlist')`,
      { ws: WORKSPACE, now: NOW },
    );
    expect((await members(cases[0][1])).size).toBe(row.n);
    expect(row.n).toBeGreaterThan(0);
  });

  it('as of a past instant ignores later events and trait updates', async () => {
    const asOf = new Date(NOW.getTime() - 12 * 86_400_000);
    for (const [, def] of cases) {
      const expected = evaluateInJs(def, stores.dataset, { now: NOW, asOf }, segments);
      expect([...(await members(def, asOf))].sort()).toEqual([...expected].sort());
    }
  });

  it('a series evaluates many instants in one query, like one query per instant', async () => {
    const asOfs = [20, 9, 3, 0].map((d) => new Date(NOW.getTime() - d * 86_400_000));
    for (const [, def] of cases) {
      const query = compileMembershipSeries(def, { workspaceId: WORKSPACE, asOfs, resolveSegment });
      const rows = await stores.ch.query<{ as_of: string; members: number }>(query.sql, query.params);
      const got = new Map(rows.map((row) => [Date.parse(row.as_of), row.members]));
      for (const asOf of asOfs) {
        expect(got.get(asOf.getTime()) ?? 0).toBe(evaluateInJs(def, stores.dataset, { now: NOW, asOf }, segments).size);
      }
    }
  });

  it('only reads the named events (the sort key prunes the others)', async () => {
    // Counted per user (a count other than "at least one"): one pass over both names.
    const counted: SegmentDefinition = {
      match: 'all',
      conditions: [
        { type: 'event', event: 'Order Completed', performed: true, count: { op: '>=', value: 2 }, window: { type: 'relative', last: 7, unit: 'days' } },
        { type: 'event', event: 'Product Added to Wishlist', performed: false },
      ],
    };
    const query = compileDefinition(counted, { workspaceId: WORKSPACE, now: NOW, resolveSegment });
    expect(query.sql).toMatch(/event IN \(\{p\d+:String\}, \{p\d+:String\}\)/);
    // Existence only: one set of users per condition, each reading its own event.
    const existence = compileDefinition(cases[0][1], { workspaceId: WORKSPACE, now: NOW, resolveSegment });
    expect(existence.sql.match(/IN \(SELECT user_id FROM events WHERE [^)]*event = \{p\d+:String\}/g)).toHaveLength(2);
    const plan = await stores.ch.query<{ explain: string }>(`EXPLAIN indexes = 1 ${query.sql}`, query.params);
    expect(plan.map((row) => row.explain).join('\n')).toMatch(/PrimaryKey[\s\S]*Keys:[\s\S]*event/);
  });

  it('refuses reference loops and missing references with typed errors', () => {
    const looping = { a: { match: 'all', conditions: [{ type: 'segment', segment: 'b', member: true }] }, b: { match: 'all', conditions: [{ type: 'segment', segment: 'a', member: false }] } } as Record<string, SegmentDefinition>;
    const resolve = (id: string) => (looping[id] ? { name: id.toUpperCase(), definition: looping[id] } : undefined);
    const compile = (def: SegmentDefinition) => compileDefinition(def, { workspaceId: WORKSPACE, now: NOW, resolveSegment: resolve, self: { id: 'a', name: 'A' } });
    expect(() => compile(looping.a)).toThrow(SegmentCycleError);
    expect(() => compile(looping.a)).toThrow("segment 'A' refers to 'B' which refers back to 'A'");
    expect(() => compile({ match: 'all', conditions: [{ type: 'segment', segment: 'gone', member: true }] })).toThrow(SegmentNotFoundError);
  });

  it('hostile definitions run without error and match what the JS evaluator says', async () => {
    for (const def of hostileDefinitions(40, 7)) {
      const expected = evaluateInJs(def, stores.dataset, { now: NOW });
      expect((await members(def)).size).toBe(expected.size);
    }
    const [count] = await stores.ch.query<{ n: number }>('SELECT count() AS n FROM events');
    expect(count.n).toBe(stores.dataset.events.length);
  });
});
