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
  error?: RunFailure;
}

/** Events the machine accepts from outside (tool results arrive as `xstate.done.actor.*` events). */
export type AgentEvent =
  | { type: 'CANCEL' }
  | { type: `xstate.done.actor.${string}`; output: ToolOutcome };

/**
 * The ReAct machine: `think` asks the model for the next step, `act` runs the requested tool calls in parallel,
 * `observe` appends the results and decides to think again, `render` emits the UI components. A model failure,
 * the step limit and the deadline end in `failed`; CANCEL (the run's AbortSignal) ends in `cancelled`, which
 * stops the model call and every running tool at once.
 */
export const agentMachine = setup({
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
      noteTransition(context.session, event, params.step);
      context.session.emitter.emit({ type: 'STEP_STARTED', stepName: params.step });
    },
    finishStep: ({ context }, params: { step: string }) => {
      context.session.emitter.emit({ type: 'STEP_FINISHED', stepName: params.step });
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
}).createMachine({
  id: 'copilot',
  context: ({ input }) => ({ session: input.session, steps: 0, toolUses: [], pending: 0, observations: [] }),
  initial: 'think',
  on: { CANCEL: { target: '.cancelled' } },
  after: {
    deadline: {
      target: '.failed',
      actions: {
        type: 'fail',
        params: ({ context }) => ({ code: 'DEADLINE_EXCEEDED', message: `The run took longer than ${context.session.limits.deadlineMs} ms.` }),
      },
    },
  },
  states: {
    think: {
      entry: { type: 'startStep', params: { step: 'think' } },
      exit: { type: 'finishStep', params: { step: 'think' } },
      invoke: {
        id: 'callModel',
        src: 'callModel',
        input: ({ context }) => ({ session: context.session, step: context.steps }),
        onDone: [
          {
            guard: { type: 'wantsTools', params: ({ event }) => ({ turn: event.output }) },
            target: 'act',
            actions: { type: 'recordTurn', params: ({ event }) => ({ turn: event.output }) },
          },
          { target: 'render', actions: { type: 'recordTurn', params: ({ event }) => ({ turn: event.output }) } },
        ],
        onError: { target: 'failed', actions: { type: 'failModel', params: ({ event }) => ({ error: event.error }) } },
      },
    },
    act: {
      entry: [{ type: 'startStep', params: { step: 'act' } }, 'startToolCalls'],
      exit: { type: 'finishStep', params: { step: 'act' } },
      on: {
        'xstate.done.actor.*': { actions: 'recordToolResult' },
      },
      always: { guard: 'toolCallsSettled', target: 'observe' },
    },
    observe: {
      entry: [{ type: 'startStep', params: { step: 'observe' } }, 'appendObservations'],
      exit: { type: 'finishStep', params: { step: 'observe' } },
      always: [
        {
          guard: 'stepLimitReached',
          target: 'failed',
          actions: {
            type: 'fail',
            params: ({ context }) => ({ code: 'MAX_STEPS', message: `The run used its ${context.session.limits.maxSteps} steps without an answer.` }),
          },
        },
        { target: 'think' },
      ],
    },
    render: {
      entry: [{ type: 'startStep', params: { step: 'render' } }, 'renderComponents'],
      exit: { type: 'finishStep', params: { step: 'render' } },
      always: { target: 'done' },
    },
    done: { type: 'final', entry: { type: 'reachEnd', params: { state: 'done' } } },
    failed: { type: 'final', entry: { type: 'reachEnd', params: { state: 'failed' } } },
    cancelled: { type: 'final', entry: { type: 'reachEnd', params: { state: 'cancelled' } } },
  },
});

/** The machine type `runAgent` accepts: this machine, or one made from it with `.provide()`. */
export type AgentMachine = typeof agentMachine;

function noteTransition(session: RunSession, event: { type: string }, to: string): void {
  const label = session.labelTransition(session.state, to, event.type);
  session.emitter.emit({ type: 'CUSTOM', name: 'machine.transition', value: { from: session.state, to, event: label, at: Date.now() } });
  session.state = to;
}

function modelFailure(error: unknown): RunFailure {
  if (error instanceof ModelError) return { code: error.code, message: error.message };
  return { code: 'MODEL_ERROR', message: error instanceof Error ? error.message : String(error) };
}
