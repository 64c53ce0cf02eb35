import pino from 'pino';
import type Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../core/config.ts';
import { parseRunEvents } from '../core/agent/sse.ts';
import { createApp } from './app.ts';
import { SseReader } from './testing/sse-reader.ts';
import { startTestServer, type TestServer } from './testing/test-server.ts';

/** Rows of workspace A that the tests look for, by id (B must never see them). */
interface Fixtures {
  segmentId: string;
  activationId: string;
  schemaName: string;
  traitName: string;
  messageId: string;
  runId: string;
  conversationId: string;
}

/**
 * Every /api route, as registered, with how to call it with A's ids. `lists` are markers of A's rows a list
 * shows A (and must never show B); `mutates` routes are only called with B's token. Add a route here when
 * you add one to the app: the first test fails until you do.
 */
interface RouteCase {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  url: (a: Fixtures) => string;
  body?: (a: Fixtures) => unknown;
  lists?: (a: Fixtures) => string[];
  mutates?: boolean;
  /** An event stream that stays open (the live feed): checked on its own below. */
  live?: boolean;
}

const q = (text: string) => JSON.stringify(text);
const PRO = { match: 'all', conditions: [{ type: 'trait', trait: 'plan', op: 'eq', value: 'pro' }] };

const ROUTES: RouteCase[] = [
  { method: 'GET', path: '/api/overview', url: () => '/api/overview', lists: () => [q('ws_acme'), q('Acme Outfitters')] },
  { method: 'GET', path: '/api/segments', url: () => '/api/segments', lists: (a) => [q(a.segmentId)] },
  { method: 'GET', path: '/api/segments/:id', url: (a) => `/api/segments/${a.segmentId}` },
  { method: 'POST', path: '/api/segments/preview', url: () => '/api/segments/preview', body: (a) => ({ definition: { match: 'all', conditions: [{ type: 'segment', segment: a.segmentId, member: true }] } }) },
  { method: 'POST', path: '/api/segments', url: () => '/api/segments', mutates: true, body: (a) => ({ name: 'Stolen', definition: { match: 'all', conditions: [{ type: 'segment', segment: a.segmentId, member: true }] } }) },
  { method: 'PUT', path: '/api/segments/:id', url: (a) => `/api/segments/${a.segmentId}`, mutates: true, body: () => ({ name: 'Hijacked', definition: PRO }) },
  { method: 'DELETE', path: '/api/segments/:id', url: (a) => `/api/segments/${a.segmentId}`, mutates: true },
  { method: 'GET', path: '/api/event-schemas', url: () => '/api/event-schemas', lists: (a) => [q(a.schemaName)] },
  { method: 'GET', path: '/api/event-schemas/:name', url: (a) => `/api/event-schemas/${encodeURIComponent(a.schemaName)}` },
  { method: 'GET', path: '/api/traits', url: () => '/api/traits', lists: (a) => [q(a.traitName)] },
  { method: 'GET', path: '/api/events/recent', url: () => '/api/events/recent?limit=200', lists: (a) => [q(a.messageId)] },
  { method: 'GET', path: '/api/activations', url: () => '/api/activations', lists: (a) => [q(a.activationId)] },
  { method: 'GET', path: '/api/activations/:id', url: (a) => `/api/activations/${a.activationId}` },
  { method: 'POST', path: '/api/activations', url: () => '/api/activations', mutates: true, body: (a) => ({ name: 'Stolen', destination_type: 'webhook', segment_id: a.segmentId, config: { url: 'https://evil.example/h' } }) },
  { method: 'POST', path: '/api/activations/:id/pause', url: (a) => `/api/activations/${a.activationId}/pause`, mutates: true, body: () => ({}) },
  { method: 'POST', path: '/api/activations/:id/resume', url: (a) => `/api/activations/${a.activationId}/resume`, mutates: true, body: () => ({}) },
  { method: 'POST', path: '/api/copilot/chat', url: () => '/api/copilot/chat', mutates: true, body: (a) => ({ message: 'and for last month?', conversationId: a.conversationId }) },
  { method: 'POST', path: '/api/copilot/runs/:id/cancel', url: (a) => `/api/copilot/runs/${a.runId}/cancel`, mutates: true },
  { method: 'GET', path: '/api/copilot/runs/:id/events', url: (a) => `/api/copilot/runs/${a.runId}/events` },
  { method: 'GET', path: '/api/copilot/runs', url: () => '/api/copilot/runs?limit=500', lists: (a) => [q(a.runId)] },
  { method: 'GET', path: '/api/copilot/runs/:id', url: (a) => `/api/copilot/runs/${a.runId}` },
  { method: 'GET', path: '/api/copilot/runs/:id/messages', url: (a) => `/api/copilot/runs/${a.runId}/messages` },
  { method: 'GET', path: '/api/copilot/conversations', url: () => '/api/copilot/conversations', lists: (a) => [q(a.conversationId)] },
  { method: 'GET', path: '/api/copilot/conversations/:id', url: (a) => `/api/copilot/conversations/${a.conversationId}` },
  { method: 'DELETE', path: '/api/copilot/conversations/:id', url: (a) => `/api/copilot/conversations/${a.conversationId}`, mutates: true },
  { method: 'GET', path: '/api/copilot/machine-graph', url: (a) => `/api/copilot/machine-graph?run=${a.runId}` },
  { method: 'GET', path: '/api/copilot/live', url: () => '/api/copilot/live', live: true },
];

