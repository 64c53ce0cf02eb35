import type { Context, Next } from 'koa';
import type { Logger } from 'pino';

/** HTTP status of each error code the product raises; unknown codes of expected errors are 400. */
const STATUS: Record<string, number> = {
  INVALID_INPUT: 400,
  INVALID_JSON: 400,
  INVALID_EVENT: 400,
  EVENT_TOO_LARGE: 400,
  BATCH_TOO_LARGE: 400,
  INVALID_SEGMENT: 400,
  SEGMENT_CYCLE: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  SEGMENT_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  STORE_UNAVAILABLE: 503,
};

/** The JSON body of every error response. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** Maps an error code to its HTTP status. */
export function statusOf(code: string): number {
  return STATUS[code] ?? 400;
}

/**
 * The one error path of the app: expected errors (with a `code`) become `{ error: { code, message } }`
 * with their status; anything else is logged and answered 500 without internals.
 */
export function errorHandler(logger: Logger) {
  return async (ctx: Context, next: Next) => {
    try {
      await next();
      if (ctx.status >= 400 && ctx.body == null && ctx.respond !== false && ctx.path.startsWith('/api')) {
        const status = ctx.status;
        ctx.body = { error: { code: codeOfStatus(status), message: routeMessage(ctx) } } satisfies ErrorBody;
        ctx.status = status;
      }
    } catch (error) {
      const { status, body } = toResponse(error);
      if (status >= 500) logger.error({ err: error, path: ctx.path }, 'request failed');
      if (ctx.headerSent) return;
      ctx.status = status;
      ctx.body = body;
    }
  };
}

function toResponse(error: unknown): { status: number; body: ErrorBody } {
  const e = error as { code?: unknown; status?: unknown; expose?: boolean; message?: string; details?: unknown };
  if (typeof e?.code === 'string' && /^[A-Z_]+$/.test(e.code) && e.code in STATUS) {
    const details = e.details ?? (error as { errors?: unknown }).errors;
    return { status: statusOf(e.code), body: { error: { code: e.code, message: e.message ?? e.code, details } } };
  }
  if (typeof e?.status === 'number' && e.status < 500 && e.expose !== false) {
    return { status: e.status, body: { error: { code: codeOfStatus(e.status), message: e.message ?? 'bad request' } } };
  }
  return { status: 500, body: { error: { code: 'INTERNAL', message: 'internal error; the server log has the details' } } };
}

/** What an /api request that no route answered gets told (unknown path, or a method the path lacks). */
function routeMessage(ctx: Context): string {
  if (ctx.status === 405) return `${ctx.method} is not allowed on ${ctx.path}; use ${ctx.response.get('Allow') || 'another method'}`;
  if (ctx.status === 404) return `no route for ${ctx.method} ${ctx.path}`;
  return `${ctx.method} ${ctx.path} failed with status ${ctx.status}`;
}

function codeOfStatus(status: number): string {
  return Object.entries(STATUS).find(([, s]) => s === status)?.[0] ?? 'BAD_REQUEST';
}
