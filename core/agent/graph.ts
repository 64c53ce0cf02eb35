import type { AnyStateMachine, AnyStateNode } from 'xstate';

/** A state of the machine graph; ids are state paths (`think`), the same names as `machine.transition` events. */
export interface GraphState {
  id: string;
  type?: 'final';
  /** Actors the state invokes while it is active. */
  invokes: string[];
  /** Named actions run on entry (e.g. `startToolCalls`, which spawns one `runTool` per call). */
  entry: string[];
  tags?: string[];
}

/** An edge of the machine graph. A `source` equal to the machine id applies in every state. */
export interface GraphTransition {
  source: string;
  target: string;
  event: string;
  guard?: string;
  kind: 'on' | 'always' | 'after' | 'invoke.done' | 'invoke.error';
}

/** The machine as data for the inspector. */
export interface MachineGraph {
  id: string;
  initial: string;
  states: GraphState[];
  transitions: GraphTransition[];
}

/**
 * Derives the graph from the machine object itself (its StateNodes' `on`, `always`, `after` and invoke edges),
 * so that any change to the machine shows in the inspector with no other edit. Eventless edges get the event
 * name `always`, as in the run's `machine.transition` events.
 */
export function machineGraph(machine: AnyStateMachine): MachineGraph {
  const root = machine.root;
  const states: GraphState[] = [];
  const transitions: GraphTransition[] = [];
  const visit = (node: AnyStateNode) => {
    if (node !== root) states.push(describeState(node));
    const source = nodeId(node, root);
    const invokeIds = new Set(node.invoke.map((invoke) => invoke.id));
    for (const [event, definitions] of node.transitions) {
      const kind = edgeKind(event, invokeIds);
      for (const definition of definitions) transitions.push(edge(source, definition, event, kind, root));
    }
    for (const definition of node.always ?? []) transitions.push(edge(source, definition, 'always', 'always', root));
    for (const child of Object.values(node.states)) visit(child);
  };
  visit(root);
  const initial = root.initial.target.map((node) => nodeId(node, root)).join(',');
  return { id: root.id, initial, states, transitions };
}

function describeState(node: AnyStateNode): GraphState {
  return {
    id: nodeId(node, node.machine.root),
    ...(node.type === 'final' ? { type: 'final' as const } : {}),
    invokes: node.invoke.map((invoke) => (typeof invoke.src === 'string' ? invoke.src : invoke.id)),
    entry: node.entry.flatMap((action) => actionName(action)),
    ...(node.tags.length > 0 ? { tags: [...node.tags] } : {}),
  };
}

function edge(
  source: string,
  definition: { target?: readonly AnyStateNode[] | undefined; guard?: unknown },
  event: string,
  kind: GraphTransition['kind'],
  root: AnyStateNode,
): GraphTransition {
  const target = definition.target?.map((node) => nodeId(node, root)).join(',') || source;
  const guard = guardName(definition.guard);
  return { source, target, event, ...(guard === undefined ? {} : { guard }), kind };
}

function edgeKind(event: string, invokeIds: Set<string>): GraphTransition['kind'] {
  if (event.startsWith('xstate.after.')) return 'after';
  if (event.startsWith('xstate.done.actor.') && invokeIds.has(event.slice('xstate.done.actor.'.length))) return 'invoke.done';
  if (event.startsWith('xstate.error.actor.') && invokeIds.has(event.slice('xstate.error.actor.'.length))) return 'invoke.error';
  return 'on';
}

function nodeId(node: AnyStateNode, root: AnyStateNode): string {
  return node === root ? root.id : node.path.join('.');
}

function guardName(guard: unknown): string | undefined {
  if (guard === undefined) return undefined;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') return guard.name || 'inline';
  if (typeof guard === 'object' && guard !== null && 'type' in guard) return String(guard.type);
  return 'inline';
}

/** Named actions only: XState's own (the `raise` behind an `after` edge) and anonymous functions are left out. */
function actionName(action: unknown): string[] {
  if (typeof action === 'string') return [action];
  if (typeof action === 'function') {
    const builtIn = 'type' in action && String(action.type).startsWith('xstate.');
    return builtIn || !action.name ? [] : [action.name];
  }
  if (typeof action === 'object' && action !== null && 'type' in action) return [String(action.type)];
  return [];
}
