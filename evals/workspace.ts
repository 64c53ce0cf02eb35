import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStores, type Stores } from '../core/stores/index.ts';
import { seedWithMemberships } from '../scripts/seed/index.ts';

/** The dataset every eval run seeds: fixed seed and clock, so that the facts never move. */
export const EVAL_DATASET = {
  workspaceId: 'ws_eval',
  workspaceName: 'Acme Outfitters',
  seed: 20_261_125,
  now: new Date('2026-11-25T12:00:00Z'),
  users: 5_000,
  events: 200_000,
} as const;

/** The size of an eval dataset; the clock, seed and workspace stay those of `EVAL_DATASET`. */
export interface DatasetSize {
  users: number;
  events: number;
}

/** A freshly seeded workspace in its own temporary data dir. */
export interface EvalWorkspace {
  stores: Stores;
  workspaceId: string;
  workspaceName: string;
  now: Date;
  dataDir: string;
  users: number;
  events: number;
  seedMs: number;
  /** Closes the stores and deletes the data dir. */
  dispose(): Promise<void>;
}

/**
 * Seeds the eval dataset in a new temp dir, always on the embedded stores (PGlite + chDB), even when
 * DATABASE_URL is set: an eval must start from the same fresh data everywhere. chDB allows one data dir per
 * process, so a process opens one eval workspace and runs every case against it.
 */
export async function openEvalWorkspace(size: DatasetSize = EVAL_DATASET): Promise<EvalWorkspace> {
  const started = performance.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'segops-evals-'));
  const stores = await openStores({ dataDir });
  const remove = () => rmSync(dataDir, { recursive: true, force: true });
  try {
    const { workspaceId, workspaceName, seed, now } = EVAL_DATASET;
    const result = await seedWithMemberships(stores, { workspaceId, workspaceName, seed, now, users: size.users, events: size.events });
    return {
      stores,
      workspaceId,
      workspaceName,
      now,
      dataDir,
      users: result.users,
      events: result.events,
      seedMs: performance.now() - started,
      async dispose() {
        await stores.close();
        remove();
      },
    };
  } catch (error) {
    await stores.close();
    remove();
    throw error;
  }
}
