import { randomUUID } from 'node:crypto';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signWebhookBody } from './webhook-signature.ts';

/** How failed requests are retried: `attempts` in all, waiting base × 2^n (capped) in between. */
export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Options of a webhook delivery (tests shorten the delays and pass their own fetch and clock). */
export interface WebhookOptions {
  fetch?: typeof fetch;
  now?: () => Date;
  /** Member ids per request, entered and left together (default 1,000). */
  batchSize?: number;
  retry?: Partial<RetryPolicy>;
  /** Time limit of one request (default 10 s). */
  timeoutMs?: number;
}

/** What one webhook delivery sends: where, signed with what, about which segment. */
export interface WebhookTarget {
  url: string;
  secret: string;
  activationId: string;
  segment: { id: string; name: string | null };
}

/** The JSON body of each webhook request (signed as sent). */
export interface WebhookPayload {
  type: 'segment.membership_changed';
  delivery_id: string;
  activation_id: string;
  segment: { id: string; name: string | null };
  batch: { index: number; count: number };
  entered: string[];
  left: string[];
  sent_at: string;
}

/** A delivery that gave up; the message says which batch, what answered and how often it was tried. */
export class WebhookDeliveryError extends Error {
  readonly code = 'WEBHOOK_DELIVERY_FAILED';
  readonly requests: number;
  constructor(message: string, requests: number) {
    super(message);
    this.name = 'WebhookDeliveryError';
    this.requests = requests;
  }
}

const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 1_000, maxDelayMs: 30_000 };

/**
 * POSTs the members who entered and left to the webhook, `batchSize` ids per request, each body
 * signed (HMAC-SHA256, `X-SegOps-Signature: sha256=<hex>`) and stamped (`X-SegOps-Timestamp`, equal
 * to the body's `sent_at`). Network errors, timeouts, 408, 429 and 5xx are retried with exponential
 * backoff (429's Retry-After honoured up to the cap); other answers fail at once. Each batch keeps
 * its `delivery_id` (also in `X-SegOps-Delivery`) across retries, so a receiver can drop repeats.
 * Resolves with the number of requests made; throws WebhookDeliveryError when a batch gives up.
 */
export async function deliverWebhook(
  target: WebhookTarget,
  change: { entered: readonly string[]; left: readonly string[] },
  options: WebhookOptions = {},
): Promise<{ requests: number }> {
  const batches = toBatches(change, options.batchSize ?? 1_000);
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  let requests = 0;
  for (const [index, batch] of batches.entries()) {
    const deliveryId = randomUUID();
    for (let attempt = 1; ; attempt++) {
      const payload: WebhookPayload = {
        type: 'segment.membership_changed',
        delivery_id: deliveryId,
        activation_id: target.activationId,
        segment: target.segment,
        batch: { index: index + 1, count: batches.length },
        entered: batch.entered,
        left: batch.left,
        sent_at: (options.now?.() ?? new Date()).toISOString(),
      };
      requests++;
      const result = await send(target, payload, options);
      if (result.ok) break;
      const where = `batch ${index + 1} of ${batches.length}: ${result.reason} from ${target.url}`;
      if (!result.retryable) throw new WebhookDeliveryError(`${where} (not retried)`, requests);
      if (attempt >= retry.attempts) throw new WebhookDeliveryError(`${where} (gave up after ${attempt} attempts)`, requests);
      const backoff = retry.baseDelayMs * 2 ** (attempt - 1);
      await sleep(Math.min(retry.maxDelayMs, result.retryAfterMs ?? backoff));
    }
  }
  return { requests };
}

type SendResult = { ok: true } | { ok: false; retryable: boolean; reason: string; retryAfterMs?: number };

async function send(target: WebhookTarget, payload: WebhookPayload, options: WebhookOptions): Promise<SendResult> {
  const body = JSON.stringify(payload);
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(target.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'SegOps-Webhooks/1',
        [SIGNATURE_HEADER]: signWebhookBody(target.secret, body),
        [TIMESTAMP_HEADER]: String(Math.floor(Date.parse(payload.sent_at) / 1000)),
        'X-SegOps-Delivery': payload.delivery_id,
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (error) {
    return { ok: false, retryable: true, reason: `network error (${(error as Error).message})` };
  }
  if (response.status >= 200 && response.status < 300) {
    await response.body?.cancel();
    return { ok: true };
  }
  const snippet = (await response.text().catch(() => '')).slice(0, 200).trim();
  const reason = `HTTP ${response.status}${snippet ? ` "${snippet}"` : ''}`;
  const retryable = response.status >= 500 || response.status === 429 || response.status === 408;
  const retryAfter = Number(response.headers.get('retry-after'));
  return { ok: false, retryable, reason, retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined };
}

function toBatches(change: { entered: readonly string[]; left: readonly string[] }, size: number) {
  const all = [...change.entered.map((id) => ['entered', id] as const), ...change.left.map((id) => ['left', id] as const)];
  const batches: Array<{ entered: string[]; left: string[] }> = [];
  for (let start = 0; start < all.length; start += Math.max(1, size)) {
    const batch = { entered: [] as string[], left: [] as string[] };
    for (const [kind, id] of all.slice(start, start + Math.max(1, size))) batch[kind].push(id);
    batches.push(batch);
  }
  return batches;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
