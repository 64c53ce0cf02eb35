import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runAgent } from '../../agent/run-agent.ts';
import { createRegistry, defineTool, type Tool } from '../../registry/index.ts';
import type { Stores } from '../../stores/index.ts';
import type { TranscriptMessage } from '../model.ts';
import { plannerModel } from './planner-model.ts';
import { numbersIn, numbersInResults } from './testing/drive.ts';
import { FAKE_TOOLS, SYSTEM, TOOL_NAMES } from './testing/fake-workspace.ts';

/** The 12 tool names backed by the fake workspace; display tools emit their component like the real ones. */
const tools: Tool[] = TOOL_NAMES.map((name) =>
  defineTool({
    name,
    description: `${name} (fake workspace)`,
    input: z.looseObject({}),
    source: name.startsWith('display_') ? 'display' : 'none',
    run: async (input, ctx) => {
      const output = FAKE_TOOLS[name](input) as { error?: string; component?: string; props?: unknown };
      if (output.error) throw new Error(output.error);
      if (output.component) ctx.emit({ component: output.component, props: output.props });
      return output;
    },
  }),
);

async function run(userMessage: string, history: TranscriptMessage[] = []) {
  const results: string[] = [];
  const result = await runAgent({
    model: plannerModel(),
    registry: createRegistry(tools),
    toolContext: { workspaceId: 'ws_test', stores: {} as Stores, clock: () => new Date('2026-11-25T15:00:00Z'), logger: pino({ level: 'silent' }) },
    system: SYSTEM,
    history,
    userMessage,
    runId: 'run_1',
    threadId: 'thread_1',
    onEvent: (event) => {
      if (event.type === 'TOOL_CALL_RESULT') results.push(event.content);
    },
  });
  return { ...result, results };
}

describe('the planner through the agent machine', () => {
  it('runs a real ReAct turn: list, query, display, answer', async () => {
    const q = "What's the membership trend of the VIP Buyers segment over the last two weeks?";
    const result = await run(q);
    expect(result.status).toBe('done');
    expect(result.toolCalls.map((c) => c.name)).toEqual(['list_segments', 'query_segment_membership_trend', 'display_event_chart']);
    expect(result.components.map((c) => c.component)).toEqual(['EventVolumeChart']);
    const known = numbersInResults([...result.results, q]);
    expect(numbersIn(result.text).filter((n) => !known.has(n))).toEqual([]);
    expect(result.text).toMatch(/^VIP Buyers went from/);
  });

  it('continues a conversation from the stored messages', async () => {
    const first = await run('how many signups did we get yesterday?');
    expect(first.components.map((c) => c.component)).toEqual(['MetricCard']);
    const second = await run('and the day before yesterday?', first.newMessages);
    expect(second.toolCalls.map((c) => [c.name, c.input])).toEqual([
      ['query_event_volume', { event: 'Signed Up', from: '2026-11-23', to: '2026-11-24' }],
      ['display_metric_card', expect.objectContaining({ label: 'Signed Up the day before yesterday' })],
    ]);
  });

  it('does what it offered when the user just says yes', async () => {
    const first = await run('How many users are in the VIP Buyers segment?');
    expect(first.text).toMatch(/Want to see the membership trend of VIP Buyers\?$/);
    const second = await run('yes please', first.newMessages);
    expect(second.toolCalls.map((c) => c.name)).toContain('query_segment_membership_trend');
    expect(second.components.map((c) => c.component)).toEqual(['EventVolumeChart']);
    const top = await run('top 5 events last week');
    const offered = /Want the daily trend of ([A-Z][\w ]+)\?$/.exec(top.text)?.[1];
    expect(offered).toBeDefined();
    const daily = await run('sure', top.newMessages);
    expect(daily.toolCalls.find((c) => c.name === 'query_event_volume')?.input).toMatchObject({ event: offered });
    const unrelated = await run('yes', []);
    expect(unrelated.toolCalls.filter((c) => c.name.startsWith('query_') || c.name.startsWith('display_'))).toEqual([]);
  });

  it('emits a CreateSegmentCTA for a drafted segment', async () => {
    const result = await run('segment of German users on the free plan who added to cart at least twice this week');
    expect(result.components.map((c) => c.component)).toEqual(['CreateSegmentCTA']);
    expect(result.text).toContain('1,348 users');
  });
});
