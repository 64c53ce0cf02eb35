import { Graph, layout } from '@dagrejs/dagre';
import type { GraphTransition, MachineGraph } from '../../../core/agent/graph.ts';
import { edgeId } from './inspector-travel.ts';

/** A box of the chart: a state, the start dot, or the "any state" source of the machine's own edges. */
export interface ChartNode {
  id: string;
  label: string;
  kind: 'state' | 'final' | 'start' | 'any';
  /** Actors the state invokes, shown under its name. */
  invokes: string[];
  /** Centre and size, in SVG units. */
  x: number;
  y: number;
  width: number;
  height: number;
}

/** An arrow of the chart with its label placed by the layout. */
export interface ChartEdge {
  id: string;
  source: string;
  target: string;
  kind: GraphTransition['kind'] | 'initial';
  /** Short label: `event [guard]`. */
  label: string;
  /** The full event name and guard, for a tooltip. */
  title: string;
  path: string;
  labelX: number;
  labelY: number;
}

/** The laid-out statechart. */
export interface ChartLayout {
  width: number;
  height: number;
  nodes: ChartNode[];
  edges: ChartEdge[];
}

/** Id of the start dot's node. */
export const START_NODE = 'start:';
/** Id of the node standing for "any state" (the source of the machine's own edges, e.g. CANCEL). */
export const ANY_NODE = 'any:';

const FONT_WIDTH = 7.2;
const LABEL_HEIGHT = 16;

/**
 * Lays the machine graph out with dagre (top to bottom, so think → act → observe → render reads downwards)
 * and returns boxes, label positions and SVG paths. Nothing is hand-placed: a new state or edge in the
 * machine shows up here with no other edit.
 */
export function layoutGraph(machine: MachineGraph): ChartLayout {
  const g = new Graph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 36, edgesep: 18, ranksep: 46, marginx: 16, marginy: 16 });
  const nodes = new Map<string, Omit<ChartNode, 'x' | 'y'>>();
  const addNode = (node: Omit<ChartNode, 'x' | 'y'>) => {
    nodes.set(node.id, node);
    g.setNode(node.id, { width: node.width, height: node.height });
  };

  addNode({ id: START_NODE, label: 'start', kind: 'start', invokes: [], width: 14, height: 14 });
  for (const state of machine.states) {
    const width = Math.max(88, Math.ceil(state.id.length * 8.4 + 32), ...state.invokes.map((name) => Math.ceil(name.length * 6.6 + 56)));
    addNode({ id: state.id, label: state.id, kind: state.type === 'final' ? 'final' : 'state', invokes: state.invokes, width, height: state.invokes.length > 0 ? 50 : 36 });
  }
  if (machine.transitions.some((edge) => edge.source === machine.id)) {
    addNode({ id: ANY_NODE, label: 'any state', kind: 'any', invokes: [], width: 96, height: 30 });
  }

  const edges = new Map<string, Omit<ChartEdge, 'path' | 'labelX' | 'labelY'>>();
  const addEdge = (edge: Omit<ChartEdge, 'path' | 'labelX' | 'labelY'>) => {
    edges.set(edge.id, edge);
    const width = edge.label === '' ? 0 : Math.ceil(edge.label.length * FONT_WIDTH + 8);
    g.setEdge(edge.source, edge.target, { width, height: edge.label === '' ? 0 : LABEL_HEIGHT, labelpos: 'c', minlen: 1 }, edge.id);
  };
  if (nodes.has(machine.initial)) addEdge({ id: edgeId('initial'), source: START_NODE, target: machine.initial, kind: 'initial', label: '', title: 'initial state' });
  machine.transitions.forEach((transition, index) => {
    const source = transition.source === machine.id ? ANY_NODE : transition.source;
    if (!nodes.has(source) || !nodes.has(transition.target)) return;
    addEdge({ id: edgeId(index), source, target: transition.target, kind: transition.kind, label: edgeLabel(transition), title: edgeTitle(transition) });
  });

  layout(g);

  const size = g.graph();
  return {
    width: Math.ceil(size.width ?? 0),
    height: Math.ceil(size.height ?? 0),
    nodes: [...nodes.values()].map((node) => {
      const placed = g.node(node.id);
      return { ...node, x: placed.x ?? 0, y: placed.y ?? 0 };
    }),
    edges: [...edges.values()].map((edge) => {
      const placed = g.edge(edge.source, edge.target, edge.id);
      const points = placed.points ?? [];
      const middle = points[Math.floor(points.length / 2)] ?? { x: 0, y: 0 };
      const labelX = placed.x ?? middle.x;
      const labelY = placed.y ?? middle.y;
      if (edge.source !== edge.target) return { ...edge, path: smoothPath(points), labelX, labelY };
      const node = g.node(edge.source);
      return { ...edge, path: selfLoopPath(node, labelX - (placed.width ?? 0) / 2), labelX, labelY };
    }),
  };
}

/**
 * An event name made readable: `xstate.done.actor.callModel` → `done.callModel`, `xstate.after.deadline.copilot`
 * → `after deadline`, `xstate.init` → `start`; other names stay as they are.
 */
export function eventLabel(event: string): string {
  if (event === 'xstate.init') return 'start';
  const after = /^xstate\.after\.([^.]+)\./.exec(event);
  if (after) return `after ${after[1]}`;
  return event.replace(/^xstate\.(done|error)\.actor\./, '$1.');
}

/** The short label of an edge: `event [guard]`. */
export function edgeLabel(transition: Pick<GraphTransition, 'event' | 'guard'>): string {
  const event = eventLabel(transition.event);
  return transition.guard ? `${event} [${transition.guard}]` : event;
}

function edgeTitle(transition: GraphTransition): string {
  const guard = transition.guard ? ` if ${transition.guard}` : '';
  return `${transition.source} → ${transition.target} on ${transition.event}${guard} (${transition.kind})`;
}

/**
 * A loop on the right side of a box, reaching towards the space dagre kept for its label (dagre's own
 * self-edge points are not drawn: they wander across that space).
 */
function selfLoopPath(node: { x?: number; y?: number; width: number; height: number }, labelLeft: number): string {
  const right = (node.x ?? 0) + node.width / 2;
  const y = node.y ?? 0;
  const reach = Math.min(Math.max((labelLeft - 4 - right) / 0.75, 16), 48);
  const dy = node.height / 4;
  const fixed = (value: number) => Number(value.toFixed(1));
  return `M${fixed(right)},${fixed(y - dy)} C${fixed(right + reach)},${fixed(y - dy * 2.5)} ${fixed(right + reach)},${fixed(y + dy * 2.5)} ${fixed(right)},${fixed(y + dy)}`;
}

/** An SVG path through the layout's points, with rounded corners. */
export function smoothPath(points: ReadonlyArray<{ x: number; y: number }>): string {
  if (points.length === 0) return '';
  const fixed = (value: number) => Number(value.toFixed(1));
  let path = `M${fixed(points[0].x)},${fixed(points[0].y)}`;
  for (let i = 1; i < points.length - 1; i++) {
    const midX = (points[i].x + points[i + 1].x) / 2;
    const midY = (points[i].y + points[i + 1].y) / 2;
    path += ` Q${fixed(points[i].x)},${fixed(points[i].y)} ${fixed(midX)},${fixed(midY)}`;
  }
  const last = points[points.length - 1];
  return points.length > 1 ? `${path} L${fixed(last.x)},${fixed(last.y)}` : path;
}
