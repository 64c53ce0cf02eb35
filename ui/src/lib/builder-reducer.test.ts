import { describe, expect, it } from 'vitest';
import { builderReducer, emptyBuilder, newCondition, problemsByCondition, toDefinition, type BuilderAction, type BuilderState } from './builder-reducer.ts';

const run = (actions: BuilderAction[], start: BuilderState = emptyBuilder) => actions.reduce(builderReducer, start);
const purchased = newCondition('event', { event: 'Order Completed' });

describe('builderReducer', () => {
  it('builds the purchased-but-never-wishlisted segment as the DSL spec writes it', () => {
    const state = run([
      { type: 'set-name', name: 'Recent buyers, no wishlist' },
      { type: 'add', group: [], condition: purchased },
      { type: 'replace', path: [0], condition: { type: 'event', event: 'Order Completed', performed: true, count: { op: '>=', value: 1 }, window: { type: 'relative', last: 7, unit: 'days' } } },
      { type: 'add', group: [], condition: newCondition('event', { event: 'Product Added to Wishlist' }) },
      { type: 'replace', path: [1], condition: { type: 'event', event: 'Product Added to Wishlist', performed: false, count: { op: '>=', value: 1 }, window: { type: 'ever' } } },
    ]);
    expect(state.name).toBe('Recent buyers, no wishlist');
    expect(toDefinition(state)).toEqual({
      match: 'all',
      conditions: [
        { type: 'event', event: 'Order Completed', performed: true, count: { op: '>=', value: 1 }, window: { type: 'relative', last: 7, unit: 'days' } },
        { type: 'event', event: 'Product Added to Wishlist', performed: false, window: { type: 'ever' } },
      ],
    });
  });

  it('adds conditions inside nested groups and sets each group to all or any', () => {
    const state = run([
      { type: 'add', group: [], condition: purchased },
      { type: 'add', group: [], condition: newCondition('group', { event: 'Email Opened' }) },
      { type: 'add', group: [1], condition: newCondition('trait', { trait: 'plan' }) },
      { type: 'set-match', group: [1], match: 'all' },
      { type: 'set-match', group: [], match: 'any' },
    ]);
    expect(state.definition).toMatchObject({
      match: 'any',
      conditions: [{ event: 'Order Completed' }, { type: 'group', match: 'all', conditions: [{ event: 'Email Opened' }, { type: 'trait', trait: 'plan' }] }],
    });
  });

  it('nests a condition into a new group of its own', () => {
    const state = run([{ type: 'add', group: [], condition: purchased }, { type: 'nest', path: [0] }]);
    expect(state.definition.conditions).toEqual([{ type: 'group', match: 'all', conditions: [purchased] }]);
  });

  it('removes a condition, and a nested group with its last condition', () => {
    const nested = run([
      { type: 'add', group: [], condition: purchased },
      { type: 'add', group: [], condition: newCondition('group', { event: 'Email Opened' }) },
    ]);
    expect(run([{ type: 'remove', path: [1, 0] }], nested).definition.conditions).toEqual([purchased]);
    expect(run([{ type: 'remove', path: [0] }], nested).definition.conditions).toMatchObject([{ type: 'group' }]);
  });

  it('changes nothing but the edited path, and leaves the previous state untouched', () => {
    const before = run([{ type: 'add', group: [], condition: purchased }, { type: 'add', group: [], condition: newCondition('trait', { trait: 'country' }) }]);
    const after = run([{ type: 'replace', path: [1], condition: { type: 'trait', trait: 'country', op: 'eq', value: 'US' } }], before);
    expect(after.definition.conditions[0]).toBe(before.definition.conditions[0]);
    expect(before.definition.conditions[1]).toMatchObject({ value: '' });
  });

  it('refuses a path that is not there, saying so', () => {
    expect(() => run([{ type: 'add', group: [3], condition: purchased }])).toThrow(/no condition at 3/);
  });

  it('loads a draft whole', () => {
    const definition = { match: 'any' as const, conditions: [purchased] };
    expect(run([{ type: 'load', name: 'VIP', description: 'd', definition }])).toEqual({ name: 'VIP', description: 'd', definition });
  });
});

describe('toDefinition', () => {
  it('drops empty filter lists and values that "is set" does not take', () => {
    const state = run([
      { type: 'add', group: [], condition: { type: 'event', event: 'Order Completed', performed: true, where: [] } },
      { type: 'add', group: [], condition: { type: 'trait', trait: 'email', op: 'exists', value: '' } },
      { type: 'add', group: [], condition: { type: 'event', event: 'Page Viewed', performed: true, where: [{ property: 'url', op: 'exists', value: '' }] } },
    ]);
    expect(toDefinition(state).conditions).toEqual([
      { type: 'event', event: 'Order Completed', performed: true },
      { type: 'trait', trait: 'email', op: 'exists' },
      { type: 'event', event: 'Page Viewed', performed: true, where: [{ property: 'url', op: 'exists' }] },
    ]);
  });
});

describe('problemsByCondition', () => {
  it('files each problem under the condition its path points at, without the position prefix', () => {
    const problems = problemsByCondition([
      { path: 'conditions[1].conditions[0].window.last', message: 'condition 2.1: last must be at least 1' },
      { path: 'definition.conditions[0].event', message: 'condition 1: event must not be empty' },
      { path: 'conditions[0].where[1].value', message: 'condition 1, filter 2: gt needs a number value' },
      { path: 'conditions', message: 'a group needs at least one condition' },
    ]);
    expect(Object.fromEntries(problems)).toEqual({
      '1.0': ['last must be at least 1'],
      '0': ['event must not be empty', 'filter 2: gt needs a number value'],
      '': ['a group needs at least one condition'],
    });
  });
});
