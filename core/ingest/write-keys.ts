import { createHash, randomBytes } from 'node:crypto';
import type { Postgres, Stores } from '../stores/index.ts';

/** The source a write key belongs to. */
export interface SourceRef {
  sourceId: string;
  workspaceId: string;
}

/** What `ensureDefaultSource` did: the plain key only when it was generated now (print it once). */
export interface DefaultSource {
  sourceId: string;
  writeKey?: string;
  generated: boolean;
}

/** sha256 hex of a write key: only hashes are stored. */
export function hashWriteKey(writeKey: string): string {
  return createHash('sha256').update(writeKey).digest('hex');
}

/** A new random write key (32 URL-safe characters, like Segment's). */
export function generateWriteKey(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * Makes sure the workspace has its default source. With `writeKeyFromEnv` (SEGOPS_WRITE_KEY) that
 * key becomes the source's key. Without it, an existing source keeps its key (its plain text is not
 * known any more); a missing one gets a generated key, returned so that `main` can print it.
 */
export async function ensureDefaultSource(
  stores: Pick<Stores, 'pg'>,
  workspaceId: string,
  writeKeyFromEnv?: string,
): Promise<DefaultSource> {
  const sourceId = `src_default_${workspaceId}`;
  if (writeKeyFromEnv) {
    if (writeKeyFromEnv.length < 8) throw new Error('SEGOPS_WRITE_KEY must be at least 8 characters long');
    await stores.pg.query(
      `insert into sources (id, workspace_id, name, write_key_hash) values ($1, $2, 'Default source', $3)
       on conflict (id) do update set write_key_hash = excluded.write_key_hash`,
      [sourceId, workspaceId, hashWriteKey(writeKeyFromEnv)],
    );
    return { sourceId, writeKey: writeKeyFromEnv, generated: false };
  }
  const existing = await stores.pg.query('select 1 from sources where id = $1', [sourceId]);
  if (existing.length > 0) return { sourceId, generated: false };
  const writeKey = generateWriteKey();
  await stores.pg.query(
    `insert into sources (id, workspace_id, name, write_key_hash) values ($1, $2, 'Default source', $3)`,
    [sourceId, workspaceId, hashWriteKey(writeKey)],
  );
  return { sourceId, writeKey, generated: true };
}

/** Resolves write keys to their source, caching hits for `ttlMs` so that a request costs no query. */
export function sourceResolver(pg: Postgres, ttlMs = 30_000): (writeKey: string) => Promise<SourceRef | undefined> {
  const cache = new Map<string, SourceRef & { until: number }>();
  return async (writeKey) => {
    const hash = hashWriteKey(writeKey);
    const hit = cache.get(hash);
    if (hit && hit.until > Date.now()) return { sourceId: hit.sourceId, workspaceId: hit.workspaceId };
    const [row] = await pg.query<{ id: string; workspace_id: string }>(
      'select id, workspace_id from sources where write_key_hash = $1',
      [hash],
    );
    if (!row) {
      cache.delete(hash);
      return undefined;
    }
    if (cache.size > 10_000) cache.clear();
    cache.set(hash, { sourceId: row.id, workspaceId: row.workspace_id, until: Date.now() + ttlMs });
    return { sourceId: row.id, workspaceId: row.workspace_id };
  };
}
