import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDateTime } from '../stores/clickhouse.ts';
import type { SegmentDefinition } from './dsl.ts';
import { evaluateInJs, NOW, openSeededStores, WORKSPACE } from './fixtures.test-helper.ts';
import { backfillMembershipHistory, membershipTrend, previewSegment, refreshSegment } from './membership.ts';
import { startSegmentScheduler } from './scheduler.ts';
import { SegmentNotFoundError } from './segment-not-found-error.ts';
import { SegmentValidationError } from './segment-validation-error.ts';

let stores: Awaited<ReturnType<typeof openSeededStores>>;
const DAY = 86_400_000;

const buyers: SegmentDefinition = {
  match: 'all',
  conditions: [
    { type: 'event', event: 'Order Completed', performed: true, count: { op: '>=', value: 2 } },
    { type: 'trait', trait: 'plan', op: 'neq', value: 'free' },
  ],
};
const nobody: SegmentDefinition = { match: 'all', conditions: [{ type: 'event', event: 'Never Happens', performed: true }] };

const addSegment = (id: string, definition: unknown, status = 'active') =>
  stores.pg.query('insert into segments (id, workspace_id, name, definition, status) values ($1, $2, $3, $4, $5)', [
    id, WORKSPACE, `Segment ${id}`, JSON.stringify(definition), status,
  ]);
const setDefinition = (id: string, definition: unknown) =>
  stores.pg.query('update segments set definition = $1 where id = $2', [JSON.stringify(definition), id]);
const versions = async (id: string) =>
  (await stores.ch.query<{ version: number }>(
    "SELECT DISTINCT version FROM segment_members WHERE workspace_id = {ws:String} AND segment_id = {id:String} ORDER BY version",
    { ws: WORKSPACE, id },
  )).map((row) => row.version);
const expectedMembers = (def: SegmentDefinition, asOf?: Date) => [...evaluateInJs(def, stores.dataset, { now: NOW, asOf })].sort();

beforeAll(async () => {
  stores = await openSeededStores();
  await addSegment('seg_buyers', buyers);
  await addSegment('seg_refers', { match: 'all', conditions: [{ type: 'segment', segment: 'seg_buyers', member: false }] });
});
afterAll(async () => {
  await stores?.close();
});

describe('preview', () => {
  it('counts the members and samples a few of them with their traits', async () => {
    const preview = await previewSegment(stores, WORKSPACE, buyers, { now: NOW, sampleSize: 3 });
    const members = expectedMembers(buyers);
    expect(preview.count).toBe(members.length);
    expect(preview.sample).toHaveLength(3);
    for (const user of preview.sample) {
      expect(members).toContain(user.user_id);
      expect(user.traits.plan).not.toBe('free');
    }
    expect(preview.elapsedMs).toBeGreaterThan(0);
    const again = await previewSegment(stores, WORKSPACE, buyers, { now: NOW, sampleSize: 3 });
    expect(again.sample).toEqual(preview.sample);
  });

  it('resolves references to stored segments and refuses bad shapes with a typed error', async () => {
    const preview = await previewSegment(stores, WORKSPACE, { match: 'all', conditions: [{ type: 'segment', segment: 'seg_buyers', member: true }] }, { now: NOW });
    expect(preview.count).toBe(expectedMembers(buyers).length);
    await expect(previewSegment(stores, WORKSPACE, { match: 'all', conditions: [] }, { now: NOW })).rejects.toBeInstanceOf(SegmentValidationError);
  });
});

describe('refresh', () => {
  it('writes a version, the daily count and member_count, and reports who entered and left', async () => {
    const first = await refreshSegment(stores, WORKSPACE, 'seg_buyers', { now: NOW });
    const members = expectedMembers(buyers);
    expect(first).toMatchObject({ count: members.length, entered: members, left: [], enteredCount: members.length, leftCount: 0 });
    const [row] = await stores.pg.query<{ member_count: number; refreshed_at: Date }>('select member_count, refreshed_at from segments where id = $1', ['seg_buyers']);
    expect(row).toEqual({ member_count: members.length, refreshed_at: NOW });

    const newcomer = 'user_005';
    const leaver = members[0];
    const at = formatDateTime(new Date(NOW.getTime() - DAY));
    const order = { workspace_id: WORKSPACE, type: 'track', event: 'Order Completed', user_id: newcomer, anonymous_id: '', timestamp: at, received_at: at, properties: '{}' };
    await stores.ch.insert('events', [{ ...order, message_id: 'new-1' }, { ...order, message_id: 'new-2' }]);
    await stores.ch.insert('user_traits', [{ workspace_id: WORKSPACE, user_id: newcomer, traits: '{"plan":"pro"}', updated_at: at }, { workspace_id: WORKSPACE, user_id: leaver, traits: '{"plan":"free"}', updated_at: formatDateTime(NOW) }]);
    const second = await refreshSegment(stores, WORKSPACE, 'seg_buyers', { now: NOW });
    expect(second).toMatchObject({ entered: [newcomer], left: [leaver], enteredCount: 1, leftCount: 1, count: members.length });
    expect(await versions('seg_buyers')).toEqual([first.version, second.version]);

    const third = await refreshSegment(stores, WORKSPACE, 'seg_buyers', { now: NOW, changeLimit: 0 });
    expect(third).toMatchObject({ entered: [], left: [], enteredCount: 0, leftCount: 0 });
    expect(await versions('seg_buyers')).toEqual([second.version, third.version]);
  });

  it('an emptied segment keeps no stale members, and everyone re-enters afterwards; change lists are capped', async () => {
    await addSegment('seg_flip', buyers);
    const full = await refreshSegment(stores, WORKSPACE, 'seg_flip', { now: NOW, changeLimit: 2 });
    expect(full.entered).toHaveLength(2);
    expect(full.enteredCount).toBe(full.count);
    await setDefinition('seg_flip', nobody);
    const empty = await refreshSegment(stores, WORKSPACE, 'seg_flip', { now: NOW });
    expect(empty).toMatchObject({ count: 0, entered: [], leftCount: full.count });
    expect(await versions('seg_flip')).toEqual([]);
    await setDefinition('seg_flip', buyers);
    const back = await refreshSegment(stores, WORKSPACE, 'seg_flip', { now: NOW });
    expect(back).toMatchObject({ enteredCount: full.count, leftCount: 0 });
  });

  it('a missing segment is SEGMENT_NOT_FOUND', async () => {
    await expect(refreshSegment(stores, WORKSPACE, 'seg_nope', { now: NOW })).rejects.toBeInstanceOf(SegmentNotFoundError);
  });
});

