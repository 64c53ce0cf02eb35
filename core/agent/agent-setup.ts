import { assign, enqueueActions, setup } from 'xstate';
import { ModelError } from '../models/model-error.ts';
import { addUsage, type ToolResultBlock, type ToolUseBlock } from '../models/model.ts';
import { callModel, type ModelTurn } from './call-model.ts';
import type { RunSession } from './run-session.ts';
import { runTool, type ToolOutcome } from './run-tool.ts';

/** Why a run failed, with a stable code. */
export interface RunFailure {
  code: string;
  message: string;
}

/** The machine's context: the run session plus the counters its guards read. */
export interface AgentContext {
  session: RunSession;
  /** Model calls made so far. */
  steps: number;
  /** Tool calls the model asked for in the current step. */
  toolUses: ToolUseBlock[];
  /** Tool calls of the current step still running. */
  pending: number;
  /** Observations of the current step, in the order the model asked for the calls. */
  observations: ToolResultBlock[];
  /** Corrective notes sent back to the model so far (a machine that reviews its draft stays bounded by it). */
  revisions: number;
  error?: RunFailure;
}

/**
 * The step that asks the model: its STEP_STARTED carries `inputMessages` (the transcript the model is sent),
 * its STEP_FINISHED the model call's `model`, `latencyMs`, `usage` and `stopReason`.
 */
export const MODEL_STEP = 'think';

/** Events the machine accepts from outside (tool results arrive as `xstate.done.actor.*` events). */
export type AgentEvent =
  | { type: 'CANCEL' }
  | { type: `xstate.done.actor.${string}`; output: ToolOutcome };

/**
 * The framework's parts every agent machine is built from: the `callModel` and `runTool` actors, the run's
 * deadline, the step guards, and the actions that emit run events through the run's emitter (`startStep`,
 * `finishStep`, `reachEnd`) and keep the transcript. Build a machine with `agentSetup.createMachine(...)`, or
 * `agentSetup.extend({ guards, actions })` for a machine with parts of its own (see docs/machines.md).
 */
export const agentSetup = setup({
  types: {
    context: {} as AgentContext,
    input: {} as { session: RunSession },
    events: {} as AgentEvent,
  },
  actors: { callModel, runTool },
  delays: {
    deadline: ({ context }) => context.session.limits.deadlineMs,
  },
  guards: {
    wantsTools: (_, params: { turn: ModelTurn }) => params.turn.toolUses.length > 0,
    toolCallsSettled: ({ context }) => context.pending === 0,
    stepLimitReached: ({ context }) => context.steps >= context.session.limits.maxSteps,
  },
  actions: {
    startStep: ({ context, event }, params: { step: string }) => {
      const { session } = context;
      noteTransition(session, event, params.step);
      const extra = params.step === MODEL_STEP ? { inputMessages: session.transcript.length } : undefined;
      session.emitter.emit({ type: 'STEP_STARTED', stepName: params.step }, extra);
    },
    finishStep: ({ context }, params: { step: string }) => {
      const { session } = context;
      const report = session.modelCall;
      session.modelCall = undefined;
      session.emitter.emit({ type: 'STEP_FINISHED', stepName: params.step }, report === undefined ? undefined : { ...report });
    },
    reachEnd: ({ context, event }, params: { state: string }) => {
      noteTransition(context.session, event, params.state);
    },
    recordTurn: assign(({ context }, params: { turn: ModelTurn }) => {
      const { session } = context;
      const { turn } = params;
      session.usage = addUsage(session.usage, turn.usage);
      session.text = turn.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
      if (turn.content.length > 0) {
        const message = { role: 'assistant' as const, content: turn.content };
        session.transcript.push(message);
        session.newMessages.push(message);
      }
      return { steps: context.steps + 1, toolUses: turn.toolUses };
    }),
    startToolCalls: enqueueActions(({ context, enqueue }) => {
      const uses = context.toolUses;
      enqueue.assign({ pending: uses.length, observations: new Array<ToolResultBlock>(uses.length) });
      for (let index = 0; index < uses.length; index++) {
        enqueue.spawnChild('runTool', { id: `tool-${context.steps}-${index}`, input: { session: context.session, call: uses[index], index } });
      }
    }),
    recordToolResult: assign(({ context, event }) => {
      if (!('output' in event)) return {};
      const { call, index, result, durationMs } = event.output;
      const { session } = context;
      const content = JSON.stringify(result.content);
      session.emitter.emit(
        { type: 'TOOL_CALL_RESULT', messageId: `${call.id}-result`, toolCallId: call.id, content, role: 'tool' },
        { isError: result.isError, durationMs },
      );
      session.toolCalls.push({ id: call.id, name: call.name, input: call.input, isError: result.isError, durationMs });
      for (const component of result.components) session.components.push(component);
      const observations = context.observations.slice();
      observations[index] = { type: 'tool_result', tool_use_id: call.id, content, ...(result.isError ? { is_error: true } : {}) };
      return { pending: context.pending - 1, observations };
    }),
    appendObservations: ({ context }) => {
      const message = { role: 'user' as const, content: context.observations };
      context.session.transcript.push(message);
      context.session.newMessages.push(message);
    },
    renderComponents: ({ context }) => {
      for (const component of context.session.components) {
        context.session.emitter.emit({ type: 'CUSTOM', name: 'ui.component', value: component });
      }
    },
    fail: assign((_, params: RunFailure) => ({ error: params })),
    failModel: assign((_, params: { error: unknown }) => ({ error: modelFailure(params.error) })),
  },
});

/** The context every agent machine starts from: `context: agentContext` in its config. */
export function agentContext({ input }: { input: { session: RunSession } }): AgentContext {
  return { session: input.session, steps: 0, toolUses: [], pending: 0, observations: [], revisions: 0 };
}

function noteTransition(session: RunSession, event: { type: string }, to: string): void {
  const label = session.labelTransition(session.state, to, event.type);
  session.emitter.emit({ type: 'CUSTOM', name: 'machine.transition', value: { from: session.state, to, event: label, at: Date.now() } });
  session.state = to;
}

function modelFailure(error: unknown): RunFailure {
  if (error instanceof ModelError) return { code: error.code, message: error.message };
  return { code: 'MODEL_ERROR', message: error instanceof Error ? error.message : String(error) };
}
