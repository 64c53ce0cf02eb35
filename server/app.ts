import Koa from 'koa';
import type { Logger } from 'pino';
import type { Config } from '../core/config.ts';
import type { Stores } from '../core/stores/index.ts';
import { loginRoutes, requireAuth, tokenResolver } from './auth.ts';
import { errorHandler } from './errors.ts';
import { healthRoutes } from './routes/health.ts';

/** What the app is built from. */
export interface AppDeps {
  config: Config;
  stores: Stores;
  logger: Logger;
}

/** Builds the Koa app: one error path, then the route groups. */
export function createApp(deps: AppDeps): Koa {
  const app = new Koa();
  app.proxy = false;
  app.silent = true;
  app.use(errorHandler(deps.logger));
  const resolveToken = tokenResolver(deps.stores.pg);
  app.use(requireAuth(resolveToken));
  for (const router of [healthRoutes(deps.stores), loginRoutes(resolveToken)]) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  return app;
}
