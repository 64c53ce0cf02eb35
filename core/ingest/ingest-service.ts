import { SegOpsError } from '../errors.ts';
import type { Stores } from '../stores/index.ts';
import { groupCommitWriter, type GroupCommitOptions } from './group-commit.ts';
import { LOG_ROWS_PER_WRITE } from './ingest-log-writer.ts';
import { checkEventSizes } from './limits.ts';
import { unloggedEvents } from './log-repair.ts';
import { normalizeBatch, type MessageType } from './message.ts';
import { trackingPlan } from './tracking-plan.ts';

/** One tracking request: its messages and what surrounds them. */
export interface IngestRequest {
  messages: readonly unknown[];
  /** The type the endpoint implies (`/v1/track`); absent for batches. */
  type?: MessageType;
  sentAt?: unknown;
  receivedAt?: Date;
}

/** What a request's 200 answer reports. */
export interface IngestResult {
  /** Events stored by this request. */
  accepted: number;
  /** Events already stored (a retry) or repeated within the request: not stored again. */
  duplicates: number;
  /** Events the tracking plan flagged (accepted all the same). */
  flagged: number;
}

/** Counters since the process started, per workspace. */
export interface IngestStats {
  received: number;
  accepted: number;
  duplicates: number;
  flagged: number;
  unknownEvents: number;
  invalidProperties: number;
}

/** Options of the ingestion service. */
export interface IngestServiceOptions {
  writer?: GroupCommitOptions;
  /** How long a workspace's tracking plan is cached (default 10 s). */
  planTtlMs?: number;
  /** Newest ingest-log rows kept per workspace (default 10,000). */
  logRetention?: number;
  /** The ingest log is written at most this often (default 250 ms). */
  logIntervalMs?: number;
  /** Newest rows of each workspace one ingest-log write keeps (default 1,000). */
  logRowsPerWrite?: number;
  /** Where failures of the ingest log's writes, repairs and pruning go (they never fail a request). */
  onError?: (error: unknown) => void;
}

/** Segment-compatible ingestion: validation, tracking plan, group-committed durable writes. */
export interface IngestService {
  /** Validates and stores a request's messages; resolves only once they are durably written to ClickHouse. */
  ingest(workspaceId: string, request: IngestRequest): Promise<IngestResult>;
  /** Counters of one workspace since start. */
  stats(workspaceId: string): IngestStats;
  /** Writes the queued ingest-log window now (tests, readers of the log); rejects if Postgres refuses it. */
  flushLog(): Promise<void>;
  /**
   * Puts back into the ingest log the events of the workspace that ClickHouse holds and the log lacks
   * (a process killed between an acknowledgement and the log's write). Runs by itself before the first
   * write of each workspace after a start; resolves once the repaired rows are written.
   */
  repairLog(workspaceId: string): Promise<void>;
  /** Prunes the ingest log of the workspaces written since the last prune (the writer also prunes as it goes). */
  prune(): Promise<void>;
  /** Writes what waits; call before closing the stores. */
  close(): Promise<void>;
}

/** Builds the ingestion service over the stores; one per process (it is the single writer). */
export function ingestService(stores: Stores, options: IngestServiceOptions = {}): IngestService {
  const writer = groupCommitWriter(stores, {
    ...options.writer,
    logRetention: options.logRetention,
    logIntervalMs: options.logIntervalMs,
    logRowsPerWrite: options.logRowsPerWrite,
    onLogError: options.onError,
  });
  const plan = trackingPlan(stores.pg, options.planTtlMs);
  const counters = new Map<string, IngestStats>();

  const statsOf = (workspaceId: string): IngestStats => {
    let stats = counters.get(workspaceId);
    if (!stats) {
      stats = { received: 0, accepted: 0, duplicates: 0, flagged: 0, unknownEvents: 0, invalidProperties: 0 };
      counters.set(workspaceId, stats);
    }
    return stats;
  };

  const repairs = new Map<string, Promise<void>>();
  const repair = (workspaceId: string): Promise<void> => {
    let running = repairs.get(workspaceId);
    if (!running) {
      running = (async () => {
        const entries = await unloggedEvents(stores.ch, stores.pg, workspaceId, options.logRowsPerWrite ?? LOG_ROWS_PER_WRITE);
        if (entries.length === 0) return;
        await plan.check(workspaceId, entries.map((entry) => entry.event));
        writer.log.append({ fresh: [], retries: entries });
      })();
      repairs.set(workspaceId, running);
      running.catch((error: unknown) => {
        repairs.delete(workspaceId);
        options.onError?.(error);
      });
    }
    return running;
  };

  return {
    async ingest(workspaceId, request) {
      if (!repairs.has(workspaceId)) void repair(workspaceId).catch(() => undefined);
      checkEventSizes(request.messages);
      const events = normalizeBatch(request.messages, {
        receivedAt: request.receivedAt ?? new Date(),
        type: request.type,
        sentAt: request.sentAt,
      });
      await plan.check(workspaceId, events).catch((error) => {
        throw storeUnavailable(error);
      });
      const outcome = await writer.write(workspaceId, events);
      const flagged = events.filter((event) => event.issues.length > 0);
      const stats = statsOf(workspaceId);
      stats.received += events.length;
      stats.accepted += outcome.written;
      stats.duplicates += outcome.duplicates;
      stats.flagged += flagged.length;
      for (const event of flagged) {
        if (event.issues.some((issue) => issue.code === 'unknown_event')) stats.unknownEvents++;
        if (event.issues.some((issue) => issue.code === 'invalid_property')) stats.invalidProperties++;
      }
      return { accepted: outcome.written, duplicates: outcome.duplicates, flagged: flagged.length };
    },
    stats: (workspaceId) => ({ ...statsOf(workspaceId) }),
    flushLog: () => writer.log.flush(),
    async repairLog(workspaceId) {
      await repair(workspaceId);
      await writer.log.flush();
    },
    prune: () => writer.pruneLog(),
    async close() {
      await Promise.allSettled(repairs.values());
      await writer.close();
    },
  };
}

function storeUnavailable(error: unknown): SegOpsError {
  return new SegOpsError('STORE_UNAVAILABLE', 'the tracking plan could not be read; nothing was stored, retry the request', {
    cause: (error as Error)?.message,
  });
}
