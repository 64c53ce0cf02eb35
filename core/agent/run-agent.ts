import type { Model, TranscriptMessage, Usage } from '../models/model.ts';
import type { Registry, UiComponent } from '../registry/index.ts';
import type { AgentContext, RunFailure } from './agent-setup.ts';
import { agentMachine } from './machine.ts';
import { assertAgentMachine, type AgentMachine } from './machine-contract.ts';
import { startMachine } from './machine-runner.ts';
import { startWithXState } from './xstate-driver.ts';
import { shippedMachines } from './shipped-machines.ts';
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
  /**
   * The machine to run: one that follows the machine contract (`shippedMachines.get(name).machine`, or
   * `agentMachine.provide({...})`); defaults to the ReAct `agentMachine`. A machine that breaks the contract
   * throws a `MachineContractError` before the run starts.
   */
  machine?: AgentMachine;
  /**
   * The machine's registered name, for RUN_STARTED metadata; defaults to the shipped machine's name when
   * `machine` is one, else the machine's id.
   */
  machineName?: string;
  /**
   * Which interpreter runs the machine: the lean runner (default, machine-runner.ts) or XState's own
   * `createActor`, the reference the lean runner is checked against.
   */
  interpreter?: 'lean' | 'xstate';
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
 * Runs the agent machine for one user message, streaming every run event to `onEvent` (RUN_STARTED first, with
 * the question, model and machine in its metadata; RUN_FINISHED or RUN_ERROR last). Model and tool failures,
 * the deadline and cancellation end the run with a status; it never throws for them.
 */
export async function runAgent(options: RunAgentOptions): Promise<RunResult> {
  const { runId, threadId, signal, toolContext } = options;
  const started = performance.now();
  const emitter = new RunEmitter(runId, options.onEvent, (err) => toolContext.logger.warn({ err, runId }, 'run event sink failed'));
  const machine = options.machine ?? agentMachine;
  assertAgentMachine(machine);
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
  const machineName = options.machineName ?? shippedMachines.definitions.find((definition) => definition.machine === machine)?.name ?? machine.id;
  emitter.emit({ type: 'RUN_STARTED', threadId, runId }, { question: options.userMessage, model: options.model.name, machine: machineName });

  const run = (options.interpreter === 'xstate' ? startWithXState : startMachine)(machine, { session });
  const cancel = () => run.send({ type: 'CANCEL' });
  signal?.addEventListener('abort', cancel, { once: true });
  if (signal?.aborted) cancel();
  const { state, context: finalContext, crash } = await run.outcome;
  signal?.removeEventListener('abort', cancel);

  const context = finalContext as AgentContext | undefined;
  const status = crash !== undefined ? 'failed' : state === 'done' ? 'done' : state === 'cancelled' ? 'cancelled' : 'failed';
  const error: RunFailure | undefined =
    crash !== undefined
      ? { code: 'AGENT_ERROR', message: crash instanceof Error ? crash.message : String(crash) }
      : status === 'failed'
        ? (context?.error ?? { code: 'AGENT_ERROR', message: `The machine stopped in '${String(state)}'.` })
        : undefined;
  const steps = context?.steps ?? 0;
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
