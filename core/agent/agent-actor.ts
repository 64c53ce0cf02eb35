import { fromPromise, type AnyActorLogic, type PromiseActorLogic } from 'xstate';

/** The work of an agent actor: one promise that stops when its signal aborts. */
export type AgentActorWork<Output, Input> = (input: Input, signal: AbortSignal) => Promise<Output>;

const works = new WeakMap<AnyActorLogic, AgentActorWork<unknown, never>>();

/**
 * Declares an actor a machine may invoke or spawn (`callModel`, `runTool`, or a machine's own). It is an
 * ordinary XState promise actor, so the machine definition and its graph read as usual; the agent runner
 * calls `work` directly and aborts its signal when the machine stops the actor.
 */
export function defineAgentActor<Output, Input>(work: AgentActorWork<Output, Input>): PromiseActorLogic<Output, Input> {
  const logic = fromPromise<Output, Input>(({ input, signal }) => work(input, signal));
  works.set(logic, work as AgentActorWork<unknown, never>);
  return logic;
}

/** The work of an actor made with `defineAgentActor`, or undefined for any other actor logic. */
export function agentActorWork(logic: AnyActorLogic): AgentActorWork<unknown, unknown> | undefined {
  return works.get(logic) as AgentActorWork<unknown, unknown> | undefined;
}
