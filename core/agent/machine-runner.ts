import { assign, cancel, raise, spawnChild, stopChild, type AnyActorLogic, type AnyActorRef, type AnyStateMachine, type AnyStateNode, type EventObject } from 'xstate';
import { agentActorWork, type AgentActorWork } from './agent-actor.ts';

/** How a machine run stopped: the state it ended in and its context, or the error that stopped it instead. */
export interface MachineOutcome {
  state: string | undefined;
  context: unknown;
  crash?: unknown;
}

/** A running machine: events go in with `send`; `outcome` settles once it reaches a final state or crashes. */
export interface MachineRun {
  send(event: EventObject): void;
  readonly outcome: Promise<MachineOutcome>;
}

/**
 * Runs a flat agent machine (see machine-contract.ts) straight from its definition: the StateNodes' transitions,
 * guards, entry/exit actions, invokes and delayed edges, with XState's order of a macrostep (the event's
 * transition, then eventless ones, then raised events; exit, transition and entry actions in that order).
 * Built-in actions (assign, enqueueActions, spawnChild, stopChild, raise, cancel) are applied here, and actors
 * made with `defineAgentActor` run as plain promises that their AbortSignal stops. This keeps XState's
 * definition and semantics while paying no interpreter, snapshot or child actor on every step.
 */
export function startMachine(machine: AnyStateMachine, input: unknown): MachineRun {
  return new MachineDriver(compile(machine), input);
}

type Transition = { target?: readonly AnyStateNode[]; guard?: unknown; actions: readonly unknown[] };
type ActionArgs = { context: unknown; event: EventObject; self: AnyActorRef; system: unknown };
type Builtin = ((...args: unknown[]) => unknown) & { type: string; resolve: unknown } & Record<string, unknown>;

/** A machine prepared once for the runner: its states by name and the candidate transitions of each event. */
interface Program {
  machine: AnyStateMachine;
  root: AnyStateNode;
  states: Map<string, AnyStateNode>;
  candidates: Map<string, Transition[]>;
}

const programs = new WeakMap<AnyStateMachine, Program>();

function compile(machine: AnyStateMachine): Program {
  let program = programs.get(machine);
  if (program === undefined) {
    program = { machine, root: machine.root, states: new Map(Object.entries(machine.root.states)), candidates: new Map() };
    programs.set(machine, program);
  }
  return program;
}

/** The transitions an event may take in a state, the state's own before the root's, as XState orders them. */
function candidatesFor(program: Program, state: AnyStateNode, eventType: string): Transition[] {
  const key = `${state.key}\u0000${eventType}`;
  let found = program.candidates.get(key);
  if (found === undefined) {
    found = [...nodeCandidates(state, eventType), ...nodeCandidates(program.root, eventType)];
    program.candidates.set(key, found);
  }
  return found;
}

function nodeCandidates(node: AnyStateNode, eventType: string): Transition[] {
  const exact = node.transitions.get(eventType) ?? [];
  const wildcards = [...node.transitions.keys()]
    .filter((descriptor) => descriptor !== eventType && matchesDescriptor(eventType, descriptor))
    .sort((a, b) => b.length - a.length)
    .flatMap((descriptor) => node.transitions.get(descriptor) ?? []);
  return [...exact, ...wildcards] as Transition[];
}

function matchesDescriptor(eventType: string, descriptor: string): boolean {
  if (descriptor === '*') return true;
  if (!descriptor.endsWith('.*')) return false;
  return eventType.startsWith(descriptor.slice(0, -1));
}

interface Child {
  id: string;
  work: AgentActorWork<unknown, unknown>;
  input: unknown;
  controller?: AbortController;
}

class MachineDriver implements MachineRun {
  readonly outcome: Promise<MachineOutcome>;
  readonly #program: Program;
  readonly #self: AnyActorRef;
  readonly #queue: EventObject[] = [];
  readonly #raised: EventObject[] = [];
  readonly #toStart: Child[] = [];
  readonly #children = new Map<string, Child>();
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
  #state: AnyStateNode | undefined;
  #context: unknown;
  #busy = false;
  #over = false;
  #settle!: (outcome: MachineOutcome) => void;

