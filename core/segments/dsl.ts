import { z } from 'zod';

/** How many levels groups may nest; the root counts as level 1. */
export const MAX_DEPTH = 5;
/** Most conditions in one group (the root included). */
export const MAX_CONDITIONS = 50;
/** Most property filters on one event condition. */
export const MAX_FILTERS = 20;
/** Most values in an `in` list. */
export const MAX_IN_VALUES = 100;
/** Largest magnitude a numeric value may have. */
export const MAX_NUMBER = 1e15;

/** Whether all or any of a group's conditions must hold. */
export type Match = 'all' | 'any';
/** Comparison of an event count. */
export type CountOp = '>=' | '>' | '=' | '<=' | '<';
/** Unit of a relative time window. */
export type WindowUnit = 'hours' | 'days' | 'weeks' | 'months';
/** Operators of a property filter on an event. */
export type FilterOp = 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte' | 'contains' | 'in' | 'exists';
/** Operators of a trait condition: the filter operators plus date comparisons. */
export type TraitOp = FilterOp | 'before' | 'after' | 'within_last_days';
/** A value compared with a property or a trait (`in` takes a list; `exists` an optional boolean). */
export type ConditionValue = string | number | boolean | string[] | number[];

/** When an event must have happened. */
export type TimeWindow =
  | { type: 'relative'; last: number; unit: WindowUnit }
  | { type: 'absolute'; from: string; to: string }
  | { type: 'ever' };

/** A filter on one property of an event. */
export interface PropertyFilter {
  property: string;
  op: FilterOp;
  value?: ConditionValue;
}

/** The user performed (or did not perform) an event, a number of times, in a window, with filters. */
export interface EventCondition {
  type: 'event';
  event: string;
  performed: boolean;
  count?: { op: CountOp; value: number };
  window?: TimeWindow;
  where?: PropertyFilter[];
}

/** A comparison of one of the user's traits. */
export interface TraitCondition {
  type: 'trait';
  trait: string;
  op: TraitOp;
  value?: ConditionValue;
}

/** Membership (or not) of another segment, by id. */
export interface SegmentCondition {
  type: 'segment';
  segment: string;
  member: boolean;
}

/** A nested all/any group. */
export interface GroupCondition {
  type: 'group';
  match: Match;
  conditions: Condition[];
}

/** One node of the segment tree. */
export type Condition = GroupCondition | EventCondition | TraitCondition | SegmentCondition;

/** A segment definition: the root group. */
export interface SegmentDefinition {
  match: Match;
  conditions: Condition[];
}

/** A type error that says "is required" when the field is missing, else what it must be. */
const expected =
  (field: string, what: string) =>
  (issue: { code?: string; input?: unknown }): string | undefined =>
    issue.code !== 'invalid_type' && issue.code !== 'invalid_value'
      ? undefined : issue.input === undefined ? `${field} is required` : `${field} must be ${what}`;

const name = (what: string) =>
  z
    .string({ error: expected(what, 'a text') })
    .trim()
    .min(1, { error: `${what} must not be empty` })
    .max(200, { error: `${what} is too long (at most 200 characters)` });
const text = z.string().max(1000, { error: 'value is too long (at most 1000 characters)' });
const number = z
  .number({ error: expected('value', 'a number') })
  .min(-MAX_NUMBER, { error: `value is too small (at least ${-MAX_NUMBER})` })
  .max(MAX_NUMBER, { error: `value is too large (at most ${MAX_NUMBER})` });
const dateText = z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
  error: 'must be a date like 2026-10-01 or 2026-10-01T00:00:00Z',
});
const value = z.union(
  [text, number, z.boolean(), z.array(text).min(1).max(MAX_IN_VALUES), z.array(number).min(1).max(MAX_IN_VALUES)],
  { error: `value must be a text, a number, true/false, or a list of 1 to ${MAX_IN_VALUES} texts or numbers (not mixed)` },
);
const match = z.enum(['all', 'any'], { error: expected('match', "'all' or 'any'") });

const filterOps = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'contains', 'in', 'exists'] as const;
const traitOps = [...filterOps, 'before', 'after', 'within_last_days'] as const;

/** What value each operator takes, in words, or undefined when `value` has the right shape. */
function valueProblem(op: TraitOp, v: unknown): string | undefined {
  switch (op) {
    case 'eq':
    case 'neq':
      return ['string', 'number', 'boolean'].includes(typeof v) ? undefined : `${op} needs a single text, number or boolean value`;
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return typeof v === 'number' ? undefined : `${op} needs a number value`;
    case 'contains':
      return typeof v === 'string' && v.length > 0 ? undefined : 'contains needs a non-empty text value';
    case 'in':
      return Array.isArray(v) ? undefined : `in needs a list of values (1 to ${MAX_IN_VALUES})`;
    case 'exists':
      return v === undefined || typeof v === 'boolean' ? undefined : 'exists takes no value, or true/false';
    case 'before':
    case 'after':
      return typeof v === 'string' && dateText.safeParse(v).success
        ? undefined
        : `${op} needs a date like 2026-10-01 or 2026-10-01T00:00:00Z`;
    case 'within_last_days':
      return Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 36500
        ? undefined
        : 'within_last_days needs a whole number of days between 1 and 36500';
  }
}

