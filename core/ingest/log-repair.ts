import type { ClickHouse, Postgres } from '../stores/index.ts';
import { newestLoggedAt } from './ingest-log.ts';
import type { LogEntry } from './ingest-log-writer.ts';
import { MESSAGE_TYPES, type IngestEvent, type MessageType } from './message.ts';

/**
 * The workspace's events that ClickHouse holds and the ingest log may lack: the newest `keep` received
 * since the log's newest row (all of them at or after it, newest first, at most `keep`). The ingest log is
 * written a window after the acknowledgement, so a process killed in between leaves that window in
 * ClickHouse only; these entries, handed to the log writer as retries (logged only when missing), put it
 * back. Tracking-plan issues are not stored in ClickHouse: the caller checks the events again.
 */
export async function unloggedEvents(ch: ClickHouse, pg: Postgres, workspaceId: string, keep: number): Promise<LogEntry[]> {
  const since = await newestLoggedAt(pg, workspaceId);
  const rows = await ch.query<{
    message_id: string;
    type: string;
    event: string;
    user_id: string;
    anonymous_id: string;
    timestamp: string;
    received_at: string;
    properties: string;
  }>(
    `SELECT message_id, type, event, user_id, anonymous_id, timestamp, received_at, properties FROM events
     WHERE workspace_id = {workspace:String} AND received_at >= {since:DateTime64(3)}
     ORDER BY received_at DESC LIMIT {keep:UInt32}`,
    { workspace: workspaceId, since: since ?? new Date(0), keep },
  );
  return rows.reverse().map((row) => ({
    workspaceId,
    event: {
      messageId: row.message_id,
      type: (MESSAGE_TYPES as readonly string[]).includes(row.type) ? (row.type as MessageType) : 'track',
      event: row.event,
      userId: row.user_id,
      anonymousId: row.anonymous_id,
      timestamp: parseUtc(row.timestamp),
      receivedAt: parseUtc(row.received_at),
      properties: parseProperties(row.properties),
      issues: [],
    } satisfies IngestEvent,
  }));
}

function parseProperties(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function parseUtc(value: string): Date {
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(' ', 'T')}Z`);
}