  constructor(program: Program, input: unknown) {
    this.#program = program;
    this.outcome = new Promise((resolve) => (this.#settle = resolve));
    this.#self = { id: program.machine.id, send: (event: EventObject) => this.send(event) } as unknown as AnyActorRef;
    this.#guarded(() => this.#init(input));
  }

  send(event: EventObject): void {
    if (this.#over) return;
    this.#queue.push(event);
    if (!this.#busy) this.#guarded(() => this.#drain());
  }

  #guarded(work: () => void): void {
    this.#busy = true;
    try {
      work();
    } catch (error) {
      this.#finish(error);
    } finally {
      this.#busy = false;
    }
  }

  #init(input: unknown): void {
    const { machine, root } = this.#program;
    const event = { type: 'xstate.init', input } as EventObject;
    const context = machine.config.context;
    this.#context = typeof context === 'function' ? context({ input, self: this.#self, spawn: notSupported('spawn in context') }) : (context ?? {});
    this.#run(root.entry, event);
    this.#enter(root.initial.target[0], event);
    this.#settleMacrostep(event);
    this.#drain();
  }

  #drain(): void {
    let event: EventObject | undefined;
    while (!this.#over && (event = this.#queue.shift()) !== undefined) {
      const transition = this.#select(candidatesFor(this.#program, this.#state!, event.type), event);
      if (transition === undefined) {
        if (event.type.startsWith('xstate.error.actor.')) throw (event as { error?: unknown }).error;
        continue;
      }
      this.#take(transition, event);
      this.#settleMacrostep(event);
    }
  }

  /** Takes eventless transitions, then raised events, until the machine rests; then starts spawned actors. */
  #settleMacrostep(event: EventObject): void {
    const { root } = this.#program;
    let current = event;
    while (this.#state!.type !== 'final') {
      const always = [...(this.#state!.always ?? []), ...(root.always ?? [])] as Transition[];
      const eventless = this.#select(always, current);
      if (eventless !== undefined) {
        this.#take(eventless, current);
        continue;
      }
      const next = this.#raised.shift();
      if (next === undefined) break;
      current = next;
      const transition = this.#select(candidatesFor(this.#program, this.#state!, next.type), next);
      if (transition !== undefined) this.#take(transition, next);
    }
    if (this.#state!.type === 'final') {
      this.#run([...this.#state!.exit, ...root.exit], current);
      this.#finish();
      return;
    }
    for (const child of this.#toStart.splice(0)) this.#start(child);
  }

  #select(transitions: readonly Transition[], event: EventObject): Transition | undefined {
    for (const transition of transitions) if (transition.guard === undefined || this.#check(transition.guard, event)) return transition;
    return undefined;
  }

  #take(transition: Transition, event: EventObject): void {
    const target = transition.target?.[0];
    if (target === undefined) {
      this.#run(transition.actions, event);
      return;
    }
    const source = this.#state!;
    this.#run(source.exit, event);
    for (const invoke of source.invoke) this.#stop(invoke.id);
    this.#run(transition.actions, event);
    this.#enter(target, event);
  }

  #enter(state: AnyStateNode, event: EventObject): void {
    this.#state = state;
    this.#run(state.entry, event);
    for (const invoke of state.invoke) this.#spawn(invoke.src, invoke.id, invoke.input, event);
  }

  #check(guard: unknown, event: EventObject): boolean {
    const args = { context: this.#context, event };
    if (typeof guard === 'function') {
      if ('check' in guard) throw new Error('The agent runner does not evaluate and()/or()/not()/stateIn() guards: write one named guard instead.');
      return Boolean(guard(args, undefined));
    }
    const { type, params } = typeof guard === 'string' ? { type: guard, params: undefined } : (guard as { type: string; params?: unknown });
    const implementation = this.#program.machine.implementations.guards[type] as unknown;
    if (typeof implementation !== 'function') throw new Error(`Guard '${type}' is not implemented: add it to setup({ guards }).`);
    if ('check' in implementation) throw new Error(`Guard '${type}' is a built-in combinator; the agent runner evaluates named guards only.`);
    return Boolean(implementation(args, typeof params === 'function' ? params(args) : params));
  }

  #run(actions: readonly unknown[], event: EventObject): void {
    for (const action of actions) {
      if (typeof action === 'function') {
        if ('resolve' in action) this.#builtin(action as Builtin, event, undefined);
        else action(this.#args(event), undefined);
        continue;
      }
      const { type, params } = typeof action === 'string' ? { type: action, params: undefined } : (action as { type: string; params?: unknown });
      const implementation = this.#program.machine.implementations.actions[type] as unknown;
      if (typeof implementation !== 'function') throw new Error(`Action '${type}' is not implemented: add it to setup({ actions }).`);
      const resolved = typeof params === 'function' ? params({ context: this.#context, event }) : params;
      if ('resolve' in implementation) this.#builtin(implementation as Builtin, event, resolved);
      else implementation(this.#args(event), resolved);
    }
  }

  #args(event: EventObject): ActionArgs {
    return { context: this.#context, event, self: this.#self, system: undefined };
  }

  #builtin(action: Builtin, event: EventObject, params: unknown): void {
    const args = this.#args(event);
    switch (action.type) {
      case 'xstate.assign':
        this.#assign(action.assignment, args, params);
        return;
      case 'xstate.enqueueActions': {
        const queued: unknown[] = [];
        const enqueue = Object.assign((queuedAction: unknown) => void queued.push(queuedAction), enqueueCreators(queued));
        (action.collect as (args: unknown, params: unknown) => void)({ ...args, enqueue, check: (guard: unknown) => this.#check(guard, event) }, params);
        this.#run(queued, event);
        return;
      }
      case 'xstate.spawnChild':
        this.#spawn(action.src, resolve(action.id, args, params) as string, action.input, event);
        return;
      case 'xstate.stopChild': {
        const ref = resolve(action.actorRef, args, params);
        this.#stop(typeof ref === 'string' ? ref : (ref as { id: string }).id);
        return;
      }
      case 'xstate.raise': {
        const raised = resolve(action.event, args, params) as EventObject;
        const delay = typeof action.delay === 'string' ? this.#program.machine.implementations.delays[action.delay] : action.delay;
        const ms = resolve(delay, args, params);
        if (typeof ms === 'number') this.#schedule(raised, ms, (resolve(action.id, args, params) as string | undefined) ?? raised.type);
        else this.#raised.push(raised);
        return;
      }
      case 'xstate.cancel':
        this.#unschedule(resolve(action.sendId, args, params) as string);
        return;
    }
    throw new Error(`The agent runner does not run '${action.type}' actions: keep to assign, enqueueActions, raise, cancel, spawnChild, stopChild and named actions.`);
  }

  #assign(assignment: unknown, args: ActionArgs, params: unknown): void {
    const assignArgs = { ...args, spawn: notSupported('spawn in assign') };
    let update: Record<string, unknown>;
    if (typeof assignment === 'function') update = assignment(assignArgs, params) as Record<string, unknown>;
    else {
      update = {};
      for (const [key, value] of Object.entries(assignment as Record<string, unknown>)) update[key] = typeof value === 'function' ? value(assignArgs, params) : value;
    }
    this.#context = Object.assign({}, this.#context, update);
  }

  #spawn(src: unknown, id: string, input: unknown, event: EventObject): void {
    const logic = (typeof src === 'string' ? this.#program.machine.implementations.actors[src] : src) as AnyActorLogic | undefined;
    const work = logic === undefined ? undefined : agentActorWork(logic);
    if (work === undefined) throw new Error(`Actor '${String(src)}' was not made with defineAgentActor, so the agent runner cannot run it.`);
    const resolvedInput = typeof input === 'function' ? input({ context: this.#context, event, self: this.#self }) : input;
    const child: Child = { id, work, input: resolvedInput };
    this.#children.set(id, child);
    this.#toStart.push(child);
  }

  #start(child: Child): void {
    if (this.#children.get(child.id) !== child) return;
    const controller = new AbortController();
    child.controller = controller;
    const settle = (event: EventObject) => {
      if (this.#children.get(child.id) !== child) return;
      this.#children.delete(child.id);
      this.send(event);
    };
    let pending: Promise<unknown>;
    try {
      pending = child.work(child.input, controller.signal);
    } catch (error) {
      pending = Promise.reject(error);
    }
    pending.then(
      (output) => settle({ type: `xstate.done.actor.${child.id}`, output, actorId: child.id } as EventObject),
      (error) => settle({ type: `xstate.error.actor.${child.id}`, error, actorId: child.id } as EventObject),
    );
  }

  #stop(id: string): void {
    const child = this.#children.get(id);
    if (child === undefined) return;
    this.#children.delete(id);
    child.controller?.abort(new Error('The machine stopped this actor.'));
  }

  #schedule(event: EventObject, delay: number, id: string): void {
    this.#unschedule(id);
    this.#timers.set(
      id,
      setTimeout(() => {
        this.#timers.delete(id);
        this.send(event);
      }, delay),
    );
  }

  #unschedule(id: string): void {
    clearTimeout(this.#timers.get(id));
    this.#timers.delete(id);
  }

  #finish(crash?: unknown): void {
    if (this.#over) return;
    this.#over = true;
    this.#queue.length = 0;
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    for (const child of this.#children.values()) child.controller?.abort(new Error('The run ended.'));
    this.#children.clear();
    const outcome: MachineOutcome = { state: this.#state?.key, context: this.#context };
    this.#settle(crash === undefined ? outcome : { ...outcome, crash });
  }
}

const creators = { assign, raise, cancel, spawnChild, stopChild } as unknown as Record<string, (...args: unknown[]) => unknown>;

/** `enqueue.assign(...)`, `enqueue.spawnChild(...)`, …: XState's own action creators, collected in order. */
function enqueueCreators(queued: unknown[]): Record<string, (...args: unknown[]) => void> {
  return Object.fromEntries(Object.entries(creators).map(([name, create]) => [name, (...args: unknown[]) => void queued.push(create(...args))]));
}

function resolve(value: unknown, args: ActionArgs, params: unknown): unknown {
  return typeof value === 'function' ? value(args, params) : value;
}

function notSupported(what: string): () => never {
  return () => {
    throw new Error(`The agent runner does not support ${what}: spawn actors with spawnChild in an action.`);
  };
}
