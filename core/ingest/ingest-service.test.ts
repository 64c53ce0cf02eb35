import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stores } from '../stores/index.ts';
import { listRecentEvents } from './ingest-log.ts';
import { ingestService } from './ingest-service.ts';
import { createWorkspace, openTestStores, type TestStores } from './testing/test-stores.ts';

const WS = 'ws_service';
let env: TestStores;

beforeAll(async () => {
  env = await openTestStores('segops-ingest-service-');
  await createWorkspace(env.stores, WS);
});

afterAll(async () => {
  await env?.dispose();
});

function tracks(prefix: string, count: number) {
  return Array.from({ length: count }, (_, i) => ({
    type: 'track',
    messageId: `${prefix}-${i}`,
    userId: `user-${i}`,
    event: 'Product Viewed',
    timestamp: '2025-04-02T08:00:00.000Z',
  }));
}

async function storedCount(prefix: string, workspaceId = WS): Promise<{ events: number; logged: number }> {
  const [ch] = await env.stores.ch.query<{ n: number }>(
    'SELECT count() AS n FROM events WHERE workspace_id = {ws:String} AND startsWith(message_id, {prefix:String})',
    { ws: workspaceId, prefix: `${prefix}-` },
  );
  const [pg] = await env.stores.pg.query<{ n: number }>(
    "select count(*)::int as n from ingest_log where workspace_id = $1 and message_id like $2 || '-%'",
    [workspaceId, prefix],
  );
  return { events: ch.n, logged: pg.n };
}

/** The stores with ClickHouse inserts counted, and failing while `failing` is set. */
function instrumented(stores: Stores) {
  const state = { inserts: 0, failing: false, failPg: false };
  const wrapped: Stores = {
    ...stores,
    ch: {
      ...stores.ch,
      async insert(table, rows) {
        if (state.failing) throw new Error('ClickHouse is down');
        if (table === 'events') state.inserts++;
        return stores.ch.insert(table, rows);
      },
      async insertJsonLines(table, payload, options) {
        if (state.failing) throw new Error('ClickHouse is down');
        if (table === 'events') state.inserts++;
        return stores.ch.insertJsonLines(table, payload, options);
      },
    },
    pg: {
      ...stores.pg,
      async query(text, params) {
        if (state.failPg && text.startsWith('insert into ingest_log')) throw new Error('Postgres is down');
        return stores.pg.query(text, params);
      },
    },
  };
  return { stores: wrapped, state };
}

