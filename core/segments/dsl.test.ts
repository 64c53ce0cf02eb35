import { describe, expect, it } from 'vitest';
import { describeDefinition } from './describe.ts';
import { segmentDefinitionSchema, type SegmentDefinition } from './dsl.ts';
import { closestName } from './suggest.ts';
import { validateDefinition, type Catalog } from './validate.ts';

const catalog: Catalog = {
  events: [
    { name: 'Order Completed', properties: { type: 'object', properties: { revenue: { type: 'number' }, category: { type: 'string', enum: ['Shoes', 'Hats'] } } } },
    { name: 'Product Added to Wishlist', properties: { type: 'object', properties: {} } },
    { name: 'Page Viewed', properties: { type: 'object', properties: { path: { type: 'string' } } } },
  ],
  traits: [
    { name: 'plan', type: 'string' },
    { name: 'lifetime_value', type: 'number' },
    { name: 'signup_date', type: 'date' },
    { name: 'email_opt_in', type: 'boolean' },
  ],
  segments: [
    { id: 'seg_a', name: 'A', definition: { match: 'all', conditions: [{ type: 'segment', segment: 'seg_b', member: true }] } },
    { id: 'seg_b', name: 'B', definition: { match: 'all', conditions: [{ type: 'trait', trait: 'plan', op: 'eq', value: 'pro' }] } },
    { id: 'seg_high', name: 'High LTV', definition: { match: 'all', conditions: [{ type: 'trait', trait: 'lifetime_value', op: 'gte', value: 500 }] } },
  ],
};

const example: SegmentDefinition = {
  match: 'all',
  conditions: [
    { type: 'event', event: 'Order Completed', performed: true, count: { op: '>=', value: 1 }, window: { type: 'relative', last: 7, unit: 'days' } },
    { type: 'event', event: 'Product Added to Wishlist', performed: false, window: { type: 'ever' } },
  ],
};

const messages = (def: unknown, selfId?: string) => {
  const result = validateDefinition(def, catalog, selfId);
  return result.ok ? [] : result.errors.map((e) => e.message);
};

describe('the schema', () => {
  it('accepts the agreed shape, nested groups to depth 5 and every operator', () => {
    expect(segmentDefinitionSchema.safeParse(example).success).toBe(true);
    let nested: unknown = { type: 'trait', trait: 'plan', op: 'exists' };
    for (let i = 0; i < 4; i++) nested = { type: 'group', match: 'any', conditions: [nested] };
    expect(segmentDefinitionSchema.safeParse({ match: 'all', conditions: [nested] }).success).toBe(true);
    nested = { type: 'group', match: 'any', conditions: [nested] };
    expect(segmentDefinitionSchema.safeParse({ match: 'all', conditions: [nested] }).success).toBe(false);
  });

  it('refuses unknown keys, wrong types, out-of-range numbers and too many conditions', () => {
    expect(messages({ match: 'all', conditions: [{ ...example.conditions[0], colour: 'red' }] })).toEqual(["condition 1: unknown field 'colour'"]);
    expect(messages({ match: 'most', conditions: [] })).toEqual(["match must be 'all' or 'any'", 'a group needs at least one condition']);
    expect(messages({ match: 'all', conditions: [{ type: 'event', event: 'Order Completed', performed: true, window: { type: 'relative', last: 0, unit: 'days' } }] })).toEqual([
      'condition 1: window last must be at least 1',
    ]);
    expect(messages({ match: 'all', conditions: [{ type: 'group', match: 'all', conditions: [{ type: 'trait', trait: 'lifetime_value', op: 'gt', value: 'much' }] }] })).toEqual([
      'condition 1.1: gt needs a number value',
    ]);
    expect(messages({ match: 'all', conditions: Array(51).fill(example.conditions[1]) })).toEqual(['a group holds at most 50 conditions']);
    expect(messages({ match: 'all', conditions: [{ type: 'cohort' }] })).toEqual(["condition 1: type must be one of 'group', 'event', 'trait', 'segment'"]);
  });
});

