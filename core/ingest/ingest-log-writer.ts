import type { Postgres } from '../stores/index.ts';
import { appendIngestLog, loggedMessageIds, pruneIngestLog, registerLogFlush } from './ingest-log.ts';
import type { IngestEvent } from './message.ts';

/** One event on its way to the ingest log. */
export interface LogEntry {
  workspaceId: string;
  event: IngestEvent;
}

/** What one commit hands to the ingest log. */
export interface LogAppend {
  /** Events just stored: logged unless newer ones of the same window push them out. */
  fresh: readonly LogEntry[];
  /** Events stored earlier (retries, or a repair after a restart): logged only when the log lacks them. */
  retries: readonly LogEntry[];
}

/** How the ingest log is written. */
export interface IngestLogOptions {
  /** Newest rows kept per workspace (the retention, default 10,000). */
  retention: number;
  /** A write starts at most this often (default 250 ms); appends in between wait for it. */
  intervalMs?: number;
  /** Newest rows of each workspace one write keeps (default 1,000); older ones of the window are only in ClickHouse. */
  rowsPerWrite?: number;
  /** Where failures of the log's writes and prunes go (they never fail a request; a failed write is retried next window). */
  onError?: (error: unknown) => void;
}

/** The single writer of the Postgres ingest log. */
export interface IngestLogWriter {
  /** Queues entries for the next write (at most `intervalMs` away); never waits, never fails. */
  append(entries: LogAppend): void;
  /** Writes everything appended so far now; rejects if the write fails (the entries stay queued). */
  flush(): Promise<void>;
  /** Deletes all but the newest `retention` rows of the workspaces written since the last prune. */
  prune(): Promise<void>;
  /** Flushes (failures go to `onError`) and stops answering `listRecentEvents`' flushes. */
  close(): Promise<void>;
}

export const LOG_INTERVAL_MS = 250;
export const LOG_ROWS_PER_WRITE = 1_000;

/**
 * The ingest log exists for "recent events" (the copilot reads at most 100, the dashboard 200) and keeps
 * each workspace's newest `retention` rows; ClickHouse is the source of truth and holds the de-duplication.
 * So its cost must not grow with traffic: appends are queued, and a write starts at most every
 * `intervalMs` (at once when the writer has been idle that long), keeping only the newest `rowsPerWrite`
 * entries of each workspace of its window. Postgres work per second is therefore bounded whatever the
 * event rate. Under a burst (more than `rowsPerWrite` events of one workspace within a window) the older
 * events of the window are in ClickHouse but not in the log; the log's newest rows are still the
 * workspace's true newest events, since everything a write drops is older than what it keeps.
 *
 * Requests are acknowledged on ClickHouse durability, not on this write (waiting for it would add up to a
 * window to every acknowledgement and cap throughput at clients × batch / window). `listRecentEvents`
 * flushes the queue of the writers on its Postgres before reading, so the dashboard reads its writes; other
 * readers see the log at most one window late. A crash loses at most the queued window of the log (never
 * of ClickHouse): the ingestion service puts it back from ClickHouse (`repairLog`) after a restart.
 */
