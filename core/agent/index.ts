export { MachineTransitionValue, RunEvent, RunEventMetadata, UiComponentValue, type RunEventInit } from './events.ts';
export { formatSse, parseRunEvents, parseSse, type SseFrame } from './sse.ts';
export { agentMachine, type AgentContext, type AgentEvent, type AgentMachine, type RunFailure } from './machine.ts';
export { machineGraph, type GraphState, type GraphTransition, type MachineGraph } from './graph.ts';
export { runAgent, type RunAgentOptions, type RunResult } from './run-agent.ts';
export { DEFAULT_LIMITS, type RunLimits, type RunToolContext, type ToolCallRecord } from './run-session.ts';
export type { EventSink } from './run-emitter.ts';
