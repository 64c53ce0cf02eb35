import { formatDateTime } from '../stores/clickhouse.ts';
import type { Stores } from '../stores/index.ts';
import { appendIngestLog, loggedMessageIds } from './ingest-log.ts';
import type { IngestEvent } from './message.ts';
import { mergeTraits, type TraitsRow } from './merge-traits.ts';
import { DEDUPE_WINDOW_MS, storedMessageIds } from './stored-message-ids.ts';

/** The events of one waiting request. */
export interface WriteRequest {
  workspaceId: string;
  events: readonly IngestEvent[];
}

/** What became of one request's events. */
export interface WriteOutcome {
  written: number;
  duplicates: number;
}

/** ClickHouse refuses an insert that spans more partitions (months) than this. */
const MONTHS_PER_INSERT = 90;

/**
 * Writes the events of several requests at once, each message id once: repeats within the group
 * and ids already stored are duplicates. Order: user traits, then events (the commit point that
 * de-duplication reads), then the Postgres ingest log. A failure at any step throws and nobody is
 * acknowledged; the client's retry then finds what was stored and writes only the rest, and puts
 * back into the ingest log the recent events a failed Postgres write left out of it.
 */
export async function commitEvents(stores: Stores, requests: readonly WriteRequest[], now: Date): Promise<WriteOutcome[]> {
  const outcomes = requests.map(() => ({ written: 0, duplicates: 0 }));
  const byWorkspace = new Map<string, Array<{ event: IngestEvent; request: number }>>();
  const seen = new Set<string>();
  requests.forEach((request, index) => {
    for (const event of request.events) {
      const key = `${request.workspaceId}\u0000${event.messageId}`;
      if (seen.has(key)) {
        outcomes[index].duplicates++;
        continue;
      }
      seen.add(key);
      const list = byWorkspace.get(request.workspaceId) ?? [];
      list.push({ event, request: index });
      byWorkspace.set(request.workspaceId, list);
    }
  });

  const fresh: Array<{ workspaceId: string; event: IngestEvent }> = [];
  const traits: TraitsRow[] = [];
  const toLog: Array<{ workspaceId: string; event: IngestEvent }> = [];
  for (const [workspaceId, items] of byWorkspace) {
    const stored = await storedMessageIds(stores.ch, workspaceId, items.map((item) => item.event));
    const newEvents: IngestEvent[] = [];
    const recentRetries: IngestEvent[] = [];
    for (const { event, request } of items) {
      const firstReceived = stored.get(event.messageId);
      if (firstReceived === undefined) {
        outcomes[request].written++;
        newEvents.push(event);
        fresh.push({ workspaceId, event });
        continue;
      }
      outcomes[request].duplicates++;
      if (now.getTime() - firstReceived.getTime() < DEDUPE_WINDOW_MS) {
        recentRetries.push({ ...event, receivedAt: firstReceived });
      }
    }
    traits.push(...(await mergeTraits(stores.ch, workspaceId, newEvents, now)));
    toLog.push(...(await missingFromLog(stores, workspaceId, recentRetries)));
  }

  if (traits.length > 0) await stores.ch.insert('user_traits', traits);
  for (const rows of byMonths(fresh.map(({ workspaceId, event }) => eventRow(workspaceId, event)))) {
    await stores.ch.insert('events', rows);
  }
  await appendIngestLog(stores.pg, [...fresh, ...toLog]);
  return outcomes;
}

async function missingFromLog(stores: Stores, workspaceId: string, retries: IngestEvent[]) {
  if (retries.length === 0) return [];
  const logged = await loggedMessageIds(stores.pg, workspaceId, retries.map((event) => event.messageId));
  return retries.filter((event) => !logged.has(event.messageId)).map((event) => ({ workspaceId, event }));
}

function eventRow(workspaceId: string, event: IngestEvent) {
  return {
    workspace_id: workspaceId,
    message_id: event.messageId,
    type: event.type,
    event: event.event,
    user_id: event.userId,
    anonymous_id: event.anonymousId,
    timestamp: formatDateTime(event.timestamp),
    received_at: formatDateTime(event.receivedAt),
    properties: JSON.stringify(event.properties),
  };
}

function byMonths<T extends { timestamp: string }>(rows: T[]): T[][] {
  const months = new Map<string, T[]>();
  for (const row of rows) {
    const month = row.timestamp.slice(0, 7);
    const list = months.get(month) ?? [];
    list.push(row);
    months.set(month, list);
  }
  if (months.size <= MONTHS_PER_INSERT) return rows.length > 0 ? [rows] : [];
  const groups = [...months.values()];
  const chunks: T[][] = [];
  for (let start = 0; start < groups.length; start += MONTHS_PER_INSERT) {
    chunks.push(groups.slice(start, start + MONTHS_PER_INSERT).flat());
  }
  return chunks;
}
