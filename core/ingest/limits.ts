import { SegOpsError } from '../errors.ts';

/** Segment's limit on one message: 32 KB of JSON. */
export const MAX_EVENT_BYTES = 32 * 1024;

/** Segment's limit on one request (a batch): 500 KB of JSON. */
export const MAX_BATCH_BYTES = 500 * 1024;

/** The request body is over Segment's 500 KB batch limit. */
export function batchTooLarge(bytes?: number): SegOpsError {
  const size = bytes === undefined ? 'over' : `${bytes} bytes, over`;
  return new SegOpsError(
    'BATCH_TOO_LARGE',
    `the request body is ${size} the 500 KB limit per batch (${MAX_BATCH_BYTES} bytes); send fewer events per request`,
    { limit: MAX_BATCH_BYTES, bytes },
  );
}

/**
 * Refuses the request when one of its messages is over Segment's 32 KB per-event limit, naming
 * each message that is (its index in the batch, its size and the limit).
 */
export function checkEventSizes(messages: readonly unknown[]): void {
  const tooLarge: Array<{ index: number; bytes: number }> = [];
  messages.forEach((message, index) => {
    const bytes = Buffer.byteLength(JSON.stringify(message) ?? '');
    if (bytes > MAX_EVENT_BYTES) tooLarge.push({ index, bytes });
  });
  if (tooLarge.length === 0) return;
  const first = tooLarge[0];
  const more = tooLarge.length > 1 ? ` (and ${tooLarge.length - 1} more)` : '';
  throw new SegOpsError(
    'EVENT_TOO_LARGE',
    `batch[${first.index}] is ${first.bytes} bytes, over the 32 KB limit per event (${MAX_EVENT_BYTES} bytes)${more}; nothing was stored`,
    { limit: MAX_EVENT_BYTES, events: tooLarge },
  );
}
