import { afterEach, describe, expect, it } from 'vitest';
import { claudeModel } from './claude.ts';
import type { ModelError } from './model-error.ts';
import type { ModelRequest, ModelStreamEvent } from './model.ts';
import { assistantTurn, readSseFixture, toSse } from './testing/anthropic-stream.ts';
import { startFakeAnthropic, type FakeAnthropic, type FakeScript } from './testing/fake-anthropic.ts';

const request: ModelRequest = {
  system: 'You are the SegOps copilot.',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'How many signups last week?' }] }],
  tools: [
    { name: 'list_segments', description: 'Lists segments.', input_schema: { type: 'object', properties: {} } },
    { name: 'query_event_volume', description: 'Daily counts.', input_schema: { type: 'object', properties: { event: { type: 'string' } } } },
  ],
};

let fake: FakeAnthropic | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function start(script: FakeScript, auth: { apiKey?: string; authToken?: string } = { apiKey: 'sk-test' }) {
  fake = await startFakeAnthropic({ script });
  return claudeModel({ ...auth, baseURL: fake.url, model: 'claude-sonnet-4-6', retry: { baseDelayMs: 1, maxDelayMs: 5 } });
}

async function collect(stream: AsyncIterable<ModelStreamEvent>): Promise<ModelStreamEvent[]> {
  const events: ModelStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

async function failure(stream: AsyncIterable<ModelStreamEvent>): Promise<ModelError> {
  try {
    await collect(stream);
  } catch (error) {
    return error as ModelError;
  }
  throw new Error('the stream did not fail');
}

describe('claudeModel against the fake Messages API', () => {
  it('streams text from a recorded stream, with usage and cost', async () => {
    const model = await start([{ sse: readSseFixture('text') }]);
    const events = await collect(model.stream(request, new AbortController().signal));
    const text = events.flatMap((event) => (event.type === 'text-delta' ? [event.text] : [])).join('');
    expect(text).toBe('You had 1,284 signups last week, up 6% on the week before.');
    const finish = events.at(-1);
    expect(finish).toMatchObject({ type: 'finish', stopReason: 'end_turn', usage: { inputTokens: 412, outputTokens: 19, cacheReadTokens: 1820, cacheWriteTokens: 0 } });
    expect(finish?.type === 'finish' && finish.usage.costUsd).toBeCloseTo((412 * 3 + 1820 * 0.3 + 19 * 15) / 1e6, 12);
  });

  it('sends the system prompt and the last tool spec with cache_control', async () => {
    const model = await start([{ sse: readSseFixture('text') }]);
    await collect(model.stream(request, new AbortController().signal));
    const body = fake!.requests[0].body;
    expect(body).toMatchObject({ model: 'claude-sonnet-4-6', stream: true, system: [{ type: 'text', text: request.system, cache_control: { type: 'ephemeral' } }] });
    expect(body.tools?.map((tool) => tool.cache_control)).toEqual([undefined, { type: 'ephemeral' }]);
  });

  it('streams a tool call whose input arrives as input_json_delta fragments', async () => {
    const model = await start([{ sse: readSseFixture('tool-use') }]);
    const events = await collect(model.stream(request, new AbortController().signal));
    expect(events.filter((event) => event.type !== 'text-delta')).toEqual([
      { type: 'tool-call-start', id: 'toolu_01A09q90qw90lq917835lq9', name: 'query_event_volume' },
      { type: 'tool-call-delta', id: 'toolu_01A09q90qw90lq917835lq9', delta: '{"event":"Signe' },
      { type: 'tool-call-delta', id: 'toolu_01A09q90qw90lq917835lq9', delta: 'd Up","days":7}' },
      { type: 'tool-call-end', id: 'toolu_01A09q90qw90lq917835lq9', input: { event: 'Signed Up', days: 7 } },
      expect.objectContaining({ type: 'finish', stopReason: 'tool_use' }),
    ]);
  });

  it('streams parallel tool calls', async () => {
    const model = await start([{ sse: readSseFixture('parallel-tool-use') }]);
    const events = await collect(model.stream(request, new AbortController().signal));
    const ends = events.flatMap((event) => (event.type === 'tool-call-end' ? [[event.id, event.input]] : []));
    expect(ends).toEqual([
      ['toolu_01T1x1fJ34qAmk2tNTrN7Up6', {}],
      ['toolu_01CNrbXdkw1b5DAXyWkMTE3S', { days: 30, limit: 5 }],
    ]);
  });

  it('ignores pings between content blocks', async () => {
    const events = assistantTurn({ text: 'Hi' });
    events.splice(4, 0, { type: 'ping' }, { type: 'ping' });
    const model = await start([{ sse: toSse(events) }]);
    const text = (await collect(model.stream(request, new AbortController().signal))).filter((event) => event.type === 'text-delta');
    expect(text).toEqual([{ type: 'text-delta', text: 'H' }, { type: 'text-delta', text: 'i' }]);
  });

  it('retries a 429 and then succeeds', async () => {
    const model = await start([{ status: 429 }, { status: 429, headers: { 'retry-after-ms': '1' } }, { events: assistantTurn({ text: 'ok' }) }]);
    const events = await collect(model.stream(request, new AbortController().signal));
    expect(events.at(-1)).toMatchObject({ type: 'finish', stopReason: 'end_turn' });
    expect(fake!.requests).toHaveLength(3);
  });

  it('gives up on repeated 529s with MODEL_OVERLOADED', async () => {
    const model = await start(() => ({ status: 529 }));
    const error = await failure(model.stream(request, new AbortController().signal));
    expect(error).toMatchObject({ name: 'ModelError', code: 'MODEL_OVERLOADED', status: 529 });
    expect(fake!.requests).toHaveLength(4);
  });

  it('reports an overloaded error event inside a 200 stream as MODEL_OVERLOADED', async () => {
    const sse = `${toSse(assistantTurn({ text: 'x' }).slice(0, 1))}event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n`;
    const model = await start(() => ({ sse }));
    expect(await failure(model.stream(request, new AbortController().signal))).toMatchObject({ code: 'MODEL_OVERLOADED' });
  });

  it('reports a stream cut midway as MODEL_STREAM_CUT, without retrying', async () => {
    const model = await start(() => ({ sse: readSseFixture('tool-use'), cutAfter: 5 }));
    const error = await failure(model.stream(request, new AbortController().signal));
    expect(error).toMatchObject({ code: 'MODEL_STREAM_CUT' });
    expect(fake!.requests).toHaveLength(1);
  });

  it('accepts Authorization: Bearer (what the SDK sends) and x-api-key, and refuses a request with neither', async () => {
    const model = await start([{ events: assistantTurn({ text: 'a' }) }], { authToken: 'oauth-token' });
    await collect(model.stream(request, new AbortController().signal));
    expect(fake!.requests[0]).toMatchObject({ auth: 'bearer', headers: { authorization: 'Bearer oauth-token' } });
    const body = JSON.stringify({ model: 'claude-sonnet-4-6', messages: [] });
    const withKey = await fetch(`${fake!.url}/v1/messages`, { method: 'POST', headers: { 'x-api-key': 'sk-test' }, body });
    expect(withKey.status).toBe(500);
    expect(fake!.requests[1]).toMatchObject({ auth: 'x-api-key' });
    const refused = await fetch(`${fake!.url}/v1/messages`, { method: 'POST', body });
    expect(refused.status).toBe(401);
    expect(fake!.requests).toHaveLength(2);
  });

  it('cancels the request when the signal aborts', async () => {
    const model = await start(() => new Promise(() => {}));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    expect(await failure(model.stream(request, controller.signal))).toMatchObject({ code: 'MODEL_ABORTED' });
  });
});
