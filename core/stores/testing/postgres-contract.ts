import { expect, it } from 'vitest';
import { listMigrations, migratePostgres } from '../migrate.ts';
import type { Postgres } from '../postgres.ts';

/** The behaviour every Postgres driver must show; `open` gives a store on an empty schema. */
export function postgresContract(open: () => Postgres) {
  it('migrates once, and a second run applies nothing', async () => {
    const db = open();
    expect(await migratePostgres(db)).toEqual(listMigrations('postgres').map((m) => m.name));
    expect(await migratePostgres(db)).toEqual([]);
    const [row] = await db.query<{ n: number }>('select count(*) as n from schema_migrations');
    expect(row.n).toBe(listMigrations('postgres').length);
  });

  it('binds parameters, round-trips jsonb and timestamptz, and returns bigint counts as numbers', async () => {
    const db = open();
    await db.query('insert into workspaces (id, name) values ($1, $2)', ['ws_pg', "O'Brien; drop table segments; --"]);
    const definition = { match: 'all', conditions: [{ type: 'trait', trait: 'plan', op: 'eq', value: 'pro' }] };
    const at = new Date('2026-11-20T10:11:12.345Z');
    await db.query(
      'insert into segments (id, workspace_id, name, definition, refreshed_at) values ($1, $2, $3, $4, $5)',
      ['seg_1', 'ws_pg', 'Pro ünï 😀', definition, at],
    );
    const [workspace] = await db.query<{ name: string }>('select name from workspaces where id = $1', ['ws_pg']);
    expect(workspace.name).toBe("O'Brien; drop table segments; --");
    const [segment] = await db.query<{ definition: unknown; refreshed_at: Date; n: number }>(
      'select definition, refreshed_at, count(*) over () as n from segments where workspace_id = $1',
      ['ws_pg'],
    );
    expect(segment.definition).toEqual(definition);
    expect(segment.refreshed_at).toBeInstanceOf(Date);
    expect(segment.refreshed_at.toISOString()).toBe(at.toISOString());
    expect(segment.n).toBe(1);
  });

  it('rolls a failed transaction back completely', async () => {
    const db = open();
    await db.query('insert into workspaces (id, name) values ($1, $2)', ['ws_tx', 'tx']);
    await expect(
      db.transaction(async (tx) => {
        await tx.query("insert into event_schemas (workspace_id, name) values ('ws_tx', 'Order Completed')");
        await tx.query("insert into event_schemas (workspace_id, name) values ('ws_tx', 'Order Completed')");
      }),
    ).rejects.toThrow(/duplicate key/);
    const rows = await db.query("select * from event_schemas where workspace_id = 'ws_tx'");
    expect(rows).toEqual([]);
    const committed = await db.transaction(async (tx) => {
      await tx.query("insert into event_schemas (workspace_id, name) values ('ws_tx', 'Signed Up')");
      return tx.query<{ name: string }>("select name from event_schemas where workspace_id = 'ws_tx'");
    });
    expect(committed.map((r) => r.name)).toEqual(['Signed Up']);
  });

  it('enforces the constraints the application relies on', async () => {
    const db = open();
    await db.query('insert into workspaces (id, name) values ($1, $2)', ['ws_c', 'c']);
    const def = { match: 'all', conditions: [] };
    await db.query("insert into segments (id, workspace_id, name, definition) values ('s1', 'ws_c', 'VIP', $1)", [def]);
    await expect(
      db.query("insert into segments (id, workspace_id, name, definition) values ('s2', 'ws_c', 'vip', $1)", [def]),
    ).rejects.toThrow(/duplicate key/);
    await expect(
      db.query("insert into segments (id, workspace_id, name, definition, status) values ('s3', 'ws_c', 'x', $1, 'bogus')", [def]),
    ).rejects.toThrow(/check constraint/);
  });
}
