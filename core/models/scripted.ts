import { setTimeout as sleep } from 'node:timers/promises';
import { ModelError } from './model-error.ts';
import type { Model, ModelRequest, ModelStreamEvent, StopReason, Usage } from './model.ts';

/** One turn the scripted model replays: text (whole or in chunks) and/or tool calls. */
export interface ScriptedTurn {
  text?: string | string[];
  toolCalls?: Array<{ name: string; input: unknown; id?: string }>;
  /** Waits this long before streaming; the wait ends early (with MODEL_ABORTED) when the signal aborts. */
  delayMs?: number;
  usage?: Usage;
  /** Fails the call instead of answering, as a real model can. */
  error?: Error;
}

/** A turn, or a function of the request and the turn's index within the current run. */
export type ScriptStep = ScriptedTurn | ((request: ModelRequest, turn: number) => ScriptedTurn);

/**
 * A deterministic model for tests and benchmarks. Turn `n` of a run (counted from the run's user message)
 * replays `steps[n]`; a function instead of a list answers every turn.
 */
export function scriptedModel(
  steps: ScriptStep[] | ((request: ModelRequest, turn: number) => ScriptedTurn),
  options: { name?: string } = {},
): Model {
  return {
    name: options.name ?? 'scripted',
    provider: 'scripted',
    stream(request, signal) {
      const turn = turnIndex(request);
      const step = typeof steps === 'function' ? steps : steps[turn];
      if (step === undefined) {
        throw new ModelError('MODEL_ERROR', `The scripted model has no turn ${turn}: give it ${turn + 1} steps or a function.`);
      }
      return replay(typeof step === 'function' ? step(request, turn) : step, turn, signal);
    },
  };
}

async function* replay(turn: ScriptedTurn, index: number, signal: AbortSignal): AsyncGenerator<ModelStreamEvent> {
  if (turn.delayMs) {
    try {
      await sleep(turn.delayMs, undefined, { signal });
    } catch (cause) {
      throw new ModelError('MODEL_ABORTED', 'The model call was cancelled.', { cause });
    }
  }
  if (turn.error) throw turn.error;
  const chunks = typeof turn.text === 'string' ? [turn.text] : (turn.text ?? []);
  for (const text of chunks) if (text) yield { type: 'text-delta', text };
  const calls = turn.toolCalls ?? [];
  for (let i = 0; i < calls.length; i++) {
    const id = calls[i].id ?? `toolu_s${index}_${i}`;
    yield { type: 'tool-call-start', id, name: calls[i].name };
    yield { type: 'tool-call-delta', id, delta: JSON.stringify(calls[i].input) };
    yield { type: 'tool-call-end', id, input: calls[i].input };
  }
  const stopReason: StopReason = calls.length > 0 ? 'tool_use' : 'end_turn';
  yield { type: 'finish', stopReason, usage: turn.usage ?? { inputTokens: 0, outputTokens: 0 } };
}

/** The number of assistant turns since the last user message that is not a tool result. */
function turnIndex(request: ModelRequest): number {
  let turns = 0;
  for (let i = request.messages.length - 1; i >= 0; i--) {
    const message = request.messages[i];
    if (message.role === 'assistant') turns++;
    else if (message.content.some((block) => block.type === 'text')) break;
  }
  return turns;
}