describe('validation against the workspace', () => {
  it('accepts a good definition and returns it', () => {
    expect(validateDefinition(example, catalog)).toEqual({ ok: true, definition: example });
  });

  it('names unknown events with a suggestion', () => {
    expect(messages({ match: 'all', conditions: [example.conditions[1], { type: 'event', event: 'Purchase', performed: true }] })).toEqual([
      "condition 2: event 'Purchase' is not a registered event; did you mean 'Order Completed'?",
    ]);
    expect(messages({ match: 'all', conditions: [{ type: 'event', event: 'Page Vewed', performed: true }] })).toEqual([
      "condition 1: event 'Page Vewed' is not a registered event; did you mean 'Page Viewed'?",
    ]);
    expect(messages({ match: 'all', conditions: [{ type: 'event', event: 'Zzz', performed: true }] })).toEqual(["condition 1: event 'Zzz' is not a registered event"]);
  });

  it('checks operators against trait and property types', () => {
    const def = { match: 'all', conditions: [{ type: 'group', match: 'any', conditions: [example.conditions[0], example.conditions[1], { type: 'trait', trait: 'plan', op: 'gt', value: 3 }] }] };
    expect(messages(def)).toEqual(["condition 1.3: trait 'plan' is a string; use eq, neq, contains, in or exists, not gt"]);
    expect(messages({ match: 'all', conditions: [{ type: 'trait', trait: 'lifetime_value', op: 'eq', value: '500' }] })).toEqual([
      `condition 1: trait 'lifetime_value' is a number; compare it with a number, not "500"`,
    ]);
    expect(messages({ match: 'all', conditions: [{ type: 'trait', trait: 'plann', op: 'eq', value: 'pro' }] })).toEqual(["condition 1: trait 'plann' is not a known trait; did you mean 'plan'?"]);
    const filters = { type: 'event', event: 'Order Completed', performed: true, where: [{ property: 'revenue', op: 'contains', value: '1' }, { property: 'categry', op: 'eq', value: 'Shoes' }, { property: 'category', op: 'eq', value: 'Shoez' }] };
    expect(messages({ match: 'all', conditions: [filters] })).toEqual([
      "condition 1, filter 1: property 'revenue' of 'Order Completed' is a number; use eq, neq, gt, gte, lt, lte, in or exists, not contains",
      "condition 1, filter 2: 'categry' is not a property of 'Order Completed'; did you mean 'category'?",
      `condition 1, filter 3: "Shoez" is not one of the values of 'category'; did you mean 'Shoes'?`,
    ]);
    const result = validateDefinition({ match: 'all', conditions: [filters] }, catalog);
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual(['conditions[0].where[0].op', 'conditions[0].where[1].property', 'conditions[0].where[2].value']);
  });

  it('refuses missing segments and reference loops', () => {
    expect(messages({ match: 'all', conditions: [{ type: 'segment', segment: 'high ltv', member: true }] })).toEqual([
      "condition 1: segment 'high ltv' does not exist; did you mean 'High LTV' (id 'seg_high')?",
    ]);
    expect(messages({ match: 'all', conditions: [{ type: 'segment', segment: 'seg_a', member: true }] }, 'seg_b')).toEqual([
      "condition 1: segment 'B' refers to 'A' which refers back to 'B'",
    ]);
    expect(messages({ match: 'all', conditions: [{ type: 'segment', segment: 'seg_b', member: false }] }, 'seg_b')).toEqual(["condition 1: segment 'B' refers to itself"]);
    expect(messages({ match: 'all', conditions: [{ type: 'segment', segment: 'seg_a', member: true }] })).toEqual([]);
  });

  it('suggests by spelling and by shared words, and stays quiet when nothing is close', () => {
    expect(closestName('wishlist add', ['Order Completed', 'Product Added to Wishlist'])).toBe('Product Added to Wishlist');
    expect(closestName('qqqq', ['Order Completed'])).toBeUndefined();
  });
});

describe('the plain-English rendering', () => {
  it('renders one line per top-level condition', () => {
    expect(describeDefinition(example)).toEqual(['performed Order Completed at least once in the last 7 days', 'never performed Product Added to Wishlist']);
    const def: SegmentDefinition = {
      match: 'any',
      conditions: [
        { type: 'trait', trait: 'lifetime_value', op: 'gte', value: 500 },
        { type: 'group', match: 'all', conditions: [{ type: 'trait', trait: 'plan', op: 'in', value: ['plus', 'pro'] }, { type: 'segment', segment: 'seg_high', member: false }] },
        { type: 'event', event: 'Page Viewed', performed: true, count: { op: '<', value: 3 }, window: { type: 'absolute', from: '2026-10-01T00:00:00Z', to: '2026-11-01' }, where: [{ property: 'path', op: 'contains', value: 'sale' }] },
        { type: 'event', event: 'Order Completed', performed: false, window: { type: 'relative', last: 1, unit: 'months' } },
        { type: 'trait', trait: 'signup_date', op: 'within_last_days', value: 30 },
      ],
    };
    expect(describeDefinition(def, { segmentNames: { seg_high: 'High LTV' } })).toEqual([
      'lifetime_value is at least 500',
      'all of (plan is one of "plus", "pro"; is not in segment High LTV)',
      'performed Page Viewed where path contains "sale" fewer than 3 times between 2026-10-01 and 2026-11-01',
      'did not perform Order Completed in the last month',
      'signup_date is within the last 30 days',
    ]);
  });
});
