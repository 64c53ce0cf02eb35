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
 * only the named ones over each one's own window (the sort key prunes to them), with one `countIf` per
 * event condition; when every event condition only tests existence, each is a set of user ids instead (no
 * per-user counts, no join). Traits are the latest per user (argMax); when an `all` also needs events, only
 * the users meeting the event conditions have their traits read. When a user may match without any
 * counted event or traits ("did not"), the query starts from every user of the workspace, read from the
 * small `workspace_users` table rather than from all events. Referenced segments are inlined; a reference loop throws SegmentCycleError and a
 * missing segment SegmentNotFoundError.
 */
export function compileDefinition(def: SegmentDefinition, options: CompileOptions): CompiledQuery {
  const columns = compileWith(def, options, false);
  // When every event condition only asks whether a user has such events, sets of user ids (IN tests)
  // replace the per-user counts and their join. Users then come from workspace_users, which as of a past
  // instant is aggregated rather than read FINAL, so a query that starts from events keeps its counts then.
  // With traits to read, starting from events instead reads them only for the users meeting the event conditions.
  const sets = columns.existenceOnly && (columns.base === 'universe' || (columns.base === 'ev' && !options.asOf && !columns.usesTraits));
  return sets ? compileWith(def, options, true).query : columns.query;
}

/**
 * One compilation of `compileDefinition`. With `sets`, every event condition (all of them existence tests)
 * becomes an IN test against the events it needs, and no per-user counts are computed or joined.
 */
function compileWith(
  def: SegmentDefinition,
  options: CompileOptions,
  sets: boolean,
): { query: CompiledQuery; base: 'ev' | 'tr' | 'universe'; existenceOnly: boolean; usesTraits: boolean } {
  const params = new QueryParams();
  const ws = params.add(options.workspaceId, 'String');
  const asOf = params.add(formatDateTime(options.asOf ?? options.now), DATETIME);
  const cutEvents = options.asOf ? [`timestamp <= ${asOf}`] : [];
  const pastInstant = options.asOf !== undefined;
  const eventSets = sets ? { key: SET_KEY, scope: [`workspace_id = ${ws}`, "user_id != ''", ...cutEvents].join(' AND ') } : undefined;
  const builder = new PredicateBuilder(params, asOf, options.resolveSegment, eventSets);
  const conjuncts = builder.conjuncts(def, options.self ? [options.self] : []);
  const predicate = builder.combine('all', conjuncts);
  const hasEvents = !sets && builder.eventColumns.length > 0;
  const base = chooseBase(predicate, hasEvents, pastInstant);
  const key = base === 'universe' ? 'u.user_id' : `${base}.user_id`;
  const existenceOnly = builder.eventColumns.length > 0 && builder.eventColumns.every((c) => c.existence);
  const usesTraits = builder.usesTraits;
  const done = (sql: string) => ({ query: { sql: sql.replaceAll(SET_KEY, key), params: params.values }, base, existenceOnly, usesTraits });
  const ctes: string[] = [];
  if (hasEvents) {
    const where = [
      `workspace_id = ${ws}`,
      `event IN (${[...builder.eventNames.values()].join(', ')})`,
      builder.eventRanges(asOf),
      "user_id != ''",
      ...cutEvents,
    ];
    const columns = builder.eventColumns.map((c) => `countIf(${c.condition}) AS ${c.alias}`);
    ctes.push(`ev AS (SELECT user_id, ${columns.join(', ')} FROM events WHERE ${where.join(' AND ')} GROUP BY user_id)`);
  }
  const semi = base === 'ev' && usesTraits ? traitsOfCandidates(conjuncts) : undefined;
  if (semi) {
    // Only the users meeting the event conditions have their traits read (the traits column of the others
    // is never read): one pass over events, then their latest traits.
    const traitsSql =
      `SELECT user_id, argMax(traits, updated_at) AS traits FROM user_traits WHERE workspace_id = ${ws} ` +
      `AND user_id IN (SELECT ev.user_id FROM ev WHERE ${semi.events.sql}) GROUP BY user_id`;
    return done(`WITH ${ctes.join(',\n')}\nSELECT tr.user_id AS user_id FROM (${traitsSql}) AS tr\nWHERE ${semi.traits.sql}`);
  }
  const traitsSql = `SELECT user_id, argMax(traits, updated_at) AS traits FROM user_traits WHERE workspace_id = ${ws} GROUP BY user_id`;
  if (usesTraits) ctes.push(`tr AS (${traitsSql})`);
  const from = base === 'universe' ? `(${universe(ws, options.asOf ? asOf : undefined)}) AS u` : base;
  const joins = [
    ...(base !== 'ev' && hasEvents ? [`LEFT JOIN ev ON ev.user_id = ${key}`] : []),
    ...(base !== 'tr' && usesTraits ? [`LEFT JOIN tr ON tr.user_id = ${key}`] : []),
  ];
  return done(`${ctes.length > 0 ? `WITH ${ctes.join(',\n')}\n` : ''}SELECT ${key} AS user_id FROM ${from}\n${joins.join('\n')}\nWHERE ${predicate.sql}`);
}

/** Stands for the tested user column in the IN tests of event sets, known only once the base is chosen. */
const SET_KEY = '__user_key__';

/**
 * Splits the conditions every member meets into those on event counts only and those on traits only, when
 * both exist and a user without traits cannot meet the latter (so only users with traits need be joined).
 */
function traitsOfCandidates(conjuncts: Predicate[]): { events: Predicate; traits: Predicate } | undefined {
  const events = conjuncts.filter((p) => !p.readsTraits);
  const traits = conjuncts.filter((p) => p.readsTraits);
  if (events.length === 0 || traits.length === 0 || traits.some((p) => p.readsEvents)) return undefined;
  const combined = { events: combineAll(events), traits: combineAll(traits) };
  return combined.traits.needsTraits ? combined : undefined;
}

/** Parts joined by AND, in their order. */
function combineAll(parts: Predicate[]): Predicate {
  return {
    sql: parts.length === 1 ? parts[0].sql : `(${parts.map((p) => p.sql).join(' AND ')})`,
    needsEvents: parts.some((p) => p.needsEvents),
    needsTraits: parts.some((p) => p.needsTraits),
    readsTraits: parts.some((p) => p.readsTraits),
    readsEvents: parts.some((p) => p.readsEvents),
  };
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
