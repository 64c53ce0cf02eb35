import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStores, type Stores } from '../../core/stores/index.ts';
import { seedWorkspace, WorkspaceAlreadySeededError, type SeedResult } from './seed-workspace.ts';

const now = new Date('2026-11-25T12:00:00Z');
const ws = { workspace: 'ws_acme' };
let dataDir: string;
let stores: Stores;
let result: SeedResult;
let hookIds: string[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'segops-seed-'));
  stores = await openStores({ dataDir });
  result = await seedWorkspace(stores, {
    now,
    users: 2_000,
    events: 50_000,
    afterSegments: async (ids) => {
      hookIds = ids;
    },
  });
});

afterAll(async () => {
  await stores?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const chNumber = async (sql: string) => Number(Object.values((await stores.ch.query(sql, ws))[0])[0]);
const pgCount = async (table: string) =>
  Number((await stores.pg.query<{ n: number }>(`select count(*)::int as n from ${table} where workspace_id = $1`, ['ws_acme']))[0].n);

describe('seedWorkspace into real stores', () => {
  it('writes as many rows as it reports', async () => {
    expect(result).toMatchObject({ users: 2_000, events: 50_000 });
    expect(await chNumber('SELECT count() FROM events WHERE workspace_id = {workspace:String}')).toBe(50_000);
    expect(await chNumber('SELECT uniqExact(user_id) FROM user_traits WHERE workspace_id = {workspace:String}')).toBe(2_000);
    expect(await pgCount('event_schemas')).toBe(result.eventSchemas);
    expect(await pgCount('trait_schemas')).toBe(result.traitSchemas);
    expect(await pgCount('segments')).toBe(result.segments);
    expect(await pgCount('activations')).toBe(result.activations);
    expect(await pgCount('ingest_log')).toBe(500);
    expect(result.eventSchemas).toBeGreaterThanOrEqual(12);
    expect(result.segments).toBeGreaterThanOrEqual(9);
    expect(result.activations).toBeGreaterThanOrEqual(6);
    expect(hookIds).toEqual(result.segmentIds);
    expect(hookIds).toContain('seg_high_ltv');
  });

  it('puts every event inside the 90 days before the clock', async () => {
    const [row] = await stores.ch.query<{ first: string; last: string; lastReceived: string }>(
      `SELECT toUnixTimestamp64Milli(min(timestamp)) AS first, toUnixTimestamp64Milli(max(timestamp)) AS last,
              toUnixTimestamp64Milli(max(received_at)) AS lastReceived FROM events WHERE workspace_id = {workspace:String}`,
      ws,
    );
    expect(Number(row.first)).toBeGreaterThanOrEqual(now.getTime() - 90 * 86_400_000);
    expect(Number(row.first)).toBeLessThan(now.getTime() - 88 * 86_400_000);
    expect(Number(row.last)).toBeLessThanOrEqual(now.getTime());
    expect(Number(row.lastReceived)).toBeLessThanOrEqual(now.getTime());
  });

  it('declares every event and every property it generates in the tracking plan', async () => {
    const schemas = await stores.pg.query<{ name: string; properties: { properties: Record<string, unknown>; required: string[] } }>(
      'select name, properties from event_schemas where workspace_id = $1',
      ['ws_acme'],
    );
    const byName = new Map(schemas.map((schema) => [schema.name, schema.properties]));
    const seen = await stores.ch.query<{ event: string; keys: string[]; rows: number }>(
      `SELECT event, groupUniqArrayArray(JSONExtractKeys(properties)) AS keys, count() AS rows
       FROM events WHERE workspace_id = {workspace:String} GROUP BY event ORDER BY event`,
      ws,
    );
    expect(seen.length).toBeGreaterThanOrEqual(12);
    for (const { event, keys } of seen) {
      const schema = byName.get(event);
      expect(schema, event).toBeDefined();
      expect(keys.filter((key) => !(key in schema!.properties)), event).toEqual([]);
      for (const required of schema!.required) {
        const missing = await chNumber(
          `SELECT countIf(NOT JSONHas(properties, '${required}')) FROM events WHERE workspace_id = {workspace:String} AND event = '${event}'`,
        );
        expect(missing, `${event}.${required}`).toBe(0);
      }
    }
  });

  it('keeps lifetime_value and orders_count equal to the Order Completed events', async () => {
    const rows = await stores.ch.query<{ user_id: string; ltv: number; orders: number; revenue: number; completed: number }>(
      `SELECT t.user_id AS user_id, t.ltv AS ltv, t.orders AS orders, e.revenue AS revenue, e.completed AS completed
       FROM (SELECT user_id, JSONExtractFloat(traits, 'lifetime_value') AS ltv, JSONExtractInt(traits, 'orders_count') AS orders
             FROM user_traits WHERE workspace_id = {workspace:String} ORDER BY ltv DESC, user_id LIMIT 5) AS t
       LEFT JOIN (SELECT user_id, sum(JSONExtractFloat(properties, 'revenue')) AS revenue, count() AS completed
                  FROM events WHERE workspace_id = {workspace:String} AND event = 'Order Completed' GROUP BY user_id) AS e
       ON t.user_id = e.user_id`,
      ws,
    );
    expect(rows).toHaveLength(5);
    for (const row of rows) {
      expect(row.ltv).toBeGreaterThan(0);
      expect(Math.round(row.revenue * 100)).toBe(Math.round(row.ltv * 100));
      expect(Number(row.completed)).toBe(Number(row.orders));
    }
  });

  it('shows weekly and daily seasonality', async () => {
    // Tuesdays and Fridays carry the newsletter traffic, so weekends are compared with the other weekdays.
    const days = await stores.ch.query<{ weekend: number; n: number }>(
      `SELECT toDayOfWeek(timestamp) >= 6 AS weekend, count() / uniqExact(toDate(timestamp)) AS n
       FROM events WHERE workspace_id = {workspace:String} AND timestamp >= {from:DateTime64(3)} AND timestamp < {to:DateTime64(3)}
         AND toDayOfWeek(timestamp) NOT IN (2, 5)
       GROUP BY weekend ORDER BY weekend`,
      { ...ws, from: new Date('2026-08-31T00:00:00Z'), to: new Date('2026-11-23T00:00:00Z') },
    );
    expect(days[1].n / days[0].n).toBeGreaterThan(1.25);
    const night = await chNumber('SELECT count() FROM events WHERE workspace_id = {workspace:String} AND toHour(timestamp) BETWEEN 3 AND 5');
    const evening = await chNumber('SELECT count() FROM events WHERE workspace_id = {workspace:String} AND toHour(timestamp) BETWEEN 18 AND 20');
    expect(evening / night).toBeGreaterThan(3);
  });

  it('logs the most recent events with the ids and times ClickHouse has', async () => {
    const log = await stores.pg.query<{ message_id: string; timestamp: Date; received_at: Date }>(
      'select message_id, timestamp, received_at from ingest_log where workspace_id = $1 order by id',
      ['ws_acme'],
    );
    const latest = await stores.ch.query<{ message_id: string; ts: number }>(
      `SELECT message_id, toUnixTimestamp64Milli(timestamp) AS ts FROM events WHERE workspace_id = {workspace:String}
       ORDER BY received_at DESC, message_id DESC LIMIT 500`,
      ws,
    );
    expect(log.map((row) => row.message_id).reverse()).toEqual(latest.map((row) => row.message_id));
    expect(log.at(-1)!.timestamp.getTime()).toBe(Number(latest[0].ts));
  });

  it('keeps credentials out of activation configs, but for the signing secret a webhook needs', async () => {
    const rows = await stores.pg.query<{ status: string; destination_type: string; config: Record<string, unknown>; last_error: string | null }>(
      'select status, destination_type, config, last_error from activations where workspace_id = $1',
      ['ws_acme'],
    );
    expect(new Set(rows.map((row) => row.status))).toEqual(new Set(['active', 'paused', 'error']));
    for (const row of rows) {
      const secretKeys = Object.keys(row.config).filter((key) => /secret|token|key|password/.test(key) && !key.endsWith('_ref'));
      expect(secretKeys).toEqual(row.destination_type === 'webhook' ? ['secret'] : []);
      if (row.destination_type === 'webhook') expect(row.config.secret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
      expect(row.last_error === null).toBe(row.status !== 'error');
    }
  });

  it('refuses to seed the same workspace twice', async () => {
    await expect(seedWorkspace(stores, { now, users: 10, events: 100 })).rejects.toThrow(WorkspaceAlreadySeededError);
    expect(await chNumber('SELECT count() FROM events WHERE workspace_id = {workspace:String}')).toBe(50_000);
    expect(await pgCount('segments')).toBe(result.segments);
  });
});
