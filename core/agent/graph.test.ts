import { describe, expect, it } from 'vitest';
import { createMachine } from 'xstate';
import { machineGraph } from './graph.ts';
import { agentMachine } from './machine.ts';
import { reflectMachine } from './reflect-machine.ts';
import { shippedMachines } from './shipped-machines.ts';
import { scenariosFor } from './testing.ts';

describe('machineGraph', () => {
  const graph = machineGraph(agentMachine);

  it('lists every state with its type and invoked actors', () => {
    expect(graph.id).toBe('copilot');
    expect(graph.initial).toBe('think');
    expect(graph.states.map((state) => state.id)).toEqual(['think', 'act', 'observe', 'render', 'done', 'failed', 'cancelled']);
    expect(graph.states.filter((state) => state.type === 'final').map((state) => state.id)).toEqual(['done', 'failed', 'cancelled']);
    expect(graph.states.find((state) => state.id === 'think')?.invokes).toEqual(['callModel']);
    expect(graph.states.find((state) => state.id === 'act')?.entry).toContain('startToolCalls');
  });

  it('lists every transition, including always and after edges', () => {
    const edges = graph.transitions.map((edge) => `${edge.source}→${edge.target} [${edge.kind}] ${edge.event}${edge.guard ? ` if ${edge.guard}` : ''}`);
    expect(edges.sort()).toEqual(
      [
        'copilot→cancelled [on] CANCEL',
        'copilot→failed [after] xstate.after.deadline.copilot',
        'think→act [invoke.done] xstate.done.actor.callModel if wantsTools',
        'think→render [invoke.done] xstate.done.actor.callModel',
        'think→failed [invoke.error] xstate.error.actor.callModel',
        'act→act [on] xstate.done.actor.*',
        'act→observe [always] always if toolCallsSettled',
        'observe→failed [always] always if stepLimitReached',
        'observe→think [always] always',
        'render→done [always] always',
      ].sort(),
    );
  });

  it('is derived from the machine object, so another machine gives another graph', () => {
    const toy = createMachine({
      id: 'toy',
      initial: 'idle',
      states: {
        idle: { on: { GO: 'busy' } },
        busy: { after: { 100: 'idle' }, always: { guard: 'isDone', target: 'over' } },
        over: { type: 'final' },
      },
    });
    expect(machineGraph(toy)).toEqual({
      id: 'toy',
      initial: 'idle',
      states: [
        { id: 'idle', invokes: [], entry: [] },
        { id: 'busy', invokes: [], entry: [] },
        { id: 'over', type: 'final', invokes: [], entry: [] },
      ],
      transitions: [
        { source: 'idle', target: 'busy', event: 'GO', kind: 'on' },
        { source: 'busy', target: 'idle', event: 'xstate.after.100.toy.busy', kind: 'after' },
        { source: 'busy', target: 'over', event: 'always', guard: 'isDone', kind: 'always' },
      ],
    });
  });

  it('draws the reflect machine from its own definition: reflect between think and render', () => {
    const reflect = machineGraph(reflectMachine);
    expect(reflect.id).toBe('react-reflect');
    expect(reflect.states.map((state) => state.id)).toEqual(['think', 'act', 'observe', 'reflect', 'render', 'done', 'failed', 'cancelled']);
    const edges = reflect.transitions.map((edge) => `${edge.source}→${edge.target} [${edge.kind}] ${edge.event}${edge.guard ? ` if ${edge.guard}` : ''}`);
    expect(edges).toContain('think→reflect [invoke.done] xstate.done.actor.callModel');
    expect(edges).toContain('reflect→think [always] always if draftNeedsRevision');
    expect(edges).toContain('reflect→render [always] always');
    expect(edges).not.toContain('think→render [invoke.done] xstate.done.actor.callModel');
    expect(shippedMachines.graph('react-reflect')).toEqual(reflect);
    expect(shippedMachines.graph('react')).toEqual(graph);
  });

  it.each(shippedMachines.definitions)('explains every transition a $name run takes with an edge of its graph', async ({ machine }) => {
    const graph = machineGraph(machine);
    for (const scenario of Object.values(scenariosFor(machine))) {
      const { events } = await scenario();
      for (const event of events) {
        if (event.type !== 'CUSTOM' || event.name !== 'machine.transition' || event.value.from === null) continue;
        const { from, to, event: label } = event.value;
        const edge = graph.transitions.find(
          (candidate) =>
            (candidate.source === from || candidate.source === graph.id) &&
            candidate.target === to &&
            (candidate.event === label || (candidate.event.endsWith('.*') && label.startsWith(candidate.event.slice(0, -1)))),
        );
        expect(edge, `${from}→${to} on ${label}`).toBeDefined();
      }
    }
  });
});
