import { PGlite, types } from '@electric-sql/pglite';
import type { Postgres, Sql } from './postgres.ts';

/** Bigint columns come back as strings in `pg`; parse both drivers' int8 the same way (as numbers). */
const parsers = { [types.INT8]: (value: string) => Number(value) };

/** Opens (or creates) an embedded PGlite database in `dir`; `dir` undefined means in memory. */
export async function openPglite(dir?: string): Promise<Postgres> {
  const db = await PGlite.create(dir, { parsers });
  const query: Sql['query'] = async (text, params) =>
    (await db.query(text, params as unknown[] | undefined)).rows as never;
  return {
    kind: 'pglite',
    query,
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({ query: async (text, params) => (await tx.query(text, params as unknown[] | undefined)).rows as never }),
      ),
    exec: async (script) => {
      await db.exec(script);
    },
    close: () => db.close(),
  };
}
