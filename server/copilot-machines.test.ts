import { HttpAgent } from '@ag-ui/client';
import { EventSchemas } from '@ag-ui/core/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../core/agent/events.ts';
import { parseRunEvents } from '../core/agent/sse.ts';
import { readConfig } from '../core/config.ts';
import { chooseDefaultMachine, UnknownDefaultMachineError } from './runtime.ts';
import { startTestServer, type TestServer } from './testing/test-server.ts';

const steps = (events: RunEvent[]) => events.flatMap((event) => (event.type === 'STEP_STARTED' ? [event.stepName] : []));

describe('choosing the agent machine', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ defaultMachine: 'react-reflect' });
  });
  afterAll(() => server.close());

  it('names the default machine and the list in /api/health', async () => {
    const health = await (await server.request('/api/health')).json();
    expect(health).toMatchObject({ machines: ['react', 'react-reflect'], defaultMachine: 'react-reflect' });
  });

  it('runs the machine a chat body names, stores it on the run, and draws that run on its machine', async () => {
    const res = await server.request('/api/copilot/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'How many users are in the High LTV segment?', machine: 'react' }),
    });
    const events = parseRunEvents(await res.text());
    expect(steps(events)).not.toContain('reflect');
    expect(steps(events)).toEqual(expect.arrayContaining(['think', 'act', 'observe', 'render']));
    const runId = events[0].type === 'RUN_STARTED' ? events[0].runId : '';
    const drawn = await (await server.request(`/api/copilot/machine-graph?run=${runId}`)).json();
    expect(drawn).toMatchObject({ runId, machine: 'react', graph: { id: 'copilot' } });
    expect(drawn.graph.states.map((state: { id: string }) => state.id)).not.toContain('reflect');
  });

  it('runs the default machine (react-reflect) for an unchanged AG-UI HttpAgent, and forwardedProps.machine picks another', async () => {
    const agent = new HttpAgent({ url: `${server.base}/api/copilot/chat`, headers: { authorization: `Bearer ${server.tokens.a}` } });
    agent.messages = [{ id: 'm1', role: 'user', content: 'How many users are in the High LTV segment?' }];
    const seen: RunEvent[] = [];
    await agent.runAgent({ runId: 'run-reflect-1' }, { onEvent: ({ event }) => void seen.push(event as unknown as RunEvent) });
    for (const event of seen) expect(EventSchemas.safeParse(event).error).toBeUndefined();
    expect(steps(seen)).toContain('reflect');
    expect(seen.at(-1)).toMatchObject({ type: 'RUN_FINISHED', result: { status: 'done' } });
    const stored = await (await server.request('/api/copilot/runs/run-reflect-1/events', { headers: { accept: 'application/json' } })).json();
    expect(stored.run).toMatchObject({ machine: 'react-reflect', status: 'done' });
    expect(stored.events).toEqual(seen.map((event) => expect.objectContaining({ type: event.type })));
    const drawn = await (await server.request('/api/copilot/machine-graph?run=run-reflect-1')).json();
    expect(drawn.graph.id).toBe('react-reflect');
    expect(drawn.graph.transitions).toContainEqual(expect.objectContaining({ source: 'reflect', target: 'think', guard: 'draftNeedsRevision' }));

    const other = new HttpAgent({ url: `${server.base}/api/copilot/chat`, headers: { authorization: `Bearer ${server.tokens.a}` } });
    other.messages = [{ id: 'm2', role: 'user', content: 'How many users are in the High LTV segment?' }];
    const react: RunEvent[] = [];
    await other.runAgent({ runId: 'run-react-1', forwardedProps: { machine: 'react' } }, { onEvent: ({ event }) => void react.push(event as unknown as RunEvent) });
    expect(steps(react)).not.toContain('reflect');
  });

  it('draws a named machine or the default, and refuses an unknown machine or run', async () => {
    expect((await (await server.request('/api/copilot/machine-graph')).json()).graph.id).toBe('react-reflect');
    expect((await (await server.request('/api/copilot/machine-graph?machine=react')).json()).graph.id).toBe('copilot');
    expect((await server.request('/api/copilot/machine-graph?machine=nope')).status).toBe(404);
    expect((await server.request('/api/copilot/machine-graph?run=no-such-run')).status).toBe(404);
    const refused = await server.request('/api/copilot/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'hi', machine: 'nope' }),
    });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.message).toContain('choose one of react, react-reflect');
  });
});

describe('COPILOT_MACHINE', () => {
  it('is read into config.copilotMachine and chooses the default machine', () => {
    expect(readConfig({ COPILOT_MACHINE: 'react-reflect' }).copilotMachine).toBe('react-reflect');
    expect(chooseDefaultMachine(readConfig({ COPILOT_MACHINE: 'react-reflect' }))).toBe('react-reflect');
    expect(chooseDefaultMachine(readConfig({}))).toBe('react');
  });

  it('refuses an unknown name with the names that exist', () => {
    expect(() => chooseDefaultMachine(readConfig({ COPILOT_MACHINE: 'reflexion' }))).toThrow(UnknownDefaultMachineError);
    expect(() => chooseDefaultMachine(readConfig({ COPILOT_MACHINE: 'reflexion' }))).toThrow(
      "COPILOT_MACHINE='reflexion' is not a machine; set it to one of react, react-reflect (or leave it unset for 'react').",
    );
  });
});
