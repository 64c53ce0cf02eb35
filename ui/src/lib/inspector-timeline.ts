import type { RunEvent } from '../../../core/agent/events.ts';
import type { Usage } from '../../../core/models/model.ts';

/** One move of the machine, from a `machine.transition` event (`from` is null for the initial state). */
export interface TimelineTransition {
  seq: number;
  from: string | null;
  to: string;
  event: string;
  at: number;
}

/**
 * One model call (a `think` step): what it streamed, the tool calls it asked for, and what its STEP_* metadata
 * reported (input message count; model, latency, usage and stop reason once it finished).
 */
export interface ModelStep {
  index: number;
  seq: number;
  startedAt: number;
  finishedAt?: number;
  text: string;
  streaming: boolean;
  toolCallIds: string[];
  /** Messages the model was sent (conversation history included). */
  inputMessages?: number;
  model?: string;
  /** The model call's own latency, measured by the agent (the step's timestamps when absent). */
  latencyMs?: number;
  stopReason?: string;
  usage?: Usage;
}

/** Where a tool call stands; `unfinished` means the run ended before the call returned. */
export type ToolCallStatus = 'calling' | 'running' | 'done' | 'error' | 'unfinished';

/** One tool call: its arguments as streamed, then its result or error and how long it ran. */
export interface ToolCallEntry {
  id: string;
  name: string;
  args: string;
  status: ToolCallStatus;
  /** The model step that asked for it. */
  step: number;
  seq: number;
  /** Sequence number of its TOOL_CALL_END: the call runs from the next state on. */
  endSeq?: number;
  result?: string;
  resultSeq?: number;
  durationMs?: number;
}

/** An inline component the run emitted (`ui.component`). */
export interface ComponentEntry {
  seq: number;
  component: string;
  props: unknown;
}

/** How a run stands or ended. */
export type RunStatus = 'running' | 'done' | 'failed' | 'cancelled';

/** Everything the inspector shows of one run, built from its events alone. */
export interface RunTimeline {
  runId?: string;
  threadId?: string;
  /** From RUN_STARTED metadata: the user's question, the model and the registered machine name. */
  question?: string;
  model?: string;
  machine?: string;
  status: RunStatus;
  startedAt?: number;
  finishedAt?: number;
  /** Highest sequence number applied: a replayed or resumed event is never applied twice. */
  lastSeq: number;
  transitions: TimelineTransition[];
  steps: ModelStep[];
  toolCalls: ToolCallEntry[];
  components: ComponentEntry[];
  answer?: string;
  error?: { message: string; code?: string };
  usage?: Usage;
  durationMs?: number;
}

/** A run before its first event. */
export const emptyTimeline: RunTimeline = { status: 'running', lastSeq: 0, transitions: [], steps: [], toolCalls: [], components: [] };

/** The timeline of a whole event list (stored runs, tests). */
export function buildTimeline(events: readonly RunEvent[]): RunTimeline {
  return events.reduce(timelineReducer, emptyTimeline);
}

/**
 * The timeline after one more event: a pure function, so a live run and a stored one render the same way.
 * Events at or below `lastSeq` are ignored (a stream resumed with `after=` may repeat one).
 */
export function timelineReducer(state: RunTimeline, event: RunEvent): RunTimeline {
  if (event.metadata.seq <= state.lastSeq) return state;
  const next = applyEvent(state, event);
  return { ...next, lastSeq: event.metadata.seq, runId: state.runId ?? event.metadata.runId, startedAt: state.startedAt ?? event.timestamp };
}

function applyEvent(state: RunTimeline, event: RunEvent): RunTimeline {
  const seq = event.metadata.seq;
  switch (event.type) {
    case 'RUN_STARTED':
      return { ...state, ...runStartedMetadata(event.metadata), threadId: event.threadId, status: 'running' };
    case 'RUN_FINISHED': {
      const result = (event.result ?? {}) as { status?: string; text?: string; usage?: Usage };
      const status: RunStatus = result.status === 'cancelled' ? 'cancelled' : result.status === 'failed' ? 'failed' : 'done';
      return finish(state, event, status, { answer: typeof result.text === 'string' && result.text !== '' ? result.text : undefined, usage: result.usage });
    }
    case 'RUN_ERROR':
      return finish(state, event, 'failed', { error: { message: event.message, ...(event.code ? { code: event.code } : {}) } });
    case 'STEP_STARTED': {
      if (event.stepName !== 'think') return state;
      const { inputMessages } = event.metadata;
      const step: ModelStep = { index: state.steps.length, seq, startedAt: event.timestamp, text: '', streaming: false, toolCallIds: [] };
      if (typeof inputMessages === 'number') step.inputMessages = inputMessages;
      return { ...state, steps: [...state.steps, step] };
    }
    case 'STEP_FINISHED': {
      if (event.stepName !== 'think') return state;
      return updateLastStep(state, (step) => ({ ...step, ...modelCallOf(event.metadata), finishedAt: event.timestamp, streaming: false }));
    }
    case 'TEXT_MESSAGE_START':
      return updateLastStep(state, (step) => ({ ...step, streaming: true, text: step.text === '' ? '' : `${step.text}\n\n` }));
    case 'TEXT_MESSAGE_CONTENT':
      return updateLastStep(state, (step) => ({ ...step, text: step.text + event.delta }));
    case 'TEXT_MESSAGE_END':
      return updateLastStep(state, (step) => ({ ...step, streaming: false }));
    case 'TOOL_CALL_START': {
      const step = Math.max(0, state.steps.length - 1);
      const call: ToolCallEntry = { id: event.toolCallId, name: event.toolCallName, args: '', status: 'calling', step, seq };
      const withCall = { ...state, toolCalls: [...state.toolCalls, call] };
      return updateLastStep(withCall, (last) => ({ ...last, toolCallIds: [...last.toolCallIds, event.toolCallId] }));
    }
    case 'TOOL_CALL_ARGS':
      return updateCall(state, event.toolCallId, (call) => ({ ...call, args: call.args + event.delta }));
    case 'TOOL_CALL_END':
      return updateCall(state, event.toolCallId, (call) => ({ ...call, status: 'running', endSeq: seq }));
    case 'TOOL_CALL_RESULT': {
      const { isError, durationMs } = event.metadata as { isError?: unknown; durationMs?: unknown };
      return updateCall(state, event.toolCallId, (call) => ({
        ...call,
        status: isError === true ? 'error' : 'done',
        result: event.content,
        resultSeq: seq,
        ...(typeof durationMs === 'number' ? { durationMs } : {}),
      }));
    }
    case 'CUSTOM':
      if (event.name === 'ui.component') {
        return { ...state, components: [...state.components, { seq, component: event.value.component, props: event.value.props }] };
      }
      return { ...state, transitions: [...state.transitions, { seq, ...event.value }] };
  }
}

