import type { RunEvent } from '../../../core/agent/events.ts';
import { errorFromResponse, toApiError } from './api-error.ts';
import { createSseParser } from './sse.ts';

/** The short chat body of POST /api/copilot/chat. */
export interface ChatRequest {
  message: string;
  conversationId?: string;
}

/** Parses the JSON of one SSE frame into a run event; frames that are not run events are skipped. */
export function parseRunEvent(data: string): RunEvent | undefined {
  try {
    const event = JSON.parse(data) as Partial<RunEvent>;
    return typeof event?.type === 'string' && typeof event.metadata?.seq === 'number' ? (event as RunEvent) : undefined;
  } catch {
    return undefined;
  }
}

/** Reads a `text/event-stream` body and calls `onEvent` for each run event, in order. */
export async function readRunEvents(body: ReadableStream<Uint8Array>, onEvent: (event: RunEvent) => void): Promise<void> {
  const parser = createSseParser();
  const decoder = new TextDecoder();
  const reader = body.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    for (const frame of parser.push(decoder.decode(value, { stream: true }))) {
      const event = parseRunEvent(frame.data);
      if (event) onEvent(event);
    }
  }
}

/**
 * Asks the copilot (fetch POST, since EventSource cannot POST) and streams the run's events to `onEvent`.
 * Resolves when the stream ends; rejects with an ApiError (HTTP or network) or the AbortError of `signal`.
 */
export async function streamChat(request: ChatRequest, signal: AbortSignal, onEvent: (event: RunEvent) => void): Promise<void> {
  let res: Response;
  try {
    res = await fetch('/api/copilot/chat', {
      method: 'POST',
      signal,
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify(request),
    });
  } catch (error) {
    if (signal.aborted) throw error;
    throw toApiError(error);
  }
  if (!res.ok || !res.body) throw await errorFromResponse(res);
  try {
    await readRunEvents(res.body, onEvent);
  } catch (error) {
    if (signal.aborted) throw error;
    throw toApiError(error);
  }
}
