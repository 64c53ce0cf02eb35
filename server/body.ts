import type { Context } from 'koa';
import { SegOpsError } from '../core/errors.ts';
import { checkJsonBody } from './input-guard.ts';

/**
 * Reads the raw request body, refusing more than `limit` bytes with PAYLOAD_TOO_LARGE. The refusal closes the
 * connection: the rest of the body is never read, so the socket cannot carry another request.
 */
export async function readBody(ctx: Context, limit: number): Promise<Buffer> {
  const declared = Number(ctx.get('content-length') || 0);
  if (declared > limit) throw tooLarge(ctx, limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw tooLarge(ctx, limit);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Reads and parses a JSON body (default limit 1 MB), with errors that say what to fix; refuses bodies nested
 * absurdly deep or holding text no store keeps as sent (see `checkJsonBody`).
 */
export async function readJson(ctx: Context, limit = 1_000_000): Promise<unknown> {
  const type = ctx.get('content-type');
  if (type && !/json/i.test(type)) {
    throw new SegOpsError('UNSUPPORTED_MEDIA_TYPE', `send the body as JSON (Content-Type: application/json), not ${type}`);
  }
  const raw = await readBody(ctx, limit);
  if (raw.length === 0) throw new SegOpsError('INVALID_JSON', 'the request body is empty; send a JSON object');
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch (error) {
    throw new SegOpsError('INVALID_JSON', `the request body is not valid JSON: ${(error as Error).message}`);
  }
  checkJsonBody(body);
  return body;
}

function tooLarge(ctx: Context, limit: number): SegOpsError {
  ctx.set('Connection', 'close');
  return new SegOpsError('PAYLOAD_TOO_LARGE', `the request body is larger than ${limit} bytes`);
}
