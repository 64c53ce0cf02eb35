import { RunEvent } from './events.ts';

/** One Server-Sent Events frame. */
export interface SseFrame {
  id?: string;
  event?: string;
  data: string;
}

/**
 * Frames a run event as SSE: `id` is the sequence number (a browser's EventSource resumes with
 * `Last-Event-ID`), `event` the type, `data` the JSON. The only place run events become SSE.
 */
export function formatSse(event: RunEvent): string {
  return `id: ${event.metadata.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** Splits SSE text into frames (multi-line data joined with `\n`, comments and empty frames skipped). */
export function parseSse(text: string): SseFrame[] {
  const frames: SseFrame[] = [];
  for (const block of text.replace(/\r\n?/g, '\n').split('\n\n')) {
    const frame: Partial<SseFrame> & { lines: string[] } = { lines: [] };
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'data') frame.lines.push(value);
      else if (field === 'id') frame.id = value;
      else if (field === 'event') frame.event = value;
    }
    if (frame.lines.length > 0) {
      frames.push({ ...(frame.id === undefined ? {} : { id: frame.id }), ...(frame.event === undefined ? {} : { event: frame.event }), data: frame.lines.join('\n') });
    }
  }
  return frames;
}

/** Reads run events back from SSE text, validating each against the `RunEvent` schema. */
export function parseRunEvents(text: string): RunEvent[] {
  return parseSse(text).map((frame) => RunEvent.parse(JSON.parse(frame.data)));
}
