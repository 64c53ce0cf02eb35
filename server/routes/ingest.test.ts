import { Analytics } from '@segment/analytics-node';
import { serveRouter, type RouterServer } from '../testing/route-app.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDefaultSource, ingestService, type IngestService } from '../../core/ingest/index.ts';
import { createWorkspace, openTestStores, type TestStores } from '../../core/ingest/testing/test-stores.ts';
import { ingestRoutes } from './ingest.ts';

const WS = 'ws_ingest';
const OTHER_WS = 'ws_other';
let env: TestStores;
let ingest: IngestService;
let server: RouterServer;
let base: string;
let writeKey: string;

beforeAll(async () => {
  env = await openTestStores('segops-ingest-route-');
  await createWorkspace(env.stores, WS);
  await createWorkspace(env.stores, OTHER_WS);
  writeKey = (await ensureDefaultSource(env.stores, WS)).writeKey!;
  await ensureDefaultSource(env.stores, OTHER_WS, 'other-workspace-key');
  await env.stores.pg.query(
    `insert into event_schemas (workspace_id, name, properties) values ($1, 'Order Completed', $2), ($1, 'Signed Up', '{"type":"object"}')`,
    [WS, JSON.stringify({ type: 'object', properties: { revenue: { type: 'number' } }, required: ['revenue'] })],
  );
  ingest = ingestService(env.stores);
  server = await serveRouter(ingestRoutes({ stores: env.stores, ingest }));
  base = server.base;
});

afterAll(async () => {
  await server?.close();
  await ingest?.close();
  await env?.dispose();
});

