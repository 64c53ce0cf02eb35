import { getEventListeners } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { RunEvent } from '../core/agent/events.ts';
import { parseRunEvents } from '../core/agent/sse.ts';
import { claudeModel } from '../core/models/claude.ts';
import type { Model, ModelRequest, TranscriptMessage } from '../core/models/model.ts';
import { plannerModel } from '../core/models/planner/index.ts';
import { scriptedModel } from '../core/models/scripted.ts';
import { assistantTurn } from '../core/models/testing/anthropic-stream.ts';
import { startFakeAnthropic, type FakeAnthropic, type FakeReply } from '../core/models/testing/fake-anthropic.ts';
import { createRegistry, defineTool } from '../core/registry/index.ts';
import { readConfig } from '../core/config.ts';
import { copilotTools } from '../tools/index.ts';
import { createApp } from './app.ts';
import { createRuntime } from './runtime.ts';
import { failClickHouse, failPostgres } from './testing/store-faults.ts';
import { startTestServer, TEST_NOW, type TestServer } from './testing/test-server.ts';
import { collectGarbage, mulberry32, until } from './testing/reliability-helpers.ts';

/** The deadline of the second app's runs (the test server keeps the default, so that loaded runs never hit it). */
const SHORT_DEADLINE_MS = 300;

/** The model of every run, swapped by each test (one server per file: chDB allows one data dir per process). */
let current: Model = plannerModel();
const switchable: Model = { name: 'switchable', provider: 'test', stream: (request, signal) => current.stream(request, signal) };

/** Signals handed to models and tools, and the transcripts the model saw, held weakly to find leaks. */
const seen = { signals: [] as AbortSignal[], transcripts: [] as WeakRef<object>[] };

/** Calls of the slow tool in flight. */
const inFlight = { now: 0 };

/**
 * The slow tool of the load test. Its calls wait at a gate until every chat that will reach it is there, so that
 * they all run at once however fast the stores prepare them; then each scans for its time or until cancelled.
 */
const gate = { waiting: new Set<string>(), open: Promise.withResolvers<void>() };
const slowScan = defineTool({
  name: 'slow_scan',
  description: 'Scans slowly. Use it only when asked to run the slow scan.',
  source: 'none',
  input: z.object({ ms: z.number().int().min(0).max(10_000), id: z.string() }),
  async run({ ms, id }, ctx) {
    inFlight.now++;
    seen.signals.push(ctx.signal);
    gate.waiting.add(id);
    const cancelled = Promise.withResolvers<void>();
    const onAbort = () => cancelled.resolve();
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    try {
      await Promise.race([gate.open.promise, cancelled.promise]);
      await sleep(ms, undefined, { signal: ctx.signal }).catch(() => undefined);
      return { scanned: ms };
    } finally {
      ctx.signal.removeEventListener('abort', onAbort);
      gate.waiting.delete(id);
      inFlight.now--;
    }
  },
});

let server: TestServer;
let fake: FakeAnthropic;
const replies: FakeReply[] = [];

beforeAll(async () => {
  fake = await startFakeAnthropic({ script: () => replies.shift() ?? new Promise<FakeReply>(() => {}) });
  server = await startTestServer({
    model: switchable,
    registry: createRegistry([...copilotTools, slowScan]),
    routes: { rateLimitPerMinute: 1e9 },
    events: 5_000,
  });
});
afterAll(async () => {
  await server?.close();
  await fake?.close();
});

/** Posts a chat to the test server (or another app over its stores) and reads the whole stream. */
async function chat(body: object, base = server.base): Promise<RunEvent[]> {
  const res = await fetch(`${base}/api/copilot/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.tokens.a}` },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return parseRunEvents(await res.text());
}

const finalText = (events: RunEvent[]) => {
  const last = events.at(-1);
  return last?.type === 'RUN_FINISHED' ? String((last.result as { text?: string }).text ?? '') : '';
};
const toolResults = (events: RunEvent[], name: string) => {
  const ids = new Set(events.flatMap((e) => (e.type === 'TOOL_CALL_START' && e.toolCallName === name ? [e.toolCallId] : [])));
  return events.filter((e) => e.type === 'TOOL_CALL_RESULT' && ids.has(e.toolCallId));
};
const health = async () => {
  const res = await server.request('/api/health');
  return { status: res.status, body: (await res.json()) as { stores: Record<string, { status: string }> } };
};

