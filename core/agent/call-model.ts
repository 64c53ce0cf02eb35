import { ModelError } from '../models/model-error.ts';
import type { ContentBlock, StopReason, TextBlock, ToolUseBlock, Usage } from '../models/model.ts';
import { defineAgentActor } from './agent-actor.ts';
import type { RunSession } from './run-session.ts';

/** What one model step produced: the assistant's content and the tool calls it asked for. */
export interface ModelTurn {
  content: ContentBlock[];
  toolUses: ToolUseBlock[];
  stopReason: StopReason;
  usage: Usage;
}

/** Input of the `callModel` actor. */
export interface CallModelInput {
  session: RunSession;
  step: number;
}

/**
 * The `callModel` actor: streams the model's next step, emitting TEXT_MESSAGE_* and TOOL_CALL_* events as
 * the deltas arrive, and leaves its model, latency, usage and stop reason in `session.modelCall` for the
 * step's STEP_FINISHED. Stopping the actor aborts its signal, which cancels the model call.
 */
export const callModel = defineAgentActor<ModelTurn, CallModelInput>(async ({ session, step }, signal) => {
  const started = performance.now();
  let turn: ModelTurn | undefined;
  try {
    turn = await streamTurn(session, step, signal);
    return turn;
  } finally {
    if (!signal.aborted) {
      const latencyMs = Math.round(performance.now() - started);
      session.modelCall = { model: session.model.name, latencyMs, ...(turn ? { usage: turn.usage, stopReason: turn.stopReason } : {}) };
    }
  }
});

async function streamTurn(session: RunSession, step: number, signal: AbortSignal): Promise<ModelTurn> {
  const { emitter } = session;
  const messageId = `${emitter.runId}-m${step}`;
  const content: ContentBlock[] = [];
  const toolUses: ToolUseBlock[] = [];
  let text: TextBlock | undefined;
  let textBlocks = 0;
  let textId = messageId;
  let finish: { stopReason: StopReason; usage: Usage } | undefined;
  const closeText = () => {
    if (text === undefined) return;
    emitter.emit({ type: 'TEXT_MESSAGE_END', messageId: textId });
    text = undefined;
  };
  const request = { system: session.system, messages: session.transcript, tools: session.registry.specs() };
  for await (const event of session.model.stream(request, signal)) {
    if (signal.aborted) throw new ModelError('MODEL_ABORTED', 'The model call was cancelled.');
    switch (event.type) {
      case 'text-delta':
        if (event.text === '') break;
        if (text === undefined) {
          textId = textBlocks === 0 ? messageId : `${messageId}.${textBlocks}`;
          textBlocks++;
          text = { type: 'text', text: '' };
          content.push(text);
          emitter.emit({ type: 'TEXT_MESSAGE_START', messageId: textId, role: 'assistant' });
        }
        text.text += event.text;
        emitter.emit({ type: 'TEXT_MESSAGE_CONTENT', messageId: textId, delta: event.text });
        break;
      case 'tool-call-start':
        closeText();
        emitter.emit({ type: 'TOOL_CALL_START', toolCallId: event.id, toolCallName: event.name, parentMessageId: messageId });
        toolUses.push({ type: 'tool_use', id: event.id, name: event.name, input: undefined });
        break;
      case 'tool-call-delta':
        if (event.delta !== '') emitter.emit({ type: 'TOOL_CALL_ARGS', toolCallId: event.id, delta: event.delta });
        break;
      case 'tool-call-end': {
        emitter.emit({ type: 'TOOL_CALL_END', toolCallId: event.id });
        const use = toolUses.find((candidate) => candidate.id === event.id);
        if (use === undefined) throw new ModelError('MODEL_ERROR', `The model ended tool call '${event.id}' that it never started.`);
        use.input = event.input;
        content.push({ ...use, input: isPlainObject(event.input) ? event.input : {} });
        break;
      }
      case 'finish':
        finish = { stopReason: event.stopReason, usage: event.usage };
        break;
    }
  }
  closeText();
  if (signal.aborted) throw new ModelError('MODEL_ABORTED', 'The model call was cancelled.');
  if (finish === undefined) throw new ModelError('MODEL_STREAM_CUT', 'The model stream ended before the model finished its turn.');
  return { content, toolUses, ...finish };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
