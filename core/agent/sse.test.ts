import { describe, expect, it } from 'vitest';
import type { RunEvent } from './events.ts';
import { formatSse, parseRunEvents, parseSse } from './sse.ts';
import { scenarios } from './testing.ts';

describe('SSE framing', () => {
  it('frames an event with its sequence number as id and its type as event name', () => {
    const event: RunEvent = { type: 'STEP_STARTED', stepName: 'think', timestamp: 5, metadata: { runId: 'r', seq: 3 } };
    expect(formatSse(event)).toBe(`id: 3\nevent: STEP_STARTED\ndata: ${JSON.stringify(event)}\n\n`);
  });

  it('round-trips every event of a multi-step run', async () => {
    const { events } = await scenarios.toolsThenAnswer();
    expect(parseRunEvents(events.map(formatSse).join(''))).toEqual(events);
  });

  it('parses CRLF lines, multi-line data and comments', () => {
    expect(parseSse(': keep-alive\r\n\r\nid: 7\r\nevent: x\r\ndata: a\r\ndata: b\r\n\r\n')).toEqual([{ id: '7', event: 'x', data: 'a\nb' }]);
  });

  it('refuses an event that breaks the schema', () => {
    expect(() => parseRunEvents('data: {"type":"TEXT_MESSAGE_CONTENT","messageId":"m","delta":""}\n\n')).toThrow();
  });
});
