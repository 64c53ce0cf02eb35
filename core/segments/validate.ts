import type { Sql } from '../stores/index.ts';
import {
  segmentDefinitionSchema,
  walkConditions,
  type Condition,
  type ConditionValue,
  type SegmentDefinition,
  type TraitOp,
} from './dsl.ts';
import { atPosition, formatIssues } from './format-issues.ts';
import { describeCycle } from './segment-cycle-error.ts';
import type { DefinitionProblem } from './segment-validation-error.ts';
import { closestName } from './suggest.ts';

/** The type of a trait, as trait_schemas records it. */
export type TraitType = 'string' | 'number' | 'boolean' | 'date';

/** What a definition is checked against: the workspace's events (JSON Schema properties), traits and segments. */
export interface Catalog {
  events: Array<{ name: string; properties: unknown }>;
  traits: Array<{ name: string; type: TraitType }>;
  segments: Array<{ id: string; name: string; definition: unknown }>;
}

/** The outcome of `validateDefinition`: the parsed definition, or every problem found. */
export type ValidationResult =
  | { ok: true; definition: SegmentDefinition }
  | { ok: false; errors: DefinitionProblem[] };

const OPS_BY_TYPE: Record<TraitType, TraitOp[]> = {
  string: ['eq', 'neq', 'contains', 'in', 'exists'],
  number: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'exists'],
  boolean: ['eq', 'neq', 'exists'],
  date: ['eq', 'neq', 'before', 'after', 'within_last_days', 'exists'],
};

const A_TYPE: Record<TraitType, string> = { string: 'a string', number: 'a number', boolean: 'a boolean', date: 'a date' };

const listWords = (items: readonly string[]) =>
  items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;

const hint = (name: string | undefined) => (name === undefined ? '' : `; did you mean '${name}'?`);

/**
 * Checks a definition's shape, then its meaning against the workspace: events, properties and traits exist
 * and are compared in ways their types allow, referenced segments exist and no reference loops back
 * (`selfId` is the segment being saved, whose stored definition `def` replaces).
 */
export function validateDefinition(def: unknown, catalog: Catalog, selfId?: string): ValidationResult {
  const parsed = segmentDefinitionSchema.safeParse(def);
  if (!parsed.success) return { ok: false, errors: formatIssues(parsed.error.issues) };
  const definition = parsed.data;
  const errors: DefinitionProblem[] = [];
  const events = new Map(catalog.events.map((event) => [event.name, event]));
  const traits = new Map(catalog.traits.map((trait) => [trait.name, trait]));
  const segments = new Map(catalog.segments.map((segment) => [segment.id, segment]));
  walkConditions(definition.conditions, (condition, position) => {
    const path = position.flatMap((n) => ['conditions', n - 1]);
    const report = (message: string, ...field: Array<string | number>) =>
      errors.push(atPosition([...path, ...field], message));
    if (condition.type === 'event') {
      const event = events.get(condition.event);
      if (!event) {
        const near = closestName(condition.event, [...events.keys()]);
        report(`event '${condition.event}' is not a registered event${hint(near)}`, 'event');
        return;
      }
      condition.where?.forEach((filter, index) => {
        const property = propertySchema(event.properties, filter.property);
        const at = ['where', index];
        if (!property) {
          const known = Object.keys(propertiesOf(event.properties));
          const suffix = known.length === 0 ? ` ('${event.name}' has no registered properties)` : hint(closestName(filter.property, known));
          report(`'${filter.property}' is not a property of '${event.name}'${suffix}`, ...at, 'property');
          return;
        }
        const type = propertyType(property);
        const subject = `property '${filter.property}' of '${event.name}'`;
        const problem = type && operatorProblem(subject, type, filter.op, filter.value);
        if (problem) report(problem.message, ...at, problem.field);
        else {
          const enumProblem = enumValueProblem(property, filter.property, filter.op, filter.value);
          if (enumProblem) report(enumProblem, ...at, 'value');
        }
      });
    } else if (condition.type === 'trait') {
      const trait = traits.get(condition.trait);
      if (!trait) {
        const near = closestName(condition.trait, [...traits.keys()]);
        report(`trait '${condition.trait}' is not a known trait${hint(near)}`, 'trait');
        return;
      }
      const problem = operatorProblem(`trait '${trait.name}'`, trait.type, condition.op, condition.value);
      if (problem) report(problem.message, problem.field);
    } else if (condition.type === 'segment') {
      if (!segments.has(condition.segment)) {
        const byName = catalog.segments.find((s) => s.name.toLowerCase() === condition.segment.toLowerCase());
        const near = byName ?? nearestSegment(condition.segment, catalog.segments);
        const suggestion = near ? `; did you mean '${near.name}' (id '${near.id}')?` : '';
        report(`segment '${condition.segment}' does not exist${suggestion}`, 'segment');
      }
    }
  });
  errors.push(...cycleProblems(definition, catalog, selfId));
  return errors.length > 0 ? { ok: false, errors } : { ok: true, definition };
}

