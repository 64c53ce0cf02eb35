import { formatDateTime } from '../stores/clickhouse.ts';
import { PredicateBuilder, QueryParams, type Predicate, type ResolveSegment } from './compile-predicate.ts';
import type { SegmentDefinition } from './dsl.ts';

export type { ResolveSegment } from './compile-predicate.ts';

/** Parameterised ClickHouse SQL: `sql` holds `{name:Type}` placeholders bound from `params`. */
export interface CompiledQuery {
  sql: string;
  params: Record<string, unknown>;
}

/** Options of `compileDefinition`. */
export interface CompileOptions {
  workspaceId: string;
  /** The clock: relative windows end here. */
  now: Date;
  /**
   * Evaluate as the segment was at this instant: later events are ignored and relative windows end here.
   * user_traits keeps only each user's latest traits (ReplacingMergeTree), so those are used; a user
   * exists at `asOf` if they had an event by then or their traits were last updated by then
   * (`workspace_users.first_seen` / `traits_updated_at`).
   */
  asOf?: Date;
  resolveSegment: ResolveSegment;
  /** The segment being compiled, so that a reference back to it is reported as a cycle by name. */
  self?: { id: string; name: string };
}

/** Options of `compileMembershipSeries`. */
export interface SeriesOptions {
  workspaceId: string;
  /** The instants to evaluate at (one output row each, when the segment had members then). */
  asOfs: Date[];
  resolveSegment: ResolveSegment;
  self?: { id: string; name: string };
}

const DATETIME = "DateTime64(3, 'UTC')";

/**
 * Compiles a definition to SQL returning the `user_id` of every matching user. Events are read in one pass,
 * only the named ones (the sort key prunes to them), with one `countIf` per event condition; traits are
 * the latest per user (argMax). When a user may match without any counted event or traits ("did not"),
 * the query starts from every user of the workspace, read from the small `workspace_users` table rather
 * than from all events. Referenced segments are inlined; a reference loop throws SegmentCycleError and a
 * missing segment SegmentNotFoundError.
 */
export function compileDefinition(def: SegmentDefinition, options: CompileOptions): CompiledQuery {
  const params = new QueryParams();
  const ws = params.add(options.workspaceId, 'String');
  const asOf = params.add(formatDateTime(options.asOf ?? options.now), DATETIME);
  const builder = new PredicateBuilder(params, asOf, options.resolveSegment);
  const predicate = builder.definition(def, options.self ? [options.self] : []);
  const cutEvents = options.asOf ? [`timestamp <= ${asOf}`] : [];
  const ctes: string[] = [];
  const lowerBound = builder.lowerBound(asOf);
  if (builder.eventColumns.length > 0) {
    const where = [
      `workspace_id = ${ws}`,
      `event IN (${[...builder.eventNames.values()].join(', ')})`,
      "user_id != ''",
      ...cutEvents,
      ...(lowerBound ? [`timestamp >= ${lowerBound}`] : []),
    ];
    const columns = builder.eventColumns.map((c) => `countIf(${c.condition}) AS ${c.alias}`);
    ctes.push(`ev AS (SELECT user_id, ${columns.join(', ')} FROM events WHERE ${where.join(' AND ')} GROUP BY user_id)`);
  }
  const traitsSql = `SELECT user_id, argMax(traits, updated_at) AS traits FROM user_traits WHERE workspace_id = ${ws} GROUP BY user_id`;
  const usesTraits = builder.usesTraits;
  if (usesTraits) ctes.push(`tr AS (${traitsSql})`);
  const base = chooseBase(predicate, builder.eventColumns.length > 0, options.asOf !== undefined);
  const from = base === 'universe' ? `(${universe(ws, options.asOf ? asOf : undefined)}) AS u` : base;
  const key = base === 'universe' ? 'u.user_id' : `${base}.user_id`;
  const joins = [
    ...(base !== 'ev' && builder.eventColumns.length > 0 ? [`LEFT JOIN ev ON ev.user_id = ${key}`] : []),
    ...(base !== 'tr' && usesTraits ? [`LEFT JOIN tr ON tr.user_id = ${key}`] : []),
  ];
  const sql = `WITH ${ctes.join(',\n')}\nSELECT ${key} AS user_id FROM ${from}\n${joins.join('\n')}\nWHERE ${predicate.sql}`;
  return { sql, params: params.values };
}

