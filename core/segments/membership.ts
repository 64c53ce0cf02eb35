import type { Stores } from '../stores/index.ts';
import { formatDateTime } from '../stores/clickhouse.ts';
import { compileDefinition, compileMembershipSeries } from './compile.ts';
import { loadSegment, loadSegmentResolver, parseDefinition, recordRefresh } from './segment-store.ts';

/** The stores the membership engine reads and writes. */
export type MembershipStores = Pick<Stores, 'pg' | 'ch'>;

/** A preview of a definition: how many users match and a few of them with their traits. */
export interface SegmentPreview {
  count: number;
  sample: Array<{ user_id: string; traits: Record<string, unknown> }>;
  elapsedMs: number;
}

/** The outcome of a refresh; `entered`/`left` are capped at `changeLimit`, the counts are exact. */
export interface RefreshResult {
  count: number;
  version: number;
  entered: string[];
  left: string[];
  enteredCount: number;
  leftCount: number;
}

/** Members of a segment on one day (`YYYY-MM-DD`, UTC). */
export interface TrendPoint {
  day: string;
  members: number;
}

const DAY_MS = 86_400_000;
const MAX_SAMPLE = 100;
const MAX_BACKFILL_DAYS = 731;

/**
 * Counts the users matching a definition (validated or not: a bad shape throws SegmentValidationError)
 * and returns a stable sample of them (the smallest user id hashes, kept while counting rather than by
 * sorting every member) with their latest traits. Fast enough to run as the user types.
 */
export async function previewSegment(
  stores: MembershipStores,
  workspaceId: string,
  def: unknown,
  options: { now: Date; sampleSize?: number },
): Promise<SegmentPreview> {
  const started = performance.now();
  const definition = parseDefinition(def);
  const sampleSize = Math.max(0, Math.min(MAX_SAMPLE, Math.trunc(options.sampleSize ?? 10)));
  const resolveSegment = await loadSegmentResolver(stores.pg, workspaceId);
  const query = compileDefinition(definition, { workspaceId, now: options.now, resolveSegment });
  const [summary] = await stores.ch.query<{ count: number; sample: string[] }>(
    `SELECT count() AS count,
       arraySlice(arrayMap(x -> x.2, groupArraySorted({sample_keep:UInt32})((cityHash64(user_id), user_id))), 1, {sample_size:UInt32}) AS sample
     FROM (${query.sql})`,
    { ...query.params, sample_keep: Math.max(1, sampleSize), sample_size: sampleSize },
  );
  const traits =
    summary.sample.length === 0
      ? []
      : await stores.ch.query<{ user_id: string; traits: string }>(
          `SELECT user_id, argMax(traits, updated_at) AS traits FROM user_traits
           WHERE workspace_id = {ws:String} AND user_id IN {ids:Array(String)} GROUP BY user_id`,
          { ws: workspaceId, ids: summary.sample },
        );
  const traitsOf = new Map(traits.map((row) => [row.user_id, parseTraits(row.traits)]));
  return {
    count: summary.count,
    sample: summary.sample.map((user_id) => ({ user_id, traits: traitsOf.get(user_id) ?? {} })),
    elapsedMs: Math.round((performance.now() - started) * 10) / 10,
  };
}

function parseTraits(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * Recomputes a segment's members as of `now`: writes them as a new version of segment_members (the version
 * before it is kept for the diff, older ones are deleted), today's count into segment_membership_daily and
 * member_count/refreshed_at into Postgres. Returns who entered and left since the previous version.
 */
