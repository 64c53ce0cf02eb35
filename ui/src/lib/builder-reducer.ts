import type { Condition, GroupCondition, Match, SegmentDefinition } from '../../../core/segments/dsl.ts';
import type { ApiProblem } from './api-error.ts';

/** Where a condition sits: its index in each group from the root (`[1, 0]` = first condition of the second). */
export type ConditionPath = readonly number[];

/** What the segment builder edits. */
export interface BuilderState {
  name: string;
  description: string;
  definition: SegmentDefinition;
}

/** The edits of the segment builder. */
export type BuilderAction =
  | { type: 'load'; name: string; description: string; definition: SegmentDefinition }
  | { type: 'set-name'; name: string }
  | { type: 'set-description'; description: string }
  | { type: 'set-match'; group: ConditionPath; match: Match }
  | { type: 'add'; group: ConditionPath; condition: Condition }
  | { type: 'replace'; path: ConditionPath; condition: Condition }
  | { type: 'remove'; path: ConditionPath }
  | { type: 'nest'; path: ConditionPath };

/** The kinds of condition a user can add. */
export type ConditionKind = Condition['type'];

/** An empty builder: all of no conditions yet. */
export const emptyBuilder: BuilderState = { name: '', description: '', definition: { match: 'all', conditions: [] } };

/** A new condition of a kind, pre-set with the first event/trait/segment of the catalog. */
export function newCondition(kind: ConditionKind, defaults: { event?: string; trait?: string; segment?: string } = {}): Condition {
  switch (kind) {
    case 'event':
      return { type: 'event', event: defaults.event ?? '', performed: true, count: { op: '>=', value: 1 }, window: { type: 'relative', last: 30, unit: 'days' } };
    case 'trait':
      return { type: 'trait', trait: defaults.trait ?? '', op: 'eq', value: '' };
    case 'segment':
      return { type: 'segment', segment: defaults.segment ?? '', member: true };
    case 'group':
      return { type: 'group', match: 'any', conditions: [newCondition('event', defaults)] };
  }
}

/** The builder state after one edit (pure). A group left empty by a removal goes away with it. */
export function builderReducer(state: BuilderState, action: BuilderAction): BuilderState {
  switch (action.type) {
    case 'load':
      return { name: action.name, description: action.description, definition: action.definition };
    case 'set-name':
      return { ...state, name: action.name };
    case 'set-description':
      return { ...state, description: action.description };
    case 'set-match':
      return withRoot(state, updateGroup(root(state), action.group, (group) => ({ ...group, match: action.match })));
    case 'add':
      return withRoot(state, updateGroup(root(state), action.group, (group) => ({ ...group, conditions: [...group.conditions, action.condition] })));
    case 'replace':
      return withRoot(state, updateAt(root(state), action.path, () => action.condition));
    case 'nest':
      return withRoot(state, updateAt(root(state), action.path, (condition) => ({ type: 'group', match: 'all', conditions: [condition] })));
    case 'remove':
      return withRoot(state, removeAt(root(state), action.path));
  }
}

type Root = Pick<GroupCondition, 'match' | 'conditions'>;

const root = (state: BuilderState): Root => state.definition;
const withRoot = (state: BuilderState, next: Root): BuilderState => ({ ...state, definition: { match: next.match, conditions: next.conditions } });

function asGroup(condition: Condition | undefined): GroupCondition {
  if (condition?.type !== 'group') throw new Error('Only a group holds other conditions: check the condition path.');
  return condition;
}

function updateGroup(group: Root, path: ConditionPath, update: (group: Root) => Root): Root {
  if (path.length === 0) return update(group);
  return updateAt(group, path, (condition) => ({ ...asGroup(condition), ...update(asGroup(condition)) }));
}

function updateAt(group: Root, path: ConditionPath, update: (condition: Condition) => Condition): Root {
  const [index, ...rest] = path;
  const target = group.conditions[index];
  if (target === undefined) throw new Error(`There is no condition at ${path.join('.')}.`);
  const next: Condition = rest.length === 0 ? update(target) : { ...asGroup(target), ...updateAt(asGroup(target), rest, update) };
  return { ...group, conditions: group.conditions.map((condition, i) => (i === index ? next : condition)) };
}

function removeAt(group: Root, path: ConditionPath): Root {
  const [index, ...rest] = path;
  if (rest.length === 0) return { ...group, conditions: group.conditions.filter((_, i) => i !== index) };
  const inner = removeAt(asGroup(group.conditions[index]), rest);
  const conditions =
    inner.conditions.length === 0
      ? group.conditions.filter((_, i) => i !== index)
      : group.conditions.map((condition, i) => (i === index ? { ...asGroup(condition), conditions: inner.conditions } : condition));
  return { ...group, conditions };
}

/**
 * The DSL the builder sends: the definition without the editor's leftovers (a count on "did not perform",
 * an empty filter list, an empty value on `exists`).
 */
export function toDefinition(state: BuilderState): SegmentDefinition {
  return { match: state.definition.match, conditions: state.definition.conditions.map(clean) };
}

function clean(condition: Condition): Condition {
  switch (condition.type) {
    case 'group':
      return { ...condition, conditions: condition.conditions.map(clean) };
    case 'event': {
      const { count, where, ...rest } = condition;
      return {
        ...rest,
        ...(condition.performed && count ? { count } : {}),
        ...(where && where.length > 0 ? { where: where.map(({ value, ...filter }) => (filter.op === 'exists' && value === '' ? filter : { ...filter, value })) } : {}),
      };
    }
    case 'trait': {
      const { value, ...rest } = condition;
      return value === undefined || (rest.op === 'exists' && value === '') ? rest : { ...rest, value };
    }
    case 'segment':
      return condition;
  }
}

/** The key of a condition path (`'1.0'`; the root is `''`). */
export const pathKey = (path: ConditionPath): string => path.join('.');

/**
 * Files the server's validation problems under the condition each points at (its JSON path, e.g.
 * `conditions[1].conditions[0].window.last` → `'1.0'`; a leading `definition.` is skipped), without the "condition 2.1:" prefix that says where.
 */
export function problemsByCondition(problems: readonly ApiProblem[]): Map<string, string[]> {
  const byKey = new Map<string, string[]>();
  for (const problem of problems) {
    const indexes: number[] = [];
    const pattern = /^\.?conditions\[(\d+)\]/;
    let rest = problem.path.replace(/^definition\.?/, '');
    for (let match = pattern.exec(rest); match; match = pattern.exec(rest)) {
      indexes.push(Number(match[1]));
      rest = rest.slice(match[0].length);
    }
    const key = pathKey(indexes);
    const message = problem.message.replace(/^condition [\d.]+(: |, )/, '');
    byKey.set(key, [...(byKey.get(key) ?? []), message]);
  }
  return byKey;
}

/**
 * The longest path a group may have: the DSL nests groups at most 5 levels deep counting the root, so a
 * group sits at most 4 steps below it.
 */
export const MAX_GROUP_PATH = 4;
