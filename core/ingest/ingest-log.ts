import type { Postgres, Sql } from '../stores/index.ts';
import type { IngestEvent, TrackingIssue } from './message.ts';

/** How many log rows each workspace keeps (the newest). */
export const INGEST_LOG_RETENTION = 10_000;

/** One row of the ingest log, as `GET /api/events/recent` and `list_recent_events` show it. */
export interface LoggedEvent {
  message_id: string;
  type: string;
  event: string | null;
  user_id: string | null;
  anonymous_id: string | null;
  timestamp: Date;
  received_at: Date;
  properties: Record<string, unknown>;
  issues: TrackingIssue[];
}

/**
 * Appends events to the ingest log in one statement. The rows travel as one JSON document, sent as
 * a binary text parameter (UTF-8 bytes, no per-character re-encoding by the driver), so any batch
 * size fits and the cost is one parse in Postgres.
 */
export async function appendIngestLog(sql: Sql, rows: ReadonlyArray<{ workspaceId: string; event: IngestEvent }>): Promise<void> {
  if (rows.length === 0) return;
  const payload = rows.map(({ workspaceId, event }) => logRecord(workspaceId, event)).join(',');
  await sql.query(
    `insert into ingest_log (workspace_id, message_id, type, event, user_id, anonymous_id, timestamp, received_at, properties, issues)
     select r.workspace_id, r.message_id, r.type, r.event, r.user_id, r.anonymous_id, r.timestamp, r.received_at, r.properties, r.issues
     from jsonb_to_recordset($1::text::jsonb) as r(workspace_id text, message_id text, type text, event text, user_id text,
       anonymous_id text, timestamp timestamptz, received_at timestamptz, properties jsonb, issues jsonb)`,
    [Buffer.from(`[${payload}]`)],
  );
}

/** One row of the append as JSON text (empty names and ids become null). */
function logRecord(workspaceId: string, event: IngestEvent): string {
  return (
    `{"workspace_id":${JSON.stringify(workspaceId)},"message_id":${JSON.stringify(event.messageId)},"type":${JSON.stringify(event.type)},` +
    `"event":${event.event ? JSON.stringify(event.event) : 'null'},"user_id":${event.userId ? JSON.stringify(event.userId) : 'null'},` +
    `"anonymous_id":${event.anonymousId ? JSON.stringify(event.anonymousId) : 'null'},` +
    `"timestamp":"${event.timestamp.toISOString()}","received_at":"${event.receivedAt.toISOString()}",` +
    `"properties":${JSON.stringify(event.properties)},"issues":${JSON.stringify(event.issues)}}`
  );
}

/** Which of `messageIds` the workspace's ingest log holds. */
export async function loggedMessageIds(pg: Sql, workspaceId: string, messageIds: readonly string[]): Promise<Set<string>> {
  if (messageIds.length === 0) return new Set();
  const rows = await pg.query<{ message_id: string }>(
    `select message_id from ingest_log
     where workspace_id = $1 and message_id in (select jsonb_array_elements_text($2::jsonb))`,
    [workspaceId, JSON.stringify(messageIds)],
  );
  return new Set(rows.map((row) => row.message_id));
}

/** Deletes all but the newest `keep` rows of the workspace's ingest log; returns how many went. */
export async function pruneIngestLog(pg: Sql, workspaceId: string, keep = INGEST_LOG_RETENTION): Promise<number> {
  const [row] = await pg.query<{ deleted: number }>(
    `with gone as (
       delete from ingest_log where workspace_id = $1 and (received_at, id) < (
         select received_at, id from ingest_log where workspace_id = $1
         order by received_at desc, id desc offset $2 limit 1)
       returning 1)
     select count(*)::int as deleted from gone`,
    [workspaceId, Math.max(0, keep - 1)],
  );
  return row.deleted;
}

/** The flushes of the ingest-log writers of each Postgres (see `ingestLogWriter`). */
const logFlushes = new WeakMap<object, Set<() => Promise<void>>>();

/** Lets `listRecentEvents` flush a writer's queue before it reads; returns the unregistration. */
export function registerLogFlush(pg: Postgres, flush: () => Promise<void>): () => void {
  let flushes = logFlushes.get(pg);
  if (!flushes) logFlushes.set(pg, (flushes = new Set()));
  flushes.add(flush);
  return () => flushes.delete(flush);
}

/**
 * The workspace's most recently received events, newest first. The queued window of this process's
 * log writers is written first (a failed write is reported by the writer and the log read as it is), so a
 * caller reads what was acknowledged before it asked.
 */
export async function listRecentEvents(pg: Postgres, workspaceId: string, limit: number): Promise<LoggedEvent[]> {
  const flushes = logFlushes.get(pg);
  if (flushes) await Promise.all([...flushes].map((flush) => flush().catch(() => undefined)));
  return pg.query<LoggedEvent>(
    `select message_id, type, event, user_id, anonymous_id, timestamp, received_at, properties, issues
     from ingest_log where workspace_id = $1 order by received_at desc, id desc limit $2`,
    [workspaceId, limit],
  );
}

/** When the workspace's newest logged event was received (null for an empty log). */
export async function newestLoggedAt(pg: Sql, workspaceId: string): Promise<Date | null> {
  const [row] = await pg.query<{ at: Date | string | null }>('select max(received_at) as at from ingest_log where workspace_id = $1', [workspaceId]);
  return row?.at ? new Date(row.at) : null;
}
