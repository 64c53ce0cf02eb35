import { HttpAgent } from '@ag-ui/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { RunEvent } from '../core/agent/events.ts';
import type { Model, ModelRequest } from '../core/models/model.ts';
import { scriptedModel, type ScriptedTurn } from '../core/models/scripted.ts';
import { createRegistry, defineTool } from '../core/registry/index.ts';
import { createApiToken } from './auth.ts';
import { SseReader } from './testing/sse-reader.ts';
import { startTestServer, type TestServer } from './testing/test-server.ts';

/** A tool that runs until its signal aborts, counting the calls in flight and recording each abort. */
function slowTool() {
  const state = { running: 0, aborted: [] as string[], started: Promise.withResolvers<void>() };
  const tool = defineTool({
    name: 'slow_scan',
    description: 'Scans every event slowly; runs until cancelled. Use it when asked to run the slow tool.',
    source: 'none',
    input: z.object({}),
    run: async (_input, ctx) => {
      state.running++;
      state.started.resolve();
      try {
        await new Promise<void>((resolve) => {
          if (ctx.signal.aborted) return resolve();
          ctx.signal.addEventListener('abort', () => resolve(), { once: true });
        });
        state.aborted.push(String((ctx.signal.reason as Error | undefined)?.message ?? ctx.signal.reason));
        return { aborted: true };
      } finally {
        state.running--;
      }
    },
  });
  return { tool, state, reset: () => (state.started = Promise.withResolvers<void>()) };
}

const lastUserText = (request: ModelRequest) =>
  request.messages.findLast((m) => m.role === 'user' && m.content.some((b) => b.type === 'text'))?.content.find((b) => b.type === 'text');

/** Picks a turn from the question: the slow tool, a slow model (delayMs), or a quick answer. */
function turnFor(request: ModelRequest, turn: number): ScriptedTurn {
  const text = lastUserText(request)?.type === 'text' ? (lastUserText(request) as { text: string }).text : '';
  if (turn > 0) return { text: 'The scan is done.' };
  if (/slow tool/i.test(text)) return { toolCalls: [{ name: 'slow_scan', input: {} }] };
  if (/slow model/i.test(text)) return { delayMs: 400, text: 'Done after a pause.' };
  return { text: 'A quick answer.' };
}

/** The scripted model, recording each call's request (as sent: the transcript grows later) and signal. */
function recordingModel() {
  const inner = scriptedModel(turnFor);
  const calls: Array<{ request: ModelRequest; signal: AbortSignal }> = [];
  const model: Model = {
    name: 'scripted',
    provider: 'scripted',
    stream(request, signal) {
      calls.push({ request: { ...request, messages: structuredClone(request.messages) }, signal });
      return inner.stream(request, signal);
    },
  };
  return { model, calls };
}

const slow = slowTool();
const recorded = recordingModel();
const RATE = 3;

