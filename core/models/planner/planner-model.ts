import { ModelError } from '../model-error.ts';
import type { Model, ModelRequest, ModelStreamEvent, Usage } from '../model.ts';
import type { Action } from './plan.ts';
import { nextAction } from './planner.ts';
import { readConversation, type Conversation } from './transcript.ts';

/** Options of the offline planner model. */
export interface PlannerOptions {
  /** The model's name in run records; defaults to `segops-planner`. */
  name?: string;
  /** The clock used only when neither the system prompt nor any tool result gives today's date. */
  now?: () => Date;
}

/** Most tool calls the planner makes in one turn before it stops and answers with what it has. */
const MAX_CALLS_PER_TURN = 12;

/** Drops calls already made in this turn with the same input (no loops), and calls to tools not offered. */
function guard(action: Action, conversation: Conversation): Action {
  if (action.kind === 'answer') return action;
  const offered = action.calls.filter((c) => conversation.tools.has(c.name));
  if (offered.length === 0) {
    const missing = action.calls.map((c) => c.name).join(', ');
    return { kind: 'answer', text: `I can't answer that here: the tool I need (${missing}) is not available in this session.` };
  }
  const made = new Set(conversation.observations.map((o) => `${o.name}:${JSON.stringify(o.input)}`));
  const fresh = offered.filter((c) => !made.has(`${c.name}:${JSON.stringify(c.input)}`));
  if (fresh.length === 0 || conversation.observations.length >= MAX_CALLS_PER_TURN) {
    return { kind: 'answer', text: "I couldn't finish that from the tool results I got. Could you rephrase or narrow the question?" };
  }
  return { kind: 'tools', calls: fresh };
}

function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function usageOf(request: ModelRequest, output: string): Usage {
  const input = request.system + JSON.stringify(request.messages) + JSON.stringify(request.tools);
  return { inputTokens: estimateTokens(input), outputTokens: estimateTokens(output), costUsd: 0 };
}

/** Splits an answer into word-group chunks, streamed the way a real model streams text. */
function chunks(text: string): string[] {
  return text.match(/\S+(?:\s+\S+){0,3}\s*/g) ?? [text];
}

async function* stream(request: ModelRequest, signal: AbortSignal, options: PlannerOptions): AsyncGenerator<ModelStreamEvent> {
  if (signal.aborted) throw new ModelError('MODEL_ABORTED', 'The model call was cancelled.');
  const conversation = readConversation(request, () => (options.now?.() ?? new Date()).toISOString().slice(0, 10));
  const action = guard(nextAction(conversation), conversation);
  if (action.kind === 'answer') {
    for (const text of chunks(action.text)) {
      if (signal.aborted) throw new ModelError('MODEL_ABORTED', 'The model call was cancelled.');
      yield { type: 'text-delta', text };
    }
    yield { type: 'finish', stopReason: 'end_turn', usage: usageOf(request, action.text) };
    return;
  }
  let output = '';
  for (let i = 0; i < action.calls.length; i++) {
    const { name, input } = action.calls[i];
    const id = `toolu_planner_${conversation.assistantTurns}_${i}`;
    const json = JSON.stringify(input);
    output += json;
    yield { type: 'tool-call-start', id, name };
    yield { type: 'tool-call-delta', id, delta: json };
    yield { type: 'tool-call-end', id, input };
  }
  yield { type: 'finish', stopReason: 'tool_use', usage: usageOf(request, output) };
}

/**
 * The offline planner: a deterministic, network-free model for when no API key is set. Each call reads the
 * whole transcript (question, earlier turns, tool results so far) and either asks for tool calls or answers,
 * so a run through the agent machine is a real ReAct run: list, query, display, answer.
 */
export function plannerModel(options: PlannerOptions = {}): Model {
  return {
    name: options.name ?? 'segops-planner',
    provider: 'offline',
    stream: (request, signal) => stream(request, signal, options),
  };
}
