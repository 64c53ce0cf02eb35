import type { Postgres } from '../stores/index.ts';
import { appendIngestLog, loggedMessageIds, pruneIngestLog } from './ingest-log.ts';
import type { IngestEvent } from './message.ts';

/** One event on its way to the ingest log. */
export interface LogEntry {
  workspaceId: string;
  event: IngestEvent;
}

/** What one commit hands to the ingest log. */
export interface LogAppend {
  /** Events just stored: logged unless newer ones of the same write push them out of the window. */
  fresh: readonly LogEntry[];
  /** Retries of stored events: logged only when the log lacks them (a failed earlier write). */
  retries: readonly LogEntry[];
}

/** The single writer of the Postgres ingest log. */
export interface IngestLogWriter {
  /** Resolves once the entries are in the log (or pushed out of its window by newer ones written with them). */
  append(entries: LogAppend): Promise<void>;
  /** Deletes all but the newest `retention` rows of the workspaces written since the last prune. */
  prune(): Promise<void>;
  /** Resolves when nothing waits or runs. */
  idle(): Promise<void>;
}

interface Waiting extends LogAppend {
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Milliseconds of rest after each millisecond of writing while more appends wait. An embedded Postgres
 * (PGlite) runs on the event loop; resting as long as it wrote leaves half of the thread to the
 * requests, and the appends that arrive meanwhile join the next write (bounded by the window).
 */
const PAUSE_PER_WRITE_MS = 1;

/**
 * The ingest log keeps each workspace's newest `retention` events. Appends that arrive while a write
 * runs are coalesced into the next write, which keeps only the newest `retention` entries of each
 * workspace: the others would be pruned at once, so they are never written. The Postgres work per
 * write is therefore bounded whatever the ingestion rate. A workspace whose log grew by `retention`
 * rows since its last prune is pruned right after the write, so the table stays small (a failed
 * prune is reported to `onPruneError` and retried after the next write; it never fails an append).
 */
export function ingestLogWriter(
  pg: Postgres,
  { retention, onPruneError }: { retention: number; onPruneError?: (error: unknown) => void },
): IngestLogWriter {
  let waiting: Waiting[] = [];
  let running: Promise<void> | undefined;
  const grown = new Map<string, number>();

  const pruneWorkspaces = async (workspaces: string[]) => {
    for (const workspaceId of workspaces) {
      await pruneIngestLog(pg, workspaceId, retention);
      grown.delete(workspaceId);
    }
  };

  const write = async (group: Waiting[]) => {
    const fresh = group.flatMap((entry) => entry.fresh);
    const writing = new Set(fresh.map(({ workspaceId, event }) => `${workspaceId}\u0000${event.messageId}`));
    const retries = group.flatMap((entry) => entry.retries).filter(({ workspaceId, event }) => !writing.has(`${workspaceId}\u0000${event.messageId}`));
    const missing = await missingFromLog(pg, retries);
    const rows = newestOfEachWorkspace([...fresh, ...missing], retention);
    await appendIngestLog(pg, rows);
    for (const { workspaceId } of rows) grown.set(workspaceId, (grown.get(workspaceId) ?? 0) + 1);
    const full = [...grown].filter(([, rowsSince]) => rowsSince >= retention).map(([workspaceId]) => workspaceId);
    await pruneWorkspaces(full).catch((error: unknown) => onPruneError?.(error));
  };

  const run = async () => {
    try {
      while (waiting.length > 0) {
        const group = waiting;
        waiting = [];
        const started = performance.now();
        try {
          await write(group);
          for (const entry of group) entry.resolve();
        } catch (error) {
          for (const entry of group) entry.reject(error);
        }
        const pause = (performance.now() - started) * PAUSE_PER_WRITE_MS;
        if (waiting.length > 0 && pause >= 1) await new Promise((resume) => setTimeout(resume, pause));
      }
    } finally {
      running = undefined;
    }
  };

  return {
    append(entries) {
      if (entries.fresh.length === 0 && entries.retries.length === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        waiting.push({ ...entries, resolve, reject });
        running ??= run();
      });
    },
    async prune() {
      while (running) await running;
      await pruneWorkspaces([...grown.keys()]);
    },
    async idle() {
      while (running) await running;
    },
  };
}

/** The newest `keep` entries of each workspace (by receivedAt, then arrival), in arrival order. */
function newestOfEachWorkspace(entries: LogEntry[], keep: number): LogEntry[] {
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
