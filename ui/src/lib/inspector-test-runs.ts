import { setTimeout as sleep } from 'node:timers/promises';
import type { RunEvent } from '../../../core/agent/events.ts';
import { machineGraph, type MachineGraph } from '../../../core/agent/graph.ts';
import { agentMachine } from '../../../core/agent/machine.ts';
import { recordRun, testRegistry, type SlowToolProbe } from '../../../core/agent/testing.ts';
import { scriptedModel } from '../../../core/models/scripted.ts';

/**
 * Real runs of the agent machine for the inspector's tests (never bundled: tests import it only).
 * They go through the same machine, emitter and tools as the server's runs, with a scripted model.
 */

/** The copilot machine's graph, as GET /api/copilot/machine-graph returns it. */
export const copilotGraph = (): MachineGraph => machineGraph(agentMachine);

/**
 * Two parallel tool calls (one fails), a display tool, then an answer: think → act → observe → think → act →
 * observe → think → render → done, with token usage and cost on every model turn.
 */
export async function parallelRunWithError(): Promise<RunEvent[]> {
  const usage = { inputTokens: 1200, outputTokens: 40, costUsd: 0.0042 };
  const model = scriptedModel([
    { text: ['Let me ', 'look.'], usage, toolCalls: [{ name: 'slow', input: { ms: 40, label: 'warm' } }, { name: 'explode', input: {} }] },
    { usage, toolCalls: [{ name: 'show_metric', input: { label: 'Signups', value: 7 } }] },
    { text: 'There were 7 signups; the warehouse was down.', usage },
  ]);
  const { events } = await recordRun({ model, registry: testRegistry(), runId: 'run_parallel' });
  return events;
}

/** A run cancelled while a slow tool runs: think → act → cancelled, the call never returns. */
export async function cancelledRun(): Promise<RunEvent[]> {
  const controller = new AbortController();
  const probe: SlowToolProbe = { calls: [] };
  const model = scriptedModel([{ text: 'Working on it.', toolCalls: [{ name: 'slow', input: { ms: 5_000, label: 'long' } }] }]);
  const run = recordRun({ model, registry: testRegistry(probe), signal: controller.signal, runId: 'run_cancelled' });
  while (probe.calls.length === 0) await sleep(1);
  await sleep(10);
  controller.abort();
  return (await run).events;
}
