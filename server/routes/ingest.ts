import type { Context, Next } from 'koa';
import { Router } from '@koa/router';
import { SegOpsError } from '../../core/errors.ts';
import {
  MAX_BATCH_BYTES,
  batchTooLarge,
  parseIngestBody,
  sourceResolver,
  type IngestService,
  type MessageType,
} from '../../core/ingest/index.ts';
import type { Stores } from '../../core/stores/index.ts';
import { readBody } from '../body.ts';

/** What the tracking routes need: the stores (write keys) and the one ingestion service. */
export interface IngestRouteDeps {
  stores: Stores;
  ingest: IngestService;
}

/** Single-message endpoints, with analytics.js's one-letter aliases. */
const SINGLE: Record<string, MessageType> = {
  track: 'track', t: 'track',
  identify: 'identify', i: 'identify',
  page: 'page', p: 'page',
  screen: 'screen', s: 'screen',
  group: 'group', g: 'group',
  alias: 'alias', a: 'alias',
};

/**
 * Segment's HTTP Tracking API under `/v1`: `track`, `identify`, `page`, `screen`, `group`, `alias`
 * (and analytics.js's `t`, `i`, `p`, `s`, `g`, `a`), `batch` and `b`. The source is found by its write
 * key, sent as the HTTP Basic user name or as `writeKey` in the body. A 200 means stored for good.
 * Browsers may call it from any origin (CORS), as they call Segment.
 */
export function ingestRoutes(deps: IngestRouteDeps): Router {
  const router = new Router({ prefix: '/v1' });
  const resolve = sourceResolver(deps.stores.pg);

  const handle = (type?: MessageType) => async (ctx: Context) => {
    const receivedAt = new Date();
    const body = parseIngestBody(await readRequest(ctx));
    const source = await authenticate(ctx, body, resolve);
    const messages = type ? [body] : batchOf(body);
    const result = await deps.ingest.ingest(source.workspaceId, { messages, type, sentAt: body.sentAt, receivedAt });
    ctx.body = { success: true, ...result };
  };

  const paths: Array<[string, MessageType | undefined]> = [...Object.entries(SINGLE), ['batch', undefined], ['b', undefined]];
  for (const [path, type] of paths) {
    router.options(`/${path}`, cors);
    router.post(`/${path}`, cors, handle(type));
  }
  return router;
}

async function cors(ctx: Context, next: Next) {
  ctx.set('Access-Control-Allow-Origin', ctx.get('origin') || '*');
  ctx.set('Vary', 'Origin');
  if (ctx.method === 'OPTIONS') {
    ctx.set('Access-Control-Allow-Methods', 'POST, OPTIONS');
    ctx.set('Access-Control-Allow-Headers', 'Authorization, Content-Type');
    ctx.set('Access-Control-Max-Age', '86400');
    ctx.status = 204;
    return;
  }
  await next();
}

async function readRequest(ctx: Context): Promise<Buffer> {
  try {
    return await readBody(ctx, MAX_BATCH_BYTES);
  } catch (error) {
    if ((error as SegOpsError).code === 'PAYLOAD_TOO_LARGE') throw batchTooLarge(Number(ctx.get('content-length')) || undefined);
    throw error;
  }
}

async function authenticate(
  ctx: Context,
  body: Record<string, unknown>,
  resolve: ReturnType<typeof sourceResolver>,
) {
  const writeKey = basicUser(ctx.get('authorization')) ?? (typeof body.writeKey === 'string' ? body.writeKey : undefined);
  if (!writeKey) {
    throw new SegOpsError('UNAUTHORIZED', "send the source's write key as the HTTP Basic user name (empty password) or as writeKey in the body");
  }
  const source = await resolve(writeKey).catch((error: Error) => {
    throw new SegOpsError('STORE_UNAVAILABLE', 'the write key could not be checked; retry the request', { cause: error.message });
  });
  if (!source) throw new SegOpsError('UNAUTHORIZED', 'the write key does not belong to any source');
  return source;
}

function basicUser(header: string): string | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(header);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const user = decoded.includes(':') ? decoded.slice(0, decoded.indexOf(':')) : decoded;
  return user || undefined;
}

function batchOf(body: Record<string, unknown>): unknown[] {
  if (!Array.isArray(body.batch)) {
    throw new SegOpsError('INVALID_INPUT', "a batch request needs a 'batch' array of messages, e.g. {\"batch\": [{\"type\": \"track\", ...}]}");
  }
  return body.batch;
}