describe('group commit', () => {
  it('writes concurrent requests with one insert and acknowledges each with its own counts', async () => {
    const { stores, state } = instrumented(env.stores);
    const service = ingestService(stores, { writer: { maxDelayMs: 50 } });
    await service.ingest(WS, { messages: tracks('group-warm-up', 1) });
    state.inserts = 0;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => service.ingest(WS, { messages: tracks(`group-${i}`, 5) })),
    );
    await service.close();
    expect(state.inserts).toBe(1);
    expect(results).toEqual(Array.from({ length: 10 }, () => ({ accepted: 5, duplicates: 0, flagged: 0 })));
    for (let i = 0; i < 10; i++) expect(await storedCount(`group-${i}`)).toEqual({ events: 5, logged: 5 });
  });

  it('starts a write at once when maxEvents events wait', async () => {
    const { stores, state } = instrumented(env.stores);
    const service = ingestService(stores, { writer: { maxDelayMs: 60_000, maxEvents: 10 } });
    await Promise.all([service.ingest(WS, { messages: tracks('eager-a', 6) }), service.ingest(WS, { messages: tracks('eager-b', 6) })]);
    await service.close();
    expect(state.inserts).toBe(2);
  });

  it('rejects every waiting request when the write fails, stores nothing, and a retry stores each event once', async () => {
    const { stores, state } = instrumented(env.stores);
    const service = ingestService(stores, { writer: { maxDelayMs: 20 } });
    state.failing = true;
    const attempts = await Promise.allSettled([
      service.ingest(WS, { messages: tracks('fail-a', 3) }),
      service.ingest(WS, { messages: tracks('fail-b', 3) }),
    ]);
    expect(attempts.map((attempt) => attempt.status)).toEqual(['rejected', 'rejected']);
    expect((attempts[0] as PromiseRejectedResult).reason.code).toBe('STORE_UNAVAILABLE');
    expect(await storedCount('fail-a')).toEqual({ events: 0, logged: 0 });
    state.failing = false;
    await service.ingest(WS, { messages: tracks('fail-a', 3) });
    await service.ingest(WS, { messages: tracks('fail-b', 3) });
    await service.close();
    expect(await storedCount('fail-a')).toEqual({ events: 3, logged: 3 });
    expect(await storedCount('fail-b')).toEqual({ events: 3, logged: 3 });
  });

  it('acknowledges on ClickHouse when the ingest log cannot be written, and writes the log once Postgres is back', async () => {
    const { stores, state } = instrumented(env.stores);
    const errors: unknown[] = [];
    const service = ingestService(stores, { onError: (error) => errors.push(error) });
    state.failPg = true;
    expect(await service.ingest(WS, { messages: tracks('pg-down', 4) })).toEqual({ accepted: 4, duplicates: 0, flagged: 0 });
    await expect(service.flushLog()).rejects.toThrow('Postgres is down');
    expect(await storedCount('pg-down')).toEqual({ events: 4, logged: 0 });
    state.failPg = false;
    await service.flushLog();
    expect(await storedCount('pg-down')).toEqual({ events: 4, logged: 4 });
    await service.close();
  });

  it('puts back into the ingest log, after a restart, what ClickHouse holds and the log lacks', async () => {
    await createWorkspace(env.stores, 'ws_repair');
    const first = ingestService(env.stores);
    await first.ingest('ws_repair', { messages: tracks('repair-a', 3) });
    await first.close();
    // A process killed after its acknowledgement and before the log's write: ClickHouse only.
    const { stores, state } = instrumented(env.stores);
    const crashed = ingestService(stores);
    state.failPg = true;
    await crashed.ingest('ws_repair', { messages: tracks('repair-b', 5) });
    await crashed.flushLog().catch(() => undefined);
    expect(await storedCount('repair-b', 'ws_repair')).toEqual({ events: 5, logged: 0 });
    const restarted = ingestService(env.stores);
    await restarted.repairLog('ws_repair');
    expect(await storedCount('repair-b', 'ws_repair')).toEqual({ events: 5, logged: 5 });
    const rows = await env.stores.pg.query<{ n: number }>('select count(*)::int as n from ingest_log where workspace_id = $1', ['ws_repair']);
    expect(rows[0].n).toBe(8);
    await restarted.close();
    await crashed.close();
  });

  it('writes at most the newest rowsPerWrite events of a workspace per log write, and the newest are right', async () => {
    await createWorkspace(env.stores, 'ws_burst');
    const service = ingestService(env.stores, { logRowsPerWrite: 10, logIntervalMs: 60_000 });
    await service.ingest('ws_burst', { messages: tracks('burst-warm', 1), receivedAt: new Date(Date.UTC(2025, 0, 1)) });
    await service.flushLog();
    for (let i = 0; i < 5; i++) {
      await service.ingest('ws_burst', { messages: tracks(`burst-${i}`, 6), receivedAt: new Date(Date.UTC(2025, 0, 1, 0, 1 + i)) });
    }
    const recent = await listRecentEvents(env.stores.pg, 'ws_burst', 100);
    expect(recent.map((row) => row.message_id)).toEqual([
      'burst-4-5', 'burst-4-4', 'burst-4-3', 'burst-4-2', 'burst-4-1', 'burst-4-0', 'burst-3-5', 'burst-3-4', 'burst-3-3', 'burst-3-2',
      'burst-warm-0',
    ]);
    const [ch] = await env.stores.ch.query<{ n: number }>("SELECT count() AS n FROM events WHERE workspace_id = 'ws_burst'");
    expect(ch.n).toBe(31);
    await service.close();
  });

  it('refuses writes after close', async () => {
    const service = ingestService(env.stores);
    await service.close();
    await expect(service.ingest(WS, { messages: tracks('closed', 1) })).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });
});

