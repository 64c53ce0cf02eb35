import type { MachineGraph } from '../../../core/agent/graph.ts';
import type { RunTimeline, TimelineTransition } from './inspector-timeline.ts';

/** The transition the inspector shows: an index into the run's transitions, or null to follow the latest. */
export type Cursor = number | null;

/** How the cursor moves: a step back or forth, to the first transition, or back to following the latest. */
export type CursorMove = -1 | 1 | 'first' | 'latest';

/** What the chart and the timeline show at the cursor (time travel over the stored events). */
export interface TravelView {
  index: number;
  count: number;
  following: boolean;
  transition: TimelineTransition;
  /** The highlighted state: the state after the selected transition. */
  state: string;
  /** States the run had reached up to the cursor, in first-visit order. */
  visited: string[];
  /** Sequence numbers of the selected state visit: from its transition to the next one (exclusive). */
  window: { from: number; to: number };
}

/** The view at `cursor`; undefined before the run's first transition. */
export function travel(timeline: RunTimeline, cursor: Cursor): TravelView | undefined {
  const { transitions } = timeline;
  if (transitions.length === 0) return undefined;
  const index = cursor === null ? transitions.length - 1 : Math.min(Math.max(cursor, 0), transitions.length - 1);
  const transition = transitions[index];
  const next = transitions[index + 1];
  return {
    index,
    count: transitions.length,
    following: cursor === null,
    transition,
    state: transition.to,
    visited: [...new Set(transitions.slice(0, index + 1).map((move) => move.to))],
    window: { from: transition.seq, to: next?.seq ?? Number.POSITIVE_INFINITY },
  };
}

/**
 * The cursor after a move over `count` transitions. Stepping leaves follow mode at the current position;
 * 'latest' returns to following, so a live run's highlight moves on by itself.
 */
export function moveCursor(cursor: Cursor, move: CursorMove, count: number): Cursor {
  if (move === 'latest' || count === 0) return null;
  if (move === 'first') return 0;
  const current = cursor ?? count - 1;
  return Math.min(Math.max(current + move, 0), count - 1);
}

/** Whether something that happened at `seq` is before, in, or after the selected state visit. */
export function phaseOf(seq: number, window: { from: number; to: number }): 'past' | 'current' | 'future' {
  if (seq < window.from) return 'past';
  return seq < window.to ? 'current' : 'future';
}

/** The id the chart gives a graph edge (its index in `graph.transitions`) or the initial arrow. */
export const edgeId = (index: number | 'initial'): string => `edge-${index}`;

/**
 * The graph edge a run's transition took, matched by source (a state, or the machine itself for edges that
 * apply in every state), target and event; undefined when the graph has no such edge (another machine).
 */
export function edgeOf(graph: MachineGraph, transition: Pick<TimelineTransition, 'from' | 'to' | 'event'>): string | undefined {
  if (transition.from === null) return transition.to === graph.initial ? edgeId('initial') : undefined;
  let best: { index: number; score: number } | undefined;
  graph.transitions.forEach((edge, index) => {
    if (edge.target !== transition.to || (edge.source !== transition.from && edge.source !== graph.id)) return;
    const score = (edge.source === transition.from ? 2 : 0) + (eventMatches(edge.event, transition.event) ? 1 : 0);
    if (best === undefined || score > best.score) best = { index, score };
  });
  return best === undefined ? undefined : edgeId(best.index);
}

function eventMatches(descriptor: string, event: string): boolean {
  if (descriptor === '*' || descriptor === event) return true;
  return descriptor.endsWith('.*') && event.startsWith(descriptor.slice(0, -1));
}
