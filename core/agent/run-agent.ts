import { createActor } from 'xstate';
import type { Model, TranscriptMessage, Usage } from '../models/model.ts';
import type { Registry, UiComponent } from '../registry/index.ts';
import { agentMachine, type AgentMachine, type RunFailure } from './machine.ts';
import { RunEmitter, type EventSink } from './run-emitter.ts';
import { transitionLabeler } from './transition-labels.ts';
import { DEFAULT_LIMITS, type RunLimits, type RunSession, type RunToolContext, type ToolCallRecord } from './run-session.ts';

/** Everything one run needs. */
export interface RunAgentOptions {
  model: Model;
  registry: Registry;
  toolContext: RunToolContext;
  system: string;
  history: TranscriptMessage[];
  userMessage: string;
  runId: string;
  threadId: string;
  signal?: AbortSignal;
  limits?: Partial<RunLimits>;
  onEvent: EventSink;
  /** The machine to run, e.g. `agentMachine.provide({...})`; defaults to `agentMachine`. */
  machine?: AgentMachine;
}

/** How a run ended and what it produced. */
export interface RunResult {
  status: 'done' | 'failed' | 'cancelled';
  text: string;
  components: UiComponent[];
  /** The user's message and every assistant and tool turn of this run, to persist and to continue from. */
  newMessages: TranscriptMessage[];
  usage: Usage;
  steps: number;
  toolCalls: ToolCallRecord[];
  error?: RunFailure;
}

/**
 * Runs the agent machine for one user message, streaming every run event to `onEvent` (RUN_STARTED first,
 * RUN_FINISHED or RUN_ERROR last). Model and tool failures, the deadline and cancellation end the run with
 * a status; it never throws for them.
 */
export async function runAgent(options: RunAgentOptions): Promise<RunResult> {
  const { runId, threadId, signal, toolContext } = options;
  const started = performance.now();
  const emitter = new RunEmitter(runId, options.onEvent, (err) => toolContext.logger.warn({ err, runId }, 'run event sink failed'));
  const machine = options.machine ?? agentMachine;
  const userTurn: TranscriptMessage = { role: 'user', content: [{ type: 'text', text: options.userMessage }] };
  const session: RunSession = {
    emitter,
    model: options.model,
    registry: options.registry,
    toolContext,
    system: options.system,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    transcript: [...options.history, userTurn],
    newMessages: [userTurn],
    components: [],
    toolCalls: [],
    usage: { inputTokens: 0, outputTokens: 0 },
    text: '',
    state: null,
    labelTransition: transitionLabeler(machine),
  };
  emitter.emit({ type: 'RUN_STARTED', threadId, runId });

  const actor = createActor(machine, { input: { session } });
  let crash: unknown;
  const stopped = new Promise<void>((resolve) => {
    actor.subscribe({
      complete: resolve,
      error: (error) => {
        crash = error;
        resolve();
      },
    });
  });
  const cancel = () => actor.send({ type: 'CANCEL' });
  signal?.addEventListener('abort', cancel, { once: true });
  actor.start();
  if (signal?.aborted) cancel();
  await stopped;
  signal?.removeEventListener('abort', cancel);

  const snapshot = actor.getSnapshot();
  const status = crash !== undefined ? 'failed' : snapshot.value === 'done' ? 'done' : snapshot.value === 'cancelled' ? 'cancelled' : 'failed';
  const error: RunFailure | undefined =
    crash !== undefined
      ? { code: 'AGENT_ERROR', message: crash instanceof Error ? crash.message : String(crash) }
      : status === 'failed'
        ? (snapshot.context.error ?? { code: 'AGENT_ERROR', message: `The machine stopped in '${String(snapshot.value)}'.` })
        : undefined;
  const steps = snapshot.context.steps;
  const summary = { status, usage: session.usage, steps, durationMs: performance.now() - started };
  emitter.closeOpen();
  if (error === undefined) {
    emitter.emit({ type: 'RUN_FINISHED', threadId, runId, result: { status, text: session.text } }, summary);
  } else {
    emitter.emit({ type: 'RUN_ERROR', message: error.message, code: error.code }, summary);
  }
  await emitter.flush();
  return {
    status,
    text: status === 'done' ? session.text : '',
    components: session.components,
    newMessages: session.newMessages,
    usage: session.usage,
    steps,
    toolCalls: session.toolCalls,
    ...(error === undefined ? {} : { error }),
  };
}
