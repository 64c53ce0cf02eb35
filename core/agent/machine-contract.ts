import { createEmptyActor, StateMachine, type AnyActorScope, type AnyStateMachine, type AnyStateNode } from 'xstate';
import { agentActorWork } from './agent-actor.ts';
import type { AgentContext } from './agent-setup.ts';
import { callModel } from './call-model.ts';
import { DEFAULT_LIMITS, type RunSession } from './run-session.ts';
import { runTool } from './run-tool.ts';

/**
 * An XState machine that follows the agent machine contract, so that `runAgent`, the SSE stream, the stored
 * runs, the inspector and the evals work with it unchanged. What it must provide (checked from the machine
 * object by `checkAgentMachine`):
 * - flat states, each a named step: a non-final state's entry starts with `startStep` and its exit has
 *   `finishStep` (both with `{ step: <state name> }`), so STEP_* and `machine.transition` events follow it;
 * - the final states `done`, `failed` and `cancelled` (and no others), each entering with `reachEnd`;
 * - CANCEL handled in every step, to `cancelled`; a deadline (`after: { deadline }`) at the root, to `failed`;
 * - a state that invokes the framework's `callModel` and handles its error, and a state that runs the
 *   requested tools with `startToolCalls` (the framework's `runTool` actors); only `defineAgentActor` actors;
 * - its context made by `agentContext` (the run session and the counters `runAgent` reads).
 */
export type AgentMachine = AnyStateMachine;

/** A machine refused because it breaks the contract; `problems` lists every missing part. */
export class MachineContractError extends Error {
  readonly code = 'MACHINE_CONTRACT';
  readonly problems: string[];

  constructor(name: string, problems: string[]) {
    super(`Machine '${name}' breaks the agent machine contract (see docs/machines.md):\n- ${problems.join('\n- ')}`);
    this.name = 'MachineContractError';
    this.problems = problems;
  }
}

/** The final states every agent machine ends in; `runAgent` maps them to the run's status. */
export const FINAL_STATES = ['done', 'failed', 'cancelled'] as const;

const checked = new WeakMap<object, string[]>();

/** Everything a machine lacks to follow the contract (empty when it follows it), computed once per machine. */
export function checkAgentMachine(machine: unknown): string[] {
  if (!(machine instanceof StateMachine)) {
    return ['it is not an XState machine: build it with agentSetup.createMachine({...}) from core/agent'];
  }
  let problems = checked.get(machine);
  if (problems === undefined) {
    problems = [...structureProblems(machine), ...actorProblems(machine), ...contextProblems(machine)];
    checked.set(machine, problems);
  }
  return problems;
}

/** Throws a `MachineContractError` naming what is missing unless `machine` follows the contract. */
export function assertAgentMachine(machine: unknown, name = machineId(machine)): asserts machine is AgentMachine {
  const problems = checkAgentMachine(machine);
  if (problems.length > 0) throw new MachineContractError(name, problems);
}

function machineId(machine: unknown): string {
  return machine instanceof StateMachine ? machine.id : String(machine);
}

