import type { Context } from 'koa';
import { Router } from '@koa/router';
import {
  activationNotFound,
  changeActivationStatus,
  createActivation,
  findActivation,
  listActivations,
  maskConfig,
  type Activation,
} from '../../core/activations/index.ts';
import type { Stores } from '../../core/stores/index.ts';
import { readJson } from '../body.ts';

/** What the activation routes need. */
export interface ActivationRouteDeps {
  stores: Stores;
}

/** An activation as clients see it: snake_case, the segment's name, secrets masked. */
export interface ActivationJson {
  id: string;
  name: string;
  destination_type: string;
  segment_id: string | null;
  segment_name: string | null;
  status: string;
  config: Record<string, unknown>;
  last_synced_at: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * `/api/activations`: list, get, create (`201` with the webhook's signing secret, shown once),
 * `POST /:id/pause` and `/:id/resume`. Rows of other workspaces are invisible (404).
 */
export function activationRoutes(deps: ActivationRouteDeps): Router {
  const router = new Router({ prefix: '/api/activations' });
  const workspaceOf = (ctx: Context) => ctx.state.workspaceId as string;

  router.get('/', async (ctx) => {
    ctx.body = { activations: (await listActivations(deps.stores.pg, workspaceOf(ctx))).map(toJson) };
  });
  router.get('/:id', async (ctx) => {
    const activation = await findActivation(deps.stores.pg, workspaceOf(ctx), ctx.params.id);
    if (!activation) throw activationNotFound(ctx.params.id);
    ctx.body = { activation: toJson(activation) };
  });
  router.post('/', async (ctx) => {
    const created = await createActivation(deps.stores, workspaceOf(ctx), await readJson(ctx, 64 * 1024));
    ctx.status = 201;
    ctx.body = { activation: toJson(created.activation), ...(created.signingSecret ? { signing_secret: created.signingSecret } : {}) };
  });
  for (const action of ['pause', 'resume'] as const) {
    router.post(`/:id/${action}`, async (ctx) => {
      ctx.body = { activation: toJson(await changeActivationStatus(deps.stores, workspaceOf(ctx), ctx.params.id, action)) };
    });
  }
  return router;
}

function toJson(activation: Activation): ActivationJson {
  return {
    id: activation.id,
    name: activation.name,
    destination_type: activation.destinationType,
    segment_id: activation.segmentId,
    segment_name: activation.segmentName,
    status: activation.status,
    config: maskConfig(activation.config),
    last_synced_at: activation.lastSyncedAt?.toISOString() ?? null,
    last_error: activation.lastError,
    created_at: activation.createdAt.toISOString(),
    updated_at: activation.updatedAt.toISOString(),
  };
}
