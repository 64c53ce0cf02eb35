import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStores, type Stores } from '../../stores/index.ts';

/** Stores for one test file, in a fresh data dir (and a fresh schema when DATABASE_URL is set). */
export interface TestStores {
  stores: Stores;
  dataDir: string;
  /** Closes the stores and removes the data dir. */
  dispose(): Promise<void>;
}

/** Opens migrated stores in a fresh temp dir; chDB allows one data dir per process, so once per test file. */
export async function openTestStores(prefix = 'segops-test-'): Promise<TestStores> {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const pgSchema = databaseUrl ? `t_${process.pid}_${Date.now().toString(36)}` : undefined;
  const stores = await openStores({ dataDir, databaseUrl }, { pgSchema });
  return {
    stores,
    dataDir,
    async dispose() {
      await stores.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Inserts a workspace row (the parent of every scoped row). */
export async function createWorkspace(stores: Stores, id: string, name = id): Promise<void> {
  await stores.pg.query('insert into workspaces (id, name) values ($1, $2) on conflict (id) do nothing', [id, name]);
}
