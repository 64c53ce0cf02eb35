import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import type { BuilderCatalog } from '../../lib/api-types.ts';
import ConditionGroup from './ConditionGroup.svelte';

const catalog: BuilderCatalog = {
  events: [
    { name: 'Order Completed', description: null, category: null, property_count: 1, properties: { properties: { revenue: { type: 'number' } } } },
    { name: 'Product Added to Wishlist', description: null, category: null, property_count: 0, properties: {} },
  ],
  traits: [{ name: 'plan', type: 'string', description: null }],
  segments: [{ id: 'seg_vip', name: 'VIP Buyers', description: null, type: 'behavioral', status: 'active', member_count: 10, refreshed_at: null, conditions: [] }],
};

const group = {
  match: 'all' as const,
  conditions: [
    { type: 'event' as const, event: 'Order Completed', performed: true, count: { op: '>=' as const, value: 1 }, window: { type: 'relative' as const, last: 7, unit: 'days' as const }, where: [{ property: 'revenue', op: 'gt' as const, value: 100 }] },
    {
      type: 'group' as const,
      match: 'any' as const,
      conditions: [
        { type: 'event' as const, event: 'Product Added to Wishlist', performed: false, window: { type: 'ever' as const } },
        { type: 'trait' as const, trait: 'plan', op: 'in' as const, value: ['plus', 'pro'] },
      ],
    },
  ],
};

const renderGroup = (problems = new Map<string, string[]>()) => render(ConditionGroup, { props: { group, path: [], catalog, problems, dispatch: () => undefined } }).body;

describe('ConditionGroup', () => {
  it('renders nested conditions with their paths and current values', () => {
    const body = renderGroup();
    expect(body).toContain('data-testid="builder-conditions"');
    expect([...body.matchAll(/data-testid="builder-condition" data-path="([\d.]+)"/g)].map((match) => match[1])).toEqual(['0', '1', '1.0', '1.1']);
    expect(body).toContain('data-testid="builder-group"');
    expect(body).toMatch(/<option value="Order Completed"[^>]*selected/);
    expect(body).toContain('value="plus, pro"');
    expect(body).toContain('data-testid="builder-filter"');
  });

  it('shows each validation message inside the condition it points at', () => {
    const body = renderGroup(new Map([['1.1', ['in needs a list of values']]]));
    const problem = body.indexOf('in needs a list of values');
    expect(problem).toBeGreaterThan(body.indexOf('data-path="1.1"'));
    expect(body.indexOf('data-path="1.0"')).toBeLessThan(body.indexOf('data-path="1.1"'));
  });
});