/** Why `op value` does not fit a field of `type` (named `subject`), or undefined when it does. */
function operatorProblem(
  subject: string,
  type: TraitType,
  op: TraitOp,
  value: ConditionValue | undefined,
): { field: 'op' | 'value'; message: string } | undefined {
  const allowed = OPS_BY_TYPE[type];
  if (!allowed.includes(op)) {
    return { field: 'op', message: `${subject} is ${A_TYPE[type]}; use ${listWords(allowed)}, not ${op}` };
  }
  if (op === 'exists' || op === 'within_last_days' || op === 'before' || op === 'after') return undefined;
  const values = Array.isArray(value) ? value : [value];
  const fits = (v: unknown) =>
    type === 'date' ? typeof v === 'string' && !Number.isNaN(Date.parse(v)) : typeof v === type;
  const bad = values.find((v) => !fits(v));
  if (bad === undefined) return undefined;
  return { field: 'value', message: `${subject} is ${A_TYPE[type]}; compare it with ${A_TYPE[type]}, not ${JSON.stringify(bad)}` };
}

function propertiesOf(schema: unknown): Record<string, unknown> {
  const properties = (schema as { properties?: unknown } | null)?.properties;
  return properties && typeof properties === 'object' ? (properties as Record<string, unknown>) : {};
}

function propertySchema(schema: unknown, property: string): Record<string, unknown> | undefined {
  const properties = propertiesOf(schema);
  if (!Object.hasOwn(properties, property)) return undefined;
  const value = properties[property];
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

/** The comparable type a JSON Schema declares, or undefined for objects, arrays and undeclared types. */
function propertyType(schema: Record<string, unknown>): TraitType | undefined {
  const declared = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (declared === 'string') return schema.format === 'date' || schema.format === 'date-time' ? undefined : 'string';
  if (declared === 'number' || declared === 'integer') return 'number';
  if (declared === 'boolean') return 'boolean';
  return undefined;
}

function enumValueProblem(schema: Record<string, unknown>, property: string, op: string, value: unknown): string | undefined {
  if (!Array.isArray(schema.enum) || !['eq', 'neq', 'in'].includes(op)) return undefined;
  const known = schema.enum as unknown[];
  const missing = (Array.isArray(value) ? value : [value]).find((v) => !known.includes(v));
  if (missing === undefined) return undefined;
  const near = typeof missing === 'string' ? closestName(missing, known.filter((k): k is string => typeof k === 'string')) : undefined;
  return `${JSON.stringify(missing)} is not one of the values of '${property}'${hint(near)}`;
}

function nearestSegment(typed: string, segments: Catalog['segments']): Catalog['segments'][number] | undefined {
  const name = closestName(typed, segments.map((s) => s.name));
  return segments.find((s) => s.name === name);
}

/** Ids of the segments a (possibly unparsed) definition refers to. */
export function referencedSegments(definition: unknown): string[] {
  const parsed = segmentDefinitionSchema.safeParse(definition);
  if (!parsed.success) return [];
  const ids: string[] = [];
  walkConditions(parsed.data.conditions, (condition: Condition) => {
    if (condition.type === 'segment') ids.push(condition.segment);
  });
  return ids;
}

/** One problem per reference of `definition` that leads into a loop of segment references. */
function cycleProblems(definition: SegmentDefinition, catalog: Catalog, selfId: string | undefined): DefinitionProblem[] {
  const names = new Map(catalog.segments.map((s) => [s.id, s.name]));
  const refs = new Map(catalog.segments.map((s) => [s.id, referencedSegments(s.definition)]));
  const selfKey = selfId ?? '\u0000new';
  refs.set(selfKey, referencedSegments(definition));
  const nameOf = (id: string) => (id === selfKey ? (names.get(id) ?? 'this segment') : (names.get(id) ?? id));
  const loopFree = new Set<string>();
  const findLoop = (stack: string[]): string[] | undefined => {
    const current = stack[stack.length - 1];
    for (const next of refs.get(current) ?? []) {
      const seen = stack.indexOf(next);
      if (seen >= 0) return [...stack.slice(seen), next];
      if (!refs.has(next) || loopFree.has(next)) continue;
      const loop = findLoop([...stack, next]);
      if (loop) return loop;
    }
    loopFree.add(current);
    return undefined;
  };
  const problems: DefinitionProblem[] = [];
  const reported = new Set<string>();
  walkConditions(definition.conditions, (condition, position) => {
    if (condition.type !== 'segment' || !refs.has(condition.segment)) return;
    const loop = condition.segment === selfKey ? [selfKey, selfKey] : findLoop([selfKey, condition.segment]);
    if (!loop) return;
    const message = describeCycle(loop.map(nameOf));
    if (reported.has(message)) return;
    reported.add(message);
    problems.push(atPosition([...position.flatMap((n) => ['conditions', n - 1]), 'segment'], message));
  });
  return problems;
}

/** Reads the catalog of a workspace from Postgres: event schemas, trait schemas and segments. */
export async function loadCatalog(pg: Sql, workspaceId: string): Promise<Catalog> {
  const [events, traits, segments] = await Promise.all([
    pg.query<Catalog['events'][number]>(
      'select name, properties from event_schemas where workspace_id = $1 order by name',
      [workspaceId],
    ),
    pg.query<Catalog['traits'][number]>('select name, type from trait_schemas where workspace_id = $1 order by name', [
      workspaceId,
    ]),
    pg.query<Catalog['segments'][number]>(
      'select id, name, definition from segments where workspace_id = $1 order by name',
      [workspaceId],
    ),
  ]);
  return { events, traits, segments };
}