function finish(state: RunTimeline, event: RunEvent, status: RunStatus, extra: Partial<RunTimeline>): RunTimeline {
  const { durationMs } = event.metadata as { durationMs?: unknown };
  const usage = extra.usage ?? usageOf(event.metadata.usage);
  const toolCalls = state.toolCalls.map((call) => (call.status === 'calling' || call.status === 'running' ? { ...call, status: 'unfinished' as const } : call));
  const steps = state.steps.map((step) => (step.streaming ? { ...step, streaming: false } : step));
  const answer = extra.answer ?? (status === 'done' ? steps.at(-1)?.text || undefined : undefined);
  return {
    ...state,
    ...extra,
    status,
    steps,
    toolCalls,
    answer,
    finishedAt: event.timestamp,
    ...(usage ? { usage } : {}),
    ...(typeof durationMs === 'number' ? { durationMs } : {}),
  };
}

function updateLastStep(state: RunTimeline, update: (step: ModelStep) => ModelStep): RunTimeline {
  const last = state.steps.at(-1);
  return last ? { ...state, steps: [...state.steps.slice(0, -1), update(last)] } : state;
}

function updateCall(state: RunTimeline, id: string, update: (call: ToolCallEntry) => ToolCallEntry): RunTimeline {
  return { ...state, toolCalls: state.toolCalls.map((call) => (call.id === id ? update(call) : call)) };
}

/** The question, model and machine a RUN_STARTED names (each only when it is a string). */
export function runStartedMetadata(metadata: Record<string, unknown>): { question?: string; model?: string; machine?: string } {
  const picked: { question?: string; model?: string; machine?: string } = {};
  for (const key of ['question', 'model', 'machine'] as const) {
    const value = metadata[key];
    if (typeof value === 'string' && value !== '') picked[key] = value;
  }
  return picked;
}

function modelCallOf(metadata: Record<string, unknown>): Partial<ModelStep> {
  const { model, latencyMs, stopReason } = metadata;
  const usage = usageOf(metadata.usage);
  return {
    ...(typeof model === 'string' ? { model } : {}),
    ...(typeof latencyMs === 'number' ? { latencyMs } : {}),
    ...(typeof stopReason === 'string' ? { stopReason } : {}),
    ...(usage ? { usage } : {}),
  };
}

function usageOf(value: unknown): Usage | undefined {
  const usage = value as Partial<Usage> | undefined;
  return typeof usage?.inputTokens === 'number' && typeof usage.outputTokens === 'number' ? (usage as Usage) : undefined;
}

/**
 * One visit of a state: the transition into it, how long it lasted (until the next transition; the state a
 * run is in or ended in has no duration), and what happened while it was current.
 */
export interface Segment {
  index: number;
  transition: TimelineTransition;
  /** Sequence numbers of this visit: from the transition (inclusive) to the next one (exclusive). */
  window: { from: number; to: number };
  durationMs?: number;
  step?: ModelStep;
  toolCalls: ToolCallEntry[];
  components: ComponentEntry[];
}

/**
 * Groups the timeline by state visits. A model step belongs to the visit it started in, a component to the
 * visit that emitted it, and a tool call to the visit after the model finished asking for it (where it runs).
 */
export function segmentsOf(timeline: RunTimeline): Segment[] {
  const { transitions } = timeline;
  return transitions.map((transition, index) => {
    const next = transitions[index + 1];
    const window = { from: transition.seq, to: next?.seq ?? Number.POSITIVE_INFINITY };
    const inWindow = (seq: number | undefined) => seq !== undefined && seq >= window.from && seq < window.to;
    const isLast = next === undefined;
    return {
      index,
      transition,
      window,
      ...(next ? { durationMs: Math.max(0, next.at - transition.at) } : {}),
      ...stepOf(timeline.steps, inWindow),
      toolCalls: timeline.toolCalls.filter((call) => inWindow(runsFrom(call, transitions)) || (isLast && runsFrom(call, transitions) === undefined)),
      components: timeline.components.filter((component) => inWindow(component.seq)),
    };
  });
}

function stepOf(steps: ModelStep[], inWindow: (seq: number) => boolean): { step?: ModelStep } {
  const step = steps.find((candidate) => inWindow(candidate.seq));
  return step ? { step } : {};
}

/** The sequence number of the transition after which a call runs (undefined while none has happened yet). */
function runsFrom(call: ToolCallEntry, transitions: TimelineTransition[]): number | undefined {
  const asked = call.endSeq ?? call.seq;
  return transitions.find((transition) => transition.seq > asked)?.seq;
}