function post(path: string, body: unknown, key: string | null = writeKey, headers: Record<string, string> = {}) {
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(key === null ? {} : { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` }),
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function countEvents(messageIds: string[], workspaceId = WS): Promise<number> {
  const [row] = await env.stores.ch.query<{ n: number }>(
    'SELECT count() AS n FROM events WHERE workspace_id = {ws:String} AND message_id IN {ids:Array(String)}',
    { ws: workspaceId, ids: messageIds },
  );
  return row.n;
}

async function countLogged(messageIds: string[]): Promise<number> {
  await ingest.flushLog();
  const [row] = await env.stores.pg.query<{ n: number }>(
    'select count(*)::int as n from ingest_log where workspace_id = $1 and message_id = any($2::text[])',
    [WS, messageIds],
  );
  return row.n;
}

function track(messageId: string, extra: Record<string, unknown> = {}) {
  return { type: 'track', messageId, userId: 'u1', event: 'Signed Up', timestamp: '2025-03-01T10:00:00.000Z', ...extra };
}

describe('@segment/analytics-node against /v1/batch', () => {
  it('delivers track, identify and page calls that land in ClickHouse, the ingest log and user traits', async () => {
    const analytics = new Analytics({ writeKey, host: base, flushAt: 3, flushInterval: 20, maxRetries: 0 });
    const statuses: number[] = [];
    const sent: string[] = [];
    analytics.on('http_response', (response) => statuses.push(response.status));
    analytics.on('http_request', (request) => {
      for (const event of JSON.parse(request.body).batch) sent.push(event.messageId);
    });
    for (let i = 0; i < 5; i++) analytics.track({ userId: 'sdk-user', event: 'Signed Up', properties: { i } });
    // batches travel concurrently; traits merge in arrival order, so the second identify waits for the first
    await new Promise((delivered) => analytics.identify({ userId: 'sdk-user', traits: { email: 'ada@example.com', plan: 'free' } }, delivered));
    analytics.identify({ userId: 'sdk-user', traits: { plan: 'pro' } });
    analytics.page({ userId: 'sdk-user', name: 'Pricing', properties: { path: '/pricing' } });
    await analytics.closeAndFlush({ timeout: 10_000 });

    expect(sent).toHaveLength(8);
    expect(statuses.length).toBeGreaterThanOrEqual(3);
    expect(statuses.every((status) => status === 200)).toBe(true);
    expect(await countEvents(sent)).toBe(8);
    expect(await countLogged(sent)).toBe(8);
    const [page] = await env.stores.ch.query<{ event: string; properties: string }>(
      "SELECT event, properties FROM events WHERE workspace_id = {ws:String} AND type = 'page' AND user_id = 'sdk-user'",
      { ws: WS },
    );
    expect(page.event).toBe('Page Viewed');
    expect(JSON.parse(page.properties)).toMatchObject({ path: '/pricing', name: 'Pricing' });
    const [traits] = await env.stores.ch.query<{ traits: string }>(
      "SELECT argMax(traits, updated_at) AS traits FROM user_traits WHERE workspace_id = {ws:String} AND user_id = 'sdk-user'",
      { ws: WS },
    );
    expect(JSON.parse(traits.traits)).toEqual({ email: 'ada@example.com', plan: 'pro' });
  });
});

describe('messageId de-duplication', () => {
  it('counts a batch sent twice once, and a repeat inside one batch once', async () => {
    const batch = { batch: [track('dup-1'), track('dup-2'), track('dup-1')] };
    const first = await post('/v1/batch', batch);
    expect(await first.json()).toMatchObject({ success: true, accepted: 2, duplicates: 1 });
    const second = await post('/v1/batch', batch);
    expect(await second.json()).toMatchObject({ success: true, accepted: 0, duplicates: 3 });
    expect(await countEvents(['dup-1', 'dup-2'])).toBe(2);
    expect(await countLogged(['dup-1', 'dup-2'])).toBe(2);
  });

  it('stores one copy when the same batch arrives many times at once', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `conc-${i}`);
    const batch = { batch: ids.map((id) => track(id)) };
    const responses = await Promise.all(Array.from({ length: 8 }, () => post('/v1/batch', batch)));
    const bodies = await Promise.all(responses.map((response) => response.json()));
    expect(bodies.reduce((sum, body) => sum + body.accepted, 0)).toBe(20);
    expect(await countEvents(ids)).toBe(20);
  });

  it('generates a messageId when the message has none', async () => {
    const response = await post('/v1/track', { userId: 'no-id-user', event: 'Signed Up' });
    expect(response.status).toBe(200);
    const [row] = await env.stores.ch.query<{ message_id: string }>(
      "SELECT message_id FROM events WHERE workspace_id = {ws:String} AND user_id = 'no-id-user'",
      { ws: WS },
    );
    expect(row.message_id).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("Segment's limits", () => {
  it('refuses a 33 KB event with a 400 naming the event and the limit', async () => {
    const big = track('too-big', { properties: { blob: 'x'.repeat(33 * 1024) } });
    const response = await post('/v1/batch', { batch: [track('small-before-big'), big] });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.code).toBe('EVENT_TOO_LARGE');
    expect(body.error.message).toContain('batch[1]');
    expect(body.error.message).toContain('32 KB');
    expect(await countEvents(['small-before-big', 'too-big'])).toBe(0);
  });

  it('refuses a 600 KB batch with a 400 naming the limit', async () => {
    const batch = Array.from({ length: 30 }, (_, i) => track(`bulk-${i}`, { properties: { blob: 'y'.repeat(20 * 1024) } }));
    const response = await post('/v1/batch', { batch });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.code).toBe('BATCH_TOO_LARGE');
    expect(body.error.message).toContain('500 KB');
    expect(await countEvents(batch.map((event) => event.messageId))).toBe(0);
  });
});

describe('authentication', () => {
  it('answers 401 without a write key and with an unknown one', async () => {
    const none = await post('/v1/batch', { batch: [track('auth-1')] }, null);
    expect(none.status).toBe(401);
    expect((await none.json()).error.message).toContain('write key');
    const wrong = await post('/v1/batch', { batch: [track('auth-2')] }, 'not-a-key');
    expect(wrong.status).toBe(401);
    expect(await countEvents(['auth-1', 'auth-2'])).toBe(0);
  });

  it('takes the key from the body, as analytics.js sends it (text/plain, one-letter path)', async () => {
    const response = await post('/v1/t', { ...track('body-key'), writeKey }, null, { 'content-type': 'text/plain' });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(await countEvents(['body-key'])).toBe(1);
  });

  it('answers CORS preflights, so browsers may send from any origin', async () => {
    const response = await fetch(`${base}/v1/batch`, {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(response.headers.get('access-control-allow-headers')).toContain('Authorization');
  });

  it("writes into the key's own workspace only", async () => {
    await post('/v1/track', track('other-ws-event'), 'other-workspace-key');
    expect(await countEvents(['other-ws-event'], OTHER_WS)).toBe(1);
    expect(await countEvents(['other-ws-event'], WS)).toBe(0);
  });
});

describe('malformed requests', () => {
  const cases: Array<[string, string, unknown, string]> = [
    ['invalid JSON', '/v1/batch', '{"batch": [', 'not valid JSON'],
    ['an empty body', '/v1/track', '', 'empty'],
    ['a JSON array body', '/v1/batch', '[1, 2]', 'JSON object'],
    ['a batch that is not an array', '/v1/batch', { batch: { type: 'track' } }, "'batch' array"],
    ['a message that is not an object', '/v1/batch', { batch: [track('ok-1'), 42] }, 'batch[1]'],
    ['a message of an unknown type', '/v1/batch', { batch: [{ ...track('bad-type'), type: 'purchase' }] }, 'type'],
    ['a track without an event', '/v1/track', { userId: 'u1', messageId: 'no-event' }, "'event' name"],
    ['a message without any user id', '/v1/batch', { batch: [track('ok-2'), { ...track('no-user'), userId: undefined }] }, "batch[1] (messageId 'no-user'): userId or anonymousId"],
    ['an unparseable timestamp', '/v1/track', track('bad-ts', { timestamp: 'yesterday-ish' }), 'is not a date'],
    ['a timestamp out of range', '/v1/track', track('old-ts', { timestamp: '1820-01-01T00:00:00Z' }), '1970-2099'],
    ['properties that are not an object', '/v1/track', track('bad-props', { properties: [1, 2] }), 'properties'],
    ['an alias without previousId', '/v1/alias', { userId: 'u1' }, 'previousId'],
  ];
  it.each(cases)('answers 400 (never 500) to %s', async (_name, path, body, fragment) => {
    const response = await post(path, body);
    expect(response.status).toBe(400);
    const json = await response.json();
    expect(json.error.message).toContain(fragment);
  });

  it('stored nothing from the refused requests', async () => {
    expect(await countEvents(['ok-1', 'ok-2', 'bad-type', 'no-event', 'no-user', 'bad-ts', 'old-ts', 'bad-props'])).toBe(0);
  });
});

describe('tracking plan', () => {
  it('accepts unknown events and bad properties, flags them in the ingest log and counts them', async () => {
    const before = ingest.stats(WS);
    const response = await post('/v1/batch', {
      batch: [
        track('plan-ok', { event: 'Order Completed', properties: { revenue: 42 } }),
        track('plan-bad-prop', { event: 'Order Completed', properties: { revenue: 'lots' } }),
        track('plan-unknown', { event: 'Order Complete' }),
      ],
    });
    expect(await response.json()).toMatchObject({ success: true, accepted: 3, flagged: 2 });
    await ingest.flushLog();
    const rows = await env.stores.pg.query<{ message_id: string; issues: Array<{ code: string; path?: string }> }>(
      "select message_id, issues from ingest_log where workspace_id = $1 and message_id like 'plan-%' order by message_id",
      [WS],
    );
    const issues = Object.fromEntries(rows.map((row) => [row.message_id, row.issues]));
    expect(issues['plan-ok']).toEqual([]);
    expect(issues['plan-bad-prop']).toEqual([expect.objectContaining({ code: 'invalid_property', path: 'properties.revenue' })]);
    expect(issues['plan-unknown']).toEqual([expect.objectContaining({ code: 'unknown_event' })]);
    const after = ingest.stats(WS);
    expect(after.unknownEvents - before.unknownEvents).toBe(1);
    expect(after.invalidProperties - before.invalidProperties).toBe(1);
  });
});
