import { formatDateTime } from '../stores/clickhouse.ts';
import type {
  Condition,
  ConditionValue,
  EventCondition,
  PropertyFilter,
  SegmentDefinition,
  TimeWindow,
  TraitOp,
} from './dsl.ts';
import { SegmentCycleError } from './segment-cycle-error.ts';
import { SegmentNotFoundError } from './segment-not-found-error.ts';

/** Looks up a referenced segment by id (its name is used in error messages). */
export type ResolveSegment = (id: string) => { name: string; definition: SegmentDefinition } | undefined;

/** A predicate over one user, with what a user needs to possibly match it. */
export interface Predicate {
  sql: string;
  /** False for every user without a row in `ev` (no counted event at all). */
  needsEvents: boolean;
  /** False for every user without traits. */
  needsTraits: boolean;
  /** Whether it parses the user's traits JSON (the costly part of a predicate). */
  readsTraits: boolean;
  /** Whether it reads the user's event counts (`ev.*`). */
  readsEvents: boolean;
}

/** One `countIf` column of the single pass over events. */
export interface EventColumn {
  alias: string;
  condition: string;
  /** Whether the predicate only asks if the user has such an event at all (`performed`, count >= 1 or not performed). */
  existence: boolean;
}

/**
 * Existence tests as sets instead of `ev` columns: `key IN (SELECT user_id FROM events WHERE scope AND ...)`.
 * `scope` limits the events read (workspace, identified users, as-of cut); `key` is the user column tested.
 */
export interface EventSets {
  key: string;
  scope: string;
}

const DATETIME = "DateTime64(3, 'UTC')";
const INTERVAL: Record<string, string> = { hours: 'toIntervalHour', days: 'toIntervalDay', weeks: 'toIntervalWeek' };

/**
 * Whether a missing (or null) key already fails the comparison itself: the extractors then read it as ''
 * (text), 0 (number) or false, and the comparison with `value` rejects those, so the separate presence
 * test (a second parse of the document) can be left out without changing the result.
 */
function missingFails(op: TraitOp, value: ConditionValue | undefined): boolean {
  switch (op) {
    case 'eq':
      return typeof value === 'string' ? value !== '' : typeof value === 'number' ? value !== 0 : value === true;
    case 'gt':
      return typeof value === 'number' && value >= 0;
    case 'gte':
      return typeof value === 'number' && value > 0;
    case 'lt':
      return typeof value === 'number' && value <= 0;
    case 'lte':
      return typeof value === 'number' && value < 0;
    case 'contains':
      return typeof value === 'string' && value !== '';
    case 'in':
      return Array.isArray(value) && (value as Array<string | number>).every((v) => v !== '' && v !== 0);
    default:
      return false;
  }
}

/** Server-side parameters of one query: every value becomes a `{pN:Type}` placeholder. */
export class QueryParams {
  readonly values: Record<string, unknown> = {};
  private next = 0;

  /** Binds `value` as a parameter of ClickHouse type `type` and returns its placeholder. */
  add(value: unknown, type: string): string {
    const name = `p${this.next++}`;
    this.values[name] = value;
    return `{${name}:${type}}`;
  }
}

/**
 * Turns a definition into a predicate over one user, collecting the columns of the single events pass.
 * Values go into `params`; the SQL text holds only fixed identifiers and functions.
 */
export class PredicateBuilder {
  readonly eventColumns: EventColumn[] = [];
  readonly eventNames = new Map<string, string>();
  /** Whether some condition reads the user's traits (`tr.traits`). */
  usesTraits = false;
  /** Whether some event condition counts events without a lower time bound. */
  private unboundedWindow = false;
  private readonly windowStarts: Array<(asOf: string) => string> = [];
  /** Per event name (its parameter): the window starts of its conditions, undefined once one is unbounded. */
  private readonly startsByEvent = new Map<string, Array<(asOf: string) => string> | undefined>();

  private readonly params: QueryParams;
  private readonly asOf: string;
  private readonly resolveSegment: ResolveSegment;

  private readonly sets: EventSets | undefined;

  /**
   * `asOf` is the SQL of the evaluation instant: a parameter, or the `as_of` column of a series. With
   * `sets`, an event condition that only tests existence becomes an IN test (see `EventSets`); only
   * use it when every event column is an existence test (as first compiled without it).
   */
  constructor(params: QueryParams, asOf: string, resolveSegment: ResolveSegment, sets?: EventSets) {
    this.params = params;
    this.asOf = asOf;
    this.resolveSegment = resolveSegment;
    this.sets = sets;
  }

  private param(value: unknown, type: string): string {
    return this.params.add(value, type);
  }

