import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratePostgres } from '../stores/migrate.ts';
import { openPglite } from '../stores/pglite.ts';
import type { Postgres } from '../stores/index.ts';
import { ensureDefaultSource, hashWriteKey, sourceResolver } from './write-keys.ts';

let pg: Postgres;

beforeAll(async () => {
  pg = await openPglite();
  await migratePostgres(pg);
  await pg.query("insert into workspaces (id, name) values ('ws_a', 'A'), ('ws_b', 'B')");
});

afterAll(async () => {
  await pg?.close();
});

describe('ensureDefaultSource', () => {
  it('generates a key on first start, stores only its hash, and keeps it on later starts', async () => {
    const first = await ensureDefaultSource({ pg }, 'ws_a');
    expect(first.generated).toBe(true);
    expect(first.writeKey).toMatch(/^[\w-]{32}$/);
    const rows = await pg.query<{ write_key_hash: string }>('select write_key_hash from sources where workspace_id = $1', ['ws_a']);
    expect(rows).toEqual([{ write_key_hash: hashWriteKey(first.writeKey!) }]);
    expect(await ensureDefaultSource({ pg }, 'ws_a')).toEqual({ sourceId: first.sourceId, generated: false });
    expect(await sourceResolver(pg)(first.writeKey!)).toEqual({ sourceId: first.sourceId, workspaceId: 'ws_a' });
  });

  it('makes SEGOPS_WRITE_KEY the key, replacing a generated one', async () => {
    const generated = await ensureDefaultSource({ pg }, 'ws_b');
    const fromEnv = await ensureDefaultSource({ pg }, 'ws_b', 'env-write-key-123');
    expect(fromEnv).toEqual({ sourceId: generated.sourceId, writeKey: 'env-write-key-123', generated: false });
    const resolve = sourceResolver(pg);
    expect(await resolve('env-write-key-123')).toEqual({ sourceId: generated.sourceId, workspaceId: 'ws_b' });
    expect(await resolve(generated.writeKey!)).toBeUndefined();
  });

  it('refuses a write key that is too short to be a secret', async () => {
    await expect(ensureDefaultSource({ pg }, 'ws_b', 'short')).rejects.toThrow('at least 8 characters');
  });
});
