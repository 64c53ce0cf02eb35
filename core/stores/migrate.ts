import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClickHouse } from './clickhouse.ts';
import type { Postgres } from './postgres.ts';

const migrationsDir = join(import.meta.dirname, 'migrations');

/** One versioned migration file: `NNN_name.sql`. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Lists the migrations of one store, in version order. */
export function listMigrations(store: 'postgres' | 'clickhouse'): Migration[] {
  const dir = join(migrationsDir, store);
  return readdirSync(dir)
    .filter((file) => /^\d+_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, file.indexOf('_'))),
      name: file.replace(/\.sql$/, ''),
      sql: readFileSync(join(dir, file), 'utf8'),
    }));
}

/**
 * Applies the Postgres migrations not yet recorded in `schema_migrations`, each in its own
 * transaction under an advisory lock, so concurrent starts against one server apply each once.
 */
export async function migratePostgres(db: Postgres): Promise<string[]> {
  await db.exec(`create table if not exists schema_migrations (
    version integer primary key, name text not null, applied_at timestamptz not null default now())`);
  const applied: string[] = [];
  for (const migration of listMigrations('postgres')) {
    const done = await db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock(8675309)');
      const rows = await tx.query('select 1 from schema_migrations where version = $1', [migration.version]);
      if (rows.length > 0) return false;
      for (const statement of splitStatements(migration.sql)) await tx.query(statement);
      await tx.query('insert into schema_migrations (version, name) values ($1, $2)', [migration.version, migration.name]);
      return true;
    });
    if (done) applied.push(migration.name);
  }
  return applied;
}

/**
 * Applies the ClickHouse migrations not yet recorded. ClickHouse has no transactions, so every
 * statement is idempotent (`IF NOT EXISTS`) and a migration interrupted halfway is simply re-run.
 */
export async function migrateClickHouse(ch: ClickHouse): Promise<string[]> {
  await ch.command(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version UInt32, name String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3)) ENGINE = MergeTree ORDER BY version`);
  const rows = await ch.query<{ version: number }>('SELECT version FROM schema_migrations');
  const done = new Set(rows.map((row) => Number(row.version)));
  const applied: string[] = [];
  for (const migration of listMigrations('clickhouse')) {
    if (done.has(migration.version)) continue;
    for (const statement of splitStatements(migration.sql)) await ch.command(statement);
    await ch.insert('schema_migrations', [{ version: migration.version, name: migration.name }]);
    applied.push(migration.name);
  }
  return applied;
}

/** Splits a script on the `;` that ends a line, dropping comment-only lines. */
export function splitStatements(script: string): string[] {
  return script
    .split(/;\s*$/m)
    .map((part) =>
      part
        .split('\n')
        .filter((line) => !line.trim().startsWith('--'))
        .join('\n')
        .trim(),
    )
    .filter((part) => part.length > 0);
}