function structureProblems(machine: AnyStateMachine): string[] {
  const problems: string[] = [];
  const root = machine.root;
  const states = Object.values(root.states);
  for (const final of FINAL_STATES) {
    const node = root.states[final];
    if (node === undefined || node.type !== 'final') problems.push(`a final state '${final}' ({ type: 'final' })`);
    else if (!hasAction(node.entry, 'reachEnd', 'state', final)) {
      problems.push(`final state '${final}': entry { type: 'reachEnd', params: { state: '${final}' } }`);
    }
  }
  for (const node of states) {
    if (node.type === 'final') {
      if (!(FINAL_STATES as readonly string[]).includes(node.key)) problems.push(`final state '${node.key}': end in one of ${FINAL_STATES.join(', ')} instead`);
      continue;
    }
    if (node.type !== 'atomic') {
      problems.push(`state '${node.key}' is ${node.type}: agent machines are flat, one named step per state`);
      continue;
    }
    const first = node.entry[0];
    if (!isAction(first, 'startStep', 'step', node.key)) problems.push(`state '${node.key}': entry starting with { type: 'startStep', params: { step: '${node.key}' } }`);
    if (!hasAction(node.exit, 'finishStep', 'step', node.key)) problems.push(`state '${node.key}': exit { type: 'finishStep', params: { step: '${node.key}' } }`);
    if (!goesTo(root, 'CANCEL', 'cancelled') && !goesTo(node, 'CANCEL', 'cancelled')) problems.push(`state '${node.key}': CANCEL → cancelled (put on: { CANCEL: '.cancelled' } at the root)`);
  }
  if (![...root.transitions.keys()].some((event) => event.startsWith('xstate.after.') && goesTo(root, event, 'failed'))) {
    problems.push(`a deadline at the root: after: { deadline: { target: '.failed', actions: { type: 'fail', params: ... } } }`);
  }
  const modelStates = states.filter((node) => node.invoke.some((invoke) => invoke.src === 'callModel'));
  if (modelStates.length === 0) problems.push(`a state that invokes the framework's model: invoke: { id: 'callModel', src: 'callModel', ... }`);
  for (const node of modelStates) {
    for (const invoke of node.invoke.filter((candidate) => candidate.src === 'callModel')) {
      if (!node.transitions.has(`xstate.error.actor.${invoke.id}`)) problems.push(`state '${node.key}': onError for the callModel invoke (a model failure → failed)`);
    }
  }
  if (!states.some((node) => hasAction(node.entry, 'startToolCalls'))) problems.push(`a state that runs the requested tools: entry 'startToolCalls' (spawns the framework's runTool actors)`);
  return problems;
}

function actorProblems(machine: AnyStateMachine): string[] {
  const actors = (machine.implementations.actors ?? {}) as Record<string, unknown>;
  const problems: string[] = [];
  if (actors.callModel !== callModel) problems.push(`the framework's callModel actor under the name 'callModel' (setup({ actors: { callModel, runTool } }))`);
  if (actors.runTool !== runTool) problems.push(`the framework's runTool actor under the name 'runTool' (setup({ actors: { callModel, runTool } }))`);
  for (const [name, logic] of Object.entries(actors)) {
    if (typeof logic !== 'object' || logic === null || agentActorWork(logic as Parameters<typeof agentActorWork>[0]) === undefined) {
      problems.push(`actor '${name}': make it with defineAgentActor(work) so that the runner can run and cancel it`);
    }
  }
  return problems;
}

/** Builds the first snapshot for a stand-in session, without running any action, and reads its context. */
function contextProblems(machine: AnyStateMachine): string[] {
  const session = { limits: DEFAULT_LIMITS } as RunSession;
  let context: Partial<AgentContext> | undefined;
  try {
    context = machine.getInitialSnapshot(inertScope(machine), { session }).context as Partial<AgentContext>;
  } catch (error) {
    return [`a first state built from { session } (it threw: ${error instanceof Error ? error.message : String(error)})`];
  }
  if (context?.session !== session || typeof context.steps !== 'number') return ['context: agentContext (the run session and its counters)'];
  return [];
}

function inertScope(machine: AnyStateMachine): AnyActorScope {
  const self = createEmptyActor();
  const ignore = () => {};
  return { self, id: machine.id, sessionId: self.sessionId, system: self.system, logger: ignore, defer: ignore, emit: ignore, stopChild: ignore, actionExecutor: ignore };
}

function isAction(action: unknown, type: string, param?: string, value?: string): boolean {
  const typed = typeof action === 'string' ? { type: action } : action;
  if (typeof typed !== 'object' || typed === null || (typed as { type?: unknown }).type !== type) return false;
  if (param === undefined) return true;
  const params = (typed as { params?: unknown }).params;
  return typeof params === 'object' && params !== null && (params as Record<string, unknown>)[param] === value;
}

function hasAction(actions: readonly unknown[], type: string, param?: string, value?: string): boolean {
  return actions.some((action) => isAction(action, type, param, value));
}

function goesTo(node: AnyStateNode, event: string, target: string): boolean {
  return (node.transitions.get(event) ?? []).some((transition) => transition.target?.some((candidate) => candidate.key === target && candidate.parent === node.machine.root) ?? false);
}
