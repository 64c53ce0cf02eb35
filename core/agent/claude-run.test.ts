import { afterEach, describe, expect, it } from 'vitest';
import { EventSchemas } from '@ag-ui/core/schemas';
import { claudeModel } from '../models/claude.ts';
import { assistantTurn } from '../models/testing/anthropic-stream.ts';
import { startFakeAnthropic, type FakeAnthropic } from '../models/testing/fake-anthropic.ts';
import { recordRun, stateSequence, testRegistry } from './testing.ts';

let fake: FakeAnthropic | undefined;
afterEach(() => fake?.close());

describe('a full run with Claude against the fake Messages API', () => {
  it('calls tools in parallel, feeds the results back, and answers', async () => {
    fake = await startFakeAnthropic({
      script: (request) => {
        const last = request.body.messages.at(-1)?.content;
        if (Array.isArray(last) && last.some((block) => block.type === 'tool_result')) {
          return { events: assistantTurn({ text: `Saw ${last.length} results.`, usage: { input_tokens: 600, output_tokens: 12 } }) };
        }
        return {
          events: assistantTurn({
            text: 'Checking.',
            toolCalls: [
              { id: 'toolu_a', name: 'lookup', input: { key: 'signups' } },
              { id: 'toolu_b', name: 'show_metric', input: { label: 'Signups', value: 7 } },
            ],
            usage: { input_tokens: 500, output_tokens: 40 },
          }),
        };
      },
    });
    const model = claudeModel({ apiKey: 'sk-test', baseURL: fake.url, model: 'claude-sonnet-4-6' });
    const { events, result } = await recordRun({ model, registry: testRegistry() });

    expect(stateSequence(events)).toEqual(['think', 'act', 'observe', 'think', 'render', 'done']);
    expect(result).toMatchObject({ status: 'done', text: 'Saw 2 results.', steps: 2 });
    expect(result.components).toEqual([{ component: 'MetricCard', props: { label: 'Signups', value: 7 } }]);
    expect(result.usage).toMatchObject({ inputTokens: 1100, outputTokens: 52 });
    expect(result.usage.costUsd).toBeCloseTo((1100 * 3 + 52 * 15) / 1e6, 12);
    const second = fake.requests[1].body.messages.at(-1)?.content;
    expect(second).toEqual([
      { type: 'tool_result', tool_use_id: 'toolu_a', content: '{"key":"signups","value":7}' },
      { type: 'tool_result', tool_use_id: 'toolu_b', content: '{"shown":true}' },
    ]);
    expect(fake.requests[1].body.tools?.map((tool) => tool.name)).toEqual(['lookup', 'explode', 'slow', 'show_metric']);
    for (const event of events) expect(EventSchemas.safeParse(event).error).toBeUndefined();
  });

  it('ends in failed with the model error code when Claude stays overloaded', async () => {
    fake = await startFakeAnthropic({ script: () => ({ status: 529 }) });
    const model = claudeModel({ apiKey: 'sk-test', baseURL: fake.url, retry: { maxRetries: 1, baseDelayMs: 1 } });
    const { events, result } = await recordRun({ model, registry: testRegistry() });
    expect(result).toMatchObject({ status: 'failed', error: { code: 'MODEL_OVERLOADED' } });
    expect(events.at(-1)).toMatchObject({ type: 'RUN_ERROR', code: 'MODEL_OVERLOADED' });
    expect(fake.requests).toHaveLength(2);
  });
});
