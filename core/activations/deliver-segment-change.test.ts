import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWorkspace, openTestStores, type TestStores } from '../ingest/testing/test-stores.ts';
import { findActivation, type Activation } from './activation-store.ts';
import { changeActivationStatus } from './activation-status.ts';
import { createActivation } from './create-activation.ts';
import { deliverSegmentChange, onSegmentRefreshed } from './deliver-segment-change.ts';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhookSignature } from './webhook-signature.ts';

const WS = 'ws_deliver';
const FAST = { retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 } };
let env: TestStores;
let receiver: Server;
let base: string;
let received: Array<{ path: string; body: string; headers: IncomingMessage['headers'] }>;
/** Statuses the receiver answers, one per request; 200 once they run out. */
let script: number[];

beforeAll(async () => {
  env = await openTestStores('segops-deliver-');
  await createWorkspace(env.stores, WS);
  await env.stores.pg.query(
    `insert into segments (id, workspace_id, name, definition) values ('seg_vip', $1, 'VIP Buyers', '{}'), ('seg_other', $1, 'Other', '{}')`,
    [WS],
  );
  receiver = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    received.push({ path: req.url ?? '', body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
    res.statusCode = script.shift() ?? 200;
    res.end(res.statusCode === 200 ? 'ok' : 'receiver is unwell');
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});

afterAll(async () => {
  receiver?.close();
  await env?.dispose();
});

beforeEach(() => {
  received = [];
  script = [];
});

async function webhook(path: string, segmentId = 'seg_vip'): Promise<{ activation: Activation; secret: string }> {
  const created = await createActivation(env.stores, WS, {
    name: `hook ${path}`,
    destination_type: 'webhook',
    segment_id: segmentId,
    config: { url: `${base}${path}` },
  });
  return { activation: created.activation, secret: created.signingSecret! };
}

const ids = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);

describe('webhook delivery', () => {
  it('POSTs entered and left members in signed batches and records the sync', async () => {
    const { activation, secret } = await webhook('/ok');
    const entered = ids('in-', 2_500);
    const left = ids('out-', 300);
    const now = new Date('2025-06-01T12:00:00.000Z');
    const result = await deliverSegmentChange(env.stores, activation, { segmentId: 'seg_vip', entered, left }, { ...FAST, now: () => now });
    expect(result).toEqual({ status: 'delivered', requests: 3, entered: 2_500, left: 300 });
    expect(received).toHaveLength(3);
    const bodies = received.map((request) => JSON.parse(request.body));
    for (const request of received) {
      expect(verifyWebhookSignature(secret, request.body, request.headers[SIGNATURE_HEADER.toLowerCase()] as string)).toBe(true);
      expect(verifyWebhookSignature('whsec_wrong', request.body, request.headers[SIGNATURE_HEADER.toLowerCase()] as string)).toBe(false);
      expect(request.headers[TIMESTAMP_HEADER.toLowerCase()]).toBe(String(now.getTime() / 1000));
    }
    expect(bodies.map((body) => body.entered.length + body.left.length)).toEqual([1_000, 1_000, 800]);
    expect(bodies.flatMap((body) => body.entered)).toEqual(entered);
    expect(bodies.flatMap((body) => body.left)).toEqual(left);
    expect(bodies[0]).toMatchObject({
      type: 'segment.membership_changed',
      activation_id: activation.id,
      segment: { id: 'seg_vip', name: 'VIP Buyers' },
      batch: { index: 1, count: 3 },
      sent_at: now.toISOString(),
    });
    const stored = await findActivation(env.stores.pg, WS, activation.id);
    expect(stored).toMatchObject({ status: 'active', lastError: null, lastSyncedAt: now });
  });

  it('retries a receiver that fails twice, keeping the delivery id', async () => {
    const { activation } = await webhook('/flaky');
    script = [500, 503];
    const result = await deliverSegmentChange(env.stores, activation, { segmentId: 'seg_vip', entered: ['a'], left: [] }, FAST);
    expect(result).toMatchObject({ status: 'delivered', requests: 3 });
    expect(new Set(received.map((request) => JSON.parse(request.body).delivery_id)).size).toBe(1);
    expect((await findActivation(env.stores.pg, WS, activation.id))?.status).toBe('active');
  });

  it('ends in error with last_error when the receiver always fails, and recovers on the next success', async () => {
    const { activation } = await webhook('/down');
    script = [500, 500, 500];
    const result = await deliverSegmentChange(env.stores, activation, { segmentId: 'seg_vip', entered: ['a'], left: ['b'] }, FAST);
    expect(result).toMatchObject({ status: 'failed', requests: 3 });
    const failed = await findActivation(env.stores.pg, WS, activation.id);
    expect(failed?.status).toBe('error');
    expect(failed?.lastError).toContain('HTTP 500');
    expect(failed?.lastError).toContain('gave up after 3 attempts');
    expect(failed?.lastSyncedAt).toBeNull();

    const again = await deliverSegmentChange(env.stores, failed!, { segmentId: 'seg_vip', entered: ['c'], left: [] }, FAST);
    expect(again.status).toBe('delivered');
    expect(await findActivation(env.stores.pg, WS, activation.id)).toMatchObject({ status: 'active', lastError: null });
  });

  it('does not retry a 4xx answer', async () => {
    const { activation } = await webhook('/gone');
    script = [404];
    const result = await deliverSegmentChange(env.stores, activation, { segmentId: 'seg_vip', entered: ['a'], left: [] }, FAST);
    expect(result).toMatchObject({ status: 'failed', requests: 1, error: expect.stringContaining('not retried') });
  });

  it('retries network errors', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const created = await createActivation(env.stores, WS, {
      name: 'unreachable',
      destination_type: 'webhook',
      segment_id: 'seg_vip',
      config: { url: `http://127.0.0.1:${port}/hook` },
    });
    const result = await deliverSegmentChange(env.stores, created.activation, { segmentId: 'seg_vip', entered: ['a'], left: [] }, FAST);
    expect(result).toMatchObject({ status: 'failed', requests: 3, error: expect.stringContaining('network error') });
  });
});

describe('other destinations', () => {
  it('say plainly that delivery is not implemented, and keep their status', async () => {
    const { activation } = await createActivation(env.stores, WS, {
      name: 'Braze VIPs',
      destination_type: 'braze',
      segment_id: 'seg_vip',
      config: { rest_endpoint: 'https://rest.iad-01.braze.com', api_key: 'braze-secret-key-123' },
    });
    const result = await deliverSegmentChange(env.stores, activation, { segmentId: 'seg_vip', entered: ['a'], left: [] });
    expect(result).toEqual({ status: 'not_implemented', message: 'delivery is not implemented for braze' });
    expect(await findActivation(env.stores.pg, WS, activation.id)).toMatchObject({ status: 'active', lastError: null, lastSyncedAt: null });
  });
});

describe('onSegmentRefreshed', () => {
  it("delivers to the segment's activations that are not paused, and to no other", async () => {
    await env.stores.pg.query("update activations set status = 'paused' where workspace_id = $1", [WS]);
    const live = await webhook('/live');
    const paused = await webhook('/paused');
    await changeActivationStatus(env.stores, WS, paused.activation.id, 'pause');
    await webhook('/other', 'seg_other');
    const results = await onSegmentRefreshed(env.stores, WS, 'seg_vip', { entered: ['x'], left: ['y'] }, FAST);
    expect(results).toEqual([{ activationId: live.activation.id, result: expect.objectContaining({ status: 'delivered' }) }]);
    expect(received.map((request) => request.path)).toEqual(['/live']);
  });
});
