import { beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../core/agent/events.ts';
import { buildTimeline, segmentsOf } from './inspector-timeline.ts';
import { cancelledRun, copilotGraph, parallelRunWithError } from './inspector-test-runs.ts';
import { edgeId, edgeOf, moveCursor, phaseOf, travel, type Cursor } from './inspector-travel.ts';

let parallel: RunEvent[];
let cancelled: RunEvent[];
beforeAll(async () => {
  [parallel, cancelled] = await Promise.all([parallelRunWithError(), cancelledRun()]);
});

describe('travel', () => {
  it('follows the latest transition, then steps back and forth through think, act, observe and render', () => {
    const timeline = buildTimeline(parallel);
    expect(travel(timeline, null)).toMatchObject({ index: 8, count: 9, state: 'done', following: true });
    const states: string[] = [];
    let cursor: Cursor = moveCursor(null, 'first', 9);
    for (let i = 0; i < 12; i++) {
      states.push(travel(timeline, cursor)!.state);
      cursor = moveCursor(cursor, 1, 9);
    }
    expect(states).toEqual(['think', 'act', 'observe', 'think', 'act', 'observe', 'think', 'render', 'done', 'done', 'done', 'done']);
    expect(moveCursor(cursor, -1, 9)).toBe(7);
    expect(moveCursor(null, -1, 9)).toBe(7);
    expect(moveCursor(0, -1, 9)).toBe(0);
    expect(moveCursor(3, 'latest', 9)).toBeNull();
  });

  it('highlights the state after the selected transition, with the states visited so far and its event window', () => {
    const timeline = buildTimeline(parallel);
    const view = travel(timeline, 1)!;
    expect(view).toMatchObject({ state: 'act', following: false, visited: ['think', 'act'] });
    expect(view.transition).toMatchObject({ from: 'think', to: 'act' });
    expect(view.window).toEqual({ from: timeline.transitions[1].seq, to: timeline.transitions[2].seq });
    expect(travel(timeline, 7)!.visited).toEqual(['think', 'act', 'observe', 'render']);
    expect(travel(timeline, 99)!.index).toBe(8);
    expect(travel(buildTimeline([]), null)).toBeUndefined();
  });

  it('places everything of the run before, in or after the selected visit', () => {
    const timeline = buildTimeline(parallel);
    const view = travel(timeline, 1)!;
    const phases = segmentsOf(timeline).map((segment) => phaseOf(segment.window.from, view.window));
    expect(phases).toEqual(['past', 'current', 'future', 'future', 'future', 'future', 'future', 'future', 'future']);
    const explode = timeline.toolCalls.find((call) => call.name === 'explode')!;
    expect(phaseOf(explode.resultSeq!, view.window)).toBe('current');
  });
});

describe('edgeOf', () => {
  it('maps every transition of a real run to the edge of the graph it took', () => {
    const graph = copilotGraph();
    const edge = (index: string | undefined) => (index === undefined ? undefined : graph.transitions[Number(index.slice('edge-'.length))]);
    const taken = buildTimeline(parallel).transitions.map((move) => edgeOf(graph, move));
    expect(taken[0]).toBe(edgeId('initial'));
    expect(taken.slice(1).map((id) => { const e = edge(id)!; return `${e.source}→${e.target}:${e.kind}`; })).toEqual([
      'think→act:invoke.done',
      'act→observe:always',
      'observe→think:always',
      'think→act:invoke.done',
      'act→observe:always',
      'observe→think:always',
      'think→render:invoke.done',
      'render→done:always',
    ]);
  });

  it('maps a cancel to the machine-level CANCEL edge, and an unknown move to nothing', () => {
    const graph = copilotGraph();
    const cancel = buildTimeline(cancelled).transitions.at(-1)!;
    expect(graph.transitions[Number(edgeOf(graph, cancel)!.slice(5))]).toMatchObject({ source: 'copilot', target: 'cancelled', event: 'CANCEL' });
    expect(edgeOf(graph, { from: 'render', to: 'act', event: 'JUMP' })).toBeUndefined();
    expect(edgeOf(graph, { from: null, to: 'act', event: 'xstate.init' })).toBeUndefined();
  });
});
