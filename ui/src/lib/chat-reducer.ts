import type { RunEvent } from '../../../core/agent/events.ts';

/** Streaming answer text of one assistant message. */
export interface TextPart {
  kind: 'text';
  id: string;
  text: string;
  streaming: boolean;
}

/** One tool call: arguments as streamed (JSON text), then its result or error. */
export interface ToolPart {
  kind: 'tool';
  id: string;
  name: string;
  args: string;
  status: 'calling' | 'running' | 'done' | 'error';
  result?: string;
  durationMs?: number;
  startedAt: number;
}

/** An inline component (`ui.component` CUSTOM event) in the flow of the answer. */
export interface ComponentPart {
  kind: 'component';
  id: string;
  component: string;
  props: unknown;
}

/** What an answer is made of, in the order it arrived. */
export type AnswerPart = TextPart | ToolPart | ComponentPart;

/** Where one question's run stands. */
export type TurnStatus = 'sending' | 'running' | 'done' | 'error' | 'cancelled';

/** One question and the run that answers it. */
export interface Turn {
  id: string;
  question: string;
  runId?: string;
  status: TurnStatus;
  /** The machine state the run is in (think, act, observe, render) while it runs. */
  step?: string;
  parts: AnswerPart[];
  error?: { message: string; code?: string };
  /** Highest sequence number applied: replays and resumes never apply an event twice. */
  lastSeq: number;
}

/** The copilot conversation on screen. */
export interface ChatState {
  conversationId?: string;
  turns: Turn[];
}

/** A stored turn, as GET /api/copilot/conversations/:id returns it. */
export interface StoredTurn {
  runId: string;
  question: string;
  events: RunEvent[];
}

/** What the client itself does to the conversation (run events come from the server). */
export type ClientAction =
  | { type: 'ask'; turnId: string; question: string }
  | { type: 'stopped' }
  | { type: 'failed'; message: string; code?: string }
  | { type: 'reset' }
  | { type: 'loaded'; conversationId: string; turns: StoredTurn[] };

/** Everything the chat reducer understands. */
export type ChatAction = RunEvent | ClientAction;

/** An empty conversation. */
export const emptyChat: ChatState = { turns: [] };

const ENDED: readonly TurnStatus[] = ['done', 'error', 'cancelled'];

/** Whether a turn's run has ended (finished, failed or stopped). */
export function isEnded(turn: Turn): boolean {
  return ENDED.includes(turn.status);
}

/** The turn still waiting for or streaming its run, if any. */
export function activeTurn(state: ChatState): Turn | undefined {
  const last = state.turns.at(-1);
  return last && !isEnded(last) ? last : undefined;
}

/**
 * The chat state after one action: a pure function, so the copilot panel only renders its result and a
 * stored conversation re-renders by replaying its events.
 */
export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case 'ask':
      return { ...state, turns: [...state.turns, { id: action.turnId, question: action.question, status: 'sending', parts: [], lastSeq: 0 }] };
    case 'reset':
      return emptyChat;
    case 'loaded':
      return { conversationId: action.conversationId, turns: action.turns.map(replayTurn) };
    case 'stopped':
      return updateActive(state, (turn) => ({ ...closeParts(turn), status: 'cancelled', step: undefined }));
    case 'failed':
      return updateActive(state, (turn) => ({
        ...closeParts(turn),
        status: 'error',
        step: undefined,
        error: { message: action.message, ...(action.code ? { code: action.code } : {}) },
      }));
    default: {
      const turn = activeTurn(state);
      if (!turn) return state;
      // Sequence numbers count within one run; an event from outside it (a server failure) is never a replay.
      const ofRun = turn.runId === undefined || action.metadata.runId === turn.runId;
      if (ofRun && action.metadata.seq <= turn.lastSeq) return state;
      const next = applyRunEvent(ofRun ? { ...turn, lastSeq: action.metadata.seq } : turn, action);
      const conversationId = action.type === 'RUN_STARTED' ? action.threadId : state.conversationId;
      return { conversationId, turns: [...state.turns.slice(0, -1), next] };
    }
  }
}

function replayTurn(stored: StoredTurn, index: number): Turn {
  const start: ChatState = { turns: [{ id: `stored-${index}-${stored.runId}`, question: stored.question, runId: stored.runId, status: 'running', parts: [], lastSeq: 0 }] };
  const turn = stored.events.reduce(chatReducer, start).turns[0];
  return isEnded(turn) ? turn : { ...closeParts(turn), status: 'cancelled', step: undefined };
}