describe('de-duplication against stored events', () => {
  it('finds a retry of a message without a timestamp that comes back within the window', async () => {
    const service = ingestService(env.stores);
    const message = { type: 'track', messageId: 'no-ts-0', userId: 'u', event: 'Product Viewed' };
    await service.ingest(WS, { messages: [message], receivedAt: new Date('2025-05-01T10:00:00Z') });
    const retry = await service.ingest(WS, { messages: [message], receivedAt: new Date('2025-05-01T16:00:00Z') });
    await service.close();
    expect(retry).toMatchObject({ accepted: 0, duplicates: 1 });
    expect((await storedCount('no-ts')).events).toBe(1);
  });

  it('finds the stored ids of a large retried batch exactly (the lookup by message id hash)', async () => {
    const service = ingestService(env.stores);
    // 600 ids: past the size where the lookup stops using the bloom filter
    expect(await service.ingest(WS, { messages: tracks('large', 600) })).toMatchObject({ accepted: 600, duplicates: 0 });
    const retry = await service.ingest(WS, { messages: [...tracks('large', 600).slice(300), ...tracks('bulk-new', 400)] });
    const again = await service.ingest(WS, { messages: tracks('large', 900) });
    await service.close();
    expect(retry).toMatchObject({ accepted: 400, duplicates: 300 });
    expect(again).toMatchObject({ accepted: 300, duplicates: 600 });
    expect((await storedCount('large')).events).toBe(900);
    expect((await storedCount('bulk-new')).events).toBe(400);
  });

  it('writes events spread over more months than one insert may hold', async () => {
    const service = ingestService(env.stores);
    const messages = Array.from({ length: 120 }, (_, i) => ({
      type: 'track',
      messageId: `months-${i}`,
      userId: 'u',
      event: 'Product Viewed',
      timestamp: new Date(Date.UTC(2010, i, 15)).toISOString(),
    }));
    expect(await service.ingest(WS, { messages })).toMatchObject({ accepted: 120 });
    await service.close();
    expect((await storedCount('months')).events).toBe(120);
  });
});

describe('identify', () => {
  it('merges traits with the previous ones, later calls winning', async () => {
    const service = ingestService(env.stores);
    const identify = (messageId: string, traits: Record<string, unknown>) => ({ type: 'identify', messageId, userId: 'trait-user', traits });
    await service.ingest(WS, { messages: [identify('t1', { email: 'a@x.io', plan: 'free' })] });
    await service.ingest(WS, { messages: [identify('t2', { plan: 'pro' }), identify('t3', { seats: 3 })] });
    await service.close();
    const [row] = await env.stores.ch.query<{ traits: string }>(
      "SELECT argMax(traits, updated_at) AS traits FROM user_traits WHERE workspace_id = {ws:String} AND user_id = 'trait-user'",
      { ws: WS },
    );
    expect(JSON.parse(row.traits)).toEqual({ email: 'a@x.io', plan: 'pro', seats: 3 });
  });
});

describe('ingest log retention', () => {
  it('keeps the newest rows of each workspace', async () => {
    await createWorkspace(env.stores, 'ws_prune');
    const service = ingestService(env.stores, { logRetention: 5 });
    for (let i = 0; i < 3; i++) {
      await service.ingest('ws_prune', { messages: tracks(`prune-${i}`, 4), receivedAt: new Date(Date.UTC(2025, 0, 1, 0, i)) });
    }
    await service.prune();
    await service.close();
    const rows = await env.stores.pg.query<{ message_id: string }>(
      'select message_id from ingest_log where workspace_id = $1 order by received_at desc, id desc',
      ['ws_prune'],
    );
    expect(rows.map((row) => row.message_id)).toEqual(['prune-2-3', 'prune-2-2', 'prune-2-1', 'prune-2-0', 'prune-1-3']);
    const [other] = await env.stores.pg.query<{ n: number }>('select count(*)::int as n from ingest_log where workspace_id = $1', [WS]);
    expect(other.n).toBeGreaterThan(5);
  });
});
