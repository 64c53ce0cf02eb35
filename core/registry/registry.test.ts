import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Stores } from '../stores/index.ts';
import { createRegistry, defineTool, type CallContext, type Tool } from './index.ts';

const ctx = (signal = new AbortController().signal): CallContext => ({
  workspaceId: 'ws_1',
  stores: {} as Stores,
  clock: () => new Date(0),
  logger: pino({ level: 'silent' }),
  signal,
});

const countEvents = defineTool({
  name: 'count_events',
  description: 'Counts events of one name over the last days. Use it for volume questions.',
  source: 'clickhouse',
  input: z.object({ event: z.string().describe('Event name'), days: z.number().int().min(1).default(7) }),
  output: z.object({ event: z.string(), count: z.number() }),
  run: async ({ event, days }, context) => ({ event, count: days * 10, workspace: context.workspaceId }),
});

describe('createRegistry', () => {
  it('refuses duplicate names and says how to fix it', () => {
    expect(() => createRegistry([countEvents, countEvents])).toThrow(/'count_events' is registered twice: give each tool a unique name/);
  });

  it('refuses an empty description and says what to write', () => {
    expect(() => createRegistry([{ ...countEvents, description: '  ' }])).toThrow(/empty description: say what it returns and when/);
  });

  it('refuses a non-object input schema, at definition and at load', () => {
    const bad = { ...countEvents, input: z.string() } as unknown as Tool;
    expect(() => defineTool(bad as never)).toThrow(/input must be a z\.object\(\{\.\.\.\}\)/);
    expect(() => createRegistry([bad])).toThrow(/input must be a z\.object\(\{\.\.\.\}\); wrap a single value/);
  });

  it('refuses a name the model API would reject', () => {
    expect(() => createRegistry([{ ...countEvents, name: 'count events' }])).toThrow(/letters, digits, '_' or '-'/);
  });

  it('turns input schemas into tool specs without $schema', () => {
    const [spec] = createRegistry([countEvents]).specs();
    expect(spec).toEqual({
      name: 'count_events',
      description: countEvents.description,
      input_schema: {
        type: 'object',
        properties: {
          event: { type: 'string', description: 'Event name' },
          days: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER, default: 7 },
        },
        required: ['event'],
      },
    });
  });
});

describe('registry.call', () => {
  const registry = createRegistry([countEvents]);

  it('validates, applies defaults and runs the tool with its context', async () => {
    expect(await registry.call('count_events', { event: 'Signed Up' }, ctx())).toEqual({
      content: { event: 'Signed Up', count: 70, workspace: 'ws_1' },
      isError: false,
      components: [],
    });
  });

  it('reports every invalid field with its path and what was expected, as an observation', async () => {
    const result = await registry.call('count_events', { event: 3, days: 'seven' }, ctx());
    expect(result.isError).toBe(true);
    expect(result.content).toBe(
      "Invalid arguments for 'count_events': event: Invalid input: expected string, received number; days: Invalid input: expected number, received string.",
    );
  });

  it('reports an unknown tool with the list of known ones', async () => {
    expect(await registry.call('nope', {}, ctx())).toMatchObject({ isError: true, content: "Unknown tool 'nope'. Available tools: count_events." });
  });

  it('says a store is unavailable without its address when a tool cannot reach it', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' });
    const tools = createRegistry([
      defineTool({ name: 'segments', description: 'Reads Postgres.', source: 'postgres', input: z.object({}), run: async () => Promise.reject(refused) }),
      defineTool({ name: 'volume', description: 'Reads ClickHouse.', source: 'clickhouse', input: z.object({}), run: async () => Promise.reject(new Error('fetch failed: getaddrinfo ENOTFOUND ch.internal')) }),
    ]);
    expect(await tools.call('segments', {}, ctx())).toMatchObject({ isError: true, content: "Tool 'segments' failed: the Postgres store is unavailable right now; try again in a moment." });
    const volume = await tools.call('volume', {}, ctx());
    expect(volume.content).toBe("Tool 'volume' failed: the ClickHouse store is unavailable right now; try again in a moment.");
    expect(String(volume.content)).not.toMatch(/ch\.internal|10\.0\.0\.5/);
  });

  it('turns a thrown error, a timeout and a bad output into observations', async () => {
    const tools = createRegistry([
      defineTool({ name: 'boom', description: 'Fails.', source: 'none', input: z.object({}), run: async () => Promise.reject(new Error('disk full')) }),
      defineTool({ name: 'hang', description: 'Never answers.', source: 'none', input: z.object({}), run: () => new Promise(() => {}) }),
      defineTool({ name: 'liar', description: 'Returns a bad shape.', source: 'none', input: z.object({}), output: z.object({ n: z.number() }), run: async () => ({ n: 'x' }) }),
    ]);
    expect(await tools.call('boom', {}, ctx())).toMatchObject({ isError: true, content: "Tool 'boom' failed: disk full" });
    expect(await tools.call('hang', {}, ctx(), { timeoutMs: 20 })).toMatchObject({ isError: true, content: "Tool 'hang' timed out after 20 ms." });
    expect(await tools.call('liar', {}, ctx())).toMatchObject({ isError: true, content: expect.stringMatching(/does not match its schema: n: Invalid input: expected number/) });
  });

  it('aborts the tool when the caller cancels', async () => {
    const controller = new AbortController();
    let sawAbort = false;
    const tools = createRegistry([
      defineTool({
        name: 'wait',
        description: 'Waits until cancelled.',
        source: 'none',
        input: z.object({}),
        run: (_input, context) => new Promise((_resolve, reject) => context.signal.addEventListener('abort', () => ((sawAbort = true), reject(new Error('aborted'))))),
      }),
    ]);
    const call = tools.call('wait', {}, ctx(controller.signal));
    controller.abort();
    expect(await call).toMatchObject({ isError: true, content: "Tool 'wait' was cancelled." });
    expect(sawAbort).toBe(true);
  });

  it('collects the components a display tool emits and forwards them', async () => {
    const forwarded: unknown[] = [];
    const tools = createRegistry([
      defineTool({
        name: 'show',
        description: 'Shows a card.',
        source: 'display',
        input: z.object({ value: z.number() }),
        run: async ({ value }, context) => {
          context.emit({ component: 'MetricCard', props: { value } });
          return { shown: true };
        },
      }),
    ]);
    const result = await tools.call('show', { value: 3 }, { ...ctx(), emit: (component) => forwarded.push(component) });
    expect(result.components).toEqual([{ component: 'MetricCard', props: { value: 3 } }]);
    expect(forwarded).toEqual(result.components);
  });
});