export async function refreshSegment(
  stores: MembershipStores,
  workspaceId: string,
  segmentId: string,
  options: { now: Date; changeLimit?: number },
): Promise<RefreshResult> {
  const changeLimit = Math.max(0, Math.min(1_000_000, Math.trunc(options.changeLimit ?? 10_000)));
  const segment = await loadSegment(stores.pg, workspaceId, segmentId);
  const resolveSegment = await loadSegmentResolver(stores.pg, workspaceId);
  const query = compileDefinition(segment.definition, {
    workspaceId,
    now: options.now,
    resolveSegment,
    self: { id: segment.id, name: segment.name },
  });
  const target = { target_ws: workspaceId, target_segment: segmentId };
  const scope = 'workspace_id = {target_ws:String} AND segment_id = {target_segment:String}';
  const [latest] = await stores.ch.query<{ version: number; rows: number }>(
    `SELECT max(version) AS version, count() AS rows FROM segment_members WHERE ${scope}`,
    target,
  );
  const previous = latest.rows > 0 ? latest.version : undefined;
  const version = Math.max((previous ?? 0) + 1, Date.now());
  await stores.ch.command(
    `INSERT INTO segment_members (workspace_id, segment_id, version, user_id)
     SELECT {target_ws:String}, {target_segment:String}, {target_version:UInt64}, user_id FROM (${query.sql})`,
    { ...query.params, ...target, target_version: version },
  );
  const [diff] = await stores.ch.query<{
    count: number;
    entered_count: number;
    left_count: number;
    entered: string[];
    left: string[];
  }>(
    `SELECT countIf(m != 2) AS count, countIf(m = 1) AS entered_count, countIf(m = 2) AS left_count,
       arraySort(groupArrayIf(${Math.max(1, changeLimit)})(user_id, m = 1)) AS entered,
       arraySort(groupArrayIf(${Math.max(1, changeLimit)})(user_id, m = 2)) AS left
     FROM (SELECT user_id, groupBitOr(if(version = {target_version:UInt64}, 1, 2)) AS m FROM segment_members
           WHERE ${scope} AND version IN ({target_version:UInt64}, {previous_version:UInt64}) GROUP BY user_id)`,
    { ...target, target_version: version, previous_version: previous ?? version },
  );
  await stores.ch.insert('segment_membership_daily', [
    {
      workspace_id: workspaceId,
      segment_id: segmentId,
      day: formatDay(options.now),
      members: diff.count,
      computed_at: formatDateTime(new Date()),
    },
  ]);
  await recordRefresh(stores.pg, workspaceId, segmentId, diff.count, options.now);
  const keepFrom = diff.count > 0 && previous !== undefined ? previous : version;
  await stores.ch.command(`DELETE FROM segment_members WHERE ${scope} AND version < {keep_from:UInt64}`, {
    ...target,
    keep_from: keepFrom,
  });
  return {
    count: diff.count,
    version,
    entered: diff.entered.slice(0, changeLimit),
    left: diff.left.slice(0, changeLimit),
    enteredCount: diff.entered_count,
    leftCount: diff.left_count,
  };
}

/**
 * Rebuilds the daily member counts of the last `days` days (today included) by evaluating the segment as it
 * was at the end of each day (today: at `now`), in one query, and writes them to segment_membership_daily.
 */
export async function backfillMembershipHistory(
  stores: MembershipStores,
  workspaceId: string,
  segmentId: string,
  options: { days: number; now: Date },
): Promise<TrendPoint[]> {
  if (!Number.isInteger(options.days) || options.days < 1 || options.days > MAX_BACKFILL_DAYS) {
    throw new RangeError(`days must be a whole number between 1 and ${MAX_BACKFILL_DAYS}, got ${options.days}`);
  }
  const segment = await loadSegment(stores.pg, workspaceId, segmentId);
  const resolveSegment = await loadSegmentResolver(stores.pg, workspaceId);
  const today = Math.floor(options.now.getTime() / DAY_MS) * DAY_MS;
  const asOfs = Array.from({ length: options.days }, (_, i) => {
    const daysAgo = options.days - 1 - i;
    return daysAgo === 0 ? options.now : new Date(today - (daysAgo - 1) * DAY_MS - 1);
  });
  const query = compileMembershipSeries(segment.definition, {
    workspaceId,
    asOfs,
    resolveSegment,
    self: { id: segment.id, name: segment.name },
  });
  const rows = await stores.ch.query<{ as_of: string; members: number }>(query.sql, query.params);
  const counted = new Map(rows.map((row) => [formatDay(new Date(row.as_of)), row.members]));
  const points = asOfs.map((asOf) => ({ day: formatDay(asOf), members: counted.get(formatDay(asOf)) ?? 0 }));
  const computedAt = formatDateTime(new Date());
  await stores.ch.insert(
    'segment_membership_daily',
    points.map((point) => ({ workspace_id: workspaceId, segment_id: segmentId, ...point, computed_at: computedAt })),
  );
  return points;
}

/** The daily member counts of a segment between two days (inclusive), oldest first; days never computed are absent. */
export async function membershipTrend(
  stores: MembershipStores,
  workspaceId: string,
  segmentId: string,
  options: { from: Date | string; to: Date | string },
): Promise<TrendPoint[]> {
  const day = (value: Date | string) => (typeof value === 'string' ? formatDay(new Date(value)) : formatDay(value));
  return stores.ch.query<TrendPoint>(
    `SELECT day, argMax(members, computed_at) AS members FROM segment_membership_daily
     WHERE workspace_id = {ws:String} AND segment_id = {segment:String} AND day BETWEEN {from:Date} AND {to:Date}
     GROUP BY day ORDER BY day`,
    { ws: workspaceId, segment: segmentId, from: day(options.from), to: day(options.to) },
  );
}

/** `YYYY-MM-DD` of an instant, in UTC. */
function formatDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