/**
 * Every user of the workspace (with events or traits), or those who existed at `asOf`. FINAL merges the
 * rows of a user that background merges have not yet combined, in sort order (cheaper than a GROUP BY);
 * as of an instant, min/max are aggregated first and then compared.
 */
function universe(ws: string, asOf: string | undefined): string {
  if (!asOf) return `SELECT user_id FROM workspace_users FINAL WHERE workspace_id = ${ws}`;
  return (
    `SELECT user_id FROM workspace_users WHERE workspace_id = ${ws} GROUP BY user_id ` +
    `HAVING min(first_seen) <= ${asOf} OR max(traits_updated_at) <= ${asOf}`
  );
}

/**
 * Which users the query starts from: those with counted events, those with traits, or everyone known.
 * As of a past instant, a user with traits may have existed only through events, so traits are not a base.
 */
function chooseBase(predicate: Predicate, hasEvents: boolean, pastInstant: boolean): 'ev' | 'tr' | 'universe' {
  if (predicate.needsEvents && hasEvents) return 'ev';
  if (predicate.needsTraits && !pastInstant) return 'tr';
  return 'universe';
}

/**
 * Compiles a definition to SQL returning `(as_of, members)` for many instants at once (membership history):
 * each event counts towards the instants at or after it; users and traits as `CompileOptions.asOf` describes.
 * One query for every day of a backfill instead of one per day.
 */
export function compileMembershipSeries(def: SegmentDefinition, options: SeriesOptions): CompiledQuery {
  const params = new QueryParams();
  const builder = new PredicateBuilder(params, 'as_of', options.resolveSegment);
  const ws = params.add(options.workspaceId, 'String');
  const instants = params.add(options.asOfs.map(formatDateTime), `Array(${DATETIME})`);
  const times = options.asOfs.map(Number);
  const earliest = params.add(formatDateTime(new Date(Math.min(...times))), DATETIME);
  const latest = params.add(formatDateTime(new Date(Math.max(...times))), DATETIME);
  const predicate = builder.definition(def, options.self ? [options.self] : []);
  const ctes: string[] = [];
  if (builder.eventColumns.length > 0) {
    const reach = builder.lowerBound('a');
    const lowerBound = builder.lowerBound(earliest);
    const spread = `arrayFilter(a -> a >= timestamp${reach ? ` AND timestamp >= ${reach}` : ''}, ${instants})`;
    const columns = builder.eventColumns.map((c) => `countIf(${c.condition}) AS ${c.alias}`);
    ctes.push(
      `ev AS (SELECT as_of, user_id, ${columns.join(', ')} FROM events ARRAY JOIN ${spread} AS as_of ` +
        `WHERE workspace_id = ${ws} AND event IN (${[...builder.eventNames.values()].join(', ')}) AND user_id != '' ` +
        `AND timestamp <= ${latest}${lowerBound ? ` AND timestamp >= ${lowerBound}` : ''} GROUP BY as_of, user_id)`,
    );
  }
  const usesTraits = builder.usesTraits;
  if (usesTraits) {
    ctes.push(`tr AS (SELECT user_id, argMax(traits, updated_at) AS traits FROM user_traits WHERE workspace_id = ${ws} GROUP BY user_id)`);
  }
  const base = chooseBase(predicate, builder.eventColumns.length > 0, true);
  const first = 'least(coalesce(min(first_seen), max(traits_updated_at)), coalesce(max(traits_updated_at), min(first_seen)))';
  const from =
    base === 'universe'
      ? `(SELECT user_id, as_of FROM (SELECT user_id, ${first} AS first FROM workspace_users WHERE workspace_id = ${ws} GROUP BY user_id) ` +
        `ARRAY JOIN arrayFilter(a -> a >= first, ${instants}) AS as_of) AS u`
      : base;
  const alias = base === 'universe' ? 'u' : base;
  const joins = [
    ...(base !== 'ev' && builder.eventColumns.length > 0
      ? [`LEFT JOIN ev ON ev.user_id = ${alias}.user_id AND ev.as_of = ${alias}.as_of`]
      : []),
    ...(usesTraits ? [`LEFT JOIN tr ON tr.user_id = ${alias}.user_id`] : []),
  ];
  const sql =
    `WITH ${ctes.join(',\n')}\n` +
    `SELECT ${alias}.as_of AS as_of, count() AS members FROM ${from}\n${joins.join('\n')}\n` +
    `WHERE ${predicate.sql} GROUP BY as_of ORDER BY as_of`;
  return { sql, params: params.values };
}
