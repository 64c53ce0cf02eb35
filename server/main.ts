import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import pino from 'pino';
import { readConfig } from '../core/config.ts';
import { ensureDefaultSource } from '../core/ingest/index.ts';
import { DataDirLockedError } from '../core/stores/data-dir-lock.ts';
import { openStores, type Stores } from '../core/stores/index.ts';
import { createApp } from './app.ts';
import { ensureStartupToken } from './auth.ts';
import { DEMO_WORKSPACE, ensureDemoWorkspace } from './demo-workspace.ts';
import { chooseDefaultMachine, createRuntime, UnknownDefaultMachineError } from './runtime.ts';

/** `npm start`: open (and on first run create, migrate and seed) the stores, then serve API and dashboard. */
async function main() {
  const config = readConfig();
  try {
    chooseDefaultMachine(config);
  } catch (error) {
    if (!(error instanceof UnknownDefaultMachineError)) throw error;
    console.error(`segops: ${error.message}`);
    process.exit(1);
  }
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
  const source = await ensureDefaultSource(stores, DEMO_WORKSPACE.id, process.env.SEGOPS_WRITE_KEY);
  const runtime = createRuntime(config, stores, logger);
  const uiDir = join(import.meta.dirname, '..', 'ui', 'dist');
  const app = createApp({ config, stores, logger, runtime, uiDir: existsSync(uiDir) ? uiDir : undefined });
  const server = createServer(app.callback());
  server.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const base = `http://${config.host}:${port}`;
    logger.info({ host: config.host, port, postgres: stores.pg.kind, clickhouse: stores.ch.kind, model: runtime.copilot.model.name }, 'listening');
    console.log(`SegOps is running at ${base} (model: ${runtime.copilot.model.name})`);
    if (login.generated) console.log(`Open the dashboard with this login URL:\n    ${base}/login?token=${login.token}`);
    if (source.generated) console.log(`Send events with the write key ${source.writeKey} (Segment-compatible API at ${base}/v1/batch)`);
  });
  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    server.close();
    server.closeAllConnections();
    runtime
      .close()
      .then(() => stores.close())
      .finally(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

await main();
