import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClickHouse } from './clickhouse.ts';
import { openClickHouseClient } from './clickhouse-client.ts';
import { clickHouseContract } from './testing/clickhouse-contract.ts';
import { startFakeClickHouse, type FakeClickHouse } from './testing/clickhouse-http-fake.ts';

describe('@clickhouse/client driver against a ClickHouse HTTP endpoint', () => {
  const dir = mkdtempSync(join(tmpdir(), 'segops-chhttp-'));
  let fake: FakeClickHouse;
  let ch: ClickHouse;
  beforeAll(async () => {
    fake = await startFakeClickHouse({ dataDir: dir, username: 'segops', password: 's3cret' });
    ch = await openClickHouseClient({ url: fake.url, username: 'segops', password: 's3cret' });
  });
  afterAll(async () => {
    await ch?.close();
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  clickHouseContract(() => ch);

  it('sends values as param_* URL parameters, never inside the SQL text', async () => {
    await ch.query('SELECT {secret:String} AS s', { secret: "x'; DROP TABLE events; --" });
    const last = fake.requests.at(-1)!;
    expect(last.params).toEqual(['secret']);
    expect(last.query).not.toContain('DROP TABLE');
  });

  it('refuses wrong credentials with the server\'s authentication error', async () => {
    const bad = await openClickHouseClient({ url: fake.url, username: 'segops', password: 'wrong' });
    await expect(bad.query('SELECT 1')).rejects.toThrow(/Authentication failed/);
    await bad.close();
  });
});