/** A request a client should never send, and the 4xx JSON error it gets. */
interface HostileCase {
  label: string;
  method?: string;
  path: string;
  body?: BodyInit | (() => BodyInit);
  type?: string;
  status: number;
  code: string;
  message?: RegExp;
}

const json = (value: unknown) => JSON.stringify(value);
const deepGroups = (levels: number) => {
  let condition: unknown = PRO.conditions[0];
  for (let i = 0; i < levels; i++) condition = { type: 'group', match: 'all', conditions: [condition] };
  return { match: 'all', conditions: [condition] };
};
/** A body sent in chunks with no Content-Length, so only counting the bytes read can stop it. */
const chunked = (bytes: number) => () =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      const chunk = new TextEncoder().encode(`{"name":"${'x'.repeat(64 * 1024)}`);
      for (let sent = 0; sent < bytes; sent += chunk.length) controller.enqueue(chunk);
      controller.close();
    },
  });

const HOSTILE: HostileCase[] = [
  { label: 'a number for a name', method: 'POST', path: '/api/segments', body: json({ name: 5, definition: [] }), status: 400, code: 'INVALID_INPUT', message: /name: .*expected string/ },
  { label: 'an unknown status', method: 'PUT', path: '/api/segments/seg_high_ltv', body: json({ status: 'deleted' }), status: 400, code: 'INVALID_INPUT', message: /status/ },
  { label: 'an unknown field', method: 'POST', path: '/api/segments', body: json({ name: 'x', definition: PRO, owner: 'me' }), status: 400, code: 'INVALID_INPUT', message: /owner/ },
  { label: 'a bare number as body', method: 'POST', path: '/api/segments/preview', body: '42', status: 400, code: 'INVALID_INPUT', message: /definition/ },
  { label: 'a string definition', method: 'POST', path: '/api/segments/preview', body: json({ definition: 'everyone' }), status: 400, code: 'INVALID_SEGMENT', message: /must be an object/ },
  { label: 'an absurd count', method: 'POST', path: '/api/segments/preview', body: json({ definition: { match: 'all', conditions: [{ type: 'event', event: 'Order Completed', performed: true, count: { op: '>=', value: 1e300 } }] } }), status: 400, code: 'INVALID_SEGMENT', message: /at most/ },
  { label: 'groups nested 20 deep', method: 'POST', path: '/api/segments/preview', body: json({ definition: deepGroups(20) }), status: 400, code: 'INVALID_SEGMENT', message: /at most 5 levels/ },
  { label: 'JSON nested 100,000 deep', method: 'POST', path: '/api/segments', body: '['.repeat(100_000) + ']'.repeat(100_000), status: 400, code: 'INVALID_INPUT', message: /nests deeper than 64/ },
  { label: 'wrong activation types', method: 'POST', path: '/api/activations', body: json({ name: 5, destination_type: [], segment_id: {} }), status: 400, code: 'INVALID_INPUT', message: /destination_type/ },
  { label: 'a list as chat message', method: 'POST', path: '/api/copilot/chat', body: json({ message: ['hi'] }), status: 400, code: 'INVALID_INPUT', message: /message: .*expected string/ },
  { label: 'an AG-UI input without messages', method: 'POST', path: '/api/copilot/chat', body: json({ threadId: 't', runId: 'r', messages: [] }), status: 400, code: 'INVALID_INPUT', message: /messages/ },
  { label: 'a bad limit', path: '/api/events/recent?limit=1;drop', status: 400, code: 'INVALID_INPUT', message: /limit must be an integer/ },
  { label: 'a negative sequence number', path: '/api/copilot/runs/x/events?after=-1', status: 400, code: 'INVALID_INPUT', message: /after must be/ },
  { label: 'a sequence number past any run', path: '/api/copilot/runs/x/events?after=99999999999999999999', status: 400, code: 'INVALID_INPUT', message: /after must be/ },
  { label: 'broken JSON', method: 'POST', path: '/api/segments', body: '{"name": "x",', status: 400, code: 'INVALID_JSON', message: /not valid JSON/ },
  { label: 'an empty body', method: 'POST', path: '/api/segments', body: '', status: 400, code: 'INVALID_JSON', message: /empty/ },
  { label: 'a form body', method: 'POST', path: '/api/segments', body: 'name=x', type: 'application/x-www-form-urlencoded', status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: /JSON/ },
  { label: 'a 2 MB body', method: 'POST', path: '/api/segments', body: json({ name: 'x'.repeat(2_000_000) }), status: 413, code: 'PAYLOAD_TOO_LARGE', message: /larger than/ },
  { label: 'a 2 MB chunked body', method: 'POST', path: '/api/segments', body: chunked(2_000_000), status: 413, code: 'PAYLOAD_TOO_LARGE', message: /larger than/ },
  { label: 'a 100 KB chat', method: 'POST', path: '/api/copilot/chat', body: json({ message: 'x'.repeat(100_000) }), status: 413, code: 'PAYLOAD_TOO_LARGE' },
  { label: 'NUL in a name', method: 'POST', path: '/api/segments', body: json({ name: 'a\u0000b', definition: PRO }), status: 400, code: 'INVALID_INPUT', message: /^name contains a NUL/ },
  { label: 'an unpaired surrogate', method: 'PUT', path: '/api/segments/seg_high_ltv', body: '{"description":"a\\ud800b"}', status: 400, code: 'INVALID_INPUT', message: /unpaired UTF-16 surrogate/ },
  { label: 'NUL in a conversation id', method: 'POST', path: '/api/copilot/chat', body: json({ message: 'hi', conversationId: 'c\u0000' }), status: 400, code: 'INVALID_INPUT', message: /conversationId contains a NUL/ },
  { label: 'NUL in a path id', path: '/api/segments/a%00b', status: 400, code: 'INVALID_INPUT', message: /URL path contains a NUL/ },
  { label: 'NUL in a run id', path: '/api/copilot/runs/a%00b/events', status: 400, code: 'INVALID_INPUT' },
  { label: 'NUL in a query', path: '/api/copilot/runs?status=%00', status: 400, code: 'INVALID_INPUT', message: /query parameter 'status'/ },
  { label: 'broken percent-encoding', path: '/api/activations/%E0%A4%A', status: 400, code: 'INVALID_INPUT', message: /percent-encoded/ },
  { label: 'SQL in a segment id', path: `/api/segments/${encodeURIComponent("' OR '1'='1")}`, status: 404, code: 'NOT_FOUND', message: /segment '' OR '1'='1' does not exist/ },
  { label: 'SQL in a schema name', path: `/api/event-schemas/${encodeURIComponent("x'; drop table event_schemas; --")}`, status: 404, code: 'NOT_FOUND' },
  { label: 'SQL in an activation id', method: 'POST', path: `/api/activations/${encodeURIComponent('1 or 1=1')}/pause`, body: '{}', status: 404, code: 'NOT_FOUND' },
  { label: 'SQL in a run id', path: `/api/copilot/runs/${encodeURIComponent("r' union select * from api_tokens --")}`, status: 404, code: 'NOT_FOUND' },
  { label: 'a method the route lacks', method: 'PATCH', path: '/api/segments', body: '{}', status: 405, code: 'METHOD_NOT_ALLOWED', message: /use .*GET/ },
];

