import { formatDateTime } from '../stores/clickhouse.ts';
import type { ClickHouse } from '../stores/index.ts';
import type { LogEntry } from './ingest-log-writer.ts';
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

/** What one commit stored in ClickHouse, and what the ingest log still needs. */
export interface CommittedEvents {
  outcomes: WriteOutcome[];
  /** The events stored now, in arrival order: all of them belong in the ingest log. */
  fresh: LogEntry[];
  /** Retries of events stored less than DEDUPE_WINDOW_MS ago: back into the log if a failed write left them out. */
  retries: LogEntry[];
}

/** ClickHouse refuses an insert that spans more partitions (months) than this. */
const MONTHS_PER_INSERT = 90;

/**
 * Writes the events of several requests to ClickHouse at once, each message id once: repeats within
 * the group and ids already stored are duplicates. Order: user traits, then events (the commit
 * point that de-duplication reads). A failure throws and nobody is acknowledged; the client's retry
 * then finds what was stored and writes only the rest. The ingest log is the caller's next step.
 */
export async function commitEvents(ch: ClickHouse, requests: readonly WriteRequest[], now: Date): Promise<CommittedEvents> {
  const outcomes = requests.map(() => ({ written: 0, duplicates: 0 }));
  const byWorkspace = new Map<string, Array<{ event: IngestEvent; request: number }>>();
  const seen = new Set<string>();
  requests.forEach((request, index) => {
    let list = byWorkspace.get(request.workspaceId);
    if (!list) byWorkspace.set(request.workspaceId, (list = []));
    for (const event of request.events) {
      const key = `${request.workspaceId}\u0000${event.messageId}`;
      if (seen.has(key)) {
        outcomes[index].duplicates++;
        continue;
      }
      seen.add(key);
      list.push({ event, request: index });
    }
  });

  const fresh: LogEntry[] = [];
  const retries: LogEntry[] = [];
  const traits: TraitsRow[] = [];
  const lines: EventLine[] = [];
  const received = new DateTimeText();
  for (const [workspaceId, items] of byWorkspace) {
    if (items.length === 0) continue;
    const stored = await storedMessageIds(ch, workspaceId, items.map((item) => item.event));
    const newEvents: IngestEvent[] = [];
    for (const { event, request } of items) {
      const firstReceived = stored.get(event.messageId);
      if (firstReceived === undefined) {
        outcomes[request].written++;
        newEvents.push(event);
        fresh.push({ workspaceId, event });
        lines.push(eventLine(workspaceId, event, received));
        continue;
      }
      outcomes[request].duplicates++;
      if (now.getTime() - firstReceived.getTime() < DEDUPE_WINDOW_MS) {
        retries.push({ workspaceId, event: { ...event, receivedAt: firstReceived } });
      }
    }
    traits.push(...(await mergeTraits(ch, workspaceId, newEvents, now)));
  }

  if (traits.length > 0) await ch.insert('user_traits', traits);
  for (const chunk of byMonths(lines)) {
    await ch.insertJsonLines('events', Buffer.from(`${chunk.map((line) => line.json).join('\n')}\n`), EVENT_LINES);
  }
  return { outcomes, fresh, retries };
}

/** The columns of an event line, in its order (JSONCompactEachRow: ClickHouse parses it faster than JSONEachRow). */
const EVENT_LINES = {
  format: 'JSONCompactEachRow',
  columns: ['workspace_id', 'message_id', 'type', 'event', 'user_id', 'anonymous_id', 'timestamp', 'received_at', 'properties'],
} as const;

/** One `events` row as a JSONCompactEachRow line (values in EVENT_LINES' column order), and the month (partition) it goes to. */
interface EventLine {
  month: string;
  json: string;
}

/** Formats DateTime64 literals, remembering the last one (a request's events share their receivedAt). */
class DateTimeText {
  private time = NaN;
  private text = '';

  format(date: Date): string {
    const time = date.getTime();
    if (time !== this.time) {
      this.time = time;
      this.text = formatDateTime(date);
    }
    return this.text;
  }
}

/**
 * The JSONCompactEachRow line of one event, written directly rather than through an intermediate array:
 * the same text `JSON.stringify` gives for the values (`properties` is a String column holding the JSON).
 */
function eventLine(workspaceId: string, event: IngestEvent, received: DateTimeText): EventLine {
  const timestamp = formatDateTime(event.timestamp);
  return {
    month: timestamp.slice(0, 7),
    json:
      `[${JSON.stringify(workspaceId)},${JSON.stringify(event.messageId)},${JSON.stringify(event.type)},${JSON.stringify(event.event)},` +
      `${JSON.stringify(event.userId)},${JSON.stringify(event.anonymousId)},"${timestamp}","${received.format(event.receivedAt)}",` +
      `${JSON.stringify(JSON.stringify(event.properties))}]`,
  };
}

function byMonths(lines: EventLine[]): EventLine[][] {
  const months = new Map<string, EventLine[]>();
  for (const line of lines) {
    let list = months.get(line.month);
    if (!list) months.set(line.month, (list = []));
    list.push(line);
  }
  if (months.size <= MONTHS_PER_INSERT) return lines.length > 0 ? [lines] : [];
  const groups = [...months.values()];
  const chunks: EventLine[][] = [];
  for (let start = 0; start < groups.length; start += MONTHS_PER_INSERT) {
    chunks.push(groups.slice(start, start + MONTHS_PER_INSERT).flat());
  }
  return chunks;
}
