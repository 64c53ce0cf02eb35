import { serveRouter, type RouterServer } from '../testing/route-app.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestService } from '../../core/ingest/index.ts';
import { createWorkspace, openTestStores, type TestStores } from '../../core/ingest/testing/test-stores.ts';
import { eventRoutes } from './events.ts';

const WS = 'ws_recent';
const OTHER = 'ws_recent_other';
let env: TestStores;
let server: RouterServer;
let base: string;

beforeAll(async () => {
  env = await openTestStores('segops-events-route-');
  await createWorkspace(env.stores, WS);
  await createWorkspace(env.stores, OTHER);
  const ingest = ingestService(env.stores);
  for (let i = 0; i < 30; i++) {
    await ingest.ingest(WS, {
      messages: [{ type: 'track', messageId: `recent-${i}`, userId: `u${i}`, event: 'Product Viewed', properties: { i } }],
      receivedAt: new Date(Date.UTC(2025, 0, 1, 0, 0, i)),
    });
  }
  await ingest.ingest(OTHER, {
    messages: [{ type: 'track', messageId: 'theirs', userId: 'x', event: 'Secret' }],
    receivedAt: new Date(Date.UTC(2026, 0, 1)),
  });
  await ingest.close();
  server = await serveRouter(eventRoutes({ stores: env.stores }), () => WS);
  base = server.base;
});

afterAll(async () => {
  await server?.close();
  await env?.dispose();
});

describe('GET /api/events/recent', () => {
  it("lists the workspace's newest events first, 20 by default", async () => {
    const response = await fetch(`${base}/api/events/recent`);
    expect(response.status).toBe(200);
    const { events } = await response.json();
    expect(events).toHaveLength(20);
    expect(events[0]).toMatchObject({ message_id: 'recent-29', type: 'track', event: 'Product Viewed', user_id: 'u29', properties: { i: 29 }, issues: [] });
    expect(events[19].message_id).toBe('recent-10');
    expect(events.some((event: { message_id: string }) => event.message_id === 'theirs')).toBe(false);
  });

  it('honours limit', async () => {
    const { events } = await (await fetch(`${base}/api/events/recent?limit=3`)).json();
    expect(events.map((event: { message_id: string }) => event.message_id)).toEqual(['recent-29', 'recent-28', 'recent-27']);
  });

  it.each(['0', '201', 'abc', '2.5', '-1'])('answers 400 to limit=%s', async (limit) => {
    const response = await fetch(`${base}/api/events/recent?limit=${limit}`);
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('1 to 200') });
  });
});
