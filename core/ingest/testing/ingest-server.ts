import { createServer } from 'node:http';
import Koa from 'koa';
import pino from 'pino';
import { openStores } from '../../stores/index.ts';
import { errorHandler } from '../../../server/errors.ts';
import { ingestRoutes } from '../../../server/routes/ingest.ts';
import { ensureDefaultSource } from '../write-keys.ts';
import { ingestService } from '../ingest-service.ts';

/**
 * A bare ingestion server for the durability test and the benchmark, run as a child process:
 * `node ingest-server.ts <dataDir> <workspaceId> <writeKey>`. It prints `{"port":N}` once listening,
 * then serves `/v1/*` until killed. SEGOPS_GROUP_DELAY_MS sets the group-commit delay.
 */
async function main() {
  const [dataDir, workspaceId, writeKey] = process.argv.slice(2);
  if (!dataDir || !workspaceId || !writeKey) throw new Error('usage: ingest-server.ts <dataDir> <workspaceId> <writeKey>');
  const stores = await openStores({ dataDir });
  await stores.pg.query('insert into workspaces (id, name) values ($1, $1) on conflict (id) do nothing', [workspaceId]);
  await ensureDefaultSource(stores, workspaceId, writeKey);
  const delay = process.env.SEGOPS_GROUP_DELAY_MS;
  const ingest = ingestService(stores, { writer: { maxDelayMs: delay === undefined ? undefined : Number(delay) } });
  const app = new Koa();
  app.use(errorHandler(pino({ level: 'silent' })));
  const router = ingestRoutes({ stores, ingest });
  app.use(router.routes());
  app.use(router.allowedMethods());
  const server = createServer(app.callback());
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
  });
  process.once('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
    ingest.close().then(() => stores.close()).finally(() => process.exit(0));
  });
}

await main();
