import { describe, expect, it } from 'vitest';
import { createSseParser, type SseFrame } from './sse.ts';
import { fixtureText } from './test-support.ts';

const parseAll = (chunks: string[]): SseFrame[] => {
  const parser = createSseParser();
  return chunks.flatMap((chunk) => parser.push(chunk));
};

describe('createSseParser', () => {
  it('parses a recorded run into one frame per event, with event names and ids', () => {
    const frames = parseAll([fixtureText('high-ltv-run.sse')]);
    expect(frames).toHaveLength(44);
    expect(frames[0]).toMatchObject({ event: 'RUN_STARTED', id: '1' });
    expect(frames.at(-1)).toMatchObject({ event: 'RUN_FINISHED', id: '44' });
    expect(JSON.parse(frames[0].data)).toMatchObject({ type: 'RUN_STARTED', runId: 'run_7f3a' });
  });

  it('gives the same frames whatever the chunking, down to one character at a time', () => {
    const text = fixtureText('high-ltv-run.sse');
    const whole = parseAll([text]);
    expect(parseAll([...text])).toEqual(whole);
    const sevens = Array.from({ length: Math.ceil(text.length / 7) }, (_, i) => text.slice(i * 7, i * 7 + 7));
    expect(parseAll(sevens)).toEqual(whole);
  });

  it('accepts CRLF and CR line ends, even with CRLF split across chunks', () => {
    expect(parseAll(['data: a\r\n\r\ndata: b\r\rdata: c\r', '\n\r', '\n'])).toEqual([{ data: 'a' }, { data: 'b' }, { data: 'c' }]);
  });

  it('joins data lines, skips comments, strips one space only, and keeps the last id', () => {
    const frames = parseAll([': keep-alive\n\nid: 7\ndata:  two spaces\ndata:next\n\ndata: after\n\n']);
    expect(frames).toEqual([
      { data: ' two spaces\nnext', id: '7' },
      { data: 'after', id: '7' },
    ]);
  });

  it('never dispatches a frame without data, nor one cut off before its blank line', () => {
    expect(parseAll(['event: ping\n\n', 'data: {"half":'])).toEqual([]);
  });
});
