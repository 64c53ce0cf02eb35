import type { Stores } from '../stores/index.ts';
import { listDeliveringActivations, recordDelivery, type Activation } from './activation-store.ts';
import { deliverWebhook, type WebhookOptions } from './webhook-delivery.ts';

/** The members a refresh of a segment added and removed. */
export interface SegmentChange {
  segmentId: string;
  entered: readonly string[];
  left: readonly string[];
}

/** What a delivery did. `not_implemented` and `skipped` leave the activation's status alone. */
export type DeliveryResult =
  | { status: 'delivered'; requests: number; entered: number; left: number }
  | { status: 'failed'; requests: number; error: string }
  | { status: 'not_implemented'; message: string }
  | { status: 'skipped'; message: string };

/**
 * Delivers a segment's membership change to one activation and records the outcome in Postgres
 * (`last_synced_at`, or `error` with `last_error`). Only `webhook` delivers; any other destination
 * type answers plainly that its delivery is not implemented, and its status does not change.
 */
export async function deliverSegmentChange(
  stores: Pick<Stores, 'pg'>,
  activation: Activation,
  change: SegmentChange,
  options: WebhookOptions = {},
): Promise<DeliveryResult> {
  if (activation.status === 'paused') return { status: 'skipped', message: `activation '${activation.id}' is paused` };
  if (activation.segmentId !== change.segmentId) {
    return { status: 'skipped', message: `activation '${activation.id}' does not activate segment '${change.segmentId}'` };
  }
  if (activation.destinationType !== 'webhook') {
    return { status: 'not_implemented', message: `delivery is not implemented for ${activation.destinationType}` };
  }
  const { url, secret } = activation.config as { url?: unknown; secret?: unknown };
  if (typeof url !== 'string' || typeof secret !== 'string') {
    const error = 'the webhook config has no url or signing secret; recreate the activation';
    await recordDelivery(stores.pg, activation.workspaceId, activation.id, { ok: false, error });
    return { status: 'failed', requests: 0, error };
  }
  try {
    const { requests } = await deliverWebhook(
      { url, secret, activationId: activation.id, segment: { id: change.segmentId, name: activation.segmentName } },
      change,
      options,
    );
    await recordDelivery(stores.pg, activation.workspaceId, activation.id, { ok: true, at: options.now?.() ?? new Date() });
    return { status: 'delivered', requests, entered: change.entered.length, left: change.left.length };
  } catch (error) {
    const message = (error as Error).message;
    await recordDelivery(stores.pg, activation.workspaceId, activation.id, { ok: false, error: message });
    return { status: 'failed', requests: (error as { requests?: number }).requests ?? 0, error: message };
  }
}

/**
 * After a refresh of a segment: delivers its change to each of the segment's activations that is
 * not paused (an activation in `error` is tried again, and becomes `active` when it succeeds).
 * One failing destination does not stop the others.
 */
export async function onSegmentRefreshed(
  stores: Pick<Stores, 'pg'>,
  workspaceId: string,
  segmentId: string,
  change: { entered: readonly string[]; left: readonly string[] },
  options: WebhookOptions = {},
): Promise<Array<{ activationId: string; result: DeliveryResult }>> {
  const activations = await listDeliveringActivations(stores.pg, workspaceId, segmentId);
  return Promise.all(
    activations.map(async (activation) => ({
      activationId: activation.id,
      result: await deliverSegmentChange(stores, activation, { segmentId, ...change }, options),
    })),
  );
}
