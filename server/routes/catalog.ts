import { Router } from '@koa/router';
import { SegOpsError } from '../../core/errors.ts';
import type { Stores } from '../../core/stores/index.ts';

interface SchemaRow {
  name: string;
  description: string;
  category: string;
  properties: { properties?: Record<string, unknown> };
  created_at: Date;
  updated_at: Date;
}

const present = (row: SchemaRow) => ({ ...row, property_count: Object.keys(row.properties?.properties ?? {}).length });

/** The workspace's tracking plan: `/api/event-schemas` (list, get) and `/api/traits` (the builder's trait picker). */
export function catalogRoutes(stores: Stores): Router {
  const router = new Router();
  const columns = 'name, description, category, properties, created_at, updated_at';
  router.get('/api/event-schemas', async (ctx) => {
    const rows = await stores.pg.query<SchemaRow>(`select ${columns} from event_schemas where workspace_id = $1 order by name`, [ctx.state.workspaceId]);
    ctx.body = { schemas: rows.map(present) };
  });
  router.get('/api/event-schemas/:name', async (ctx) => {
    const [row] = await stores.pg.query<SchemaRow>(`select ${columns} from event_schemas where workspace_id = $1 and name = $2`, [
      ctx.state.workspaceId,
      ctx.params.name,
    ]);
    if (!row) throw new SegOpsError('NOT_FOUND', `event schema '${ctx.params.name}' does not exist`);
    ctx.body = { schema: present(row) };
  });
  router.get('/api/traits', async (ctx) => {
    ctx.body = {
      traits: await stores.pg.query('select name, type, description from trait_schemas where workspace_id = $1 order by name', [ctx.state.workspaceId]),
    };
  });
  return router;
}
