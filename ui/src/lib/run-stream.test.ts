import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './api-error.ts';
import { parseRunEvent, readRunEvents, streamChat } from './run-stream.ts';
import { fixtureText } from './test-support.ts';

const streamOf = (chunks: Uint8Array[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });

afterEach(() => vi.unstubAllGlobals());

describe('parseRunEvent', () => {
  it('keeps run events and skips anything else', () => {
    expect(parseRunEvent('{"type":"STEP_STARTED","stepName":"think","timestamp":1,"metadata":{"runId":"r","seq":3}}')).toMatchObject({ stepName: 'think' });
    expect(parseRunEvent('not json')).toBeUndefined();
    expect(parseRunEvent('{"type":"STEP_STARTED"}')).toBeUndefined();
  });
});

describe('readRunEvents', () => {
  it('decodes UTF-8 split across network chunks', async () => {
    const text = 'data: {"type":"TEXT_MESSAGE_CONTENT","messageId":"m","delta":"café – 5 €","timestamp":1,"metadata":{"runId":"r","seq":1}}\n\n';
    const bytes = new TextEncoder().encode(text);
    const cut = bytes.indexOf(0xc3) + 1;
    const seen: unknown[] = [];
    await readRunEvents(streamOf([bytes.slice(0, cut), bytes.slice(cut)]), (event) => seen.push(event));
    expect(seen).toEqual([expect.objectContaining({ delta: 'café – 5 €' })]);
  });
});

describe('streamChat', () => {
  it('POSTs the question and streams every event of the run', async () => {
    const fetch = vi.fn(async () => new Response(fixtureText('high-ltv-run.sse'), { headers: { 'content-type': 'text/event-stream' } }));
    vi.stubGlobal('fetch', fetch);
    const types: string[] = [];
    await streamChat({ message: 'How many?', conversationId: 'conv_42' }, new AbortController().signal, (event) => types.push(event.type));
    expect(types).toHaveLength(44);
    expect(types[0]).toBe('RUN_STARTED');
    expect(fetch).toHaveBeenCalledWith('/api/copilot/chat', expect.objectContaining({ method: 'POST', body: '{"message":"How many?","conversationId":"conv_42"}' }));
  });

  it('turns a 401 into an ApiError that says to log in', async () => {
    const body = { error: { code: 'UNAUTHORIZED', message: 'authentication required' } };
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify(body), { status: 401 }));
    const failure = await streamChat({ message: 'hi' }, new AbortController().signal, () => undefined).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status: 401, code: 'UNAUTHORIZED', unauthorized: true });
  });
});
