import { parseRunEvents } from '../../core/agent/sse.ts';
import type { RunEvent } from '../../core/agent/events.ts';

/**
 * Reads an SSE response as it arrives: `until` waits for an event, `rest` reads to the end. Keeps the raw
 * text (comments included) so tests can check the framing, e.g. keep-alive comments between events.
 */
export class SseReader {
  readonly events: RunEvent[] = [];
  raw = '';
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #decoder = new TextDecoder();
  #pending = '';
  #ended = false;

  constructor(response: Response) {
    if (!response.body) throw new Error('the response has no body to read');
    this.#reader = response.body.getReader();
  }

  /** Reads until an event matches `predicate` (resolves with it) or the stream ends (rejects). */
  async until(predicate: (event: RunEvent) => boolean): Promise<RunEvent> {
    let seen = 0;
    for (;;) {
      const match = this.events.slice(seen).find(predicate);
      if (match) return match;
      seen = this.events.length;
      if (!(await this.#read())) throw new Error(`the stream ended without the expected event; got ${this.events.map((e) => e.type).join(', ')}`);
    }
  }

  /** Reads to the end of the stream and returns every event. */
  async rest(): Promise<RunEvent[]> {
    while (await this.#read());
    return this.events;
  }

  /** Stops reading (the connection stays up until the caller aborts its fetch). */
  async cancel(): Promise<void> {
    await this.#reader.cancel().catch(() => {});
  }

  async #read(): Promise<boolean> {
    if (this.#ended) return false;
    const { done, value } = await this.#reader.read();
    if (done) {
      this.#ended = true;
      return false;
    }
    const text = this.#decoder.decode(value, { stream: true });
    this.raw += text;
    this.#pending += text;
    const cut = this.#pending.lastIndexOf('\n\n');
    if (cut !== -1) {
      this.events.push(...parseRunEvents(this.#pending.slice(0, cut + 2)));
      this.#pending = this.#pending.slice(cut + 2);
    }
    return true;
  }
}
