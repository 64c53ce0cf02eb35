import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAgent } from '../core/agent/run-agent.ts';
import type { ToolResultBlock } from '../core/models/model.ts';
import { scriptedModel } from '../core/models/scripted.ts';
import type { CallContext, UiComponent } from '../core/registry/index.ts';
import { backfillMembershipHistory, describeDefinition, refreshSegment, segmentDefinitionSchema } from '../core/segments/index.ts';
import { openStores, type Stores } from '../core/stores/index.ts';
import { EVENT_SCHEMAS, seedWorkspace } from '../scripts/seed/index.ts';
import { createSegmentCtaProps, segmentTableProps } from './components.ts';
import { copilotSystemPrompt, createCopilotRegistry } from './index.ts';

const NOW = new Date('2026-10-15T12:00:00Z');
const A = 'ws_tools_a';
const B = 'ws_tools_b';
const registry = createCopilotRegistry();
const dataDir = mkdtempSync(join(tmpdir(), 'segops-tools-'));
let stores: Stores;
let idsA: string[] = [];

function context(workspaceId: string, emitted: UiComponent[] = []): CallContext {
  return {
    workspaceId,
    stores,
    clock: () => NOW,
    logger: pino({ level: 'silent' }),
    signal: new AbortController().signal,
    emit: (component) => emitted.push(component),
  };
}

async function call<T>(name: string, args: unknown, workspaceId = A): Promise<T> {
  const result = await registry.call(name, args, context(workspaceId));
  if (result.isError) throw new Error(String(result.content));
  return result.content as T;
}

async function callError(name: string, args: unknown, workspaceId = A): Promise<string> {
  const result = await registry.call(name, args, context(workspaceId));
  expect(result.isError).toBe(true);
  return String(result.content);
}

beforeAll(async () => {
  stores = await openStores({ dataDir });
  const seedA = await seedWorkspace(stores, { workspaceId: A, seed: 7, now: NOW, users: 3_000, events: 60_000 });
  const seedB = await seedWorkspace(stores, { workspaceId: B, seed: 8, now: NOW, users: 400, events: 6_000 });
  idsA = seedA.segmentIds;
  for (const [ws, ids] of [[A, seedA.segmentIds], [B, seedB.segmentIds]] as const) {
    for (const id of ids) await refreshSegment(stores, ws, id, { now: NOW });
    await backfillMembershipHistory(stores, ws, ids[0], { days: 40, now: NOW });
  }
  await stores.pg.query(
    `insert into event_schemas (workspace_id, name, description) values ($1, 'Secret B Event', 'only in B')`,
    [B],
  );
  await stores.pg.query(
    `insert into segments (id, workspace_id, name, definition) values ('seg_only_b', $1, 'Only In B', $2::jsonb)`,
    [B, JSON.stringify({ match: 'all', conditions: [{ type: 'trait', trait: 'plan', op: 'eq', value: 'pro' }] })],
  );
  await stores.ch.insert('events', [
    { workspace_id: B, message_id: 'b-secret-1', type: 'track', event: 'Secret B Event', user_id: 'u1', anonymous_id: '', timestamp: '2026-10-14 10:00:00.000', received_at: '2026-10-14 10:00:00.000', properties: '{}' },
  ]);
});

