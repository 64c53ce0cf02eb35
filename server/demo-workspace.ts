import type { Logger } from 'pino';
import type { Stores } from '../core/stores/index.ts';
import { isSeeded, seedWithMemberships } from '../scripts/seed/index.ts';

/** The workspace `npm start` creates on first run. */
export const DEMO_WORKSPACE = { id: 'ws_acme', name: 'Acme Outfitters' };

/**
 * On first start, seeds the demo workspace with the clock at now (a realistic e-commerce dataset);
 * on later starts, finds it and seeds nothing.
 */
export async function ensureDemoWorkspace(stores: Stores, logger: Logger): Promise<void> {
  if (await isSeeded(stores, DEMO_WORKSPACE.id)) return;
  const events = seedEvents(process.env.SEGOPS_SEED_EVENTS);
  console.log(`First start: seeding the demo workspace (${events.toLocaleString('en-US')} events and 11 segments; this takes a little while)...`);
  const result = await seedWithMemberships(stores, {
    workspaceId: DEMO_WORKSPACE.id,
    workspaceName: DEMO_WORKSPACE.name,
    now: new Date(),
    events,
  });
  logger.info(
    { workspaceId: result.workspaceId, users: result.users, events: result.events, segments: result.segments, eventsPerSecond: result.eventsPerSecond },
    'seeded demo workspace',
  );
}

/** The demo's size: `SEGOPS_SEED_EVENTS` (tests use a small one), a million by default. */
function seedEvents(value: string | undefined): number {
  if (value === undefined || value === '') return 1_000_000;
  const events = Number(value);
  if (!Number.isInteger(events) || events < 1000 || events > 100_000_000) {
    throw new Error(`SEGOPS_SEED_EVENTS must be an integer from 1,000 to 100,000,000, got '${value}'`);
  }
  return events;
}