describe('copilot cancel, disconnect, keep-alive and rate limit', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      model: recorded.model,
      registry: createRegistry([slow.tool]),
      routes: { keepAliveMs: 25, rateLimitPerMinute: RATE },
    });
  });
  afterAll(() => server.close());

  /** A token of workspace A of its own, so each test has a fresh rate-limit bucket. */
  const freshToken = (name: string) => createApiToken(server.stores.pg, 'ws_acme', name);

  const postChat = (body: object, token: string, signal?: AbortSignal) =>
    server.request('/api/copilot/chat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), token, signal });

  /** What every aborted run leaves behind: nothing running, stored as cancelled, no messages written. */
  async function expectCancelledRun(runId: string, streamed: RunEvent[] | undefined) {
    expect(slow.state.running).toBe(0);
    expect(server.runtime.copilot.hub.liveRunIds()).toEqual([]);
    const [run] = await server.stores.pg.query<{ status: string; conversation_id: string }>('select status, conversation_id from runs where id = $1', [runId]);
    expect(run.status).toBe('cancelled');
    const stored = await server.runtime.copilot.runs.events('ws_acme', runId);
    const last = stored.at(-1)!;
    expect(last.type).toBe('RUN_FINISHED');
    expect(last.type === 'RUN_FINISHED' && last.result).toMatchObject({ status: 'cancelled' });
    expect(stored.map((e) => e.metadata.seq)).toEqual(stored.map((_, i) => i + 1));
    if (streamed) expect(stored).toEqual(streamed);
    const messages = await server.stores.pg.query('select 1 from messages where conversation_id = $1', [run.conversation_id]);
    expect(messages).toHaveLength(0);
    return run.conversation_id;
  }

  it('cancels a run on POST /runs/:id/cancel: the tool is aborted and an unchanged HttpAgent sees RUN_FINISHED cancelled', async () => {
    slow.reset();
    const token = await freshToken('cancel');
    const runId = 'run-cancel-1';
    const agent = new HttpAgent({ url: `${server.base}/api/copilot/chat`, headers: { authorization: `Bearer ${token}` } });
    agent.messages = [{ id: 'm1', role: 'user', content: 'Run the slow tool please' }];
    const seen: RunEvent[] = [];
    const running = agent.runAgent({ runId }, { onEvent: ({ event }) => void seen.push(event as unknown as RunEvent) });
    await slow.state.started.promise;
    expect(server.runtime.copilot.hub.liveRunIds()).toEqual([runId]);

    const foreign = await server.request(`/api/copilot/runs/${runId}/cancel`, { method: 'POST', token: server.tokens.b });
    expect(foreign.status).toBe(404);
    expect(slow.state.running).toBe(1);

    const cancel = await server.request(`/api/copilot/runs/${runId}/cancel`, { method: 'POST', token });
    expect(cancel.status).toBe(202);
    expect(await cancel.json()).toEqual({ runId, status: 'cancelling' });
    await running;

    expect(slow.state.aborted).toHaveLength(1);
    expect(seen.at(-1)).toMatchObject({ type: 'RUN_FINISHED', result: { status: 'cancelled' } });
    expect(seen.some((e) => e.type === 'RUN_ERROR')).toBe(false);
    const conversationId = await expectCancelledRun(runId, seen);

    // A follow-up in the same conversation starts clean: no dangling tool call from the cancelled turn.
    const followUp = new SseReader(await postChat({ message: 'Anything quick?', conversationId }, token));
    expect((await followUp.rest()).at(-1)).toMatchObject({ type: 'RUN_FINISHED', result: { status: 'done' } });
    expect(recorded.calls.at(-1)!.request.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Anything quick?' }] }]);
  });

  it('answers 404 for an unknown or foreign run and 409 for a finished one, as JSON', async () => {
    const token = await freshToken('cancel-errors');
    const unknown = await server.request('/api/copilot/runs/no-such-run/cancel', { method: 'POST', token });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('no-such-run') });

    const done = new SseReader(await postChat({ message: 'Anything quick?' }, token));
    const runId = (await done.rest())[0].metadata.runId;
    const again = await server.request(`/api/copilot/runs/${runId}/cancel`, { method: 'POST', token });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toMatch(/json/);
    expect((await again.json()).error).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/not running.*done/) });
    expect((await server.request(`/api/copilot/runs/${runId}/cancel`, { method: 'POST', token: server.tokens.b })).status).toBe(404);
  });

  it('cancels the run when the client disconnects while a tool runs', async () => {
    slow.reset();
    const token = await freshToken('disconnect-tool');
    const abortedBefore = slow.state.aborted.length;
    const client = new AbortController();
    const stream = new SseReader(await postChat({ message: 'Run the slow tool' }, token, client.signal));
    const started = await stream.until((e) => e.type === 'RUN_STARTED');
    await slow.state.started.promise;
    client.abort();

    await vi.waitFor(() => expect(slow.state.aborted).toHaveLength(abortedBefore + 1), { timeout: 10_000 });
    await vi.waitFor(async () => expect((await server.runtime.copilot.runs.get('ws_acme', started.metadata.runId)).status).not.toBe('running'), {
      timeout: 10_000,
    });
    await expectCancelledRun(started.metadata.runId, undefined);
  });

  it('aborts the model call when the client disconnects while the model is slow', async () => {
    const token = await freshToken('disconnect-model');
    const client = new AbortController();
    const calls = recorded.calls.length;
    const stream = new SseReader(await postChat({ message: 'Ask the slow model' }, token, client.signal));
    const started = await stream.until((e) => e.type === 'RUN_STARTED');
    await vi.waitFor(() => expect(recorded.calls.length).toBe(calls + 1), { timeout: 10_000 });
    client.abort();
    await vi.waitFor(() => expect(recorded.calls.at(-1)!.signal.aborted).toBe(true), { timeout: 10_000 });
    await vi.waitFor(async () => expect((await server.runtime.copilot.runs.get('ws_acme', started.metadata.runId)).status).not.toBe('running'), {
      timeout: 10_000,
    });
    await expectCancelledRun(started.metadata.runId, undefined);
  });

  it('sends keep-alive comments while the model is slow, which SSE clients skip', async () => {
    const token = await freshToken('keep-alive');
    const stream = new SseReader(await postChat({ message: 'Ask the slow model' }, token));
    const events = await stream.rest();
    const before = stream.raw.slice(stream.raw.indexOf('event: RUN_STARTED'), stream.raw.indexOf('event: TEXT_MESSAGE_START'));
    expect(before).toMatch(/\n\n: keep-alive\n\n/);
    expect(events.at(-1)).toMatchObject({ type: 'RUN_FINISHED', result: { status: 'done', text: 'Done after a pause.' } });

    const agent = new HttpAgent({ url: `${server.base}/api/copilot/chat`, headers: { authorization: `Bearer ${await freshToken('keep-alive-agui')}` } });
    agent.messages = [{ id: 'm1', role: 'user', content: 'Ask the slow model' }];
    const result = await agent.runAgent({ runId: 'run-keep-alive-agui' });
    expect(result.newMessages.map((m) => m.content)).toEqual(['Done after a pause.']);
  });

  it('resumes a live run from a sequence number: the stored events, then the live ones, to the end', async () => {
    const token = await freshToken('resume-live');
    const chat = new SseReader(await postChat({ message: 'Ask the slow model' }, token));
    const started = await chat.until((e) => e.type === 'STEP_STARTED');
    const runId = started.metadata.runId;
    expect(server.runtime.copilot.hub.liveRunIds()).toContain(runId);
    const resumed = new SseReader(await server.request(`/api/copilot/runs/${runId}/events`, { token, headers: { 'last-event-id': '1' } }));
    const [events, original] = await Promise.all([resumed.rest(), chat.rest()]);
    expect(events).toEqual(original.slice(1));
    expect(events.at(-1)).toMatchObject({ type: 'RUN_FINISHED', result: { status: 'done' } });
    expect(resumed.raw).toMatch(/: keep-alive\n\n/);
  });

  it(`answers the chat after ${RATE} of one token with a 429 JSON error and Retry-After`, async () => {
    const token = await freshToken('rate');
    for (let i = 0; i < RATE; i++) {
      const res = await postChat({ message: 'Anything quick?' }, token);
      expect(res.status).toBe(200);
      await new SseReader(res).rest();
    }
    const limited = await postChat({ message: 'Anything quick?' }, token);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await limited.json()).error).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/try again in \d+ s/) });
    const other = await postChat({ message: 'Anything quick?' }, await freshToken('rate-other'));
    expect(other.status).toBe(200);
    await new SseReader(other).rest();
  });
});
