import { HttpAgent } from '@ag-ui/client';
import { EventSchemas } from '@ag-ui/core/schemas';
import { describe, expect, it, vi } from 'vitest';
import type { RunEvent } from './events.ts';
import { formatSse } from './sse.ts';
import { shippedMachines } from './shipped-machines.ts';
import { scenarios, scenariosFor } from './testing.ts';

/** Feeds our SSE framing of a run to an unchanged AG-UI HttpAgent, which parses, verifies and applies it. */
async function replayThroughHttpAgent(events: RunEvent[]): Promise<{ seen: string[]; messages: unknown[] }> {
  const body = events.map(formatSse).join('');
  const agent = new HttpAgent({
    url: 'http://copilot.test/agent',
    fetch: async () => new Response(body, { headers: { 'content-type': 'text/event-stream' } }),
  });
  const seen: string[] = [];
  await agent.runAgent({ runId: 'run_test' }, { onEvent: ({ event }) => void seen.push(event.type) });
  return { seen, messages: agent.messages };
}

describe('AG-UI compatibility', () => {
  const runs = shippedMachines.definitions.flatMap(({ name: machine, machine: definition }) =>
    Object.entries(scenariosFor(definition)).map(([name, scenario]) => [`${machine} ${name}`, scenario] as const),
  );
  for (const [name, scenario] of runs) {
    it(`${name}: every event parses with @ag-ui/core and an HttpAgent accepts the stream`, async () => {
      const { events } = await scenario();
      for (const event of events) expect(EventSchemas.safeParse(event).error).toBeUndefined();
      expect(events[0].type).toBe('RUN_STARTED');
      expect(['RUN_FINISHED', 'RUN_ERROR']).toContain(events.at(-1)!.type);
      const { seen } = await replayThroughHttpAgent(events);
      expect(seen).toEqual(events.map((event) => event.type));
    });
  }

  it('the HttpAgent rebuilds the assistant message and the tool results', async () => {
    const { events } = await scenarios.toolsThenAnswer();
    const { messages } = await replayThroughHttpAgent(events);
    expect(messages).toContainEqual(expect.objectContaining({ role: 'assistant', content: 'There were 7 signups.' }));
    expect(messages).toContainEqual(expect.objectContaining({ role: 'tool', toolCallId: 'toolu_s0_0' }));
  });

  it('the HttpAgent rejects a stream that breaks the ordering rules', async () => {
    const { events } = await scenarios.answersDirectly();
    const withoutEnd = events.filter((event) => event.type !== 'TEXT_MESSAGE_END');
    vi.spyOn(console, 'error').mockImplementation(() => {});
    await expect(replayThroughHttpAgent(withoutEnd)).rejects.toThrow(/text messages are still active/);
  });
});
