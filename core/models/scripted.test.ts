import { describe, expect, it } from 'vitest';
import type { ModelRequest, ModelStreamEvent } from './model.ts';
import { scriptedModel } from './scripted.ts';

const ask = (messages: ModelRequest['messages']): ModelRequest => ({ system: '', messages, tools: [] });
const user = { role: 'user' as const, content: [{ type: 'text' as const, text: 'hi' }] };

async function collect(stream: AsyncIterable<ModelStreamEvent>): Promise<ModelStreamEvent[]> {
  const events: ModelStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

describe('scriptedModel', () => {
  it('replays the turn of the run it is in, counted from the last user message', async () => {
    const model = scriptedModel([{ toolCalls: [{ name: 'lookup', input: { key: 'a' } }] }, { text: ['Do', 'ne'] }]);
    const first = await collect(model.stream(ask([user]), new AbortController().signal));
    expect(first.map((event) => event.type)).toEqual(['tool-call-start', 'tool-call-delta', 'tool-call-end', 'finish']);
    const assistant = { role: 'assistant' as const, content: [{ type: 'tool_use' as const, id: 'toolu_s0_0', name: 'lookup', input: { key: 'a' } }] };
    const results = { role: 'user' as const, content: [{ type: 'tool_result' as const, tool_use_id: 'toolu_s0_0', content: '{}' }] };
    const second = await collect(model.stream(ask([user, assistant, results]), new AbortController().signal));
    expect(second).toEqual([
      { type: 'text-delta', text: 'Do' },
      { type: 'text-delta', text: 'ne' },
      { type: 'finish', stopReason: 'end_turn', usage: { inputTokens: 0, outputTokens: 0 } },
    ]);
    const answer = { role: 'assistant' as const, content: [{ type: 'text' as const, text: 'Done' }] };
    const nextRun = await collect(model.stream(ask([user, assistant, results, answer, user]), new AbortController().signal));
    expect(nextRun[0]).toMatchObject({ type: 'tool-call-start' });
  });

  it('ends a delay early when the signal aborts', async () => {
    const controller = new AbortController();
    const model = scriptedModel([{ delayMs: 10_000, text: 'late' }]);
    setTimeout(() => controller.abort(), 10);
    const started = performance.now();
    await expect(collect(model.stream(ask([user]), controller.signal))).rejects.toMatchObject({ code: 'MODEL_ABORTED' });
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('says how to fix a script that has no turn for the request', () => {
    expect(() => scriptedModel([]).stream(ask([user]), new AbortController().signal)).toThrow(/no turn 0: give it 1 steps or a function/);
  });
});