/**
 * What every stored run of the workspace must look like, whatever failed: a terminal status when it is not
 * live, events numbered 1..n, messages only for runs that are done, and a transcript that starts with the user.
 */
async function expectStorageConsistent() {
  const { pg } = server.stores;
  const runs = await pg.query<{ id: string; status: string; conversation_id: string }>("select id, status, conversation_id from runs where workspace_id = 'ws_acme'");
  const live = new Set(server.runtime.copilot.hub.liveRunIds());
  for (const run of runs) {
    if (!live.has(run.id)) expect([run.id, run.status]).toEqual([run.id, expect.stringMatching(/^(done|failed|cancelled)$/)]);
    const seqs = (await pg.query<{ seq: number }>('select seq from run_events where run_id = $1 order by seq', [run.id])).map((r) => Number(r.seq));
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    const messages = await pg.query<{ n: number }>('select count(*)::int as n from messages where run_id = $1', [run.id]);
    if (run.status !== 'done') expect([run.id, run.status, messages[0].n]).toEqual([run.id, run.status, 0]);
  }
  const conversations = await pg.query<{ id: string }>("select id from conversations where workspace_id = 'ws_acme'");
  for (const { id } of conversations) {
    const transcript = await pg.query<{ role: string; content: TranscriptMessage['content'] }>('select role, content from messages where conversation_id = $1 order by seq', [id]);
    expect(transcriptProblems(transcript as TranscriptMessage[])).toEqual([]);
  }
}

/** What would make Claude refuse a transcript: not starting with the user's words, roles not alternating, unanswered tool calls. */
function transcriptProblems(messages: TranscriptMessage[]): string[] {
  const problems: string[] = [];
  if (messages.length > 0 && !(messages[0].role === 'user' && messages[0].content.some((b) => b.type === 'text'))) problems.push('does not start with a user text');
  messages.forEach((message, i) => {
    if (i > 0 && messages[i - 1].role === message.role) problems.push(`two ${message.role} messages in a row at ${i}`);
    const uses = message.content.flatMap((b) => (b.type === 'tool_use' ? [b.id] : []));
    const answered = new Set((messages[i + 1]?.content ?? []).flatMap((b) => (b.type === 'tool_result' ? [b.tool_use_id] : [])));
    for (const id of uses) if (!answered.has(id)) problems.push(`tool call ${id} at ${i} has no result`);
  });
  return problems;
}

