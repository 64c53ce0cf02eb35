export { MachineTransitionValue, RunEvent, RunEventMetadata, UiComponentValue, type RunEventInit } from './events.ts';
export { formatSse, parseRunEvents, parseSse, type SseFrame } from './sse.ts';
export { agentContext, agentSetup, type AgentContext, type AgentEvent, type RunFailure } from './agent-setup.ts';
export { defineAgentActor, type AgentActorWork } from './agent-actor.ts';
export { agentMachine } from './machine.ts';
export { assertAgentMachine, checkAgentMachine, FINAL_STATES, MachineContractError, type AgentMachine } from './machine-contract.ts';
export { machineGraph, type GraphState, type GraphTransition, type MachineGraph } from './graph.ts';
export { runAgent, type RunAgentOptions, type RunResult } from './run-agent.ts';
export { DEFAULT_LIMITS, type RunLimits, type RunToolContext, type ToolCallRecord } from './run-session.ts';
export type { EventSink } from './run-emitter.ts';
export { reflectMachine, MAX_REVISIONS } from './reflect-machine.ts';
export { reviewDraft, revisionNote, type DraftEvidence } from './draft-review.ts';
export {
  createMachineRegistry,
  defineAgentMachine,
  UnknownMachineError,
  type AgentMachineDefinition,
  type MachineRegistry,
} from './machine-registry.ts';
export { DEFAULT_MACHINE, reactDefinition, reactReflectDefinition, shippedMachines } from './shipped-machines.ts';
