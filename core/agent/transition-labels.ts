import type { AnyStateMachine } from 'xstate';
import { machineGraph } from './graph.ts';

/** Names the edge a move took: the event's type, or `always` when an eventless edge made the move. */
export type TransitionLabeler = (from: string | null, to: string, eventType: string) => string;

const cache = new WeakMap<AnyStateMachine, TransitionLabeler>();

/**
 * Builds (once per machine) a labeler from the machine's graph. A state's entry action sees the event of the
 * whole macrostep, also when an `always` edge moved it; the graph tells the two apart.
 */
export function transitionLabeler(machine: AnyStateMachine): TransitionLabeler {
  const cached = cache.get(machine);
  if (cached) return cached;
  const graph = machineGraph(machine);
  const edges = new Map<string, { events: string[]; eventless: boolean }>();
  for (const edge of graph.transitions) {
    const key = `${edge.source === graph.id ? '*' : edge.source}>${edge.target}`;
    const entry = edges.get(key) ?? { events: [], eventless: false };
    if (edge.kind === 'always') entry.eventless = true;
    else entry.events.push(edge.event);
    edges.set(key, entry);
  }
  const labeler: TransitionLabeler = (from, to, eventType) => {
    const direct = edges.get(`${from}>${to}`);
    if (direct === undefined || !direct.eventless) return eventType;
    const explained = [direct, edges.get(`*>${to}`)].some((entry) => entry?.events.some((event) => matches(event, eventType)));
    return explained ? eventType : 'always';
  };
  cache.set(machine, labeler);
  return labeler;
}

function matches(descriptor: string, eventType: string): boolean {
  if (descriptor === '*' || descriptor === eventType) return true;
  return descriptor.endsWith('.*') && eventType.startsWith(descriptor.slice(0, -1));
}
