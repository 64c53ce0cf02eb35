import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { readConfig } from '../../core/config.ts';
import { openStores, type Stores } from '../../core/stores/index.ts';
import { seedWithMemberships } from '../../scripts/seed/index.ts';
import { createApp } from '../app.ts';
import { createApiToken } from '../auth.ts';
import type { CopilotRouteOptions } from '../routes/copilot.ts';
import { createRuntime, type Runtime, type RuntimeOptions } from '../runtime.ts';

/** The fixed clock of server tests: seeded data and answers never move. */
export const TEST_NOW = new Date('2026-11-25T12:00:00.000Z');

/** A running server on an ephemeral port over fresh stores, with two seeded workspaces and their tokens. */
export interface TestServer {
  base: string;
  stores: Stores;
  runtime: Runtime;
  tokens: { a: string; b: string };
  /** `fetch` against the server with workspace A's token (or `token`). */
  request(path: string, init?: RequestInit & { token?: string }): Promise<Response>;
  close(): Promise<void>;
}

/** Options: the runtime's (model, registry, limits, machines) and the copilot routes'. */
export interface TestServerOptions extends RuntimeOptions {
  routes?: CopilotRouteOptions;
  events?: number;
}

/**
 * Starts the real app (all routes, real stores in a temp dir) with workspace `ws_acme` (A) and `ws_other`
 * (B) seeded small and deterministic. One per test file: chDB allows one data dir per process.
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'segops-server-'));
  const config = { ...readConfig({}), dataDir, databaseUrl: process.env.DATABASE_URL || undefined };
  const pgSchema = config.databaseUrl ? `t_${Math.random().toString(36).slice(2, 10)}` : undefined;
  const stores = await openStores(config, { pgSchema });
  const events = options.events ?? 20_000;
  await seedWithMemberships(stores, { workspaceId: 'ws_acme', workspaceName: 'Acme Outfitters', now: TEST_NOW, users: 1_000, events });
  await seedWithMemberships(stores, { workspaceId: 'ws_other', workspaceName: 'Other Co', seed: 7, now: TEST_NOW, users: 300, events: 3_000 });
  const tokens = { a: await createApiToken(stores.pg, 'ws_acme', 'test'), b: await createApiToken(stores.pg, 'ws_other', 'test') };
  const logger = pino({ level: process.env.LOG_LEVEL || 'silent' });
  const runtime = createRuntime(config, stores, logger, { segmentRefreshMs: 0, clock: () => TEST_NOW, ...options });
  const app = createApp({ config, stores, logger, runtime, clock: () => TEST_NOW, copilot: options.routes });
  const server: Server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    stores,
    runtime,
    tokens,
    request(path, init = {}) {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${init.token ?? tokens.a}`);
      return fetch(`${base}${path}`, { ...init, headers });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.close();
      if (pgSchema) await stores.pg.query(`drop schema if exists ${pgSchema} cascade`);
      await stores.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
