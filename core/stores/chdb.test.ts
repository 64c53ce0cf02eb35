import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import type { ClickHouse } from './clickhouse.ts';
import { openChdb } from './chdb.ts';
import { clickHouseContract } from './testing/clickhouse-contract.ts';

describe('chDB driver', () => {
  const dir = mkdtempSync(join(tmpdir(), 'segops-chdb-'));
  let ch: ClickHouse;
  beforeAll(async () => {
    ch = await openChdb(dir);
  });
  afterAll(async () => {
    await ch.close();
    rmSync(dir, { recursive: true, force: true });
  });
  clickHouseContract(() => ch);
});
