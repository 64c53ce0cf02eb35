import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Koa from 'koa';
import pino from 'pino';
import { Router } from '@koa/router';
import { openPglite } from '../core/stores/pglite.ts';
import { migratePostgres } from '../core/stores/migrate.ts';
import type { Postgres } from '../core/stores/index.ts';
import { createApiToken, ensureStartupToken, loginRoutes, requireAuth, SESSION_COOKIE, tokenResolver } from './auth.ts';
import { errorHandler } from './errors.ts';

describe('auth', () => {
  let pg: Postgres;
  let server: Server;
  let base: string;
  let tokenA: string;
  let tokenB: string;
  beforeAll(async () => {
    pg = await openPglite();
    await migratePostgres(pg);
    await pg.query("insert into workspaces (id, name) values ('ws_a', 'A'), ('ws_b', 'B')");
    tokenA = await createApiToken(pg, 'ws_a', 'test');
    tokenB = await createApiToken(pg, 'ws_b', 'test');
    const app = new Koa();
    const resolve = tokenResolver(pg, 0);
    app.use(errorHandler(pino({ level: 'silent' })));
    app.use(requireAuth(resolve));
    const router = new Router();
    router.get('/api/health', (ctx) => { ctx.body = { ok: true }; });
    router.get('/api/whoami', (ctx) => { ctx.body = { workspaceId: ctx.state.workspaceId }; });
    app.use(router.routes()).use(loginRoutes(resolve).routes());
    server = createServer(app.callback()).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.close();
    await pg.close();
  });

  it('lets /api/health through without a token and refuses every other /api route with a JSON 401', async () => {
    expect((await fetch(`${base}/api/health`)).status).toBe(200);
    const res = await fetch(`${base}/api/whoami`);
    expect(res.status).toBe(401);
    const body = await res.json();
    expect(body.error.code).toBe('UNAUTHORIZED');
    expect(body.error.message).toMatch(/Authorization: Bearer/);
    const wrong = await fetch(`${base}/api/whoami`, { headers: { authorization: 'Bearer sgo_nope' } });
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error.message).toMatch(/not valid/);
  });

  it('scopes each token to its own workspace', async () => {
    const a = await fetch(`${base}/api/whoami`, { headers: { authorization: `Bearer ${tokenA}` } });
    const b = await fetch(`${base}/api/whoami`, { headers: { authorization: `Bearer ${tokenB}` } });
    expect(await a.json()).toEqual({ workspaceId: 'ws_a' });
    expect(await b.json()).toEqual({ workspaceId: 'ws_b' });
  });

  it('logs in through the login URL with an HttpOnly cookie, and refuses a bad link', async () => {
    const res = await fetch(`${base}/login?token=${tokenA}`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=`));
    expect(cookie.toLowerCase()).toContain('httponly');
    const session = cookie.split(';')[0];
    const me = await fetch(`${base}/api/whoami`, { headers: { cookie: session } });
    expect(await me.json()).toEqual({ workspaceId: 'ws_a' });
    expect((await fetch(`${base}/login?token=bogus`, { redirect: 'manual' })).status).toBe(401);
  });

  it('stores only hashes, and a new start token replaces the previous one', async () => {
    const first = await ensureStartupToken(pg, 'ws_a', undefined);
    const second = await ensureStartupToken(pg, 'ws_a', undefined);
    expect(first.generated).toBe(true);
    const rows = await pg.query<{ token_hash: string }>('select token_hash from api_tokens');
    expect(rows.some((r) => r.token_hash === second.token)).toBe(false);
    expect((await fetch(`${base}/api/whoami`, { headers: { authorization: `Bearer ${first.token}` } })).status).toBe(401);
    expect((await fetch(`${base}/api/whoami`, { headers: { authorization: `Bearer ${second.token}` } })).status).toBe(200);
    const env = await ensureStartupToken(pg, 'ws_b', 'a-long-enough-env-token');
    expect(env.generated).toBe(false);
    expect((await fetch(`${base}/api/whoami`, { headers: { authorization: 'Bearer a-long-enough-env-token' } })).status).toBe(200);
  });
});
