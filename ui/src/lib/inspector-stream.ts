import type { RunEvent } from '../../../core/agent/events.ts';
import { errorFromResponse, toApiError } from './api-error.ts';
import { readRunEvents } from './run-stream.ts';

/**
 * Reads a GET event stream (a run's events, or the workspace's live feed) with fetch, so that the session
 * cookie goes along and errors carry the server's JSON message (EventSource hides both). Resolves when
 * the server ends the stream (`onOpen` is called once it is open); rejects with an ApiError, or the AbortError of `signal`.
 */
export async function streamRunEvents(url: string, signal: AbortSignal, onEvent: (event: RunEvent) => void, onOpen?: () => void): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, { signal, credentials: 'same-origin', headers: { accept: 'text/event-stream' } });
  } catch (error) {
    if (signal.aborted) throw error;
    throw toApiError(error);
  }
  if (!res.ok || !res.body) throw await errorFromResponse(res);
  onOpen?.();
  try {
    await readRunEvents(res.body, onEvent);
  } catch (error) {
    if (signal.aborted) throw error;
    throw toApiError(error);
  }
}

/** Waits `ms`, or less when `signal` aborts. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}
