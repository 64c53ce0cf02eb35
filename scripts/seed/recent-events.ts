/** One generated event as `ingest_log` stores it (properties still a JSON string). */
export interface RecentEvent {
  messageId: string;
  event: string;
  userId: string;
  anonymousId: string;
  timestamp: number;
  receivedAt: number;
  properties: string;
}

/**
 * Keeps the `limit` most recently received events seen so far (ties broken by message id), in
 * memory proportional to `limit`: candidates pile up to twice the limit, then the older half goes.
 */
export class RecentEvents {
  readonly #limit: number;
  #candidates: RecentEvent[] = [];
  #threshold = -Infinity;

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** True when an event received at `receivedAt` could still be among the most recent. */
  wants(receivedAt: number): boolean {
    return receivedAt >= this.#threshold;
  }

  /** Offers one event. */
  offer(event: RecentEvent): void {
    if (event.receivedAt < this.#threshold) return;
    this.#candidates.push(event);
    if (this.#candidates.length >= 2 * this.#limit) this.#trim();
  }

  /** The most recent events, oldest first. */
  list(): RecentEvent[] {
    this.#trim();
    return [...this.#candidates].reverse();
  }

  #trim(): void {
    this.#candidates.sort(
      (a, b) => b.receivedAt - a.receivedAt || (a.messageId < b.messageId ? 1 : a.messageId > b.messageId ? -1 : 0),
    );
    this.#candidates.length = Math.min(this.#candidates.length, this.#limit);
    if (this.#candidates.length === this.#limit) this.#threshold = this.#candidates[this.#limit - 1].receivedAt;
  }
}