afterAll(async () => {
  await stores?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

type Row = Record<string, unknown>;

describe('Postgres tools', () => {
  it('list_segments returns the workspace segments largest first, matching Postgres', async () => {
    const out = await call<{ segments: Row[]; total: number }>('list_segments', {});
    const expected = await stores.pg.query<Row>(
      'select id, name, member_count from segments where workspace_id = $1 order by member_count desc, lower(name)',
      [A],
    );
    expect(out.total).toBe(expected.length);
    expect(out.segments.map((s) => [s.id, s.name, s.member_count])).toEqual(expected.map((s) => [s.id, s.name, s.member_count]));
    expect(out.segments.some((s) => Number(s.member_count) > 0)).toBe(true);
  });

  it('list_segments filters by status, sorts by name and limits, keeping the filtered total', async () => {
    const out = await call<{ segments: Row[]; total: number }>('list_segments', { status: 'paused', sort_by: 'name', limit: 1 });
    const [{ n }] = await stores.pg.query<{ n: number }>("select count(*)::int as n from segments where workspace_id = $1 and status = 'paused'", [A]);
    expect(n).toBeGreaterThan(0);
    expect(out.total).toBe(n);
    expect(out.segments).toHaveLength(1);
    expect(out.segments[0].status).toBe('paused');
    const byName = await call<{ segments: Row[] }>('list_segments', { sort_by: 'name' });
    const names = byName.segments.map((s) => String(s.name));
    expect(names).toEqual([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
  });

  it('get_segment_detail finds a segment by any-case name, with conditions in words and its activations', async () => {
    const out = await call<{ segment: Row; activations: Row[] }>('get_segment_detail', { segment: 'high ltv' });
    const [row] = await stores.pg.query<Row>("select id, definition, member_count from segments where workspace_id = $1 and name = 'High LTV'", [A]);
    expect(out.segment.id).toBe(row.id);
    expect(out.segment.member_count).toBe(row.member_count);
    expect(out.segment.conditions).toEqual(describeDefinition(segmentDefinitionSchema.parse(row.definition)));
    expect(out.segment.conditions).toEqual([expect.stringMatching(/^lifetime_value is at least \d/)]);
    expect(out.activations.map((a) => a.name)).toEqual(['High LTV to Braze']);
  });

  it('get_segment_detail suggests close names on a miss', async () => {
    expect(await callError('get_segment_detail', { segment: 'VIP Buyer' })).toMatch(/no segment 'VIP Buyer'.*Did you mean 'VIP Buyers'/);
  });

  it('list_activations counts every status and filters', async () => {
    const all = await call<{ activations: Row[]; counts: Record<string, number> }>('list_activations', {});
    const rows = await stores.pg.query<{ status: string; n: number }>(
      'select status, count(*)::int as n from activations where workspace_id = $1 group by status',
      [A],
    );
    for (const { status, n } of rows) expect(all.counts[status]).toBe(n);
    expect(all.activations).toHaveLength(rows.reduce((sum, r) => sum + r.n, 0));
    const failing = await call<{ activations: Row[] }>('list_activations', { status: 'error' });
    expect(failing.activations).toHaveLength(all.counts.error);
    expect(failing.activations.every((a) => a.status === 'error' && typeof a.last_error === 'string')).toBe(true);
    expect(failing.activations.find((a) => a.name === 'High LTV to Braze')?.segment_name).toBe('High LTV');
  });

  it('list_event_schemas lists the tracking plan with property counts', async () => {
    const out = await call<{ schemas: Array<{ name: string; property_count: number; properties: string[] }>; total: number }>('list_event_schemas', {});
    expect(out.total).toBe(EVENT_SCHEMAS.length);
    for (const schema of EVENT_SCHEMAS) {
      const listed = out.schemas.find((s) => s.name === schema.name);
      expect(listed?.properties).toEqual(Object.keys(schema.properties.properties).sort());
      expect(listed?.property_count).toBe(Object.keys(schema.properties.properties).length);
    }
  });

  it('list_recent_events returns the newest ingested events, and one event on request', async () => {
    const out = await call<{ events: Row[] }>('list_recent_events', {});
    const expected = await stores.pg.query<{ message_id: string }>(
      'select message_id from ingest_log where workspace_id = $1 order by received_at desc, id desc limit 20',
      [A],
    );
    expect(out.events.map((e) => e.message_id)).toEqual(expected.map((e) => e.message_id));
    const orders = await call<{ events: Row[] }>('list_recent_events', { event: 'order completed', limit: 5 });
    expect(orders.events.length).toBeGreaterThan(0);
    expect(orders.events.every((e) => e.event === 'Order Completed')).toBe(true);
    expect(await callError('list_recent_events', { event: 'Purchase' })).toContain(
      "'Purchase' is not an event in this workspace; did you mean 'Order Completed'?",
    );
  });
});

describe('ClickHouse tools', () => {
  it('query_top_events ranks the rollup like count() over raw events (last 7 days)', async () => {
    const out = await call<{ from: string; to: string; total: number; events: Row[] }>('query_top_events', {});
    expect([out.from, out.to]).toEqual(['2026-10-09', '2026-10-15']);
    const raw = await stores.ch.query<{ event: string; n: number }>(
      `SELECT event, count() AS n FROM events WHERE workspace_id = {ws:String}
       AND toDate(timestamp) BETWEEN {from:Date} AND {to:Date} GROUP BY event ORDER BY n DESC, event`,
      { ws: A, from: out.from, to: out.to },
    );
    expect(out.events.map((e) => [e.event, e.count])).toEqual(raw.slice(0, 5).map((r) => [r.event, r.n]));
    expect(out.total).toBe(raw.reduce((sum, r) => sum + r.n, 0));
    expect(out.events[0].share).toBeCloseTo(raw[0].n / out.total, 4);
  });

  it('query_event_volume gives every day of the range, matching raw counts per day', async () => {
    const out = await call<{ event: string; total: number; series: Array<{ day: string; count: number }> }>('query_event_volume', {
      event: 'order completed',
      from: '2026-09-01',
      to: '2026-10-01',
    });
    expect(out.event).toBe('Order Completed');
    expect(out.series).toHaveLength(30);
    const raw = await stores.ch.query<{ day: string; n: number }>(
      `SELECT toString(toDate(timestamp)) AS day, count() AS n FROM events WHERE workspace_id = {ws:String}
       AND event = 'Order Completed' AND timestamp >= {from:DateTime64(3)} AND timestamp < {to:DateTime64(3)} GROUP BY day`,
      { ws: A, from: new Date('2026-09-01T00:00:00Z'), to: new Date('2026-10-01T00:00:00Z') },
    );
    const rawByDay = new Map(raw.map((r) => [r.day, r.n]));
    expect(out.series.map((p) => p.count)).toEqual(out.series.map((p) => rawByDay.get(p.day) ?? 0));
    expect(out.total).toBe(raw.reduce((sum, r) => sum + r.n, 0));
    expect(out.total).toBeGreaterThan(0);
  });

  it('query_event_volume for all events fills days with no data with zeros', async () => {
    const out = await call<{ event: null; series: Array<{ day: string; count: number }> }>('query_event_volume', { days: 120 });
    expect(out.event).toBeNull();
    expect(out.series).toHaveLength(120);
    expect(out.series[0]).toEqual({ day: '2026-06-18', count: 0 });
    expect(out.series.at(-1)?.count).toBeGreaterThan(0);
  });

  it('query_segment_membership_trend reads the latest computation of each day', async () => {
    await stores.ch.insert('segment_membership_daily', [
      { workspace_id: A, segment_id: idsA[0], day: '2026-10-10', members: 424242, computed_at: '2030-01-01 00:00:00.000' },
    ]);
    const out = await call<{ segment: Row; series: Array<{ day: string; members: number }>; first: number; last: number; change: number }>(
      'query_segment_membership_trend',
      { segment: idsA[0], days: 30 },
    );
    const stored = await stores.ch.query<{ day: string; members: number }>(
      `SELECT toString(day) AS day, members FROM segment_membership_daily FINAL
       WHERE workspace_id = {ws:String} AND segment_id = {id:String} AND day >= '2026-09-16' ORDER BY day`,
      { ws: A, id: idsA[0] },
    );
    expect(out.series).toEqual(stored);
    expect(out.series.find((p) => p.day === '2026-10-10')?.members).toBe(424242);
    expect(out.series).toHaveLength(30);
    expect(out.change).toBe(out.last - out.first);
  });

  it('rejects ranges that are reversed, in the future or longer than 365 days', async () => {
    expect(await callError('query_top_events', { from: '2026-10-10', to: '2026-10-01' })).toMatch(/'from' \(2026-10-10\) must be before 'to'/);
    expect(await callError('query_event_volume', { from: '2025-01-01', to: '2026-10-01' })).toMatch(/covers 638 days; at most 365/);
    expect(await callError('query_top_events', { from: '2027-01-01', to: '2027-02-01' })).toMatch(/in the future/);
    expect(await callError('query_top_events', { days: 400 })).toMatch(/Invalid arguments for 'query_top_events': days: .*365/);
    expect(await callError('query_event_volume', { from: 'last week' })).toMatch(/from: must be a date like 2026-10-01/);
  });

  it('validates event names against the tracking plan with a suggestion', async () => {
    expect(await callError('query_event_volume', { event: 'Purchase' })).toBe(
      "Tool 'query_event_volume' failed: 'Purchase' is not an event in this workspace; did you mean 'Order Completed'?",
    );
  });
});

describe('workspace isolation', () => {
  it('never returns rows of another workspace', async () => {
    const segmentsA = await call<{ segments: Row[] }>('list_segments', { limit: 100 });
    expect(segmentsA.segments.every((s) => !String(s.id).includes(B) && s.name !== 'Only In B')).toBe(true);
    const segmentsB = await call<{ segments: Row[] }>('list_segments', { limit: 100 }, B);
    expect(segmentsB.segments.map((s) => s.name)).toContain('Only In B');
    expect(await callError('get_segment_detail', { segment: 'Only In B' })).toMatch(/no segment 'Only In B'/);
    expect(await callError('query_segment_membership_trend', { segment: 'seg_only_b' })).toMatch(/no segment/);
    expect(await callError('query_event_volume', { event: 'Secret B Event' })).toMatch(/not an event in this workspace/);
    const topA = await call<{ events: Row[]; total: number }>('query_top_events', { limit: 50 });
    const topB = await call<{ events: Row[]; total: number }>('query_top_events', { limit: 50 }, B);
    expect(topA.events.map((e) => e.event)).not.toContain('Secret B Event');
    expect(topB.events.map((e) => e.event)).toContain('Secret B Event');
    expect(topA.total).not.toBe(topB.total);
    const activationsA = await call<{ activations: Row[] }>('list_activations', {});
    expect(activationsA.activations.every((a) => !String(a.id).includes(B))).toBe(true);
    const recentB = await call<{ events: Row[] }>('list_recent_events', { limit: 100 }, B);
    const idsOfA = new Set((await stores.pg.query<{ message_id: string }>('select message_id from ingest_log where workspace_id = $1', [A])).map((r) => r.message_id));
    expect(recentB.events.some((e) => idsOfA.has(String(e.message_id)))).toBe(false);
  });
});

describe('display tools over the workspace', () => {
  it('display_segment_table fills type and status from the workspace and emits one SegmentTable', async () => {
    const emitted: UiComponent[] = [];
    const result = await registry.call('display_segment_table', { title: 'Largest', segments: [{ name: 'high ltv', member_count: 12 }] }, context(A, emitted));
    expect(result.content).toEqual({ shown: 'SegmentTable', rows: 1 });
    expect(emitted).toHaveLength(1);
    const props = segmentTableProps.parse(emitted[0].props);
    expect(props.rows[0]).toEqual({ id: idsA[0], name: 'high ltv', member_count: 12, type: 'dynamic', status: 'active' });
    expect((await registry.call('display_segment_table', { segments: [{ name: 'Only In B', member_count: 1 }] }, context(A))).content).toMatch(
      /'Only In B' is not in this workspace/,
    );
  });

  it('display_create_segment_cta previews a valid draft without writing a segment', async () => {
    const before = await stores.pg.query('select id from segments where workspace_id = $1', [A]);
    const emitted: UiComponent[] = [];
    const definition = {
      match: 'all',
      conditions: [
        { type: 'event', event: 'Order Completed', performed: true, count: { op: '>=', value: 1 }, window: { type: 'relative', last: 7, unit: 'days' } },
        { type: 'event', event: 'Product Added to Wishlist', performed: false, window: { type: 'ever' } },
      ],
    };
    const result = await registry.call('display_create_segment_cta', { name: 'Recent buyers, no wishlist', definition }, context(A, emitted));
    expect(result.isError).toBe(false);
    const [expected] = await stores.ch.query<{ n: number }>(
      `SELECT count() AS n FROM (
         SELECT user_id FROM events WHERE workspace_id = {ws:String} AND user_id != ''
         GROUP BY user_id
         HAVING countIf(event = 'Order Completed' AND timestamp >= {since:DateTime64(3)} AND timestamp <= {now:DateTime64(3)}) >= 1
            AND countIf(event = 'Product Added to Wishlist') = 0)`,
      { ws: A, since: new Date(NOW.getTime() - 7 * 86_400_000), now: NOW },
    );
    expect(expected.n).toBeGreaterThan(0);
    expect(result.content).toEqual({
      shown: 'CreateSegmentCTA',
      count: expected.n,
      conditions: ['performed Order Completed at least once in the last 7 days', 'never performed Product Added to Wishlist'],
    });
    expect(emitted.map((c) => c.component)).toEqual(['CreateSegmentCTA']);
    const props = createSegmentCtaProps.parse(emitted[0].props);
    expect(props.suggestedName).toBe('Recent buyers, no wishlist');
    expect(props.preview.count).toBe(expected.n);
    expect(props.preview.sample).toHaveLength(5);
    expect(props.preview.sample[0].traits).toHaveProperty('country');
    expect(await stores.pg.query('select id from segments where workspace_id = $1', [A])).toEqual(before);
  });

  it('display_create_segment_cta lists every problem of an invalid draft and emits nothing', async () => {
    const emitted: UiComponent[] = [];
    const definition = {
      match: 'all',
      conditions: [
        { type: 'event', event: 'Purchased', performed: true },
        { type: 'trait', trait: 'plan', op: 'gt', value: 3 },
      ],
    };
    const result = await registry.call('display_create_segment_cta', { name: 'Bad', definition }, context(A, emitted));
    expect(result.isError).toBe(true);
    expect(result.content).toMatch(/condition 1: event 'Purchased' is not a registered event; did you mean 'Order Completed'\?/);
    expect(result.content).toMatch(/condition 2: .*plan/);
    expect(emitted).toEqual([]);
    const shapeless = await registry.call('display_create_segment_cta', { name: 'Bad', definition: { match: 'both', conditions: [] } }, context(A));
    expect(shapeless.content).toMatch(/^Invalid arguments for 'display_create_segment_cta': definition.match: .*definition.conditions/);
  });
});

describe('a ReAct run through the agent machine', () => {
  it('looks a segment up, shows its member count in a MetricCard and answers with that number', async () => {
    const system = copilotSystemPrompt({ name: 'Acme Outfitters', today: '2026-10-15' });
    const lastResult = (messages: Array<{ content: Array<{ type: string }> }>) =>
      JSON.parse((messages.at(-1)!.content.find((b) => b.type === 'tool_result') as ToolResultBlock).content);
    const model = scriptedModel([
      { toolCalls: [{ name: 'get_segment_detail', input: { segment: 'High LTV' } }] },
      (request) => {
        const { segment } = lastResult(request.messages);
        return { toolCalls: [{ name: 'display_metric_card', input: { label: `${segment.name} members`, value: segment.member_count, unit: 'users' } }] };
      },
      (request) => ({ text: `High LTV has ${lastResult(request.messages).formatted} members.` }),
    ]);
    const result = await runAgent({
      model,
      registry,
      system,
      toolContext: { workspaceId: A, stores, clock: () => NOW, logger: pino({ level: 'silent' }) },
      history: [],
      userMessage: 'How many users are in the High LTV segment?',
      runId: 'run_tools_e2e',
      threadId: 'thread_tools_e2e',
      onEvent: () => {},
    });
    const [{ member_count }] = await stores.pg.query<{ member_count: number }>("select member_count from segments where workspace_id = $1 and name = 'High LTV'", [A]);
    expect(result.status).toBe('done');
    expect(result.toolCalls.map((c) => [c.name, c.isError])).toEqual([['get_segment_detail', false], ['display_metric_card', false]]);
    expect(result.components).toHaveLength(1);
    expect(result.components[0]).toMatchObject({ component: 'MetricCard', props: { value: member_count, unit: 'users' } });
    expect(result.text).toBe(`High LTV has ${member_count.toLocaleString('en-US')} members.`);
  });
});