describe('a store failing mid-run', () => {
  it('ClickHouse down: the tool error is an observation, the answer says so without numbers, health tells, and it recovers', async () => {
    current = plannerModel();
    const fault = failClickHouse(server.stores.ch);
    try {
      const events = await chat({ message: 'What are the top events in the last 7 days?' });
      const [result] = toolResults(events, 'query_top_events');
      expect(result?.type === 'TOOL_CALL_RESULT' && result.metadata).toMatchObject({ isError: true });
      expect(result?.type === 'TOOL_CALL_RESULT' && result.content).toMatch(/the ClickHouse store is unavailable right now/);
      expect(result?.type === 'TOOL_CALL_RESULT' && result.content).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
      expect(events.at(-1)).toMatchObject({ type: 'RUN_FINISHED', result: { status: 'done' } });
      const text = finalText(events);
      expect(text).toMatch(/couldn't get the top events/i);
      expect(text.replace(/"[^"]*"/g, '')).not.toMatch(/\d/);
      expect(fault.failed).toBeGreaterThan(0);

      const down = await health();
      expect(down.status).toBe(503);
      expect(down.body.stores.clickhouse.status).toMatch(/^error: .*ECONNREFUSED/);
      expect(down.body.stores.postgres.status).toBe('ok');

      const postgresOnly = await chat({ message: 'How many users are in the High LTV segment?' });
      expect(postgresOnly.at(-1)).toMatchObject({ type: 'RUN_FINISHED', result: { status: 'done' } });
      expect(finalText(postgresOnly)).toMatch(/High LTV has [\d,]+ members/);
    } finally {
      fault.restore();
    }
    expect((await health()).status).toBe(200);
    const again = await chat({ message: 'What are the top events in the last 7 days?' });
    expect(toolResults(again, 'query_top_events')[0]?.metadata).toMatchObject({ isError: false });
    expect(finalText(again)).toMatch(/\d/);
    await expectStorageConsistent();
  });

  it('ClickHouse failing after some calls of a run: the later tool fails alone, the run still answers', async () => {
    current = scriptedModel([
      { toolCalls: [{ name: 'query_event_volume', input: { days: 7 } }] },
      { toolCalls: [{ name: 'query_top_events', input: {} }] },
      { text: 'Done.' },
    ]);
    const fault = failClickHouse(server.stores.ch, { after: 1 });
    try {
      const events = await chat({ message: 'volume then top events' });
      expect(toolResults(events, 'query_event_volume')[0]?.metadata).toMatchObject({ isError: false });
      expect(toolResults(events, 'query_top_events')[0]?.metadata).toMatchObject({ isError: true });
      expect(events.at(-1)).toMatchObject({ type: 'RUN_FINISHED', result: { status: 'done' } });
    } finally {
      fault.restore();
    }
  });

  it("Postgres failing for the tools: the model sees the error, the user a clear answer, and the run is stored whole", async () => {
    current = plannerModel();
    const fault = failPostgres(server.stores.pg, { matches: (sql) => /\bfrom (segments|activations|event_schemas|ingest_log)\b/i.test(sql) });
    let events: RunEvent[];
    try {
      events = await chat({ message: 'Which segments are the largest?' });
    } finally {
      fault.restore();
    }
    expect(toolResults(events, 'list_segments')[0]?.metadata).toMatchObject({ isError: true });
    expect(events.at(-1)).toMatchObject({ type: 'RUN_FINISHED', result: { status: 'done' } });
    expect(finalText(events)).toMatch(/couldn't get the segments.*won't guess/i);
    const runId = events[0].metadata.runId;
    expect(await server.runtime.copilot.runs.events('ws_acme', runId)).toEqual(events);
    await expectStorageConsistent();
  });

  it.each([
    ['the run row cannot be created', /^insert into runs\b/i, 0, 0],
    ['the run row cannot be created while the model thinks', /^insert into runs\b/i, 0, 300],
    ['the conversation cannot be created while the model thinks', /^insert into conversations\b/i, 0, 300],
    ['events cannot be stored', /^insert into run_events\b/i, 0, 0],
    ['the second message of the turn cannot be written', /^insert into messages\b/i, 1, 0],
    ['the run cannot be marked finished', /^update runs set status\b/i, 0, 0],
    ['Postgres goes away for everything mid-run', /./, 6, 0],
  ] as const)("Postgres failing for the run's own storage (%s): the stream still ends, nothing is half-written", async (_case, matches, after, delayMs) => {
    current = scriptedModel([{ delayMs, toolCalls: [{ name: 'list_segments', input: {} }] }, { text: 'Your segments are listed.' }]);
    const fault = failPostgres(server.stores.pg, { matches: (sql) => matches.test(sql.trim()), after });
    let events: RunEvent[];
    try {
      events = await chat({ message: 'List my segments' });
    } finally {
      fault.restore();
    }
    expect(fault.failed).toBeGreaterThan(0);
    expect(events[0].type).toBe('RUN_STARTED');
    expect(['RUN_FINISHED', 'RUN_ERROR']).toContain(events.at(-1)!.type);
    expect(events.filter((e) => e.type === 'RUN_FINISHED' || e.type === 'RUN_ERROR')).toHaveLength(1);
    expect(server.runtime.copilot.hub.liveRunIds()).toEqual([]);
    // An end that could not be written during the outage is written once Postgres is back.
    await until(async () => (await server.stores.pg.query("select 1 from runs where status = 'running'")).length === 0);
    await expectStorageConsistent();
    expect((await health()).status).toBe(200);
    current = scriptedModel([{ text: 'Still here.' }]);
    expect(finalText(await chat({ message: 'Are you still there?' }))).toBe('Still here.');
  });
});

describe('a model failing', () => {
  /** A model that checks what a follow-up sends: the stored transcript plus the new question, nothing of the failed run. */
  function followUpModel(problems: string[][]): Model {
    return scriptedModel((request) => {
      problems.push(transcriptProblems(request.messages));
      return { text: 'Back on track.' };
    });
  }

  /** Runs a turn that fails (on the app at `base`), checks what it left, then a follow-up in the same conversation. */
  async function expectFailedTurnLeavesNothing(failing: Model, code: string | RegExp, base = server.base) {
    current = scriptedModel([{ toolCalls: [{ name: 'list_segments', input: {} }] }, { text: 'You have segments.' }]);
    const first = await chat({ message: 'List my segments' });
    const conversationId = first[0].type === 'RUN_STARTED' ? first[0].threadId : '';
    const [{ n: before }] = await server.stores.pg.query<{ n: number }>('select count(*)::int as n from messages where conversation_id = $1', [conversationId]);

    current = failing;
    const events = await chat({ message: 'And which one grew the most?', conversationId }, base);
    const last = events.at(-1)!;
    expect(last.type).toBe('RUN_ERROR');
    expect(last.type === 'RUN_ERROR' && last.code).toMatch(code);
    expect(events.filter((e) => e.type === 'RUN_FINISHED' || e.type === 'RUN_ERROR')).toHaveLength(1);
    const runId = events[0].metadata.runId;
    const [run] = await server.stores.pg.query<{ status: string; error: string }>('select status, error from runs where id = $1', [runId]);
    expect(run.status).toBe('failed');
    expect(run.error).toBeTruthy();
    expect(await server.stores.pg.query('select 1 from messages where run_id = $1', [runId])).toEqual([]);
    const [{ n: after }] = await server.stores.pg.query<{ n: number }>('select count(*)::int as n from messages where conversation_id = $1', [conversationId]);
    expect(after).toBe(before);

    const problems: string[][] = [];
    current = followUpModel(problems);
    const followUp = await chat({ message: 'Ok, try again please', conversationId });
    expect(finalText(followUp)).toBe('Back on track.');
    expect(problems).toEqual([[]]);
    await expectStorageConsistent();
  }

  it(`that never answers ends at the run's deadline with RUN_ERROR DEADLINE_EXCEEDED`, async () => {
    // A second app over the same stores, whose runs have a short deadline and whose model never answers.
    const config = { ...readConfig({}), databaseUrl: process.env.DATABASE_URL || undefined };
    const logger = pino({ level: 'silent' });
    const model = scriptedModel([{ delayMs: 60_000, text: 'Too late.' }]);
    const runtime = createRuntime(config, server.stores, logger, { model, limits: { deadlineMs: SHORT_DEADLINE_MS }, segmentRefreshMs: 0, clock: () => TEST_NOW });
    const app = createServer(createApp({ config, stores: server.stores, logger, runtime, clock: () => TEST_NOW }).callback());
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    try {
      await expectFailedTurnLeavesNothing(model, 'DEADLINE_EXCEEDED', `http://127.0.0.1:${(app.address() as AddressInfo).port}`);
    } finally {
      app.closeAllConnections();
      await new Promise((resolve) => app.close(resolve));
      await runtime.close();
    }
  });

  it('that times out its own call (Claude against a silent server) ends with RUN_ERROR MODEL_TIMEOUT', async () => {
    replies.length = 0; // the fake then never answers
    await expectFailedTurnLeavesNothing(claudeModel({ apiKey: 'test', baseURL: fake.url, timeoutMs: 200, retry: { maxRetries: 0 } }), 'MODEL_TIMEOUT');
  });

  it('that stays overloaded (529, retries exhausted) after a tool step ends with RUN_ERROR MODEL_OVERLOADED', async () => {
    replies.length = 0;
    replies.push(
      { events: assistantTurn({ toolCalls: [{ id: 'toolu_r1', name: 'list_segments', input: {} }] }) },
      ...Array.from({ length: 3 }, () => ({ status: 529, message: 'Overloaded' })),
    );
    await expectFailedTurnLeavesNothing(claudeModel({ apiKey: 'test', baseURL: fake.url, retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 5 } }), 'MODEL_OVERLOADED');
    expect(replies).toEqual([]);
  });

  it('whose stream is cut midway through its answer ends with RUN_ERROR MODEL_STREAM_CUT', async () => {
    replies.length = 0;
    replies.push(
      { events: assistantTurn({ toolCalls: [{ id: 'toolu_r2', name: 'list_segments', input: {} }] }) },
      { events: assistantTurn({ text: 'High LTV grew the most, by 12 members, while Churn Risk shrank.' }), cutAfter: 4 },
    );
    await expectFailedTurnLeavesNothing(claudeModel({ apiKey: 'test', baseURL: fake.url, retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 5 } }), 'MODEL_STREAM_CUT');
  });
});

