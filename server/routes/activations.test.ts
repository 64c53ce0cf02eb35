import { serveRouter, type RouterServer } from '../testing/route-app.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace, openTestStores, type TestStores } from '../../core/ingest/testing/test-stores.ts';
import { activationRoutes } from './activations.ts';

const WS = 'ws_act_routes';
const OTHER = 'ws_act_other';
let env: TestStores;
let server: RouterServer;
let base: string;

beforeAll(async () => {
  env = await openTestStores('segops-activation-routes-');
  await createWorkspace(env.stores, WS);
  await createWorkspace(env.stores, OTHER);
  await env.stores.pg.query(
    `insert into segments (id, workspace_id, name, definition) values ('seg_a', $1, 'Cart Abandoners', '{}'), ('seg_b', $2, 'Theirs', '{}')`,
    [WS, OTHER],
  );
  server = await serveRouter(activationRoutes({ stores: env.stores }), (ctx) => ctx.get('x-test-workspace') || WS);
  base = server.base;
});

afterAll(async () => {
  await server?.close();
  await env?.dispose();
});

async function call(method: string, path: string, body?: unknown, workspace = WS) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-test-workspace': workspace },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

const webhookBody = { name: 'CRM webhook', destination_type: 'webhook', segment_id: 'seg_a', config: { url: 'https://hooks.example.com/segops' } };

describe('/api/activations', () => {
  let webhookId: string;

  it('creates a webhook activation, showing its signing secret once', async () => {
    const created = await call('POST', '/api/activations', webhookBody);
    expect(created.status).toBe(201);
    expect(created.body.signing_secret).toMatch(/^whsec_[\w-]{32}$/);
    expect(created.body.activation).toMatchObject({
      name: 'CRM webhook',
      destination_type: 'webhook',
      segment_id: 'seg_a',
      segment_name: 'Cart Abandoners',
      status: 'active',
      last_synced_at: null,
      last_error: null,
    });
    expect(created.body.activation.config.url).toBe('https://hooks.example.com/segops');
    expect(created.body.activation.config.secret).toBe(`••••${created.body.signing_secret.slice(-4)}`);
    webhookId = created.body.activation.id;

    const fetched = await call('GET', `/api/activations/${webhookId}`);
    expect(fetched.status).toBe(200);
    expect(JSON.stringify(fetched.body)).not.toContain(created.body.signing_secret);
  });

  it('creates other destinations with their config, masking keys', async () => {
    const created = await call('POST', '/api/activations', {
      name: 'Braze',
      destination_type: 'braze',
      segment_id: 'seg_a',
      config: { rest_endpoint: 'https://rest.iad-01.braze.com', api_key: 'abcdefgh12345678' },
    });
    expect(created.status).toBe(201);
    expect(created.body.signing_secret).toBeUndefined();
    expect(created.body.activation.config).toEqual({ rest_endpoint: 'https://rest.iad-01.braze.com', api_key: '••••5678' });
  });

  it("lists the workspace's activations with their segment name, and no other workspace's", async () => {
    await call('POST', '/api/activations', { ...webhookBody, name: 'theirs', segment_id: 'seg_b' }, OTHER);
    const listed = await call('GET', '/api/activations');
    expect(listed.status).toBe(200);
    expect(listed.body.activations.map((a: { name: string }) => a.name).sort()).toEqual(['Braze', 'CRM webhook']);
    expect(listed.body.activations.every((a: { segment_name: string }) => a.segment_name === 'Cart Abandoners')).toBe(true);
  });

  it('pauses and resumes, with 409 for a change to the state it is in', async () => {
    expect((await call('POST', `/api/activations/${webhookId}/pause`)).body.activation.status).toBe('paused');
    const again = await call('POST', `/api/activations/${webhookId}/pause`);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('is paused');
    expect((await call('POST', `/api/activations/${webhookId}/resume`)).body.activation.status).toBe('active');
    expect((await call('POST', `/api/activations/${webhookId}/resume`)).status).toBe(409);
  });

  it('answers 404 for unknown ids and for ids of another workspace', async () => {
    expect((await call('GET', '/api/activations/act_nope')).status).toBe(404);
    expect((await call('POST', '/api/activations/act_nope/pause')).status).toBe(404);
    expect((await call('GET', `/api/activations/${webhookId}`, undefined, OTHER)).status).toBe(404);
    const pause = await call('POST', `/api/activations/${webhookId}/pause`, undefined, OTHER);
    expect(pause.status).toBe(404);
    expect((await call('GET', `/api/activations/${webhookId}`)).body.activation.status).toBe('active');
  });

  const invalid: Array<[string, unknown, string]> = [
    ['a missing name', { ...webhookBody, name: undefined }, 'name'],
    ['an unknown destination type', { ...webhookBody, destination_type: 'carrier_pigeon' }, 'destination_type: must be one of webhook'],
    ['a webhook without a url', { ...webhookBody, config: {} }, 'config.url'],
    ['a webhook with an ftp url', { ...webhookBody, config: { url: 'ftp://example.com/x' } }, 'config.url: must be an http(s) URL'],
    ['a webhook with a secret of its own', { ...webhookBody, config: { url: 'https://x.io', secret: 'mine' } }, 'unknown field(s) secret'],
    ['a segment of another workspace', { ...webhookBody, segment_id: 'seg_b' }, "segment 'seg_b' does not exist in this workspace"],
    ['a google_ads customer id of the wrong shape', { ...webhookBody, destination_type: 'google_ads', config: { customer_id: 'abc' } }, 'config.customer_id'],
    ['invalid JSON', '{"name": ', 'not valid JSON'],
  ];
  it.each(invalid)('answers 400 to %s, naming the field', async (_name, body, fragment) => {
    const response = await call('POST', '/api/activations', body);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain(fragment);
  });
});
