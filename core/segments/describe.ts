import type {
  Condition,
  ConditionValue,
  CountOp,
  EventCondition,
  PropertyFilter,
  SegmentDefinition,
  TimeWindow,
  TraitCondition,
} from './dsl.ts';

/** Options of `describeDefinition`: names of referenced segments by id (the id is shown when unknown). */
export interface DescribeOptions {
  segmentNames?: Record<string, string>;
}

/**
 * Renders a definition in plain English, one line per top-level condition (the root's `match` says how the
 * lines combine); nested groups read as "any of (...)" / "all of (...)".
 */
export function describeDefinition(def: SegmentDefinition, options: DescribeOptions = {}): string[] {
  return def.conditions.map((condition) => describeCondition(condition, options));
}

function describeCondition(condition: Condition, options: DescribeOptions): string {
  switch (condition.type) {
    case 'group': {
      const parts = condition.conditions.map((child) => describeCondition(child, options));
      return parts.length === 1 ? parts[0] : `${condition.match} of (${parts.join('; ')})`;
    }
    case 'event':
      return describeEvent(condition);
    case 'trait':
      return describeTrait(condition);
    case 'segment': {
      const name = options.segmentNames?.[condition.segment] ?? condition.segment;
      return `${condition.member ? 'is' : 'is not'} in segment ${name}`;
    }
  }
}

function times(n: number): string {
  return n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`;
}

function describeCount(op: CountOp, n: number): string {
  switch (op) {
    case '>=':
      return `at least ${times(n)}`;
    case '>':
      return `more than ${times(n)}`;
    case '=':
      return `exactly ${times(n)}`;
    case '<=':
      return `at most ${times(n)}`;
    case '<':
      return `fewer than ${times(n)}`;
  }
}

function describeWindow(window: TimeWindow | undefined): string {
  if (!window || window.type === 'ever') return '';
  if (window.type === 'absolute') return ` between ${formatInstant(window.from)} and ${formatInstant(window.to)}`;
  const unit = window.last === 1 ? window.unit.slice(0, -1) : window.unit;
  return window.last === 1 ? ` in the last ${unit}` : ` in the last ${window.last} ${unit}`;
}

/** `2026-10-01` for a midnight UTC instant, else the instant as written. */
function formatInstant(text: string): string {
  return text.replace(/T00:00(:00(\.0+)?)?(Z|[+-]00:00)$/, '');
}

function describeEvent(condition: EventCondition): string {
  const window = describeWindow(condition.window);
  const filters = describeFilters(condition.where);
  if (!condition.performed) {
    return window ? `did not perform ${condition.event}${filters}${window}` : `never performed ${condition.event}${filters}`;
  }
  const count = condition.count ?? { op: '>=', value: 1 };
  return `performed ${condition.event}${filters} ${describeCount(count.op, count.value)}${window}`;
}

function describeFilters(filters: PropertyFilter[] | undefined): string {
  if (!filters || filters.length === 0) return '';
  return ` where ${filters.map((f) => describeComparison(f.property, f.op, f.value)).join(' and ')}`;
}

function describeTrait(condition: TraitCondition): string {
  return describeComparison(condition.trait, condition.op, condition.value);
}

function show(value: ConditionValue | undefined): string {
  if (Array.isArray(value)) return value.map((v) => show(v)).join(', ');
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function describeComparison(subject: string, op: TraitCondition['op'], value: ConditionValue | undefined): string {
  switch (op) {
    case 'eq':
      return `${subject} is ${show(value)}`;
    case 'neq':
      return `${subject} is not ${show(value)}`;
    case 'gt':
      return `${subject} is more than ${show(value)}`;
    case 'gte':
      return `${subject} is at least ${show(value)}`;
    case 'lt':
      return `${subject} is less than ${show(value)}`;
    case 'lte':
      return `${subject} is at most ${show(value)}`;
    case 'contains':
      return `${subject} contains ${show(value)}`;
    case 'in':
      return `${subject} is one of ${show(value)}`;
    case 'exists':
      return value === false ? `${subject} is not set` : `${subject} is set`;
    case 'before':
      return `${subject} is before ${formatInstant(String(value))}`;
    case 'after':
      return `${subject} is after ${formatInstant(String(value))}`;
    case 'within_last_days':
      return value === 1 ? `${subject} is within the last day` : `${subject} is within the last ${show(value)} days`;
  }
}
