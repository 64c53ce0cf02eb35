import { Router } from '@koa/router';
import { SegOpsError } from '../../core/errors.ts';
import { listRecentEvents } from '../../core/ingest/index.ts';
import type { Stores } from '../../core/stores/index.ts';

/** What the event routes need. */
export interface EventRouteDeps {
  stores: Stores;
}

const MAX_LIMIT = 200;

/**
 * `GET /api/events/recent?limit=20`: the workspace's most recently received events (from the
 * ingest log), newest first, with the tracking-plan issues of each.
 */
export function eventRoutes(deps: EventRouteDeps): Router {
  const router = new Router();
  router.get('/api/events/recent', async (ctx) => {
    const limit = parseLimit(ctx.query.limit);
    const workspaceId = ctx.state.workspaceId as string;
    ctx.body = { events: await listRecentEvents(deps.stores.pg, workspaceId, limit) };
  });
  return router;
}

function parseLimit(value: string | string[] | undefined): number {
  if (value === undefined) return 20;
  const limit = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new SegOpsError('INVALID_INPUT', `limit must be an integer from 1 to ${MAX_LIMIT}, got '${String(value)}'`, {
      field: 'limit',
    });
  }
  return limit;
}
