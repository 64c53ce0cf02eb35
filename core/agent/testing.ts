import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { z } from 'zod';
import { ModelError } from '../models/model-error.ts';
import type { Model } from '../models/model.ts';
import { scriptedModel } from '../models/scripted.ts';
import { createRegistry, defineTool, type Registry } from '../registry/index.ts';
import type { Stores } from '../stores/index.ts';
import type { RunEvent } from './events.ts';
import { runAgent, type RunAgentOptions, type RunResult } from './run-agent.ts';
import { agentMachine } from './machine.ts';
import type { AgentMachine } from './machine-contract.ts';
import type { RunToolContext } from './run-session.ts';

/** A run's events and result, as a test sees them. */
export interface RecordedRun {
  events: RunEvent[];
  result: RunResult;
}

/** A tool context for tests: a stub store (tests here never touch it), a fixed clock and a silent logger. */
export function testToolContext(): RunToolContext {
  return {
    workspaceId: 'ws_test',
    stores: {} as Stores,
    clock: () => new Date('2025-06-01T12:00:00Z'),
    logger: pino({ level: 'silent' }),
  };
}

/** Runs the agent with test defaults and records every event it emits. */
export async function recordRun(
  options: Pick<RunAgentOptions, 'model' | 'registry'> & Partial<Omit<RunAgentOptions, 'onEvent'>>,
): Promise<RecordedRun> {
  const events: RunEvent[] = [];
  const result = await runAgent({
    toolContext: testToolContext(),
    system: 'You are a test agent.',
    history: [],
    userMessage: 'How many signups last week?',
    runId: 'run_test',
    threadId: 'thread_test',
    ...options,
    onEvent: (event) => {
      events.push(event);
    },
  });
  return { events, result };
}

/** The machine states a run went through, read from its `machine.transition` events. */
export function stateSequence(events: RunEvent[]): string[] {
  return events.flatMap((event) => (event.type === 'CUSTOM' && event.name === 'machine.transition' ? [event.value.to] : []));
}

/** What the slow tool saw: when each call started and ended, and whether its signal was aborted. */
export interface SlowToolProbe {
  calls: Array<{ label: string; startedAt: number; endedAt?: number; aborted: boolean }>;
}

/** Tools for tests: a lookup, a tool that throws, a slow tool that honours its signal, and a display tool. */
export function testRegistry(probe: SlowToolProbe = { calls: [] }): Registry {
  return createRegistry([
    defineTool({
      name: 'lookup',
      description: 'Looks a key up. Use it whenever a key is mentioned.',
      source: 'none',
      input: z.object({ key: z.string().describe('The key to look up') }),
      run: async ({ key }) => ({ key, value: key.length }),
    }),
    defineTool({
      name: 'explode',
      description: 'Always fails, like a warehouse that is down.',
      source: 'clickhouse',
      input: z.object({}),
      run: async () => {
        throw new Error('warehouse offline');
      },
    }),
    defineTool({
      name: 'slow',
      description: 'Waits for a while, then answers.',
      source: 'none',
      input: z.object({ ms: z.number().int().positive(), label: z.string() }),
      run: async ({ ms, label }, ctx) => {
        const call: SlowToolProbe['calls'][number] = { label, startedAt: performance.now(), aborted: false };
        probe.calls.push(call);
        ctx.signal.addEventListener('abort', () => (call.aborted = true), { once: true });
        await sleep(ms, undefined, { signal: ctx.signal });
        call.endedAt = performance.now();
        return { label };
      },
    }),
    defineTool({
      name: 'show_metric',
      description: 'Shows a metric card to the user.',
      source: 'display',
      input: z.object({ label: z.string(), value: z.number() }),
      run: async (props, ctx) => {
        ctx.emit({ component: 'MetricCard', props });
        return { shown: true };
      },
    }),
  ]);
}

/** A scenario's run, with what the slow tool saw. */
export type ScenarioRun = RecordedRun & { probe: SlowToolProbe };

/**
 * Named multi-step runs through the scripted model on `machine`, shared by the machine tests and the AG-UI
 * tests, so that every machine goes through the same runs.
 */
