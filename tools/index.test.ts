import { describe, expect, it } from 'vitest';
import { copilotTools, createCopilotRegistry } from './index.ts';

const SPEC = {
  list_segments: ['postgres', ['status', 'sort_by', 'limit']],
  get_segment_detail: ['postgres', ['segment']],
  list_activations: ['postgres', ['status']],
  list_event_schemas: ['postgres', []],
  list_recent_events: ['postgres', ['limit', 'event']],
  query_top_events: ['clickhouse', ['limit', 'days', 'from', 'to']],
  query_event_volume: ['clickhouse', ['event', 'days', 'from', 'to']],
  query_segment_membership_trend: ['clickhouse', ['segment', 'days', 'from', 'to']],
  display_segment_table: ['display', ['title', 'segments']],
  display_metric_card: ['display', ['label', 'value', 'unit', 'context', 'delta']],
  display_event_chart: ['display', ['title', 'metric', 'event', 'series', 'ranking']],
  display_create_segment_cta: ['display', ['name', 'description', 'definition']],
} as const;

/** Paths of JSON Schema properties that carry no description for the model. */
function undescribed(schema: Record<string, unknown>, path: string): string[] {
  const missing: string[] = [];
  const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  for (const [key, child] of Object.entries(properties)) {
    const at = `${path}.${key}`;
    if (typeof child.description !== 'string' || child.description.length < 5) missing.push(at);
    missing.push(...undescribed(child, at));
    const items = child.items as Record<string, unknown> | undefined;
    if (items) missing.push(...undescribed(items, `${at}[]`));
  }
  return missing;
}

describe('copilot registry', () => {
  const registry = createCopilotRegistry();

  it('holds the 12 tools of the agreed spec with their sources and inputs', () => {
    expect(copilotTools.map((t) => t.name)).toEqual(Object.keys(SPEC));
    for (const spec of registry.specs()) {
      const [source, fields] = SPEC[spec.name as keyof typeof SPEC];
      expect(copilotTools.find((t) => t.name === spec.name)?.source).toBe(source);
      expect(Object.keys((spec.input_schema.properties ?? {}) as object).sort()).toEqual([...fields].sort());
    }
  });

  it('describes every tool and every input field for the model', () => {
    for (const spec of registry.specs()) {
      expect(spec.description.length, spec.name).toBeGreaterThan(150);
      expect(spec.description, spec.name).toMatch(/Use it|use it/);
      expect(undescribed(spec.input_schema, spec.name)).toEqual([]);
    }
  });

  it('gives the agreed defaults', () => {
    const defaults = Object.fromEntries(copilotTools.map((t) => [t.name, t.input.safeParse({}).data]));
    expect(defaults.list_segments).toEqual({ status: 'all', sort_by: 'members', limit: 50 });
    expect(defaults.list_recent_events).toEqual({ limit: 20 });
    expect(defaults.query_top_events).toEqual({ limit: 5, days: 7 });
    expect(defaults.query_event_volume).toEqual({ days: 30 });
  });

  it('refuses a missing required argument and an unknown tool', async () => {
    const ctx = { workspaceId: 'w', stores: {} as never, clock: () => new Date(), logger: {} as never, signal: new AbortController().signal };
    expect((await registry.call('get_segment_detail', {}, ctx)).content).toBe(
      "Invalid arguments for 'get_segment_detail': segment: Invalid input: expected string, received undefined.",
    );
    expect((await registry.call('create_segment', {}, ctx)).content).toMatch(/^Unknown tool 'create_segment'/);
  });
});
