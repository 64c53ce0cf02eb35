import Koa from 'koa';
import type { Logger } from 'pino';
import type { Config } from '../core/config.ts';
import type { Stores } from '../core/stores/index.ts';
import { loginRoutes, requireAuth, tokenResolver } from './auth.ts';
import { errorHandler } from './errors.ts';
import { guardRequestText } from './input-guard.ts';
import { activationRoutes } from './routes/activations.ts';
import { catalogRoutes } from './routes/catalog.ts';
import { copilotRoutes, type CopilotRouteOptions } from './routes/copilot.ts';
import { eventRoutes } from './routes/events.ts';
import { healthRoutes } from './routes/health.ts';
import { ingestRoutes } from './routes/ingest.ts';
import { overviewRoutes } from './routes/overview.ts';
import { segmentRoutes } from './routes/segments.ts';
import type { Runtime } from './runtime.ts';
import { serveDashboard } from './static.ts';

/** What the app is built from. */
export interface AppDeps {
  config: Config;
  stores: Stores;
  logger: Logger;
  runtime: Runtime;
  clock?: () => Date;
  /** The built dashboard (ui/dist); omitted in API-only tests. */
  uiDir?: string;
  copilot?: CopilotRouteOptions;
}

/** Builds the Koa app: one error path, auth on /api, a guard on path and query text, the route groups, then the dashboard. */
export function createApp(deps: AppDeps): Koa {
  const { stores, runtime } = deps;
  const app = new Koa();
  app.silent = true;
  app.on('error', (err) => deps.logger.error({ err }, 'unhandled error'));
  app.use(errorHandler(deps.logger));
  const resolveToken = tokenResolver(stores.pg);
  app.use(requireAuth(resolveToken));
  app.use(guardRequestText());
  const routers = [
    healthRoutes(stores, () => ({
      model: { name: runtime.copilot.model.name, provider: runtime.copilot.model.provider },
      machines: runtime.copilot.machineNames(),
      defaultMachine: runtime.copilot.defaultMachine,
    })),
    loginRoutes(resolveToken),
    overviewRoutes(stores, deps.clock),
    segmentRoutes({ stores, scheduler: runtime.scheduler, clock: deps.clock }),
    catalogRoutes(stores),
    eventRoutes({ stores }),
    activationRoutes({ stores }),
    ingestRoutes({ stores, ingest: runtime.ingest }),
    copilotRoutes(runtime.copilot, deps.copilot),
  ];
  for (const router of routers) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  if (deps.uiDir) app.use(serveDashboard(deps.uiDir));
  return app;
}