const checkValue = (ctx: z.core.ParsePayload<{ op: TraitOp; value?: ConditionValue }>) => {
  const problem = valueProblem(ctx.value.op, ctx.value.value);
  if (problem) ctx.issues.push({ code: 'custom', message: problem, path: ['value'], input: ctx.value.value });
};

const propertyFilter = z
  .strictObject({
    property: name('property'),
    op: z.enum(filterOps, { error: expected('op', `one of ${filterOps.join(', ')}`) }),
    value: value.optional(),
  })
  .check(checkValue);

const timeWindow = z.discriminatedUnion(
  'type',
  [
    z.strictObject({
      type: z.literal('relative'),
      last: z.int({ error: expected('last', 'a whole number') }).min(1).max(10000),
      unit: z.enum(['hours', 'days', 'weeks', 'months'], { error: expected('unit', 'hours, days, weeks or months') }),
    }),
    z
      .strictObject({ type: z.literal('absolute'), from: dateText, to: dateText })
      .refine((w) => Date.parse(w.from) < Date.parse(w.to), { error: 'the window must start before it ends', path: ['to'] }),
    z.strictObject({ type: z.literal('ever') }),
  ],
  { error: "window type must be 'relative', 'absolute' or 'ever'" },
);

const eventCondition = z.strictObject({
  type: z.literal('event'),
  event: name('event'),
  performed: z.boolean({ error: expected('performed', 'true or false') }),
  count: z
    .strictObject({
      op: z.enum(['>=', '>', '=', '<=', '<'], { error: expected('count op', 'one of >=, >, =, <=, <') }),
      value: z.int({ error: expected('count value', 'a whole number') }).min(0).max(1_000_000_000),
    })
    .optional(),
  window: timeWindow.optional(),
  where: z.array(propertyFilter).max(MAX_FILTERS, { error: `at most ${MAX_FILTERS} property filters` }).optional(),
});

const traitCondition = z
  .strictObject({
    type: z.literal('trait'),
    trait: name('trait'),
    op: z.enum(traitOps, { error: expected('op', `one of ${traitOps.join(', ')}`) }),
    value: value.optional(),
  })
  .check(checkValue);

const segmentCondition = z.strictObject({
  type: z.literal('segment'),
  segment: name('segment'),
  member: z.boolean({ error: expected('member', 'true or false') }),
});

const conditionList = (item: z.ZodType<Condition>) =>
  z
    .array(item, { error: expected('conditions', 'a list') })
    .min(1, { error: 'a group needs at least one condition' })
    .max(MAX_CONDITIONS, { error: `a group holds at most ${MAX_CONDITIONS} conditions` });

const typeError = "type must be one of 'group', 'event', 'trait', 'segment'";

/** A group that would nest too deep: refused without looking inside (hostile depth never recurses). */
const tooDeepGroup = z.looseObject({ type: z.literal('group') }).check((ctx) => {
  ctx.issues.push({ code: 'custom', message: `groups can nest at most ${MAX_DEPTH} levels deep`, input: ctx.value });
});

/** Conditions at `level` (the root's conditions are level 2); groups stop at MAX_DEPTH. */
function conditionAt(level: number): z.ZodType<Condition> {
  const group =
    level > MAX_DEPTH
      ? tooDeepGroup
      : z.strictObject({ type: z.literal('group'), match, conditions: conditionList(conditionAt(level + 1)) });
  return z.discriminatedUnion('type', [group, eventCondition, traitCondition, segmentCondition], {
    error: typeError,
  }) as unknown as z.ZodType<Condition>;
}

/** The zod schema of a segment definition: strict, bounded, depth-limited. */
export const segmentDefinitionSchema: z.ZodType<SegmentDefinition> = z.strictObject(
  { match, conditions: conditionList(conditionAt(2)) },
  { error: 'a segment definition must be an object like { "match": "all", "conditions": [...] }' },
);

/** Calls `visit` on every condition of the tree, with its position (`[2, 1]` is condition 2.1). */
export function walkConditions(
  conditions: readonly Condition[],
  visit: (condition: Condition, position: number[]) => void,
  prefix: number[] = [],
): void {
  conditions.forEach((condition, index) => {
    const position = [...prefix, index + 1];
    visit(condition, position);
    if (condition.type === 'group') walkConditions(condition.conditions, visit, position);
  });
}
