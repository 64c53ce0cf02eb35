import { createHash, randomBytes } from 'node:crypto';
import type { Context, Next } from 'koa';
import { Router } from '@koa/router';
import type { Postgres } from '../core/stores/index.ts';
import { SegOpsError } from '../core/errors.ts';

/** Name of the dashboard's HttpOnly session cookie. */
export const SESSION_COOKIE = 'segops_session';

/** Routes under `/api` that answer without a token. */
const PUBLIC = new Set(['/api/health']);

/** sha256 hex of a token: only hashes are stored. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Mints a new API token for a workspace and stores its hash; the plain token is returned once. */
export async function createApiToken(pg: Postgres, workspaceId: string, name: string): Promise<string> {
  const token = `sgo_${randomBytes(24).toString('base64url')}`;
  await pg.query('insert into api_tokens (id, workspace_id, name, token_hash) values ($1, $2, $3, $4)', [
    `tok_${randomBytes(8).toString('hex')}`,
    workspaceId,
    name,
    hashToken(token),
  ]);
  return token;
}

/**
 * The token `npm start` prints a login URL for. With `SEGOPS_API_TOKEN` set, that token is registered
 * for the workspace (hash only) and nothing is printed. Without it, a fresh token replaces the previous
 * start's token, as Jupyter does, so the printed URL always works and an old one stops working.
 */
export async function ensureStartupToken(
  pg: Postgres,
  workspaceId: string,
  envToken: string | undefined,
): Promise<{ token: string; generated: boolean }> {
  if (envToken) {
    if (envToken.length < 16) throw new Error('SEGOPS_API_TOKEN must be at least 16 characters long');
    await pg.query(
      `insert into api_tokens (id, workspace_id, name, token_hash) values ($1, $2, 'env', $3)
       on conflict (token_hash) do nothing`,
      [`tok_env_${hashToken(envToken).slice(0, 12)}`, workspaceId, hashToken(envToken)],
    );
    return { token: envToken, generated: false };
  }
  await pg.query("delete from api_tokens where workspace_id = $1 and name = 'startup'", [workspaceId]);
  return { token: await createApiToken(pg, workspaceId, 'startup'), generated: true };
}

/** Resolves tokens to workspaces, caching hits briefly so a request costs no query. */
export function tokenResolver(pg: Postgres, ttlMs = 30_000) {
  const cache = new Map<string, { workspaceId: string; until: number }>();
  return async (token: string): Promise<string | undefined> => {
    const hash = hashToken(token);
    const hit = cache.get(hash);
    if (hit && hit.until > Date.now()) return hit.workspaceId;
    const [row] = await pg.query<{ workspace_id: string }>('select workspace_id from api_tokens where token_hash = $1', [hash]);
    if (!row) {
      cache.delete(hash);
      return undefined;
    }
    if (cache.size > 10_000) cache.clear();
    cache.set(hash, { workspaceId: row.workspace_id, until: Date.now() + ttlMs });
    return row.workspace_id;
  };
}

/** The token of a request: `Authorization: Bearer <token>`, else the session cookie. */
export function requestToken(ctx: Context): string | undefined {
  const header = ctx.get('authorization');
  const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  return bearer ?? ctx.cookies.get(SESSION_COOKIE) ?? undefined;
}

/**
 * Every `/api` route but the public ones needs a token of a workspace; the workspace goes to
 * `ctx.state.workspaceId`, and every route reads only that workspace's rows.
 */
export function requireAuth(resolve: (token: string) => Promise<string | undefined>) {
  return async (ctx: Context, next: Next) => {
    if (!ctx.path.startsWith('/api/') || PUBLIC.has(ctx.path)) return next();
    const token = requestToken(ctx);
    const workspaceId = token ? await resolve(token) : undefined;
    if (!workspaceId) {
      throw new SegOpsError(
        'UNAUTHORIZED',
        token
          ? 'this token is not valid; use the login URL printed by `npm start` or the value of SEGOPS_API_TOKEN'
          : 'authentication required: send Authorization: Bearer <token> or log in with the URL printed by `npm start`',
      );
    }
    ctx.state.workspaceId = workspaceId;
    return next();
  };
}

/** `GET /login?token=…`: checks the token, sets the HttpOnly session cookie, and opens the dashboard. */
export function loginRoutes(resolve: (token: string) => Promise<string | undefined>): Router {
  const router = new Router();
  router.get('/login', async (ctx) => {
    const token = typeof ctx.query.token === 'string' ? ctx.query.token : '';
    if (!token || !(await resolve(token))) {
      ctx.status = 401;
      ctx.type = 'text/plain';
      ctx.body = 'This login link is not valid (any more). Use the URL printed by the latest `npm start`.';
      return;
    }
    ctx.cookies.set(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', overwrite: true, maxAge: 30 * 24 * 3600 * 1000 });
    ctx.redirect('/');
  });
  router.post('/logout', (ctx) => {
    ctx.cookies.set(SESSION_COOKIE, null);
    ctx.status = 204;
  });
  return router;
}
