import { describe, expect, it } from 'vitest';
import type { RunEvent } from './events.ts';
import { shippedMachines } from './shipped-machines.ts';
import { scenariosFor, stateSequence } from './testing.ts';

const ofType = <T extends RunEvent['type']>(events: RunEvent[], type: T) =>
  events.filter((event): event is Extract<RunEvent, { type: T }> => event.type === type);

/**
 * Every shipped machine goes through the same runs. The runs here answer from their observations, so the
 * reflect machine's review passes: its state sequence is ReAct's with `reflect` before `render`, and the
 * events, results and stored messages are the same otherwise.
 */
const sequences: Record<string, (react: string[]) => string[]> = {
  react: (react) => react,
  'react-reflect': (react) => react.flatMap((state) => (state === 'render' ? ['reflect', 'render'] : [state])),
};

describe.each(shippedMachines.definitions)('agent machine $name', ({ name, machine }) => {
  const scenarios = scenariosFor(machine);
  const states = sequences[name];
  const steps = (react: string[]) => states(react).filter((state) => !['done', 'failed', 'cancelled'].includes(state));

  it('has an expected state sequence for this machine', () => {
    expect(states).toBeDefined();
  });

  it('answers without tools: think → (reflect →) render → done', async () => {
    const { events, result } = await scenarios.answersDirectly();
    expect(stateSequence(events)).toEqual(states(['think', 'render', 'done']));
    expect(result).toMatchObject({ status: 'done', text: 'Hello there', steps: 1, toolCalls: [] });
    expect(ofType(events, 'TEXT_MESSAGE_CONTENT').map((event) => event.delta)).toEqual(['Hello', ' there']);
    expect(ofType(events, 'STEP_STARTED').map((event) => event.stepName)).toEqual(steps(['think', 'render']));
  });

  it('runs tools over several steps, then renders the collected components', async () => {
    const { events, result } = await scenarios.toolsThenAnswer();
    expect(stateSequence(events)).toEqual(states(['think', 'act', 'observe', 'think', 'act', 'observe', 'think', 'render', 'done']));
    expect(result.status).toBe('done');
    expect(result.text).toBe('There were 7 signups.');
    expect(result.toolCalls.map((call) => [call.name, call.isError])).toEqual([
      ['lookup', false],
      ['show_metric', false],
    ]);
    expect(result.components).toEqual([{ component: 'MetricCard', props: { label: 'Signups', value: 7 } }]);
    const component = events.findIndex((event) => event.type === 'CUSTOM' && event.name === 'ui.component');
    const renderStart = events.findIndex((event) => event.type === 'STEP_STARTED' && event.stepName === 'render');
    expect(component).toBeGreaterThan(renderStart);
    expect(ofType(events, 'TOOL_CALL_RESULT')[0].content).toBe('{"key":"signups","value":7}');
    expect(result.newMessages.map((message) => message.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'user', 'assistant']);
    expect(result.newMessages[2].content[0]).toEqual({ type: 'tool_result', tool_use_id: 'toolu_s0_0', content: '{"key":"signups","value":7}' });
  });

  it('numbers events 1, 2, 3… and labels eventless transitions as always', async () => {
    const { events } = await scenarios.toolsThenAnswer();
    expect(events.map((event) => event.metadata.seq)).toEqual(events.map((_, index) => index + 1));
    const transitions = events.flatMap((event) => (event.type === 'CUSTOM' && event.name === 'machine.transition' ? [event.value] : []));
    expect(transitions.slice(0, 4).map(({ from, to, event }) => `${from}→${to} on ${event}`)).toEqual([
      'null→think on xstate.init',
      'think→act on xstate.done.actor.callModel',
      'act→observe on always',
      'observe→think on always',
    ]);
  });

  it('turns a thrown tool error into an observation the model reads', async () => {
    const { events, result } = await scenarios.toolError();
    expect(stateSequence(events)).toEqual(states(['think', 'act', 'observe', 'think', 'render', 'done']));
    expect(result.status).toBe('done');
    expect(result.text).toBe("Error: Tool 'explode' failed: warehouse offline");
    expect(result.toolCalls[0].isError).toBe(true);
    expect(ofType(events, 'TOOL_CALL_RESULT')[0].metadata).toMatchObject({ isError: true });
  });

  it('turns invalid arguments into an observation naming the bad field', async () => {
    const { result } = await scenarios.invalidArguments();
    expect(result.status).toBe('done');
    expect(result.text).toBe("Error: Invalid arguments for 'lookup': key: Invalid input: expected string, received number.");
  });

  it('tells the model about an unknown tool instead of crashing', async () => {
    const { result } = await scenarios.unknownTool();
    expect(result.text).toMatch(/^Error: Unknown tool 'drop_tables'\. Available tools: lookup, explode, slow, show_metric\.$/);
  });

  it('stops a model that never answers after maxSteps', async () => {
    const { events, result } = await scenarios.maxSteps();
    expect(stateSequence(events)).toEqual(states(['think', 'act', 'observe', 'think', 'act', 'observe', 'think', 'act', 'observe', 'failed']));
    expect(result).toMatchObject({ status: 'failed', steps: 3, error: { code: 'MAX_STEPS' } });
    expect(events.at(-1)).toMatchObject({ type: 'RUN_ERROR', code: 'MAX_STEPS' });
  });

  it('fails at the deadline and cancels the model call', async () => {
    const started = performance.now();
    const { events, result } = await scenarios.deadline();
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(stateSequence(events)).toEqual(states(['think', 'failed']));
    expect(result).toMatchObject({ status: 'failed', error: { code: 'DEADLINE_EXCEEDED' } });
    const transition = events.find((event) => event.type === 'CUSTOM' && event.name === 'machine.transition' && event.value.to === 'failed');
    expect(transition).toMatchObject({ value: { event: `xstate.after.deadline.${machine.id}` } });
  });

  it('times out a slow tool and shows the timeout to the model', async () => {
    const { result, probe } = await scenarios.toolTimeout();
    expect(result.status).toBe('done');
    expect(result.text).toBe("Error: Tool 'slow' timed out after 30 ms.");
    expect(probe.calls[0].aborted).toBe(true);
  });

  it('cancels mid-tool: the tool sees its signal aborted and the run ends cancelled', async () => {
    const started = performance.now();
    const { events, result, probe } = await scenarios.cancelMidTool();
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(stateSequence(events)).toEqual(states(['think', 'act', 'cancelled']));
    expect(result.status).toBe('cancelled');
    expect(probe.calls).toHaveLength(1);
    expect(probe.calls[0].aborted).toBe(true);
    expect(probe.calls[0].endedAt).toBeUndefined();
    expect(events.at(-1)).toMatchObject({ type: 'RUN_FINISHED', result: { status: 'cancelled' } });
    expect(ofType(events, 'TOOL_CALL_RESULT')).toHaveLength(0);
  });

  it('runs independent tool calls in parallel', async () => {
    const { events, result, probe } = await scenarios.parallelCalls();
    expect(stateSequence(events)).toEqual(states(['think', 'act', 'observe', 'think', 'render', 'done']));
    expect(result.status).toBe('done');
    const [a, b] = probe.calls;
    expect(b.startedAt).toBeLessThan(a.endedAt!);
    expect(a.startedAt).toBeLessThan(b.endedAt!);
    const results = result.newMessages[2].content.map((block) => (block.type === 'tool_result' ? block.content : ''));
    expect(results).toEqual(['{"label":"a"}', '{"label":"b"}']);
  });

  it('ends a run whose model fails in failed with RUN_ERROR', async () => {
    const { events, result } = await scenarios.modelFails();
    expect(stateSequence(events)).toEqual(states(['think', 'failed']));
    expect(result).toMatchObject({ status: 'failed', error: { code: 'MODEL_OVERLOADED', message: 'Claude is overloaded.' } });
    expect(events.at(-1)).toMatchObject({ type: 'RUN_ERROR', code: 'MODEL_OVERLOADED', message: 'Claude is overloaded.' });
  });
});