function updateActive(state: ChatState, update: (turn: Turn) => Turn): ChatState {
  const turn = activeTurn(state);
  return turn ? { ...state, turns: [...state.turns.slice(0, -1), update(turn)] } : state;
}

function closeParts(turn: Turn): Turn {
  const parts = turn.parts.map((part): AnswerPart => {
    if (part.kind === 'text' && part.streaming) return { ...part, streaming: false };
    if (part.kind === 'tool' && (part.status === 'calling' || part.status === 'running')) {
      return { ...part, status: 'error', result: part.result ?? 'The run ended before this tool call finished.' };
    }
    return part;
  });
  return { ...turn, parts };
}

function updatePart<K extends AnswerPart['kind']>(turn: Turn, kind: K, id: string, update: (part: Extract<AnswerPart, { kind: K }>) => AnswerPart): Turn {
  const parts = turn.parts.map((part) => (part.kind === kind && part.id === id ? update(part as Extract<AnswerPart, { kind: K }>) : part));
  return { ...turn, parts };
}

function applyRunEvent(turn: Turn, event: RunEvent): Turn {
  switch (event.type) {
    case 'RUN_STARTED':
      return { ...turn, runId: event.runId, status: 'running' };
    case 'RUN_FINISHED': {
      const status = (event.result as { status?: string } | undefined)?.status === 'cancelled' ? 'cancelled' : 'done';
      return { ...closeParts(turn), status, step: undefined };
    }
    case 'RUN_ERROR':
      return { ...closeParts(turn), status: 'error', step: undefined, error: { message: event.message, ...(event.code ? { code: event.code } : {}) } };
    case 'STEP_STARTED':
      return { ...turn, step: event.stepName };
    case 'STEP_FINISHED':
      return turn.step === event.stepName ? { ...turn, step: undefined } : turn;
    case 'TEXT_MESSAGE_START':
      return { ...turn, parts: [...turn.parts, { kind: 'text', id: event.messageId, text: '', streaming: true }] };
    case 'TEXT_MESSAGE_CONTENT':
      return updatePart(turn, 'text', event.messageId, (part) => ({ ...part, text: part.text + event.delta }));
    case 'TEXT_MESSAGE_END':
      return updatePart(turn, 'text', event.messageId, (part) => ({ ...part, streaming: false }));
    case 'TOOL_CALL_START':
      return {
        ...turn,
        parts: [...turn.parts, { kind: 'tool', id: event.toolCallId, name: event.toolCallName, args: '', status: 'calling', startedAt: event.timestamp }],
      };
    case 'TOOL_CALL_ARGS':
      return updatePart(turn, 'tool', event.toolCallId, (part) => ({ ...part, args: part.args + event.delta }));
    case 'TOOL_CALL_END':
      return updatePart(turn, 'tool', event.toolCallId, (part) => ({ ...part, status: 'running', startedAt: event.timestamp }));
    case 'TOOL_CALL_RESULT': {
      const { isError, durationMs } = event.metadata as { isError?: unknown; durationMs?: unknown };
      return updatePart(turn, 'tool', event.toolCallId, (part) => ({
        ...part,
        status: isError === true ? 'error' : 'done',
        result: event.content,
        durationMs: typeof durationMs === 'number' ? durationMs : Math.max(0, event.timestamp - part.startedAt),
      }));
    }
    case 'CUSTOM':
      if (event.name !== 'ui.component') return turn;
      return { ...turn, parts: [...turn.parts, { kind: 'component', id: `c${event.metadata.seq}`, component: event.value.component, props: event.value.props }] };
  }
}

/** How an answer is laid out: texts and components one by one, consecutive tool calls side by side as chips. */
export type AnswerBlock = TextPart | ComponentPart | { kind: 'tools'; id: string; calls: ToolPart[] };

/** Groups an answer's parts into blocks for display (a row of chips for each run of tool calls). */
export function answerBlocks(parts: readonly AnswerPart[]): AnswerBlock[] {
  const blocks: AnswerBlock[] = [];
  for (const part of parts) {
    const last = blocks.at(-1);
    if (part.kind !== 'tool') blocks.push(part);
    else if (last?.kind === 'tools') last.calls.push(part);
    else blocks.push({ kind: 'tools', id: `tools-${part.id}`, calls: [part] });
  }
  return blocks;
}
