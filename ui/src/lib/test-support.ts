import { readFileSync } from 'node:fs';
import type { RunEvent } from '../../../core/agent/events.ts';
import { parseRunEvent } from './run-stream.ts';
import { createSseParser } from './sse.ts';

/** The text of a recorded SSE stream in ./fixtures. */
export const fixtureText = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

/** The run events of a recorded SSE stream. */
export function fixtureEvents(name: string): RunEvent[] {
  return createSseParser()
    .push(fixtureText(name))
    .map((frame) => parseRunEvent(frame.data))
    .filter((event): event is RunEvent => event !== undefined);
}

/** Builds run events with increasing sequence numbers, for hand-written sequences in tests. */
export function eventFactory(runId = 'run_t') {
  let seq = 0;
  return (type: RunEvent['type'], fields: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): RunEvent =>
    ({ type, ...fields, timestamp: 1_000 + seq * 10, metadata: { ...extra, runId, seq: ++seq } }) as unknown as RunEvent;
}

/** A Storage kept in memory (sessionStorage stand-in). */
export class MemoryStorage implements Storage {
  #items = new Map<string, string>();
  get length(): number {
    return this.#items.size;
  }
  clear(): void {
    this.#items.clear();
  }
  getItem(key: string): string | null {
    return this.#items.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.#items.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.#items.delete(key);
  }
  setItem(key: string, value: string): void {
    this.#items.set(key, String(value));
  }
}
