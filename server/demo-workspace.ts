import type { Logger } from 'pino';
import type { Stores } from '../core/stores/index.ts';

/** The workspace `npm start` creates on first run. */
export const DEMO_WORKSPACE = { id: 'ws_acme', name: 'Acme Outfitters' };

/**
 * On first start, seeds the demo workspace with the clock at now (a realistic e-commerce dataset);
 * on later starts, finds it and seeds nothing.
 */
export async function ensureDemoWorkspace(stores: Stores, logger: Logger): Promise<void> {
  const seed = await import('../scripts/seed/index.ts');
  if (await seed.isSeeded(stores, DEMO_WORKSPACE.id)) return;
  console.log('First start: seeding the demo workspace (about a million events; this takes a little while)...');
  const result = await seed.seedWorkspace(stores, {
    workspaceId: DEMO_WORKSPACE.id,
    workspaceName: DEMO_WORKSPACE.name,
    now: new Date(),
  });
  logger.info(result, 'seeded demo workspace');
}
