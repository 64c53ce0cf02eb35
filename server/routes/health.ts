import { Router } from '@koa/router';
import type { Stores } from '../../core/stores/index.ts';
import { VERSION } from '../version.ts';

/** What `/api/health` reports beyond the stores (the model, the machines). */
export interface HealthInfo {
  model?: { name: string; provider: string };
  /** The agent machines a chat request may name (`machine`). */
  machines?: string[];
  /** The machine runs use when a request names none (COPILOT_MACHINE). */
  defaultMachine?: string;
}

/** `GET /api/health`: the store kinds in use and whether each answers; 503 when one does not. */
export function healthRoutes(stores: Stores, info: () => HealthInfo = () => ({})): Router {
  const router = new Router();
  router.get('/api/health', async (ctx) => {
    const [postgres, clickhouse] = await Promise.all([
      probe(() => stores.pg.query('select 1')),
      probe(() => stores.ch.query('SELECT 1')),
    ]);
    const ok = postgres === 'ok' && clickhouse === 'ok';
    ctx.status = ok ? 200 : 503;
    ctx.body = {
      status: ok ? 'ok' : 'degraded',
      version: VERSION,
      stores: {
        postgres: { kind: stores.pg.kind, status: postgres },
        clickhouse: { kind: stores.ch.kind, status: clickhouse },
      },
      ...info(),
    };
  });
  return router;
}

async function probe(check: () => Promise<unknown>): Promise<string> {
  try {
    await check();
    return 'ok';
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
}
