import { describe, expect, it } from 'vitest';
import type { MachineGraph } from '../../../core/agent/graph.ts';
import { ANY_NODE, START_NODE, edgeLabel, eventLabel, layoutGraph, smoothPath } from './inspector-layout.ts';
import { copilotGraph } from './inspector-test-runs.ts';
import { edgeId } from './inspector-travel.ts';

const finite = (value: number) => Number.isFinite(value);

describe('layoutGraph', () => {
  it('places every state and every edge of the copilot machine inside the drawing', () => {
    const graph = copilotGraph();
    const layout = layoutGraph(graph);
    const states = layout.nodes.filter((node) => node.kind === 'state' || node.kind === 'final');
    expect(states.map((node) => node.id).sort()).toEqual(graph.states.map((state) => state.id).sort());
    expect(layout.nodes.filter((node) => node.kind === 'final').map((node) => node.id).sort()).toEqual(['cancelled', 'done', 'failed']);
    expect(layout.nodes.map((node) => node.id)).toEqual(expect.arrayContaining([START_NODE, ANY_NODE]));
    expect(layout.edges.map((edge) => edge.id).sort()).toEqual([edgeId('initial'), ...graph.transitions.map((_, index) => edgeId(index))].sort());
    for (const node of layout.nodes) {
      expect([node.x, node.y, node.width, node.height].every(finite)).toBe(true);
      expect(node.x - node.width / 2).toBeGreaterThanOrEqual(0);
      expect(node.y + node.height / 2).toBeLessThanOrEqual(layout.height);
    }
    for (const edge of layout.edges) {
      expect(edge.path).toMatch(/^M[\d.]+,[\d.]+ /);
      expect([edge.labelX, edge.labelY].every(finite)).toBe(true);
    }
  });

  it('keeps state boxes apart and draws the initial state below the start dot', () => {
    const layout = layoutGraph(copilotGraph());
    const boxes = layout.nodes;
    for (const a of boxes) {
      for (const b of boxes) {
        if (a === b) continue;
        const apart = Math.abs(a.x - b.x) >= (a.width + b.width) / 2 || Math.abs(a.y - b.y) >= (a.height + b.height) / 2;
        expect(apart, `${a.id} overlaps ${b.id}`).toBe(true);
      }
    }
    const node = (id: string) => boxes.find((candidate) => candidate.id === id)!;
    expect(node('think').y).toBeGreaterThan(node(START_NODE).y);
    expect(node('think').invokes).toEqual(['callModel']);
  });

  it('labels edges event [guard], styled by kind, with a loop for a self-transition', () => {
    const layout = layoutGraph(copilotGraph());
    const labels = Object.fromEntries(layout.edges.map((edge) => [`${edge.source}>${edge.target}:${edge.label}`, edge.kind]));
    expect(labels).toMatchObject({
      'think>act:done.callModel [wantsTools]': 'invoke.done',
      'think>failed:error.callModel': 'invoke.error',
      'act>observe:always [toolCallsSettled]': 'always',
      'observe>failed:always [stepLimitReached]': 'always',
      [`${ANY_NODE}>failed:after deadline`]: 'after',
      [`${ANY_NODE}>cancelled:CANCEL`]: 'on',
      'act>act:done.*': 'on',
    });
    const loop = layout.edges.find((edge) => edge.source === 'act' && edge.target === 'act')!;
    expect(loop.path).toMatch(/^M[\d.]+,[\d.]+ C/);
  });

  it('draws whatever graph it is given: a new state and edge appear with no other change', () => {
    const graph: MachineGraph = {
      id: 'mini',
      initial: 'plan',
      states: [{ id: 'plan', invokes: [], entry: [] }, { id: 'review', invokes: ['critic'], entry: [] }, { id: 'done', type: 'final', invokes: [], entry: [] }],
      transitions: [
        { source: 'plan', target: 'review', event: 'PLANNED', kind: 'on' },
        { source: 'review', target: 'plan', event: 'xstate.done.actor.critic', guard: 'rejected', kind: 'invoke.done' },
        { source: 'review', target: 'done', event: 'always', kind: 'always' },
      ],
    };
    const layout = layoutGraph(graph);
    expect(layout.nodes.map((node) => node.id)).toEqual([START_NODE, 'plan', 'review', 'done']);
    expect(layout.edges.map((edge) => edge.label)).toEqual(['', 'PLANNED', 'done.critic [rejected]', 'always']);
    expect(layout.width).toBeGreaterThan(0);
  });
});

describe('labels and paths', () => {
  it('makes XState event names readable', () => {
    expect(eventLabel('xstate.init')).toBe('start');
    expect(eventLabel('xstate.after.deadline.copilot')).toBe('after deadline');
    expect(eventLabel('xstate.after.500.copilot.think')).toBe('after 500');
    expect(eventLabel('xstate.error.actor.callModel')).toBe('error.callModel');
    expect(eventLabel('CANCEL')).toBe('CANCEL');
    expect(edgeLabel({ event: 'always', guard: 'toolCallsSettled' })).toBe('always [toolCallsSettled]');
  });

  it('rounds the corners of a polyline', () => {
    expect(smoothPath([{ x: 0, y: 0 }, { x: 0, y: 10 }, { x: 10, y: 10 }])).toBe('M0,0 Q0,10 5,10 L10,10');
    expect(smoothPath([])).toBe('');
  });
});