describe('history', () => {
  it('backfills every day in one evaluation, matching as-of evaluation per day, and the trend reads it back', async () => {
    await addSegment('seg_history', { match: 'all', conditions: [{ type: 'event', event: 'Page Viewed', performed: true, window: { type: 'relative', last: 7, unit: 'days' } }] });
    const def = (await stores.pg.query<{ definition: SegmentDefinition }>("select definition from segments where id = 'seg_history'"))[0].definition;
    const points = await backfillMembershipHistory(stores, WORKSPACE, 'seg_history', { days: 10, now: NOW });
    expect(points).toHaveLength(10);
    expect(points[9].day).toBe('2026-11-01');
    for (const [i, point] of points.entries()) {
      const asOf = i === 9 ? NOW : new Date(Date.parse(`${point.day}T00:00:00Z`) + DAY - 1);
      expect(point.members).toBe(expectedMembers(def, asOf).length);
    }
    expect(new Set(points.map((p) => p.members)).size).toBeGreaterThan(1);
    expect(await membershipTrend(stores, WORKSPACE, 'seg_history', { from: '2026-10-25', to: NOW })).toEqual(points.slice(2));
    const refreshed = await refreshSegment(stores, WORKSPACE, 'seg_history', { now: NOW });
    const trend = await membershipTrend(stores, WORKSPACE, 'seg_history', { from: NOW, to: NOW });
    expect(trend).toEqual([{ day: '2026-11-01', members: refreshed.count }]);
  });
});

describe('scheduler', () => {
  it('refreshes active segments one at a time, logs failures and keeps going, and refreshes soon after a save', async () => {
    await addSegment('seg_paused', buyers, 'paused');
    await addSegment('seg_broken', { match: 'all', conditions: [{ type: 'segment', segment: 'seg_gone', member: true }] });
    let inFlight = 0;
    let maxInFlight = 0;
    const watched = {
      pg: stores.pg,
      ch: new Proxy(stores.ch, {
        get(target, key) {
          const value = Reflect.get(target, key);
          if (typeof value !== 'function') return value;
          return async (...args: unknown[]) => {
            maxInFlight = Math.max(maxInFlight, ++inFlight);
            try {
              return await value.apply(target, args);
            } finally {
              inFlight--;
            }
          };
        },
      }),
    };
    const refreshed: string[] = [];
    const errors: string[] = [];
    const scheduler = startSegmentScheduler(watched, {
      intervalMs: 60_000,
      now: () => NOW,
      onRefreshed: ({ segmentId }) => {
        refreshed.push(segmentId);
      },
      logger: { error: (details) => errors.push(String((details as { segmentId?: string }).segmentId)) },
    });
    const waits = [0, 1, 2].map(() => scheduler.refreshSoon(WORKSPACE, 'seg_paused'));
    await Promise.all(waits);
    // every caller's promise resolves only once a refresh requested after its call has run
    expect(refreshed.filter((id) => id === 'seg_paused').length).toBeGreaterThanOrEqual(1);
    await scheduler.idle();
    // the first request starts at once; the two made while it runs collapse into one more refresh
    expect(refreshed.filter((id) => id === 'seg_paused')).toHaveLength(2);
    expect(new Set(refreshed)).toEqual(new Set(['seg_paused', 'seg_buyers', 'seg_refers', 'seg_flip', 'seg_history']));
    expect(errors).toEqual(['seg_broken']);
    expect(maxInFlight).toBe(1);
    await scheduler.stop();
    const count = refreshed.length;
    scheduler.refreshSoon(WORKSPACE, 'seg_buyers');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(refreshed).toHaveLength(count);
  });
});
