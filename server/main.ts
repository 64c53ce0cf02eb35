import { createServer } from 'node:http';
import pino from 'pino';
import { readConfig } from '../core/config.ts';
import { DataDirLockedError } from '../core/stores/data-dir-lock.ts';
import { openStores, type Stores } from '../core/stores/index.ts';
import { createApp } from './app.ts';
import { ensureStartupToken } from './auth.ts';
import { DEMO_WORKSPACE, ensureDemoWorkspace } from './demo-workspace.ts';

/** `npm start`: open (and on first run create, migrate and seed) the stores, then serve. */
async function main() {
  const config = readConfig();
  const logger = pino({ level: process.env.LOG_LEVEL || 'info' });
  let stores: Stores;
  try {
    stores = await openStores(config);
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      console.error(`segops: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  await ensureDemoWorkspace(stores, logger);
  const login = await ensureStartupToken(stores.pg, DEMO_WORKSPACE.id, process.env.SEGOPS_API_TOKEN);
  const app = createApp({ config, stores, logger });
  const server = createServer(app.callback());
  server.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    logger.info({ host: config.host, port, postgres: stores.pg.kind, clickhouse: stores.ch.kind }, 'listening');
    const base = `http://${config.host}:${port}`;
    console.log(`SegOps is running at ${base}`);
    if (login.generated) console.log(`Open the dashboard with this login URL:\n    ${base}/login?token=${login.token}`);
  });
  const shutdown = () => {
    server.close();
    server.closeAllConnections();
    stores.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

await main();