  /** The earliest instant any event condition looks at, relative to `asOf`, or undefined when unbounded. */
  lowerBound(asOf: string): string | undefined {
    if (this.unboundedWindow || this.windowStarts.length === 0) return undefined;
    const starts = this.windowStarts.map((start) => start(asOf));
    return starts.length === 1 ? starts[0] : `least(${starts.join(', ')})`;
  }

  /**
   * The event rows one pass must read: per event name, from the earliest instant its conditions look at
   * (`(event = A AND timestamp >= …) OR event = B`), so a name counted over all time does not widen the
   * range read for another counted over a few days.
   */
  eventRanges(asOf: string): string {
    const ranges = [...this.startsByEvent].map(([event, starts]) => {
      if (!starts) return `event = ${event}`;
      const from = starts.length === 1 ? starts[0](asOf) : `least(${starts.map((start) => start(asOf)).join(', ')})`;
      return `(event = ${event} AND timestamp >= ${from})`;
    });
    return ranges.length === 1 ? ranges[0] : `(${ranges.join(' OR ')})`;
  }

  /** The predicate of a whole definition; `stack` holds the segments being inlined (cycle detection). */
  definition(def: SegmentDefinition, stack: Array<{ id: string; name: string }> = []): Predicate {
    return this.group(def.match, def.conditions, stack);
  }

  /**
   * The predicates a user must all meet: the top-level conditions of an `all` definition, or the whole
   * definition alone. `combine('all', parts)` is the predicate of the definition (call one or the other).
   */
  conjuncts(def: SegmentDefinition, stack: Array<{ id: string; name: string }> = []): Predicate[] {
    return def.match === 'all' ? def.conditions.map((condition) => this.condition(condition, stack)) : [this.definition(def, stack)];
  }

  private group(match: 'all' | 'any', conditions: Condition[], stack: Array<{ id: string; name: string }>): Predicate {
    return this.combine(match, conditions.map((condition) => this.condition(condition, stack)));
  }

  /** The predicate of some parts joined by AND (`all`) or OR (`any`). */
  combine(match: 'all' | 'any', parts: Predicate[]): Predicate {
    const all = match === 'all';
    // AND and OR evaluate their arguments lazily, left to right: comparing counts first leaves the
    // JSON parsing of traits to the users still in question.
    const ordered = [...parts.filter((p) => !p.readsTraits), ...parts.filter((p) => p.readsTraits)];
    return {
      sql: ordered.length === 1 ? ordered[0].sql : `(${ordered.map((p) => p.sql).join(all ? ' AND ' : ' OR ')})`,
      needsEvents: all ? parts.some((p) => p.needsEvents) : parts.every((p) => p.needsEvents),
      needsTraits: all ? parts.some((p) => p.needsTraits) : parts.every((p) => p.needsTraits),
      readsTraits: parts.some((p) => p.readsTraits),
      readsEvents: parts.some((p) => p.readsEvents),
    };
  }

  private condition(condition: Condition, stack: Array<{ id: string; name: string }>): Predicate {
    switch (condition.type) {
      case 'group':
        return this.group(condition.match, condition.conditions, stack);
      case 'event':
        return this.event(condition);
      case 'trait':
        this.usesTraits = true;
        return {
          sql: this.compare('tr.traits', condition.trait, condition.op, condition.value),
          needsEvents: false,
          needsTraits: condition.op !== 'neq' && !(condition.op === 'exists' && condition.value === false),
          readsTraits: true,
          readsEvents: false,
        };
      case 'segment': {
        if (stack.some((s) => s.id === condition.segment)) {
          const from = stack.findIndex((s) => s.id === condition.segment);
          throw new SegmentCycleError([...stack.slice(from).map((s) => s.name), stack[from].name]);
        }
        const referred = this.resolveSegment(condition.segment);
        if (!referred) throw new SegmentNotFoundError(condition.segment, stack[stack.length - 1]?.name);
        const inner = this.definition(referred.definition, [...stack, { id: condition.segment, name: referred.name }]);
        return condition.member
          ? inner
          : { sql: `NOT ${inner.sql}`, needsEvents: false, needsTraits: false, readsTraits: inner.readsTraits, readsEvents: inner.readsEvents };
      }
    }
  }