/** The (method, path) of every /api route the app registers (GET stands for HEAD too). */
function registeredApiRoutes(app: Koa): string[] {
  const routes = new Set<string>();
  for (const middleware of app.middleware as Array<{ router?: { stack: Array<{ path: string; methods: string[] }> } }>) {
    for (const layer of middleware.router?.stack ?? []) {
      if (!layer.path.startsWith('/api/')) continue;
      for (const method of layer.methods) if (method !== 'HEAD') routes.add(`${method} ${layer.path}`);
    }
  }
  return [...routes].sort();
}

describe('REST auth, workspace isolation and hostile input', () => {
  let server: TestServer;
  let a: Fixtures;
  beforeAll(async () => {
    server = await startTestServer();
    const { pg } = server.stores;
    // Rows only A has (both workspaces are seeded with the same tracking plan).
    await pg.query("insert into event_schemas (workspace_id, name, description) values ('ws_acme', 'Acme Only Event', 'only in A')");
    await pg.query("insert into trait_schemas (workspace_id, name, type, description) values ('ws_acme', 'acme_only_trait', 'string', 'only in A')");
    const [recent] = await pg.query<{ message_id: string }>("select message_id from ingest_log where workspace_id = 'ws_acme' order by received_at desc, id desc limit 1");
    const res = await server.request('/api/copilot/chat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: 'What connectors are active?' }) });
    const [started] = parseRunEvents(await res.text());
    a = {
      segmentId: 'seg_high_ltv',
      activationId: 'act_pro_plan_webhook',
      schemaName: 'Acme Only Event',
      traitName: 'acme_only_trait',
      messageId: recent.message_id,
      runId: started.metadata.runId,
      conversationId: started.type === 'RUN_STARTED' ? started.threadId : '',
    };
  });
  afterAll(() => server.close());

  const call = (route: RouteCase, token?: string) =>
    fetch(`${server.base}${route.url(a)}`, {
      method: route.method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: route.body ? JSON.stringify(route.body(a)) : route.method === 'GET' || route.method === 'DELETE' ? undefined : '{}',
    });

  it('covers every /api route the app registers', () => {
    const app = createApp({ config: readConfig({}), stores: server.stores, logger: pino({ level: 'silent' }), runtime: server.runtime });
    const covered = new Set([...ROUTES.map((r) => `${r.method} ${r.path}`), 'GET /api/health']);
    expect(registeredApiRoutes(app).filter((route) => !covered.has(route))).toEqual([]);
  });

  it('refuses every /api route but health without a valid token, with a JSON 401', async () => {
    expect((await fetch(`${server.base}/api/health`)).status).toBe(200);
    for (const route of [...ROUTES, { method: 'GET', path: '/api/nope', url: () => '/api/nope' } as RouteCase]) {
      for (const token of [undefined, 'sgo_not_a_real_token']) {
        const res = await call(route, token);
        expect({ route: `${route.method} ${route.path}`, status: res.status }).toEqual({ route: `${route.method} ${route.path}`, status: 401 });
        expect((await res.json()).error.code).toBe('UNAUTHORIZED');
      }
    }
  });

  it("never shows B's token A's rows: lists leave them out, id routes answer 404", async () => {
    const markers = ROUTES.flatMap((r) => r.lists?.(a) ?? []);
    for (const route of ROUTES.filter((r) => !r.live && !r.mutates)) {
      const label = `${route.method} ${route.path}`;
      const asA = await call(route, server.tokens.a);
      const asB = await call(route, server.tokens.b);
      const textA = await asA.text();
      const textB = await asB.text();
      if (route.lists) {
        expect({ label, status: asB.status }).toEqual({ label, status: 200 });
        for (const marker of route.lists(a)) expect({ label, marker, seenByA: textA.includes(marker) }).toEqual({ label, marker, seenByA: true });
        for (const marker of markers) expect({ label, marker, seenByB: textB.includes(marker) }).toEqual({ label, marker, seenByB: false });
      } else {
        expect({ label, statusA: asA.status }).toEqual({ label, statusA: 200 });
        expect({ label, statusB: asB.status }).toEqual({ label, statusB: route.body ? 400 : 404 });
        expect(JSON.parse(textB).error.message).toBeTruthy();
      }
    }
  });

  it("lets B's token change nothing of A's: every mutating route is refused and A's rows stay as they were", async () => {
    const before = await snapshot();
    for (const route of ROUTES.filter((r) => r.mutates)) {
      const res = await call(route, server.tokens.b);
      const label = `${route.method} ${route.path}`;
      expect({ label, refused: res.status === 400 || res.status === 404 }).toEqual({ label, refused: true });
      expect((await res.json()).error.message).toBeTruthy();
    }
    expect(await snapshot()).toEqual(before);
  });

  async function snapshot() {
    const { pg } = server.stores;
    return {
      segments: await pg.query("select id, name, definition, updated_at from segments where workspace_id = 'ws_acme' order by id"),
      activations: await pg.query("select id, status, updated_at from activations where workspace_id = 'ws_acme' order by id"),
      conversations: await pg.query("select id, updated_at from conversations where workspace_id = 'ws_acme' order by id"),
      runs: await pg.query("select id, status from runs where workspace_id = 'ws_acme' order by id"),
      messages: await pg.query("select m.id from messages m join conversations c on c.id = m.conversation_id where c.workspace_id = 'ws_acme' order by m.id"),
      others: await pg.query("select name from segments where workspace_id = 'ws_other' and name in ('Stolen', 'Hijacked')"),
    };
  }

  it("keeps the live feed per workspace: B's feed carries B's runs and none of A's", async () => {
    const feed = new AbortController();
    const live = new SseReader(await server.request('/api/copilot/live', { token: server.tokens.b, signal: feed.signal }));
    const chat = async (token: string) =>
      parseRunEvents(await (await server.request('/api/copilot/chat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: 'List my event schemas' }), token })).text());
    const runA = (await chat(server.tokens.a))[0].metadata.runId;
    const runB = (await chat(server.tokens.b))[0].metadata.runId;
    await live.until((e) => e.type === 'RUN_FINISHED' && e.metadata.runId === runB);
    feed.abort();
    expect(live.events.some((e) => e.metadata.runId === runA)).toBe(false);
    expect(live.events[0]).toMatchObject({ type: 'RUN_STARTED', metadata: { runId: runB } });
  });
  it.each(HOSTILE)('answers $label with $status JSON', async ({ method = 'GET', path, body, type = 'application/json', status, code, message }) => {
    const payload = typeof body === 'function' ? body() : body;
    const res = await server.request(path, { method, headers: { 'content-type': type }, body: payload, ...(payload instanceof ReadableStream ? { duplex: 'half' } : {}) } as RequestInit);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const { error } = await res.json();
    expect({ status: res.status, code: error.code }).toEqual({ status, code });
    expect(error.message).toMatch(message ?? /\w/);
  });

  it('stores unicode oddities and SQL-looking text verbatim, as data', async () => {
    const names = ['💎 VIP \u202Eredro\u200B', "x'); drop table segments; --", 'Ünïcödé 名前 \u0301'];
    for (const name of names) {
      const created = await server.request('/api/segments', { method: 'POST', headers: { 'content-type': 'application/json' }, body: json({ name, definition: PRO }) });
      expect(created.status).toBe(201);
      const { segment } = await created.json();
      expect((await (await server.request(`/api/segments/${encodeURIComponent(segment.id)}`)).json()).segment.name).toBe(name);
    }
    const injected = { match: 'all', conditions: [{ type: 'trait', trait: 'plan', op: 'eq', value: "pro' OR 1=1 --" }] };
    const preview = await server.request('/api/segments/preview', { method: 'POST', headers: { 'content-type': 'application/json' }, body: json({ definition: injected }) });
    expect((await preview.json()).count).toBe(0);
    const [{ n }] = await server.stores.pg.query<{ n: number }>("select count(*)::int as n from segments where workspace_id = 'ws_acme'");
    expect(n).toBe(11 + names.length);
  });
});
