import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../core/agent/events.ts';
import { parseRunEvents } from '../core/agent/sse.ts';
import { claudeModel } from '../core/models/claude.ts';
import { assistantTurn, toSse } from '../core/models/testing/anthropic-stream.ts';
import { startFakeAnthropic, type FakeAnthropic, type FakeReply } from '../core/models/testing/fake-anthropic.ts';
import { startTestServer, type TestServer } from './testing/test-server.ts';

/** Replies the fake gives, in order; each test queues its own. */
const replies: FakeReply[] = [];
const RETRIES = 2;
const MODEL = 'claude-sonnet-4-6';

async function chat(server: TestServer, body: object): Promise<{ status: number; events: RunEvent[] }> {
  const res = await server.request('/api/copilot/chat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  return { status: res.status, events: parseRunEvents(await res.text()) };
}

const types = (events: RunEvent[]) => events.map((e) => e.type);

describe('copilot over HTTP with Claude (fake Anthropic server)', () => {
  let fake: FakeAnthropic;
  let server: TestServer;
  beforeAll(async () => {
    fake = await startFakeAnthropic({
      script: () => replies.shift() ?? { status: 500, message: 'the test queued no reply for this request' },
    });
    server = await startTestServer({
      model: claudeModel({ apiKey: 'test', baseURL: fake.url, model: MODEL, retry: { maxRetries: RETRIES, baseDelayMs: 1, maxDelayMs: 5 } }),
    });
  });
  afterAll(async () => {
    await server?.close();
    await fake?.close();
  });

  it('streams a tool-use turn and then the answer, with the tool run against the workspace', async () => {
    replies.push(
      { events: assistantTurn({ text: 'Let me look at your segments.', toolCalls: [{ id: 'toolu_1', name: 'list_segments', input: {} }] }) },
      { events: assistantTurn({ text: 'High LTV is your largest segment.', usage: { input_tokens: 900, output_tokens: 12 } }) },
    );
    const before = fake.requests.length;
    const { status, events } = await chat(server, { message: 'Which segment is the largest?' });
    expect(status).toBe(200);
    expect(events[0].type).toBe('RUN_STARTED');
    expect(events.at(-1)).toMatchObject({ type: 'RUN_FINISHED', result: { status: 'done', text: 'High LTV is your largest segment.' } });
    expect(events.filter((e) => e.type === 'TOOL_CALL_START')).toEqual([expect.objectContaining({ toolCallId: 'toolu_1', toolCallName: 'list_segments' })]);
    const result = events.find((e) => e.type === 'TOOL_CALL_RESULT');
    expect(result?.type === 'TOOL_CALL_RESULT' && JSON.parse(result.content).segments.map((s: { name: string }) => s.name)).toContain('High LTV');
    expect(types(events).indexOf('TOOL_CALL_RESULT')).toBeLessThan(types(events).lastIndexOf('TEXT_MESSAGE_START'));

    // The second request carried the tool result back to Claude, with the tools and a cached system prompt.
    const second = fake.requests[before + 1].body;
    const toolResult = (second.messages.at(-1)!.content as Array<{ type: string; tool_use_id?: string }>)[0];
    expect(toolResult).toMatchObject({ type: 'tool_result', tool_use_id: 'toolu_1' });
    expect(second.tools?.map((t) => t.name)).toContain('list_segments');

    const runId = events[0].metadata.runId;
    const [run] = await server.stores.pg.query<{ status: string; model: string; usage: { inputTokens: number } }>('select status, model, usage from runs where id = $1', [runId]);
    expect(run).toMatchObject({ status: 'done', model: MODEL });
    expect(run.usage.inputTokens).toBe(1000);
    const roles = await server.stores.pg.query<{ role: string }>('select role from messages where run_id = $1 order by seq', [runId]);
    expect(roles.map((r) => r.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
  });

  it('ends a run whose model call stays overloaded (529) with a clean RUN_ERROR, then keeps serving', async () => {
    replies.push(
      { events: assistantTurn({ toolCalls: [{ id: 'toolu_2', name: 'list_event_schemas', input: {} }] }) },
      ...Array.from({ length: RETRIES + 1 }, () => ({ status: 529, message: 'Overloaded' })),
    );
    const before = fake.requests.length;
    const { status, events } = await chat(server, { message: 'What events do I track?' });
    expect(status).toBe(200);
    expect(fake.requests.length - before).toBe(1 + RETRIES + 1);
    const last = events.at(-1)!;
    expect(last).toMatchObject({ type: 'RUN_ERROR', code: 'MODEL_OVERLOADED', message: expect.stringMatching(/overloaded/i) });
    expect(types(events).filter((t) => t === 'RUN_ERROR' || t === 'RUN_FINISHED')).toEqual(['RUN_ERROR']);
    expect(types(events)).toContain('TOOL_CALL_RESULT');
    // Every text message and tool call that started was closed before the error.
    const opened = events.filter((e) => e.type === 'TEXT_MESSAGE_START' || e.type === 'TOOL_CALL_START').length;
    const closed = events.filter((e) => e.type === 'TEXT_MESSAGE_END' || e.type === 'TOOL_CALL_END').length;
    expect(closed).toBe(opened);

    const runId = last.metadata.runId;
    const conversationId = events[0].type === 'RUN_STARTED' ? events[0].threadId : '';
    const [run] = await server.stores.pg.query<{ status: string; error: string }>('select status, error from runs where id = $1', [runId]);
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/overloaded/i);
    expect(await server.runtime.copilot.runs.events('ws_acme', runId)).toEqual(events);
    expect(await server.stores.pg.query('select 1 from messages where conversation_id = $1', [conversationId])).toHaveLength(0);
    expect(server.runtime.copilot.hub.liveRunIds()).toEqual([]);

    // The server keeps serving: a follow-up in the same conversation (no dangling tool call sent) and health.
    replies.push({ events: assistantTurn({ text: 'Claude is back.' }) });
    const next = await chat(server, { message: 'Try again?', conversationId });
    expect(next.events.at(-1)).toMatchObject({ type: 'RUN_FINISHED', result: { status: 'done', text: 'Claude is back.' } });
    expect(fake.requests.at(-1)!.body.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Try again?' }] }]);
    const health = await fetch(`${server.base}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', model: { name: MODEL, provider: 'anthropic' } });
  });

  it('ends a run with RUN_ERROR when an overloaded error arrives inside a streaming answer, closing the partial text', async () => {
    const partial = toSse(assistantTurn({ text: 'Your top events are' }).slice(0, 4));
    replies.push({ sse: `${partial}event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n` });
    const before = fake.requests.length;
    const { events } = await chat(server, { message: 'Top events?' });
    expect(fake.requests.length - before).toBe(1);
    expect(events.filter((e) => e.type === 'TEXT_MESSAGE_CONTENT').length).toBeGreaterThan(0);
    expect(events.at(-1)).toMatchObject({ type: 'RUN_ERROR', code: 'MODEL_OVERLOADED' });
    const started = events.filter((e) => e.type === 'TEXT_MESSAGE_START').map((e) => (e.type === 'TEXT_MESSAGE_START' ? e.messageId : ''));
    const ended = events.filter((e) => e.type === 'TEXT_MESSAGE_END').map((e) => (e.type === 'TEXT_MESSAGE_END' ? e.messageId : ''));
    expect(started).toHaveLength(1);
    expect(ended).toEqual(started);
    const conversationId = events[0].type === 'RUN_STARTED' ? events[0].threadId : '';
    expect(await server.stores.pg.query('select 1 from messages where conversation_id = $1', [conversationId])).toHaveLength(0);
  });

  it('ends the run with RUN_ERROR when Claude refuses the credentials, without retrying', async () => {
    replies.push({ status: 401, message: 'invalid x-api-key' });
    const before = fake.requests.length;
    const { events } = await chat(server, { message: 'Hello?' });
    expect(fake.requests.length - before).toBe(1);
    expect(events.at(-1)).toMatchObject({ type: 'RUN_ERROR', code: 'MODEL_AUTH' });
  });
});
