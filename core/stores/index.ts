import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.ts';
import type { ClickHouse } from './clickhouse.ts';
import { lockDataDir, type DataDirLock } from './data-dir-lock.ts';
import { migrateClickHouse, migratePostgres } from './migrate.ts';
import type { Postgres } from './postgres.ts';

export type { ClickHouse } from './clickhouse.ts';
export type { Postgres, Sql, Row } from './postgres.ts';

/** Both stores, opened and migrated. */
export interface Stores {
  pg: Postgres;
  ch: ClickHouse;
  close(): Promise<void>;
}

/** Options of `openStores` beyond the configuration (tests isolate a server run in a schema). */
export interface OpenStoresOptions {
  pgSchema?: string;
  migrate?: boolean;
}

/**
 * Opens Postgres (`pg` when `DATABASE_URL` is set, else PGlite in `<dataDir>/pg`) and ClickHouse
 * (`@clickhouse/client` when `CLICKHOUSE_URL` is set, else chDB in `<dataDir>/ch`), then migrates both.
 * An embedded store takes the data-dir lock first: a second process is refused with a clear error.
 */
export async function openStores(
  config: Pick<Config, 'dataDir' | 'databaseUrl' | 'clickhouse'>,
  options: OpenStoresOptions = {},
): Promise<Stores> {
  const embedded = !config.databaseUrl || !config.clickhouse;
  const lock: DataDirLock | undefined = embedded ? lockDataDir(config.dataDir) : undefined;
  const opened: Array<{ close(): Promise<void> }> = [];
  try {
    const pg = await openPostgres(config, options);
    opened.push(pg);
    const ch = await openClickHouse(config);
    opened.push(ch);
    if (options.migrate !== false) {
      await migratePostgres(pg);
      await migrateClickHouse(ch);
    }
    return {
      pg,
      ch,
      async close() {
        await Promise.allSettled([pg.close(), ch.close()]);
        lock?.release();
      },
    };
  } catch (error) {
    await Promise.allSettled(opened.map((store) => store.close()));
    lock?.release();
    throw error;
  }
}

async function openPostgres(
  config: Pick<Config, 'dataDir' | 'databaseUrl'>,
  options: OpenStoresOptions,
): Promise<Postgres> {
  if (config.databaseUrl) {
    const { openPg } = await import('./pg.ts');
    return openPg(config.databaseUrl, { schema: options.pgSchema });
  }
  const { openPglite } = await import('./pglite.ts');
  const dir = join(config.dataDir, 'pg');
  mkdirSync(dir, { recursive: true });
  return openPglite(dir);
}

async function openClickHouse(config: Pick<Config, 'dataDir' | 'clickhouse'>): Promise<ClickHouse> {
  if (config.clickhouse) {
    const { openClickHouseClient } = await import('./clickhouse-client.ts');
    return openClickHouseClient(config.clickhouse);
  }
  const { openChdb } = await import('./chdb.ts');
  const dir = join(config.dataDir, 'ch');
  mkdirSync(dir, { recursive: true });
  return openChdb(dir);
}
