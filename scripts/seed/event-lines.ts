import { formatTimestamp } from './timestamps.ts';

/**
 * Builds a JSONEachRow payload for the ClickHouse `events` table. Each row is one template string
 * written straight into a byte buffer, so no row outlives its own line (the GC stays quiet even at
 * millions of rows); `take()` hands over the batch and starts a fresh buffer.
 */
export class EventLines {
  readonly #prefix: string;
  readonly #initialBytes: number;
  #buffer: Buffer;
  #offset = 0;
  #rows = 0;

  constructor(workspaceId: string, initialBytes = 1 << 24) {
    this.#prefix = `{"workspace_id":${JSON.stringify(workspaceId)},"message_id":"`;
    this.#initialBytes = initialBytes;
    this.#buffer = Buffer.allocUnsafe(initialBytes);
  }

  /** Rows in the current batch. */
  get rows(): number {
    return this.#rows;
  }

  /** Appends one `track` event; `properties` is the event's properties as a JSON text. */
  push(messageId: string, event: string, userId: string, anonymousId: string, timestamp: number, receivedAt: number, properties: string): void {
    const line = `${this.#prefix}${messageId}","type":"track","event":"${event}","user_id":"${userId}","anonymous_id":"${anonymousId}","timestamp":"${formatTimestamp(timestamp)}","received_at":"${formatTimestamp(receivedAt)}","properties":${JSON.stringify(properties)}}\n`;
    if (this.#offset + line.length * 3 > this.#buffer.length) this.#grow(line.length * 3);
    this.#offset += this.#buffer.write(line, this.#offset);
    this.#rows++;
  }

  /** Returns the batch as a JSONEachRow Buffer (not touched again) and empties it. */
  take(): Buffer {
    const payload = this.#buffer.subarray(0, this.#offset);
    this.#buffer = Buffer.allocUnsafe(Math.max(this.#initialBytes, this.#offset));
    this.#offset = 0;
    this.#rows = 0;
    return payload;
  }

  #grow(extra: number): void {
    const bigger = Buffer.allocUnsafe(Math.max(this.#buffer.length * 2, this.#offset + extra));
    this.#buffer.copy(bigger, 0, 0, this.#offset);
    this.#buffer = bigger;
  }
}