describe('200 concurrent chats with clients leaving at random points', () => {
  const CHATS = 200;
  /**
   * How a client behaves: it stays to the end, leaves within 20 ms (often before its run starts), leaves after
   * k events (before its tool runs), or leaves while its tool runs.
   */
  type Plan = { mode: 'stay' | 'early' | 'events' | 'mid-tool'; scanMs: number; leaveAfter: number };

  function plans(seed: number): Plan[] {
    const random = mulberry32(seed);
    return Array.from({ length: CHATS }, () => {
      const draw = random();
      const mode = draw < 0.4 ? 'stay' : draw < 0.8 ? 'mid-tool' : draw < 0.9 ? 'events' : 'early';
      // A client that stays gets a short scan; one that leaves, a scan long enough that only cancelling ends it.
      const scanMs = mode === 'stay' ? Math.floor(random() * 300) : 5_000;
      const leaveAfter = mode === 'early' ? Math.floor(random() * 20) : mode === 'events' ? 1 + Math.floor(random() * 9) : Math.floor(random() * 300);
      return { mode, scanMs, leaveAfter };
    });
  }

  /** The scripted model of these chats: "scan <ms> as <id>" asks for the scan, then answers. */
  const scripted = scriptedModel((request, turn) => {
    const question = request.messages.findLast((m) => m.role === 'user' && m.content[0]?.type === 'text')?.content[0];
    const [, ms, id] = /scan (\d+) as (\S+)/.exec(question?.type === 'text' ? question.text : '') ?? ['', '0', '?'];
    return turn === 0 ? { toolCalls: [{ name: 'slow_scan', input: { ms: Number(ms), id } }] } : { text: 'Scanned.' };
  });
  const loadModel: Model = {
    name: 'load',
    provider: 'scripted',
    stream(request: ModelRequest, signal: AbortSignal) {
      seen.signals.push(signal);
      seen.transcripts.push(new WeakRef(request.messages));
      return scripted.stream(request, signal);
    },
  };

  async function client(runId: string, plan: Plan): Promise<void> {
    const controller = new AbortController();
    const body = { threadId: runId, runId, messages: [{ id: 'm1', role: 'user', content: `scan ${plan.scanMs} as ${runId}` }] };
    const early = plan.mode === 'early' ? setTimeout(() => controller.abort(), plan.leaveAfter) : undefined;
    const leave = () => {
      controller.abort();
      return true;
    };
    try {
      const res = await server.request('/api/copilot/chat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: controller.signal });
      if (plan.mode === 'mid-tool') void gate.open.promise.then(() => sleep(plan.leaveAfter)).then(leave);
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      for (let frames = 0; ; ) {
        const { done, value } = await reader.read();
        if (done) break;
        frames += decoder.decode(value, { stream: true }).split('\n\n').length - 1;
        if (plan.mode === 'events' && frames >= plan.leaveAfter && leave()) break;
      }
    } catch {
      // the client left
    } finally {
      clearTimeout(early);
    }
  }

  /** One round of concurrent chats; resolves when the server has settled every one of them. */
  async function round(name: string, seed: number) {
    const chats = plans(seed).map((plan, i) => ({ runId: `${name}-${i}`, plan }));
    const atGate = chats.filter((c) => c.plan.mode === 'stay' || c.plan.mode === 'mid-tool').map((c) => c.runId);
    gate.open = Promise.withResolvers<void>();
    const clients = Promise.all(chats.map(({ runId, plan }) => client(runId, plan)));
    await until(() => atGate.every((id) => gate.waiting.has(id)));
    const concurrent = { runs: server.runtime.copilot.hub.liveRunIds().length, tools: inFlight.now };
    gate.open.resolve();
    await clients;

    const ids = chats.map((c) => c.runId);
    const unsettled = async () =>
      (await server.stores.pg.query<{ n: number }>("select count(*)::int as n from runs where id = any($1) and status = 'running'", [ids]))[0].n;
    await until(async () => server.runtime.copilot.hub.liveRunIds().length === 0 && inFlight.now === 0 && (await unsettled()) === 0);
    // A request the server was still preparing when the clients settled would show up now.
    await sleep(300);
    expect(server.runtime.copilot.hub.liveRunIds()).toEqual([]);
    expect(inFlight.now).toBe(0);
    expect(await unsettled()).toBe(0);

    const rows = await server.stores.pg.query<{ id: string; status: string }>('select id, status from runs where id = any($1)', [ids]);
    const status = new Map(rows.map((r) => [r.id, r.status]));
    for (const { runId, plan } of chats) {
      if (plan.mode === 'stay') expect([runId, status.get(runId)]).toEqual([runId, 'done']);
      // A client that left before its scan ended cancels its run; one that left before its request was read has none.
      else expect([runId, plan.mode, status.get(runId) ?? 'none']).toEqual([runId, plan.mode, expect.stringMatching(/^(cancelled|none)$/)]);
    }
    const signals = seen.signals.splice(0);
    expect(signals.filter((signal) => getEventListeners(signal, 'abort').length > 0)).toEqual([]);
    return { concurrent, atGate: atGate.length, statuses: [...status.values()] };
  }

  const processListeners = () => Object.fromEntries(process.eventNames().map((name) => [String(name), process.listenerCount(name)]));
  const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

  it('leaves no running tool or run, no listener and no growing memory, every run stored with an end', async () => {
    current = loadModel;
    const warmup = await round('warmup', 1);
    expect(warmup.concurrent.runs).toBeGreaterThanOrEqual(warmup.atGate);
    expect(warmup.atGate).toBeGreaterThan(CHATS / 2);
    await collectGarbage();
    const base = { listeners: processListeners(), heap: process.memoryUsage().heapUsed, timers: timers() };
    const warmupTranscripts = seen.transcripts.splice(0);

    const rounds = [await round('first', 2), await round('second', 3)];
    await collectGarbage();
    const after = { listeners: processListeners(), heap: process.memoryUsage().heapUsed, timers: timers() };
    for (const r of rounds) expect(r.concurrent.tools).toBeGreaterThanOrEqual(r.atGate);
    for (const r of [warmup, ...rounds]) expect(r.statuses).toContain('cancelled');

    expect(after.listeners).toEqual(base.listeners);
    expect(after.timers).toBeLessThanOrEqual(base.timers);
    // Nothing of a finished run is kept: the transcripts its model saw are collected...
    expect(warmupTranscripts.filter((ref) => ref.deref() !== undefined)).toEqual([]);
    // ...and two more rounds of 200 chats (tens of MB allocated) leave the heap about where it was.
    expect(after.heap - base.heap).toBeLessThan(8_000_000);
    await expectStorageConsistent();
  });

  it('cancels the run of a client that left while its request was being prepared', async () => {
    current = loadModel;
    gate.open = Promise.withResolvers<void>();
    gate.open.resolve();
    const runId = 'left-while-preparing';
    // Preparing the chat is made slow; the client leaves in the middle of it.
    const query = server.stores.pg.query;
    const entered = Promise.withResolvers<void>();
    server.stores.pg.query = (async (sql: string, params?: readonly unknown[]) => {
      if (sql.startsWith('select 1 from runs where id')) {
        entered.resolve();
        await sleep(300);
      }
      return query(sql, params);
    }) as typeof query;
    try {
      const controller = new AbortController();
      const body = { threadId: runId, runId, messages: [{ id: 'm1', role: 'user', content: `scan 2000 as ${runId}` }] };
      const response = server.request('/api/copilot/chat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: controller.signal });
      await entered.promise;
      controller.abort();
      await response.catch(() => undefined);
      await until(async () => (await server.stores.pg.query("select 1 from runs where id = $1 and status <> 'running'", [runId])).length > 0);
    } finally {
      server.stores.pg.query = query;
    }
    const [run] = await server.stores.pg.query<{ status: string }>('select status from runs where id = $1', [runId]);
    expect(run.status).toBe('cancelled');
    expect(inFlight.now).toBe(0);
  });
});
