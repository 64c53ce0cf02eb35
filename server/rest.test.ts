import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_NOW, type TestServer } from './testing/test-server.ts';

const WS = 'ws_acme';
const PRO_PLAN = { match: 'all', conditions: [{ type: 'trait', trait: 'plan', op: 'eq', value: 'pro' }] };

interface SegmentJson {
  id: string;
  name: string;
  description: string;
  status: string;
  member_count: number;
  refreshed_at: string | null;
  conditions: string[];
}

describe('REST for the dashboard (segments, catalog, overview, events, activations)', () => {
  let server: TestServer;
  beforeAll(async () => {
    // The scheduler is on (a long interval): saves queue a refresh, which the tests wait for with idle().
    server = await startTestServer({ segmentRefreshMs: 3_600_000 });
    await server.runtime.scheduler!.idle();
  });
  afterAll(() => server.close());

  const json = async (path: string, init: RequestInit & { token?: string } = {}) => {
    const res = await server.request(path, { ...init, headers: { 'content-type': 'application/json', ...init.headers } });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, type: res.headers.get('content-type') };
  };
  const send = (method: string, path: string, body: unknown) => json(path, { method, body: JSON.stringify(body) });
  const pg = <T>(sql: string, params: unknown[] = []) => server.stores.pg.query<T>(sql, params);
  const ch = <T>(sql: string, params: Record<string, unknown> = {}) => server.stores.ch.query<T>(sql, params);

  /** Users whose latest traits have `plan = pro`, counted in ClickHouse independently of the DSL compiler. */
  const proPlanUsers = async () =>
    Number(
      (
        await ch<{ n: number }>(
          `SELECT count() AS n FROM (SELECT argMax(traits, updated_at) AS t FROM user_traits WHERE workspace_id = {ws:String} GROUP BY user_id)
           WHERE JSONExtractString(t, 'plan') = 'pro'`,
          { ws: WS },
        )
      )[0].n,
    );

  describe('/api/segments', () => {
    it('lists the workspace segments, largest first, with plain-English conditions', async () => {
      const { status, body } = await json('/api/segments');
      expect(status).toBe(200);
      const rows = await pg<{ id: string }>('select id from segments where workspace_id = $1', [WS]);
      expect(body.segments.map((s: SegmentJson) => s.id).sort()).toEqual(rows.map((r) => r.id).sort());
      const counts = body.segments.map((s: SegmentJson) => s.member_count);
      expect(counts).toEqual([...counts].sort((a, b) => b - a));
      const pro = body.segments.find((s: SegmentJson) => s.id === 'seg_pro_plan');
      expect(pro.conditions).toEqual(['plan is "pro"']);
      expect(pro.member_count).toBe(await proPlanUsers());
    });

    it('gets one segment with its 90-day trend and its activations', async () => {
      const { status, body } = await json('/api/segments/seg_pro_plan');
      expect(status).toBe(200);
      expect(body.segment).toMatchObject({ id: 'seg_pro_plan', name: 'Pro Plan' });
      expect(body.trend).toHaveLength(90);
      expect(body.trend.at(-1)).toEqual({ day: TEST_NOW.toISOString().slice(0, 10), members: body.segment.member_count });
      const activations = await pg<{ id: string }>('select id from activations where workspace_id = $1 and segment_id = $2', [WS, 'seg_pro_plan']);
      expect(activations.length).toBeGreaterThan(0);
      expect(body.activations.map((a: { id: string }) => a.id).sort()).toEqual(activations.map((a) => a.id).sort());
      expect((await json('/api/segments/seg_nope')).status).toBe(404);
    });

    it('previews a definition with its count (cross-checked), a sample that matches, and the conditions', async () => {
      const { status, body } = await send('POST', '/api/segments/preview', { definition: PRO_PLAN });
      expect(status).toBe(200);
      expect(body.count).toBe(await proPlanUsers());
      expect(body.sample.length).toBe(Math.min(5, body.count));
      for (const user of body.sample) expect(user.traits.plan).toBe('pro');
      expect(body.conditions).toEqual(['plan is "pro"']);
    });

    it('creates a segment (201) whose refresh the scheduler runs soon after, refuses a duplicate name (409)', async () => {
      const created = await send('POST', '/api/segments', { name: 'REST Pro', description: 'pro members', definition: PRO_PLAN });
      expect(created.status).toBe(201);
      const id = created.body.segment.id;
      expect(created.body.segment).toMatchObject({ name: 'REST Pro', description: 'pro members', status: 'active', conditions: ['plan is "pro"'] });
      await server.runtime.scheduler!.idle();
      const { body } = await json(`/api/segments/${id}`);
      expect(body.segment.member_count).toBe(await proPlanUsers());
      expect(body.segment.refreshed_at).not.toBeNull();

      const duplicate = await send('POST', '/api/segments', { name: 'rest pro', definition: PRO_PLAN });
      expect(duplicate.status).toBe(409);
      expect(duplicate.body.error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining("'rest pro' already exists") });
      expect(await pg('select 1 from segments where workspace_id = $1 and lower(name) = $2', [WS, 'rest pro'])).toHaveLength(1);
    });

    it("refuses an invalid definition with 400 and the DSL's own messages in error.details", async () => {
      const unknownEvent = { match: 'all', conditions: [{ type: 'event', event: 'Purchase', performed: true }] };
      const wrongValue = { match: 'all', conditions: [PRO_PLAN.conditions[0], { type: 'trait', trait: 'lifetime_value', op: 'gt', value: 'lots' }] };
      const expected = [
        [unknownEvent, { path: 'conditions[0].event', message: "condition 1: event 'Purchase' is not a registered event; did you mean 'Order Completed'?" }],
        [wrongValue, { path: 'conditions[1].value', message: 'condition 2: gt needs a number value' }],
      ] as const;
      for (const path of ['/api/segments', '/api/segments/preview']) {
        for (const [definition, problem] of expected) {
          const res = await send('POST', path, { name: 'Broken', definition });
          expect(res.status).toBe(400);
          expect(res.body.error).toMatchObject({ code: 'INVALID_SEGMENT', details: [problem] });
          expect(res.body.error.message).toContain(problem.message);
        }
      }
      expect(await pg("select 1 from segments where name = 'Broken'")).toHaveLength(0);
    });

    it('updates a segment (name, description, definition) and refreshes it', async () => {
      const created = await send('POST', '/api/segments', { name: 'To Update', definition: PRO_PLAN });
      const id = created.body.segment.id;
      const definition = { match: 'all', conditions: [{ type: 'trait', trait: 'plan', op: 'eq', value: 'plus' }] };
      const updated = await send('PUT', `/api/segments/${id}`, { name: 'Updated Plus', description: 'plus members', definition });
      expect(updated.status).toBe(200);
      expect(updated.body.segment).toMatchObject({ id, name: 'Updated Plus', description: 'plus members', conditions: ['plan is "plus"'] });
      await server.runtime.scheduler!.idle();
      const preview = await send('POST', '/api/segments/preview', { definition });
      expect((await json(`/api/segments/${id}`)).body.segment.member_count).toBe(preview.body.count);

      const clash = await send('PUT', `/api/segments/${id}`, { name: 'High LTV' });
      expect(clash.status).toBe(409);
      const cycle = await send('PUT', `/api/segments/${id}`, { definition: { match: 'all', conditions: [{ type: 'segment', segment: id, member: true }] } });
      expect(cycle.status).toBe(400);
      expect(cycle.body.error.message).toMatch(/itself|cycle/i);
      expect((await send('PUT', '/api/segments/seg_nope', { name: 'x' })).status).toBe(404);
      expect((await json(`/api/segments/${id}`)).body.segment.name).toBe('Updated Plus');
    });

    it('deletes a segment (204), refusing with 409 while another segment refers to it', async () => {
      const base = (await send('POST', '/api/segments', { name: 'Base Audience', definition: PRO_PLAN })).body.segment;
      const user = (
        await send('POST', '/api/segments', {
          name: 'Built On Base',
          definition: { match: 'all', conditions: [{ type: 'segment', segment: base.id, member: true }] },
        })
      ).body.segment;
      expect(user.conditions.join(' ')).toContain('Base Audience');

      const refused = await json(`/api/segments/${base.id}`, { method: 'DELETE' });
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toContain("'Built On Base'");
      expect((await json(`/api/segments/${base.id}`)).status).toBe(200);

      expect((await json(`/api/segments/${user.id}`, { method: 'DELETE' })).status).toBe(204);
      const deleted = await json(`/api/segments/${base.id}`, { method: 'DELETE' });
      expect(deleted.status).toBe(204);
      expect(deleted.body).toBeUndefined();
      expect((await json(`/api/segments/${base.id}`)).status).toBe(404);
      expect((await json(`/api/segments/${base.id}`, { method: 'DELETE' })).status).toBe(404);
    });
  });

  describe('catalog', () => {
    it('lists and gets event schemas, 404 for an unknown one', async () => {
      const list = await json('/api/event-schemas');
      const names = await pg<{ name: string }>('select name from event_schemas where workspace_id = $1 order by name', [WS]);
      expect(list.body.schemas.map((s: { name: string }) => s.name)).toEqual(names.map((n) => n.name));
      const one = await json(`/api/event-schemas/${encodeURIComponent('Order Completed')}`);
      expect(one.status).toBe(200);
      expect(one.body.schema).toMatchObject({ name: 'Order Completed', property_count: 5 });
      expect(Object.keys(one.body.schema.properties.properties).sort()).toEqual(['coupon', 'currency', 'items', 'order_id', 'revenue']);
      const missing = await json('/api/event-schemas/Purchase');
      expect(missing.status).toBe(404);
      expect(missing.body.error).toEqual({ code: 'NOT_FOUND', message: "event schema 'Purchase' does not exist" });
    });

    it('lists the traits with their types', async () => {
      const { body } = await json('/api/traits');
      const traits = await pg<{ name: string; type: string }>('select name, type from trait_schemas where workspace_id = $1 order by name', [WS]);
      expect(body.traits.map((t: { name: string; type: string }) => [t.name, t.type])).toEqual(traits.map((t) => [t.name, t.type]));
      expect(body.traits.find((t: { name: string }) => t.name === 'lifetime_value').type).toBe('number');
    });
  });

  it('computes the overview KPIs as independent queries over the raw data do', async () => {
    const { status, body } = await json('/api/overview');
    expect(status).toBe(200);
    const today = TEST_NOW.toISOString().slice(0, 10);
    const [raw] = await ch<{ today: number; users7d: number; days30: number }>(
      `SELECT countIf(toDate(timestamp) = {today:Date}) AS today,
              uniqExactIf(user_id, user_id != '' AND toDate(timestamp) BETWEEN {today:Date} - 6 AND {today:Date}) AS users7d,
              countIf(toDate(timestamp) BETWEEN {today:Date} - 29 AND {today:Date}) AS days30
       FROM events WHERE workspace_id = {ws:String}`,
      { ws: WS, today },
    );
    const [counts] = await pg<{ segments: number; connectors: number }>(
      `select (select count(*)::int from segments where workspace_id = $1) as segments,
              (select count(*)::int from activations where workspace_id = $1 and status = 'active') as connectors`,
      [WS],
    );
    expect(Number(raw.today)).toBeGreaterThan(0);
    expect(body).toMatchObject({
      workspace: { id: WS, name: 'Acme Outfitters' },
      eventsToday: Number(raw.today),
      activeUsers7d: Number(raw.users7d),
      segments: counts.segments,
      activeConnectors: counts.connectors,
    });
    expect(body.eventVolume).toHaveLength(30);
    expect(body.eventVolume.at(-1).day).toBe(today);
    expect(body.eventVolume.reduce((sum: number, d: { count: number }) => sum + d.count, 0)).toBe(Number(raw.days30));
  });

  it('lists recent events newest first, as the ingest log holds them', async () => {
    const { status, body } = await json('/api/events/recent?limit=5');
    expect(status).toBe(200);
    const rows = await pg<{ message_id: string }>('select message_id from ingest_log where workspace_id = $1 order by received_at desc, id desc limit 5', [WS]);
    expect(body.events.map((e: { message_id: string }) => e.message_id)).toEqual(rows.map((r) => r.message_id));
    const received = body.events.map((e: { received_at: string }) => e.received_at);
    expect(received).toEqual([...received].sort().reverse());
    expect((await json('/api/events/recent?limit=0')).status).toBe(400);
  });

  it('lists and gets activations with secrets masked, and creates, pauses and resumes one', async () => {
    const list = await json('/api/activations');
    const ids = await pg<{ id: string }>('select id from activations where workspace_id = $1', [WS]);
    expect(list.body.activations.map((a: { id: string }) => a.id).sort()).toEqual(ids.map((r) => r.id).sort());
    const webhook = list.body.activations.find((a: { id: string }) => a.id === 'act_pro_plan_webhook');
    expect(webhook).toMatchObject({ segment_name: 'Pro Plan', destination_type: 'webhook' });
    expect(JSON.stringify(webhook.config)).not.toMatch(/whsec_/);
    expect((await json('/api/activations/act_pro_plan_webhook')).body.activation.id).toBe('act_pro_plan_webhook');

    const created = await send('POST', '/api/activations', {
      name: 'REST hook',
      destination_type: 'webhook',
      segment_id: 'seg_pro_plan',
      config: { url: 'https://hooks.example.com/rest' },
    });
    expect(created.status).toBe(201);
    expect(created.body.signing_secret).toMatch(/^whsec_/);
    const id = created.body.activation.id;
    const paused = await send('POST', `/api/activations/${id}/pause`, {});
    expect(paused.body.activation.status).toBe('paused');
    const resumed = await send('POST', `/api/activations/${id}/resume`, {});
    expect(resumed.body.activation.status).toBe('active');
  });
});
