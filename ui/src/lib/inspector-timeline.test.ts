import { beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../core/agent/events.ts';
import { buildTimeline, emptyTimeline, segmentsOf, timelineReducer } from './inspector-timeline.ts';
import { cancelledRun, parallelRunWithError } from './inspector-test-runs.ts';
import { eventFactory } from './test-support.ts';

let parallel: RunEvent[];
let cancelled: RunEvent[];
beforeAll(async () => {
  [parallel, cancelled] = await Promise.all([parallelRunWithError(), cancelledRun()]);
});

describe('timelineReducer over a real run', () => {
  it('orders the transitions and times each state visit until the next transition', () => {
    const timeline = buildTimeline(parallel);
    expect(timeline.transitions.map((move) => move.to)).toEqual(['think', 'act', 'observe', 'think', 'act', 'observe', 'think', 'render', 'done']);
    expect(timeline.transitions[0]).toMatchObject({ from: null, event: 'xstate.init' });
    expect(timeline.transitions[2]).toMatchObject({ from: 'act', to: 'observe', event: 'always' });
    const segments = segmentsOf(timeline);
    segments.slice(0, -1).forEach((segment, index) => expect(segment.durationMs).toBe(timeline.transitions[index + 1].at - segment.transition.at));
    expect(segments.at(-1)?.durationMs).toBeUndefined();
    expect(segments[1].durationMs).toBeGreaterThanOrEqual(30);
  });

  it('puts parallel tool calls, with the error of the failed one, in the act visit that ran them', () => {
    const [, act] = segmentsOf(buildTimeline(parallel));
    expect(act.transition.to).toBe('act');
    expect(act.toolCalls.map((call) => [call.name, call.status])).toEqual([
      ['slow', 'done'],
      ['explode', 'error'],
    ]);
    expect(JSON.parse(act.toolCalls[0].args)).toEqual({ ms: 40, label: 'warm' });
    expect(act.toolCalls[1].result).toContain('warehouse offline');
    expect(act.toolCalls[0].durationMs).toBeGreaterThanOrEqual(30);
    expect(act.toolCalls.every((call) => call.step === 0)).toBe(true);
  });

  it('records each model step with its streamed text, requested calls and latency, and the components of render', () => {
    const timeline = buildTimeline(parallel);
    expect(timeline.steps.map((step) => [step.text, step.toolCallIds.length])).toEqual([
      ['Let me look.', 2],
      ['', 1],
      ['There were 7 signups; the warehouse was down.', 0],
    ]);
    expect(timeline.steps.every((step) => step.finishedAt !== undefined && !step.streaming)).toBe(true);
    const segments = segmentsOf(timeline);
    expect(segments.map((segment) => segment.step?.index)).toEqual([0, undefined, undefined, 1, undefined, undefined, 2, undefined, undefined]);
    expect(segments[7].components).toEqual([expect.objectContaining({ component: 'MetricCard', props: { label: 'Signups', value: 7 } })]);
  });

  it('ends with the final answer, the status and the run totals of RUN_FINISHED', () => {
    const timeline = buildTimeline(parallel);
    expect(timeline.status).toBe('done');
    expect(timeline.answer).toBe('There were 7 signups; the warehouse was down.');
    expect(timeline.usage).toMatchObject({ inputTokens: 3600, outputTokens: 120 });
    expect(timeline.usage?.costUsd).toBeCloseTo(0.0126);
    expect(timeline.durationMs).toBeGreaterThan(0);
    expect(timeline.lastSeq).toBe(parallel.length);
    expect(timeline.runId).toBe('run_parallel');
  });

  it('shows a cancelled run ending in cancelled, its running call left without a result', () => {
    const timeline = buildTimeline(cancelled);
    expect(timeline.status).toBe('cancelled');
    expect(timeline.transitions.map((move) => `${move.to} on ${move.event}`)).toEqual(['think on xstate.init', 'act on xstate.done.actor.callModel', 'cancelled on CANCEL']);
    const act = segmentsOf(timeline)[1];
    expect(act.toolCalls).toEqual([expect.objectContaining({ name: 'slow', status: 'unfinished' })]);
    expect(act.toolCalls[0].result).toBeUndefined();
  });
});

describe('timelineReducer over run metadata', () => {
  it('reads the question, model and machine of RUN_STARTED and each model step’s input count, model, latency, usage and stop reason', () => {
    const timeline = buildTimeline(parallel);
    expect(timeline).toMatchObject({ question: 'How many signups last week?', model: 'scripted', machine: 'react' });
    expect(timeline.steps.map((step) => step.inputMessages)).toEqual([1, 3, 5]);
    expect(timeline.steps.map((step) => step.stopReason)).toEqual(['tool_use', 'tool_use', 'end_turn']);
    for (const step of timeline.steps) {
      expect(step).toMatchObject({ model: 'scripted', usage: { inputTokens: 1200, outputTokens: 40, costUsd: 0.0042 } });
      expect(step.latencyMs).toBeGreaterThanOrEqual(0);
    }
  });

  it('ignores metadata of the wrong type and keeps a step without a report as it was', () => {
    const event = eventFactory('run_m');
    const timeline = buildTimeline([
      event('RUN_STARTED', { threadId: 'c1', runId: 'run_m' }, { question: 42, model: '', machine: 'react-reflect' }),
      event('STEP_STARTED', { stepName: 'think' }, { inputMessages: '3' }),
      event('STEP_FINISHED', { stepName: 'think' }, { latencyMs: 'slow', stopReason: 7 }),
    ]);
    expect(timeline.question).toBeUndefined();
    expect(timeline.model).toBeUndefined();
    expect(timeline.machine).toBe('react-reflect');
    expect(timeline.steps[0]).toEqual({ index: 0, seq: 2, startedAt: 1010, finishedAt: 1020, text: '', streaming: false, toolCallIds: [] });
  });
});

describe('timelineReducer while a run streams', () => {
  it('shows the text streaming and a tool call being asked for, then running', () => {
    const upTo = (seq: number) => buildTimeline(parallel.filter((event) => event.metadata.seq <= seq));
    const firstDelta = parallel.find((event) => event.type === 'TEXT_MESSAGE_CONTENT')!.metadata.seq;
    expect(upTo(firstDelta).steps[0]).toMatchObject({ text: 'Let me ', streaming: true });
    expect(upTo(firstDelta).status).toBe('running');
    const callStart = parallel.find((event) => event.type === 'TOOL_CALL_START')!.metadata.seq;
    expect(upTo(callStart).toolCalls[0].status).toBe('calling');
    expect(upTo(callStart + 2).toolCalls[0].status).toBe('running');
    const running = segmentsOf(upTo(callStart + 2));
    expect(running.at(-1)?.toolCalls.map((call) => call.name)).toEqual(['slow']);
  });

  it('applies a replayed or resumed event once', () => {
    const half = Math.floor(parallel.length / 2);
    const resumed = [...parallel.slice(0, half), ...parallel.slice(half - 3)].reduce(timelineReducer, emptyTimeline);
    expect(resumed).toEqual(buildTimeline(parallel));
  });

  it('reads per-step usage from STEP_FINISHED metadata and a RUN_ERROR as a failure', () => {
    const event = eventFactory('run_x');
    const timeline = buildTimeline([
      event('RUN_STARTED', { threadId: 'c1', runId: 'run_x' }),
      event('CUSTOM', { name: 'machine.transition', value: { from: null, to: 'think', event: 'xstate.init', at: 1010 } }),
      event('STEP_STARTED', { stepName: 'think' }),
      event('STEP_FINISHED', { stepName: 'think' }, { usage: { inputTokens: 900, outputTokens: 12, costUsd: 0.003 } }),
      event('CUSTOM', { name: 'machine.transition', value: { from: 'think', to: 'failed', event: 'xstate.error.actor.callModel', at: 1040 } }),
      event('RUN_ERROR', { message: 'Claude is overloaded.', code: 'MODEL_OVERLOADED' }),
    ]);
    expect(timeline.steps[0]).toMatchObject({ usage: { inputTokens: 900, outputTokens: 12, costUsd: 0.003 }, startedAt: 1020, finishedAt: 1030 });
    expect(timeline).toMatchObject({ status: 'failed', threadId: 'c1', error: { message: 'Claude is overloaded.', code: 'MODEL_OVERLOADED' } });
    expect(timeline.answer).toBeUndefined();
    expect(segmentsOf(timeline).map((segment) => segment.durationMs)).toEqual([30, undefined]);
  });
});
