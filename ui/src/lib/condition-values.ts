import type { ConditionValue, FilterOp, TraitOp } from '../../../core/segments/dsl.ts';

/** The kind of value a trait or event property holds (from the trait catalog or the event's JSON Schema). */
export type ValueKind = 'string' | 'number' | 'boolean' | 'date';

/** Operators in words, as the builder's menus show them. */
export const OP_LABELS: Record<TraitOp, string> = {
  eq: 'is',
  neq: 'is not',
  gt: 'is greater than',
  gte: 'is at least',
  lt: 'is less than',
  lte: 'is at most',
  contains: 'contains',
  in: 'is one of',
  exists: 'is set',
  before: 'is before',
  after: 'is after',
  within_last_days: 'is within the last N days',
};

const FILTER_OPS: Record<ValueKind, FilterOp[]> = {
  string: ['eq', 'neq', 'contains', 'in', 'exists'],
  number: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'exists'],
  boolean: ['eq', 'neq', 'exists'],
  date: ['eq', 'neq', 'exists'],
};

/** The operators that make sense for a kind of value (dates get before/after/within for traits). */
export function opsFor(kind: ValueKind, forTrait: boolean): TraitOp[] {
  if (forTrait && kind === 'date') return ['before', 'after', 'within_last_days', 'exists'];
  return FILTER_OPS[kind];
}

/** The kind of an event property from its JSON Schema `type`. */
export function kindOfSchemaType(type: string | string[] | undefined): ValueKind {
  const first = Array.isArray(type) ? type.find((t) => t !== 'null') : type;
  return first === 'number' || first === 'integer' ? 'number' : first === 'boolean' ? 'boolean' : 'string';
}

const NUMERIC = /^-?\d+(\.\d+)?$/;

/**
 * The DSL value for what the user typed: numbers for numeric kinds and operators, booleans, and
 * comma-separated lists for `in`. Text that does not fit is kept as typed, so that the server's validation
 * message says what is wrong next to the condition.
 */
export function parseValue(text: string, kind: ValueKind, op: TraitOp): ConditionValue | undefined {
  if (op === 'exists') return undefined;
  const trimmed = text.trim();
  if (op === 'in') {
    const items = trimmed.split(',').map((item) => item.trim()).filter((item) => item !== '');
    return kind === 'number' && items.every((item) => NUMERIC.test(item)) ? items.map(Number) : items;
  }
  const numeric = kind === 'number' || op === 'gt' || op === 'gte' || op === 'lt' || op === 'lte' || op === 'within_last_days';
  if (numeric) return NUMERIC.test(trimmed) ? Number(trimmed) : trimmed;
  if (kind === 'boolean' && (trimmed === 'true' || trimmed === 'false')) return trimmed === 'true';
  return text;
}

/** What the value input shows for a DSL value. */
export function valueText(value: ConditionValue | undefined): string {
  if (value === undefined) return '';
  return Array.isArray(value) ? value.join(', ') : String(value);
}
