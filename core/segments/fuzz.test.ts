import { describe, expect, it } from 'vitest';
import { compileDefinition, compileMembershipSeries } from './compile.ts';
import { segmentDefinitionSchema } from './dsl.ts';
import { HOSTILE_STRINGS, hostileDefinitions, userStrings } from './hostile.test-helper.ts';
import { validateDefinition } from './validate.ts';

const now = new Date('2026-11-01T12:00:00Z');
const catalog = { events: [{ name: 'Order Completed', properties: { type: 'object', properties: { revenue: { type: 'number' } } } }], traits: [{ name: 'plan', type: 'string' as const }], segments: [] };

/** The SQL without the few literals the compiler itself writes; any quote left would be a user string. */
const withoutOwnLiterals = (sql: string) => sql.replaceAll("'UTC'", '').replaceAll("'Null'", '').replaceAll("''", '');

describe('hostile and random definitions', () => {
  const definitions = hostileDefinitions(400, 12345);

  it('are all valid shapes (the generator exercises the compiler, not the schema)', () => {
    for (const def of definitions) expect(segmentDefinitionSchema.safeParse(def).success).toBe(true);
  });

  it('compile without a single user string or quote in the SQL text; every value is a bound parameter', () => {
    for (const def of definitions) {
      for (const query of [
        compileDefinition(def, { workspaceId: HOSTILE_STRINGS[0], now, resolveSegment: () => undefined }),
        compileMembershipSeries(def, { workspaceId: HOSTILE_STRINGS[1], asOfs: [now], resolveSegment: () => undefined }),
      ]) {
        for (const text of userStrings(def)) if (/[^A-Za-z0-9 _]/.test(text)) expect(query.sql).not.toContain(text);
        expect(withoutOwnLiterals(query.sql)).not.toMatch(/['"`;\\]|--|\/\*/);
        const placeholders = new Set([...query.sql.matchAll(/\{(p\d+):[^}]+\}/g)].map((m) => m[1]));
        for (const name of placeholders) expect(query.params).toHaveProperty(name);
        const bound = new Set(Object.values(query.params).flat());
        for (const text of userStrings(def)) if (!/^\d{4}-\d\d-\d\d/.test(text)) expect(bound.has(text)).toBe(true);
      }
    }
  });

  it('validation answers every one of them (errors, never an exception)', () => {
    for (const def of definitions) {
      const result = validateDefinition(def, catalog);
      if (!result.ok) expect(result.errors.length).toBeGreaterThan(0);
    }
  });

  it('garbage input gets problems, not crashes: deep nesting, huge numbers, wrong types', () => {
    let deep: unknown = { type: 'trait', trait: 'plan', op: 'exists' };
    for (let i = 0; i < 100_000; i++) deep = { type: 'group', match: 'all', conditions: [deep] };
    const garbage: unknown[] = [
      null, 42, 'all', [], { match: 'all', conditions: [deep] },
      { match: 'all', conditions: Array.from({ length: 51 }, () => ({ type: 'trait', trait: 'plan', op: 'exists' })) },
      { match: 'all', conditions: [{ type: 'event', event: 'Order Completed', performed: true, count: { op: '>=', value: 1e300 } }] },
      { match: 'all', conditions: [{ type: 'trait', trait: 'x'.repeat(10_000), op: 'eq', value: NaN }] },
      { match: 'all', conditions: [{ type: 'trait', trait: 'plan', op: 'in', value: Array(1000).fill('a') }] },
      { match: 'all', conditions: [{ type: 'event', event: "'; DROP TABLE events; --", performed: 'yes', __proto__: { x: 1 } }] },
    ];
    for (const input of garbage) {
      const result = validateDefinition(input, catalog);
      expect(result.ok).toBe(false);
      if (!result.ok) for (const error of result.errors) expect(error.message.length).toBeLessThan(400);
    }
  });
});
