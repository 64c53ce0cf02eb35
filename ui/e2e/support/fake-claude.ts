import { setTimeout as sleep } from 'node:timers/promises';
import { assistantTurn } from '../../../core/models/testing/anthropic-stream.ts';
import { startFakeAnthropic, type FakeAnthropic } from '../../../core/models/testing/fake-anthropic.ts';

/** A fake Claude for browser tests, and the server environment that points the copilot at it. */
export interface FakeClaude {
  fake: FakeAnthropic;
  env: Record<string, string>;
  close(): Promise<void>;
}

/** The answer the fake gives once it has read its tool results. */
export const FAKE_ANSWER = 'You have segments and connectors; the tables above list them.';

/**
 * Starts a fake Anthropic API that answers like a ReAct agent, slowly enough to watch live: it thinks for
 * `thinkMs`, asks for two tools in parallel (list_segments, list_activations), and after reading their
 * results thinks again and answers. A run goes think → act → observe → think → render → done.
 */
export async function startFakeClaude(options: { thinkMs?: number } = {}): Promise<FakeClaude> {
  const thinkMs = options.thinkMs ?? 1200;
  const fake = await startFakeAnthropic({
    script: async (request) => {
      await sleep(thinkMs);
      const last = request.body.messages.at(-1);
      const observed = Array.isArray(last?.content) && last.content.some((block) => (block as { type?: string }).type === 'tool_result');
      if (observed) return { events: assistantTurn({ text: FAKE_ANSWER, usage: { input_tokens: 2400, output_tokens: 30 } }) };
      return {
        events: assistantTurn({
          text: 'Let me look at your segments and connectors.',
          toolCalls: [
            { name: 'list_segments', input: {} },
            { name: 'list_activations', input: {} },
          ],
          usage: { input_tokens: 2000, output_tokens: 60 },
        }),
      };
    },
  });
  return { fake, env: { ANTHROPIC_API_KEY: 'sk-ant-fake-e2e', ANTHROPIC_BASE_URL: fake.url }, close: () => fake.close() };
}
