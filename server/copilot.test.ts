import { HttpAgent } from '@ag-ui/client';
import { EventSchemas } from '@ag-ui/core/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRunEvents } from '../core/agent/sse.ts';
import type { RunEvent } from '../core/agent/events.ts';
import { startTestServer, type TestServer } from './testing/test-server.ts';

/** Posts a chat and reads the whole event stream. */
async function chat(server: TestServer, body: object, token?: string): Promise<{ status: number; events: RunEvent[] }> {
  const res = await server.request('/api/copilot/chat', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    token,
  });
  return { status: res.status, events: res.ok ? parseRunEvents(await res.text()) : [] };
}

const answerOf = (events: RunEvent[]) =>
  events.flatMap((e) => (e.type === 'TEXT_MESSAGE_CONTENT' ? [e.delta] : [])).join('');

describe('copilot over HTTP with the planner model', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('streams a full AG-UI run that an unchanged HttpAgent accepts, with the MetricCard of the segment', async () => {
    const agent = new HttpAgent({ url: `${server.base}/api/copilot/chat`, headers: { authorization: `Bearer ${server.tokens.a}` } });
    agent.messages = [{ id: 'm1', role: 'user', content: 'How many users are in the High LTV segment?' }];
    const seen: RunEvent[] = [];
    await agent.runAgent({ runId: 'run-agui-1' }, { onEvent: ({ event }) => void seen.push(event as unknown as RunEvent) });
    expect(seen[0].type).toBe('RUN_STARTED');
    expect(seen.at(-1)!.type).toBe('RUN_FINISHED');
    for (const event of seen) expect(EventSchemas.safeParse(event).error).toBeUndefined();
    const steps = seen.flatMap((e) => (e.type === 'STEP_STARTED' ? [e.stepName] : []));
    expect(steps).toEqual(expect.arrayContaining(['think', 'act', 'observe', 'render']));
    const card = seen.find((e) => e.type === 'CUSTOM' && e.name === 'ui.component');
    const [segment] = await server.stores.pg.query<{ member_count: number }>("select member_count from segments where id = 'seg_high_ltv'");
    expect(card && card.type === 'CUSTOM' && card.value).toMatchObject({ component: 'MetricCard', props: { value: segment.member_count } });
    const [run] = await server.stores.pg.query<{ status: string; n: number }>(
      "select r.status, (select count(*) from run_events e where e.run_id = r.id) as n from runs r where r.id = 'run-agui-1'",
    );
    expect(run).toEqual({ status: 'done', n: seen.length });
  });

  it('keeps the context of a conversation for a follow-up question', async () => {
    const first = await chat(server, { message: 'Show me my top 5 events by volume this week' });
    const started = first.events[0];
    expect(started.type).toBe('RUN_STARTED');
    const conversationId = started.type === 'RUN_STARTED' ? started.threadId : '';
    const chart = first.events.find((e) => e.type === 'CUSTOM' && e.name === 'ui.component');
    const ranking = chart?.type === 'CUSTOM' ? (chart.value.props as { ranking?: Array<{ event: string; count: number }> }).ranking : undefined;
    expect(ranking).toHaveLength(5);
    expect(first.events.filter((e) => e.type === 'TOOL_CALL_RESULT' && e.metadata.isError)).toEqual([]);
    const followUp = await chat(server, { message: 'and for last month?', conversationId });
    const calls = followUp.events.flatMap((e) => (e.type === 'TOOL_CALL_START' ? [e.toolCallName] : []));
    expect(calls).toContain('query_top_events');
    const listed = await (await server.request('/api/copilot/conversations')).json();
    expect(listed.conversations.map((c: { id: string }) => c.id)).toContain(conversationId);
    const reopened = await (await server.request(`/api/copilot/conversations/${conversationId}`)).json();
    expect(reopened.turns.map((t: { question: string }) => t.question)).toEqual(['Show me my top 5 events by volume this week', 'and for last month?']);
    expect((await server.request(`/api/copilot/conversations/${conversationId}`, { method: 'DELETE' })).status).toBe(204);
    expect((await server.request(`/api/copilot/conversations/${conversationId}`)).status).toBe(404);
  });

  it('replays a stored run, and resumes it after a sequence number (query or Last-Event-ID)', async () => {
    const { events } = await chat(server, { message: 'What connectors are active?' });
    const runId = events[0].metadata.runId;
    const replay = parseRunEvents(await (await server.request(`/api/copilot/runs/${runId}/events`)).text());
    expect(replay).toEqual(events);
    const resumed = parseRunEvents(await (await server.request(`/api/copilot/runs/${runId}/events?after=5`)).text());
    expect(resumed.map((e) => e.metadata.seq)).toEqual(events.slice(5).map((e) => e.metadata.seq));
    const viaHeader = parseRunEvents(await (await server.request(`/api/copilot/runs/${runId}/events`, { headers: { 'last-event-id': '7' } })).text());
    expect(viaHeader[0].metadata.seq).toBe(8);
    const json = await (await server.request(`/api/copilot/runs/${runId}/events?after=1`, { headers: { accept: 'application/json' } })).json();
    expect(json.events).toHaveLength(events.length - 1);
    expect((await server.request(`/api/copilot/runs/${runId}/events?after=-2`)).status).toBe(400);
  });

  it('returns a run’s stored transcript messages in order, to its own workspace only', async () => {
    const question = 'What connectors are active?';
    const { events } = await chat(server, { message: question });
    const runId = events[0].metadata.runId;
    expect(events[0].metadata).toMatchObject({ question, machine: 'react', model: expect.any(String) });
    const res = await server.request(`/api/copilot/runs/${runId}/messages`);
    expect(res.status).toBe(200);
    const { messages } = (await res.json()) as { messages: Array<{ seq: number; role: string; content: Array<{ type: string; text?: string }> }> };
    expect(messages[0]).toMatchObject({ seq: 1, role: 'user', content: [{ type: 'text', text: question }] });
    expect(messages.map((message) => message.seq)).toEqual(messages.map((_, index) => index + 1));
    expect(messages.at(-1)?.role).toBe('assistant');
    const thinks = events.filter((event) => event.type === 'STEP_STARTED' && event.stepName === 'think');
    expect(thinks.map((event) => event.metadata.inputMessages)).toEqual(
      messages.flatMap((message, index) => (message.role === 'assistant' ? [index] : [])),
    );
    expect((await server.request(`/api/copilot/runs/${runId}/messages`, { token: server.tokens.b })).status).toBe(404);
    expect((await server.request('/api/copilot/runs/no-such-run/messages')).status).toBe(404);
  });

  it('refuses requests without a token, and keeps workspaces apart on every copilot route', async () => {
    const { events } = await chat(server, { message: 'List my event schemas' });
    const runId = events[0].metadata.runId;
    const conversationId = events[0].type === 'RUN_STARTED' ? events[0].threadId : '';
    expect((await fetch(`${server.base}/api/copilot/conversations`)).status).toBe(401);
    const b = server.tokens.b;
    expect((await server.request(`/api/copilot/runs/${runId}/events`, { token: b })).status).toBe(404);
    expect((await server.request(`/api/copilot/runs/${runId}`, { token: b })).status).toBe(404);
    expect((await server.request(`/api/copilot/runs/${runId}/messages`, { token: b })).status).toBe(404);
    expect((await server.request(`/api/copilot/conversations/${conversationId}`, { token: b })).status).toBe(404);
    expect((await (await server.request('/api/copilot/runs', { token: b })).json()).runs).toEqual([]);
    const hijack = await chat(server, { message: 'and for last month?', conversationId }, b);
    expect(hijack.status).toBe(404);
    const other = await chat(server, { message: 'Which segments are the largest?' }, b);
    const table = other.events.find((e) => e.type === 'CUSTOM' && e.name === 'ui.component');
    const names = (await server.stores.pg.query<{ name: string }>("select name from segments where workspace_id = 'ws_acme'")).map((r) => r.name);
    const otherRows = (table && table.type === 'CUSTOM' ? (table.value.props as { rows: Array<{ name: string }> }).rows : []).map((r) => r.name);
    expect(otherRows.length).toBeGreaterThan(0);
    const ownNames = (await server.stores.pg.query<{ name: string }>("select name from segments where workspace_id = 'ws_other'")).map((r) => r.name);
    for (const name of otherRows) expect(ownNames).toContain(name);
    expect(answerOf(other.events)).not.toMatch(new RegExp(names.filter((n) => !ownNames.includes(n)).join('|') || '^$'));
  });

  it('answers bad chat bodies with a 400 that says what to send', async () => {
    const res = await server.request('/api/copilot/chat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"message": ""}' });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/message must not be empty/);
    const notJson = await server.request('/api/copilot/chat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(notJson.status).toBe(400);
    const machine = await chat(server, { message: 'hi', machine: 'nope' });
    expect(machine.status).toBe(400);
  });
});
