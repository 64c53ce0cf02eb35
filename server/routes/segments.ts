import { randomUUID } from 'node:crypto';
import { Router } from '@koa/router';
import { z } from 'zod';
import { SegOpsError } from '../../core/errors.ts';
import {
  describeDefinition,
  loadCatalog,
  backfillMembershipHistory,
  membershipTrend,
  previewSegment,
  referencedSegments,
  SegmentValidationError,
  validateDefinition,
  type SegmentDefinition,
  type SegmentScheduler,
} from '../../core/segments/index.ts';
import type { Stores } from '../../core/stores/index.ts';
import { readJson } from '../body.ts';

/** What the segment routes need. */
export interface SegmentRouteDeps {
  stores: Stores;
  scheduler?: Pick<SegmentScheduler, 'refreshSoon'>;
  clock?: () => Date;
}

const Name = z.string().trim().min(1, 'name must not be empty').max(100, 'name must be at most 100 characters');
const Fields = z.strictObject({
  name: Name,
  description: z.string().max(1000, 'description must be at most 1,000 characters').optional(),
  definition: z.unknown(),
  status: z.enum(['active', 'paused', 'draft']).optional(),
  type: z.enum(['dynamic', 'static']).optional(),
});

interface SegmentRow {
  id: string;
  name: string;
  description: string;
  type: string;
  status: string;
  definition: SegmentDefinition;
  member_count: number;
  refreshed_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** How long a save waits for the new membership before answering (the refresh goes on regardless). */
const REFRESH_WAIT_MS = 5_000;

const COLUMNS = 'id, name, description, type, status, definition, member_count, refreshed_at, created_at, updated_at';

/** `/api/segments`: list, get, create, update, delete and preview, every one scoped to the caller's workspace. */
export function segmentRoutes(deps: SegmentRouteDeps): Router {
  const { pg } = deps.stores;
  const router = new Router({ prefix: '/api/segments' });
  const now = deps.clock ?? (() => new Date());

  const names = async (workspaceId: string) =>
    Object.fromEntries(
      (await pg.query<{ id: string; name: string }>('select id, name from segments where workspace_id = $1', [workspaceId])).map(
        (s) => [s.id, s.name],
      ),
    );
  const present = (row: SegmentRow, segmentNames: Record<string, string>) => ({
    ...row,
    conditions: describeDefinition(row.definition, { segmentNames }),
  });
  const load = async (workspaceId: string, id: string) => {
    const [row] = await pg.query<SegmentRow>(`select ${COLUMNS} from segments where id = $1 and workspace_id = $2`, [id, workspaceId]);
    if (!row) throw new SegOpsError('NOT_FOUND', `segment '${id}' does not exist`);
    return row;
  };
  const validate = async (workspaceId: string, definition: unknown, selfId?: string) => {
    const result = validateDefinition(definition, await loadCatalog(pg, workspaceId), selfId);
    if (!result.ok) throw new SegmentValidationError(result.errors);
    return result.definition;
  };

  /** After a save: the daily history when the definition is new, then a refresh, waited for a few seconds. */
  const computeMembership = async (workspaceId: string, id: string, definitionChanged: boolean) => {
    if (definitionChanged) await backfillMembershipHistory(deps.stores, workspaceId, id, { days: 90, now: now() });
    const refreshed = deps.scheduler?.refreshSoon(workspaceId, id);
    if (refreshed) await Promise.race([refreshed, new Promise((resolve) => setTimeout(resolve, REFRESH_WAIT_MS).unref())]);
  };

  router.get('/', async (ctx) => {
    const workspaceId = ctx.state.workspaceId;
    const rows = await pg.query<SegmentRow>(`select ${COLUMNS} from segments where workspace_id = $1 order by member_count desc, name`, [workspaceId]);
    const segmentNames = Object.fromEntries(rows.map((r) => [r.id, r.name]));
    ctx.body = { segments: rows.map((row) => present(row, segmentNames)) };
  });

  router.post('/preview', async (ctx) => {
    const body = (await readJson(ctx)) as { definition?: unknown };
    if (!body || typeof body !== 'object' || !('definition' in body)) {
      throw new SegOpsError('INVALID_INPUT', 'send { "definition": { "match": "all", "conditions": [...] } }');
    }
    const workspaceId = ctx.state.workspaceId;
    const definition = await validate(workspaceId, body.definition);
    const preview = await previewSegment(deps.stores, workspaceId, definition, { now: now(), sampleSize: 5 });
    ctx.body = { ...preview, conditions: describeDefinition(definition, { segmentNames: await names(workspaceId) }) };
  });

  router.get('/:id', async (ctx) => {
    const workspaceId = ctx.state.workspaceId;
    const row = await load(workspaceId, ctx.params.id);
    const to = now();
    const [trend, activations, segmentNames] = await Promise.all([
      membershipTrend(deps.stores, workspaceId, row.id, { from: new Date(to.getTime() - 89 * 86_400_000), to }),
      pg.query(
        `select id, name, destination_type, status, last_synced_at, last_error from activations
         where workspace_id = $1 and segment_id = $2 order by name`,
        [workspaceId, row.id],
      ),
      names(workspaceId),
    ]);
    ctx.body = { segment: present(row, segmentNames), trend, activations };
  });

  router.post('/', async (ctx) => {
    const workspaceId = ctx.state.workspaceId;
    const fields = parse(Fields, await readJson(ctx));
    const id = `seg_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    const definition = await validate(workspaceId, fields.definition, id);
    await insertOrConflict(() =>
      pg.query(
        `insert into segments (id, workspace_id, name, description, type, definition, status) values ($1, $2, $3, $4, $5, $6, $7)`,
        [id, workspaceId, fields.name, fields.description ?? '', fields.type ?? 'dynamic', JSON.stringify(definition), fields.status ?? 'active'],
      ),
      fields.name,
    );
    await computeMembership(workspaceId, id, true);
    ctx.status = 201;
    ctx.body = { segment: present(await load(workspaceId, id), await names(workspaceId)) };
  });

  router.put('/:id', async (ctx) => {
    const workspaceId = ctx.state.workspaceId;
    const row = await load(workspaceId, ctx.params.id);
    const fields = parse(Fields.partial(), await readJson(ctx));
    const definition = fields.definition === undefined ? row.definition : await validate(workspaceId, fields.definition, row.id);
    await insertOrConflict(() =>
      pg.query(
        `update segments set name = $3, description = $4, definition = $5, status = $6, type = $7, updated_at = now()
         where id = $1 and workspace_id = $2`,
        [row.id, workspaceId, fields.name ?? row.name, fields.description ?? row.description, JSON.stringify(definition), fields.status ?? row.status, fields.type ?? row.type],
      ),
      fields.name ?? row.name,
    );
    await computeMembership(workspaceId, row.id, fields.definition !== undefined);
    ctx.body = { segment: present(await load(workspaceId, row.id), await names(workspaceId)) };
  });

  router.delete('/:id', async (ctx) => {
    const workspaceId = ctx.state.workspaceId;
    const row = await load(workspaceId, ctx.params.id);
    const users = (await pg.query<{ id: string; name: string; definition: unknown }>('select id, name, definition from segments where workspace_id = $1 and id <> $2', [workspaceId, row.id]))
      .filter((other) => referencedSegments(other.definition).includes(row.id));
    if (users.length > 0) {
      throw new SegOpsError('CONFLICT', `segment '${row.name}' is used by ${users.map((u) => `'${u.name}'`).join(', ')}; remove those conditions first`);
    }
    await pg.query('delete from segments where id = $1 and workspace_id = $2', [row.id, workspaceId]);
    ctx.status = 204;
  });

  return router;
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({ path: issue.path.join('.') || '(body)', message: issue.message }));
  throw new SegOpsError('INVALID_INPUT', details.map((d) => `${d.path}: ${d.message}`).join('; '), details);
}

async function insertOrConflict(write: () => Promise<unknown>, name: string): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (/duplicate key|unique/i.test((error as Error).message)) {
      throw new SegOpsError('CONFLICT', `a segment named '${name}' already exists; choose another name`);
    }
    throw error;
  }
}
