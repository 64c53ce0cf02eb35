import type { ClickHouse } from '../stores/index.ts';
import type { IngestEvent } from './message.ts';

/** How far around a batch's timestamps a retry is looked for (a retry without a timestamp gets a new one). */
export const DEDUPE_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * Ids per lookup: one query per commit at the usual group sizes, and a URL a ClickHouse server accepts.
 * chDB has no URL, and each lookup scans the window again, so it takes a whole group (20,000 events) at once.
 */
const IDS_PER_QUERY = { clickhouse: 5_000, chdb: 20_000 } as const;

/**
 * Up to this many ids a lookup lets the bloom filter on message_id skip granules; beyond it the filter
 * passes nearly every granule (each id has a 0.1% false-positive rate), and the lookup compares the
 * `message_id_hash` column (UInt64) with the ids' hashes instead, about twice as cheap as the strings.
 */
const BLOOM_IDS = 200;

/**
 * The message ids of `events` that the workspace's `events` table already holds, with the time
 * they were received. The query never depends on a background merge: it reads the rows as they
 * are, narrowed by the sort key (workspace, event, timestamp window) and the bloom filter index
 * on message_id. A retry carries the same event name and, when the client set one, the same
 * timestamp, so it always falls in the window; a retry without a timestamp is recognised when it
 * arrives within DEDUPE_WINDOW_MS of the first attempt (Segment's own de-duplication window).
 * A large lookup matches on the ids' 64-bit hashes; the rows found are keyed by their message id, so a
 * hash collision with another stored id is never taken for the event itself.
 */
export async function storedMessageIds(
  ch: ClickHouse,
  workspaceId: string,
  events: readonly IngestEvent[],
): Promise<Map<string, Date>> {
  const stored = new Map<string, Date>();
  if (events.length === 0) return stored;
  let from = Infinity;
  let to = -Infinity;
  for (const event of events) {
    from = Math.min(from, event.timestamp.getTime());
    to = Math.max(to, event.timestamp.getTime());
  }
  const names = [...new Set(events.map((event) => event.event))];
  const perQuery = IDS_PER_QUERY[ch.kind];
  for (let start = 0; start < events.length; start += perQuery) {
    const ids = events.slice(start, start + perQuery).map((event) => event.messageId);
    const rows = await ch.query<{ message_id: string; received_at: string }>(
      `SELECT message_id, max(received_at) AS received_at FROM events
       WHERE workspace_id = {workspace:String} AND event IN {names:Array(String)}
         AND timestamp >= {from:DateTime64(3)} AND timestamp <= {to:DateTime64(3)}
         AND ${ids.length <= BLOOM_IDS ? 'message_id IN {ids:Array(String)}' : 'message_id_hash IN (SELECT cityHash64(arrayJoin({ids:Array(String)})))'}
       GROUP BY message_id`,
      {
        workspace: workspaceId,
        names,
        from: new Date(from - DEDUPE_WINDOW_MS),
        to: new Date(to + DEDUPE_WINDOW_MS),
        ids,
      },
    );
    const wanted = ids.length <= BLOOM_IDS ? undefined : new Set(ids);
    for (const row of rows) if (!wanted || wanted.has(row.message_id)) stored.set(row.message_id, parseUtc(row.received_at));
  }
  return stored;
}

function parseUtc(value: string): Date {
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(' ', 'T')}Z`);
}
