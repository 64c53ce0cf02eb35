import type { ToolUseBlock } from '../models/model.ts';
import type { ToolCallResult } from '../registry/index.ts';
import { defineAgentActor } from './agent-actor.ts';
import type { RunSession } from './run-session.ts';

/** Input of the `runTool` actor: one tool call of the current step and its position in the step. */
export interface RunToolInput {
  session: RunSession;
  call: ToolUseBlock;
  index: number;
}

/** What the `runTool` actor reports: the call, its result (errors included) and how long it took. */
export interface ToolOutcome {
  call: ToolUseBlock;
  index: number;
  result: ToolCallResult;
  durationMs: number;
}

/**
 * The `runTool` actor: validates and runs one tool call through the registry, within the run's per-tool
 * timeout. It never rejects: a failure is a result with `isError`. Stopping the actor aborts the tool's signal.
 */
export const runTool = defineAgentActor<ToolOutcome, RunToolInput>(async (input, signal) => {
  const { session, call, index } = input;
  const started = performance.now();
  const result = await session.registry.call(
    call.name,
    call.input,
    { ...session.toolContext, signal },
    { timeoutMs: session.limits.toolTimeoutMs },
  );
  return { call, index, result, durationMs: performance.now() - started };
});