export function scenariosFor(machine: AgentMachine, interpreter: 'lean' | 'xstate' = 'lean'): Record<string, () => Promise<ScenarioRun>> {
  const machineRun = (options: Parameters<typeof recordRun>[0]) => recordRun({ machine, interpreter, ...options });
  return {
    async answersDirectly() {
      return withProbe((probe) => machineRun({ model: scriptedModel([{ text: ['Hello', ' there'] }]), registry: testRegistry(probe) }));
    },
    async toolsThenAnswer() {
      const model = scriptedModel([
        { text: 'Let me check.', toolCalls: [{ name: 'lookup', input: { key: 'signups' } }] },
        { toolCalls: [{ name: 'show_metric', input: { label: 'Signups', value: 7 } }] },
        { text: 'There were 7 signups.' },
      ]);
      return withProbe((probe) => machineRun({ model, registry: testRegistry(probe) }));
    },
    async toolError() {
      return withProbe((probe) => machineRun({ model: echoLastObservation('explode', {}), registry: testRegistry(probe) }));
    },
    async invalidArguments() {
      return withProbe((probe) => machineRun({ model: echoLastObservation('lookup', { key: 42 }), registry: testRegistry(probe) }));
    },
    async unknownTool() {
      return withProbe((probe) => machineRun({ model: echoLastObservation('drop_tables', {}), registry: testRegistry(probe) }));
    },
    async maxSteps() {
      const model = scriptedModel(() => ({ toolCalls: [{ name: 'lookup', input: { key: 'again' } }] }));
      return withProbe((probe) => machineRun({ model, registry: testRegistry(probe), limits: { maxSteps: 3 } }));
    },
    async deadline() {
      const model = scriptedModel([{ delayMs: 5_000, text: 'too late' }]);
      return withProbe((probe) => machineRun({ model, registry: testRegistry(probe), limits: { deadlineMs: 50 } }));
    },
    async toolTimeout() {
      const model = echoLastObservation('slow', { ms: 5_000, label: 'stuck' });
      return withProbe((probe) => machineRun({ model, registry: testRegistry(probe), limits: { toolTimeoutMs: 30 } }));
    },
    async cancelMidTool() {
      const controller = new AbortController();
      const model = scriptedModel([{ text: 'Working on it.', toolCalls: [{ name: 'slow', input: { ms: 5_000, label: 'long' } }] }]);
      return withProbe(async (probe) => {
        const run = machineRun({ model, registry: testRegistry(probe), signal: controller.signal });
        while (probe.calls.length === 0) await sleep(1);
        await sleep(20);
        controller.abort();
        return run;
      });
    },
    async parallelCalls() {
      const model = scriptedModel([
        { toolCalls: [{ name: 'slow', input: { ms: 150, label: 'a' } }, { name: 'slow', input: { ms: 150, label: 'b' } }] },
        { text: 'Both done.' },
      ]);
      return withProbe((probe) => machineRun({ model, registry: testRegistry(probe) }));
    },
    async modelFails() {
      const model = scriptedModel([{ error: new ModelError('MODEL_OVERLOADED', 'Claude is overloaded.') }]);
      return withProbe((probe) => machineRun({ model, registry: testRegistry(probe) }));
    },
  };
}

/** The scenarios on the ReAct machine. */
export const scenarios = scenariosFor(agentMachine);

async function withProbe(run: (probe: SlowToolProbe) => Promise<RecordedRun>): Promise<RecordedRun & { probe: SlowToolProbe }> {
  const probe: SlowToolProbe = { calls: [] };
  return { ...(await run(probe)), probe };
}

/** Calls one tool, then answers with the observation it got back, as a model reading `is_error` would. */
function echoLastObservation(tool: string, input: unknown): Model {
  return scriptedModel([
    { toolCalls: [{ name: tool, input }] },
    (request) => {
      const last = request.messages.at(-1)?.content.at(-1);
      if (last?.type !== 'tool_result') return { text: 'I saw no tool result.' };
      return { text: `${last.is_error ? 'Error' : 'OK'}: ${JSON.parse(last.content)}` };
    },
  ]);
}