export function ingestLogWriter(pg: Postgres, options: IngestLogOptions): IngestLogWriter {
  const { retention } = options;
  const intervalMs = options.intervalMs ?? LOG_INTERVAL_MS;
  const rowsPerWrite = Math.min(options.rowsPerWrite ?? LOG_ROWS_PER_WRITE, retention);
  let fresh: LogEntry[] = [];
  let retries: LogEntry[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;
  let lastStart = -Infinity;
  let trimAt = 4 * rowsPerWrite;
  const grown = new Map<string, number>();

  const pruneWorkspaces = async (workspaces: string[]) => {
    for (const workspaceId of workspaces) {
      await pruneIngestLog(pg, workspaceId, retention);
      grown.delete(workspaceId);
    }
  };

  const write = async (groupFresh: LogEntry[], groupRetries: LogEntry[]) => {
    const writing = new Set(groupFresh.map(({ workspaceId, event }) => `${workspaceId}\u0000${event.messageId}`));
    const candidates = groupRetries.filter(({ workspaceId, event }) => !writing.has(`${workspaceId}\u0000${event.messageId}`));
    const missing = await missingFromLog(pg, newestOfEachWorkspace(candidates, rowsPerWrite));
    const rows = newestOfEachWorkspace([...groupFresh, ...missing], rowsPerWrite);
    await appendIngestLog(pg, rows);
    for (const { workspaceId } of rows) grown.set(workspaceId, (grown.get(workspaceId) ?? 0) + 1);
    const full = [...grown].filter(([, rowsSince]) => rowsSince >= retention).map(([workspaceId]) => workspaceId);
    await pruneWorkspaces(full).catch((error: unknown) => options.onError?.(error));
  };

  /** One write of everything queued; on failure the entries go back to the queue (bounded by the trim). */
  const writeQueued = async () => {
    lastStart = performance.now();
    const groupFresh = fresh;
    const groupRetries = retries;
    fresh = [];
    retries = [];
    try {
      await write(groupFresh, groupRetries);
    } catch (error) {
      fresh = [...groupFresh, ...fresh];
      retries = [...groupRetries, ...retries];
      trim();
      throw error;
    }
  };

  const schedule = () => {
    if (timer || running || (fresh.length === 0 && retries.length === 0)) return;
    const delay = Math.max(0, lastStart + intervalMs - performance.now());
    timer = setTimeout(() => {
      timer = undefined;
      running = writeQueued()
        .catch((error: unknown) => options.onError?.(error))
        .finally(() => {
          running = undefined;
          schedule();
        });
    }, delay);
    timer.unref?.();
  };

  /** Keeps the queue bounded: only the newest `rowsPerWrite` of each workspace could be written anyway. */
  const trim = () => {
    if (fresh.length + retries.length < trimAt) return;
    fresh = newestOfEachWorkspace(fresh, rowsPerWrite);
    retries = newestOfEachWorkspace(retries, rowsPerWrite);
    trimAt = Math.max(4 * rowsPerWrite, 2 * (fresh.length + retries.length));
  };

  const flush = async () => {
    while (running) await running;
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (fresh.length === 0 && retries.length === 0) return;
    const writing = writeQueued();
    running = writing.then(
      () => undefined,
      () => undefined,
    );
    try {
      await writing;
    } finally {
      running = undefined;
      schedule();
    }
  };

  const unregister = registerLogFlush(pg, flush);

  return {
    append(entries) {
      if (entries.fresh.length === 0 && entries.retries.length === 0) return;
      for (const entry of entries.fresh) fresh.push(entry);
      for (const entry of entries.retries) retries.push(entry);
      trim();
      schedule();
    },
    flush,
    async prune() {
      await flush().catch((error: unknown) => options.onError?.(error));
      await pruneWorkspaces([...grown.keys()]);
    },
    async close() {
      unregister();
      await flush().catch((error: unknown) => options.onError?.(error));
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}

/** The newest `keep` entries of each workspace (by receivedAt, then arrival), in arrival order. */
export function newestOfEachWorkspace(entries: LogEntry[], keep: number): LogEntry[] {
  const counts = new Map<string, number>();
  for (const { workspaceId } of entries) counts.set(workspaceId, (counts.get(workspaceId) ?? 0) + 1);
  if ([...counts.values()].every((count) => count <= keep)) return entries;
  const ranked = entries.map((entry, index) => ({ entry, index }));
  ranked.sort((a, b) => b.entry.event.receivedAt.getTime() - a.entry.event.receivedAt.getTime() || b.index - a.index);
  const kept = new Map<string, number>();
  const chosen = ranked.filter(({ entry }) => {
    const count = kept.get(entry.workspaceId) ?? 0;
    kept.set(entry.workspaceId, count + 1);
    return count < keep;
  });
  chosen.sort((a, b) => a.index - b.index);
  return chosen.map(({ entry }) => entry);
}

async function missingFromLog(pg: Postgres, retries: LogEntry[]): Promise<LogEntry[]> {
  if (retries.length === 0) return [];
  const byWorkspace = new Map<string, LogEntry[]>();
  for (const entry of retries) {
    let list = byWorkspace.get(entry.workspaceId);
    if (!list) byWorkspace.set(entry.workspaceId, (list = []));
    list.push(entry);
  }
  const missing: LogEntry[] = [];
  for (const [workspaceId, entries] of byWorkspace) {
    const logged = await loggedMessageIds(pg, workspaceId, entries.map(({ event }) => event.messageId));
    const added = new Set<string>();
    for (const entry of entries) {
      if (logged.has(entry.event.messageId) || added.has(entry.event.messageId)) continue;
      added.add(entry.event.messageId);
      missing.push(entry);
    }
  }
  return missing;
}
