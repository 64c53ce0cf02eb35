import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe } from 'vitest';
import { openPg } from './pg.ts';
import { openPglite } from './pglite.ts';
import type { Postgres } from './postgres.ts';
import { postgresContract } from './testing/postgres-contract.ts';

describe('PGlite driver', () => {
  let db: Postgres;
  beforeAll(async () => {
    db = await openPglite();
  });
  afterAll(() => db.close());
  postgresContract(() => db);
});

describe.runIf(process.env.DATABASE_URL)('pg driver against DATABASE_URL', () => {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  let db: Postgres;
  beforeAll(async () => {
    db = await openPg(process.env.DATABASE_URL!, { schema });
  });
  afterAll(async () => {
    await db.query(`drop schema ${schema} cascade`);
    await db.close();
  });
  postgresContract(() => db);
});
