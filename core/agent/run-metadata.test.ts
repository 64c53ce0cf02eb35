import { EventSchemas } from '@ag-ui/core/schemas';
import { describe, expect, it } from 'vitest';
import { scriptedModel } from '../models/scripted.ts';
import { ModelError } from '../models/model-error.ts';
import type { RunEvent } from './events.ts';
import { agentMachine } from './machine.ts';
import { shippedMachines } from './shipped-machines.ts';
import { recordRun, scenarios, testRegistry } from './testing.ts';

const steps = (events: RunEvent[], type: 'STEP_STARTED' | 'STEP_FINISHED', name: string) =>
  events.filter((event) => event.type === type && event.stepName === name);

const usage = { inputTokens: 1200, outputTokens: 40, cacheReadTokens: 800, cacheWriteTokens: 100, costUsd: 0.0042 };

function toolsThenAnswer() {
  return scriptedModel(
    [
      { text: 'Let me check.', usage, toolCalls: [{ name: 'lookup', input: { key: 'signups' } }] },
      { text: 'There were 7 signups.', usage: { inputTokens: 1500, outputTokens: 12 } },
    ],
    { name: 'claude-test' },
  );
}

describe('run event metadata', () => {
  describe.each(shippedMachines.definitions)('on machine $name', ({ name, machine }) => {
    it('puts the question, model and registered machine name on RUN_STARTED', async () => {
      const { events } = await recordRun({ model: toolsThenAnswer(), registry: testRegistry(), machine, userMessage: 'How many signups?' });
      expect(events[0]).toMatchObject({ type: 'RUN_STARTED', metadata: { question: 'How many signups?', model: 'claude-test', machine: name, seq: 1 } });
    });

    it('puts usage, stop reason, model and latency on each think STEP_FINISHED, and the input message count on STEP_STARTED', async () => {
      const { events } = await recordRun({ model: toolsThenAnswer(), registry: testRegistry(), machine });
      expect(steps(events, 'STEP_STARTED', 'think').map((event) => event.metadata.inputMessages)).toEqual([1, 3]);
      const finished = steps(events, 'STEP_FINISHED', 'think').map((event) => event.metadata);
      expect(finished).toEqual([
        expect.objectContaining({ usage, stopReason: 'tool_use', model: 'claude-test', latencyMs: expect.any(Number) }),
        expect.objectContaining({ usage: { inputTokens: 1500, outputTokens: 12 }, stopReason: 'end_turn', model: 'claude-test' }),
      ]);
      for (const event of events) expect(EventSchemas.safeParse(event).error).toBeUndefined();
    });
  });

  it('counts the history in the input messages and keeps model metadata off the other steps', async () => {
    const history = [
      { role: 'user' as const, content: [{ type: 'text' as const, text: 'Hi' }] },
      { role: 'assistant' as const, content: [{ type: 'text' as const, text: 'Hello' }] },
    ];
    const { events } = await recordRun({ model: toolsThenAnswer(), registry: testRegistry(), machine: agentMachine, history });
    expect(steps(events, 'STEP_STARTED', 'think').map((event) => event.metadata.inputMessages)).toEqual([3, 5]);
    for (const step of ['act', 'observe', 'render']) {
      for (const event of [...steps(events, 'STEP_STARTED', step), ...steps(events, 'STEP_FINISHED', step)]) {
        expect(Object.keys(event.metadata).sort()).toEqual(['runId', 'seq']);
      }
    }
    expect(events[0].metadata).toMatchObject({ machine: 'react' });
  });

  it('reports a failed model call with its model and latency but no usage, and a run of an unnamed machine by its id', async () => {
    const model = scriptedModel([{ error: new ModelError('MODEL_OVERLOADED', 'Claude is overloaded.') }]);
    const { events } = await recordRun({ model, registry: testRegistry(), machine: agentMachine.provide({}) });
    const [finished] = steps(events, 'STEP_FINISHED', 'think');
    expect(finished.metadata).toMatchObject({ model: 'scripted', latencyMs: expect.any(Number) });
    expect(finished.metadata).not.toHaveProperty('usage');
    expect(events[0].metadata).toMatchObject({ machine: 'copilot', model: 'scripted' });
  });

  it('leaves no model report on a think step the deadline cut short', async () => {
    const { events } = await scenarios.deadline();
    const [finished] = steps(events, 'STEP_FINISHED', 'think');
    expect(Object.keys(finished.metadata).sort()).toEqual(['runId', 'seq']);
  });

  it('takes the machine name it is given', async () => {
    const { events } = await recordRun({ model: toolsThenAnswer(), registry: testRegistry(), machineName: 'custom-react' });
    expect(events[0].metadata.machine).toBe('custom-react');
  });
});
