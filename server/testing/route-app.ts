import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa, { type Context } from 'koa';
import pino from 'pino';
import type { Router } from '@koa/router';
import { errorHandler } from '../errors.ts';

/** One router served alone on an ephemeral port, behind the app's error handler. */
export interface RouterServer {
  base: string;
  close(): Promise<void>;
}

/**
 * Serves `router` for a route test. `workspaceOf` stands in for the auth middleware (it sets
 * `ctx.state.workspaceId`); without it the router runs with no workspace, as the ingestion routes do.
 */
export async function serveRouter(router: Router, workspaceOf?: (ctx: Context) => string): Promise<RouterServer> {
  const app = new Koa();
  app.use(errorHandler(pino({ level: 'silent' })));
  if (workspaceOf) {
    app.use(async (ctx, next) => {
      ctx.state.workspaceId = workspaceOf(ctx);
      await next();
    });
  }
  app.use(router.routes()).use(router.allowedMethods());
  const server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