  private event(condition: EventCondition): Predicate {
    const alias = `c${this.eventColumns.length}`;
    const eventParam = this.eventNames.get(condition.event) ?? this.param(condition.event, 'String');
    this.eventNames.set(condition.event, eventParam);
    const bounded = this.windowStarts.length;
    const parts = [`event = ${eventParam}`, ...this.window(condition.window)];
    const starts = this.startsByEvent.has(eventParam) ? this.startsByEvent.get(eventParam) : [];
    this.startsByEvent.set(eventParam, starts && this.windowStarts.length > bounded ? [...starts, this.windowStarts[bounded]] : undefined);
    for (const filter of condition.where ?? []) parts.push(this.filter(filter));
    const count = condition.count ?? { op: '>=', value: 1 };
    const existence = !condition.performed || (count.op === '>=' && count.value === 1) || (count.op === '>' && count.value === 0);
    this.eventColumns.push({ alias, condition: parts.join(' AND '), existence });
    if (this.sets && existence) {
      const has = `${this.sets.key} IN (SELECT user_id FROM events WHERE ${this.sets.scope} AND ${parts.join(' AND ')})`;
      const performed = condition.performed;
      return { sql: performed ? has : `NOT ${has}`, needsEvents: false, needsTraits: false, readsTraits: false, readsEvents: false };
    }
    const column = `ev.${alias}`;
    if (!condition.performed) {
      return { sql: `${column} = 0`, needsEvents: false, needsTraits: false, readsTraits: false, readsEvents: true };
    }
    const zeroMatches =
      count.op === '<=' || (count.op === '<' && count.value > 0) || (count.value === 0 && count.op !== '>');
    return {
      sql: `${column} ${count.op} ${this.param(count.value, 'UInt64')}`,
      needsEvents: !zeroMatches,
      needsTraits: false,
      readsTraits: false,
      readsEvents: true,
    };
  }

  private window(window: TimeWindow | undefined): string[] {
    if (!window || window.type === 'ever') {
      this.unboundedWindow = true;
      return [];
    }
    if (window.type === 'absolute') {
      const from = this.param(formatDateTime(new Date(window.from)), DATETIME);
      const to = this.param(formatDateTime(new Date(window.to)), DATETIME);
      this.windowStarts.push(() => from);
      return [`timestamp >= ${from}`, `timestamp < ${to}`];
    }
    const last = this.param(window.last, 'UInt32');
    const start = (asOf: string) =>
      window.unit === 'months' ? `subtractMonths(${asOf}, ${last})` : `${asOf} - ${INTERVAL[window.unit]}(${last})`;
    this.windowStarts.push(start);
    return [`timestamp >= ${start(this.asOf)}`];
  }

  private filter(filter: PropertyFilter): string {
    return this.compare('properties', filter.property, filter.op, filter.value);
  }

  /**
   * One comparison of a key of a JSON document column. A missing key fails every comparison except `neq`
   * and `exists: false`; texts compare exactly, `contains` ignores case; numbers compare as Float64.
   */
  private compare(doc: string, key: string, op: TraitOp, value: ConditionValue | undefined): string {
    const k = this.param(key, 'String');
    // JSONType is 'Null' for a missing key as for a null value: one parse tells both.
    const present = `(JSONType(${doc}, ${k}) != 'Null')`;
    const text = `JSONExtractString(${doc}, ${k})`;
    const num = `JSONExtractFloat(${doc}, ${k})`;
    const date = `parseDateTime64BestEffortOrZero(${text}, 3, 'UTC')`;
    const scalar = (v: ConditionValue | undefined) =>
      typeof v === 'number'
        ? `${num} = ${this.param(v, 'Float64')}`
        : typeof v === 'boolean'
          ? `JSONExtractBool(${doc}, ${k}) = ${this.param(v, 'Bool')}`
          : `${text} = ${this.param(v, 'String')}`;
    const instant = (v: ConditionValue | undefined) => this.param(formatDateTime(new Date(String(v))), DATETIME);
    switch (op) {
      case 'exists':
        return value === false ? `NOT ${present}` : present;
      case 'eq':
        return missingFails(op, value) ? scalar(value) : `(${present} AND ${scalar(value)})`;
      case 'neq':
        return `NOT (${present} AND ${scalar(value)})`;
      case 'gt':
      case 'gte':
      case 'lt':
      case 'lte': {
        const sign = { gt: '>', gte: '>=', lt: '<', lte: '<=' }[op];
        const test = `${num} ${sign} ${this.param(value, 'Float64')}`;
        return missingFails(op, value) ? test : `(${present} AND ${test})`;
      }
      case 'contains': {
        const test = `positionCaseInsensitiveUTF8(${text}, ${this.param(value, 'String')}) > 0`;
        return missingFails(op, value) ? test : `(${present} AND ${test})`;
      }
      case 'in': {
        const list = value as string[] | number[];
        const test =
          typeof list[0] === 'number' ? `has(${this.param(list, 'Array(Float64)')}, ${num})` : `has(${this.param(list, 'Array(String)')}, ${text})`;
        return missingFails(op, value) ? test : `(${present} AND ${test})`;
      }
      case 'before':
        return `(${present} AND ${date} < ${instant(value)})`;
      case 'after':
        return `(${present} AND ${date} > ${instant(value)})`;
      case 'within_last_days':
        return `(${present} AND ${date} >= ${this.asOf} - toIntervalDay(${this.param(value, 'UInt32')}) AND ${date} <= ${this.asOf})`;
    }
  }
}
