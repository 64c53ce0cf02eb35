import pg from 'pg';
import type { Postgres, Sql } from './postgres.ts';

pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

/** Options of the `pg` driver; `schema` isolates a test run inside a shared database. */
export interface PgOptions {
  schema?: string;
  max?: number;
}

/** Connects to a PostgreSQL server through a `pg` pool. */
export async function openPg(url: string, options: PgOptions = {}): Promise<Postgres> {
  if (options.schema) {
    if (!/^[a-z_][a-z0-9_]*$/.test(options.schema)) {
      throw new Error(`schema '${options.schema}' must be lower-case letters, digits and underscores`);
    }
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`create schema if not exists ${options.schema}`);
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    // every connection of the pool starts in the schema, before any query of ours runs on it
    options: options.schema ? `-c search_path=${options.schema}` : undefined,
  });
  pool.on('error', () => {
    // an idle client lost its connection; the pool replaces it and the next query reports errors
  });
  const run = (client: pg.Pool | pg.PoolClient): Sql['query'] => async (text, params) =>
    (await client.query(text, params as unknown[] | undefined)).rows;
  return {
    kind: 'pg',
    query: run(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await fn({ query: run(client) });
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async exec(script) {
      await pool.query(script);
    },
    close: () => pool.end(),
  };
}
