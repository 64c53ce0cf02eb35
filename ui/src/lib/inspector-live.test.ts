import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../core/agent/events.ts';
import { endsRun, liveFeedReducer, type LiveRun } from './inspector-live.ts';
import { eventFactory } from './test-support.ts';

const transition = (to: string) => ({ name: 'machine.transition', value: { from: null, to, event: 'always', at: 0 } });

describe('liveFeedReducer', () => {
  it('lists runs as they happen, newest first, each in its current state until it ends', () => {
    const a = eventFactory('run_a');
    const b = eventFactory('run_b');
    const events: RunEvent[] = [
      a('RUN_STARTED', { threadId: 'conv_1', runId: 'run_a' }),
      a('CUSTOM', transition('think')),
      b('RUN_STARTED', { threadId: 'conv_2', runId: 'run_b' }),
      a('CUSTOM', transition('act')),
      b('CUSTOM', transition('think')),
      a('CUSTOM', transition('observe')),
      b('RUN_ERROR', { message: 'overloaded' }),
      a('CUSTOM', transition('render')),
    ];
    const runs = events.reduce<LiveRun[]>((state, event) => liveFeedReducer(state, event), []);
    expect(runs.map((run) => [run.runId, run.threadId, run.status, run.state])).toEqual([
      ['run_b', 'conv_2', 'failed', 'think'],
      ['run_a', 'conv_1', 'running', 'render'],
    ]);
    const done = liveFeedReducer(runs, a('RUN_FINISHED', { threadId: 'conv_1', runId: 'run_a', result: { status: 'cancelled' } }));
    expect(done[1]).toMatchObject({ status: 'cancelled', lastSeq: 6 });
    expect(endsRun(events[6])).toBe(true);
    expect(endsRun(events[7])).toBe(false);
  });

  it('shows the question, model and machine of a run from its RUN_STARTED', () => {
    const a = eventFactory('run_a');
    const runs = liveFeedReducer([], a('RUN_STARTED', { threadId: 'c', runId: 'run_a' }, { question: 'Top events?', model: 'claude-sonnet-4-5', machine: 'react-reflect' }));
    expect(runs[0]).toMatchObject({ question: 'Top events?', model: 'claude-sonnet-4-5', machine: 'react-reflect', status: 'running' });
    const moved = liveFeedReducer(runs, a('CUSTOM', transition('think')));
    expect(moved[0]).toMatchObject({ question: 'Top events?', state: 'think' });
  });

  it('picks up a run first seen mid-way, ignores repeats and keeps the newest runs only', () => {
    const late = eventFactory('run_late');
    late('RUN_STARTED', { threadId: 't', runId: 'run_late' });
    const mid = late('CUSTOM', transition('act'));
    const runs = liveFeedReducer([], mid);
    expect(runs).toEqual([expect.objectContaining({ runId: 'run_late', status: 'running', state: 'act', lastSeq: 2 })]);
    expect(liveFeedReducer(runs, mid)).toBe(runs);
    let many: LiveRun[] = [];
    for (let i = 0; i < 5; i++) many = liveFeedReducer(many, eventFactory(`run_${i}`)('RUN_STARTED', { threadId: 't', runId: `run_${i}` }), 3);
    expect(many.map((run) => run.runId)).toEqual(['run_4', 'run_3', 'run_2']);
  });
});
