import { SegOpsError } from '../errors.ts';
import type { Stores } from '../stores/index.ts';
import { commitEvents, type WriteOutcome, type WriteRequest } from './commit-events.ts';
import { INGEST_LOG_RETENTION } from './ingest-log.ts';
import { ingestLogWriter, type IngestLogWriter } from './ingest-log-writer.ts';
import type { IngestEvent } from './message.ts';

/** How the writer groups requests. */
export interface GroupCommitOptions {
  /** How long the first waiting request waits for others before a write starts (default 5 ms). */
  maxDelayMs?: number;
  /** A write starts at once when this many events wait, and takes about this many at most (default 20,000). */
  maxEvents?: number;
  /** Newest ingest-log rows kept per workspace (default 10,000). */
  logRetention?: number;
  /** Where failures of the ingest log's writes and pruning go (they never fail a request). */
  onLogError?: (error: unknown) => void;
  /** The ingest log is written at most this often (default 250 ms). */
  logIntervalMs?: number;
  /** Newest rows of each workspace one ingest-log write keeps (default 1,000). */
  logRowsPerWrite?: number;
  /** Called after each group write, for logs and the benchmark. */
  onCommit?: (info: { requests: number; events: number; ms: number; error?: unknown }) => void;
  /** The clock (trait versions, the repair window). */
  now?: () => Date;
}

/** The single writer of ingested events. */
export interface GroupCommitWriter {
  /** Resolves once the events are durably in ClickHouse (the ingest log follows within a window); rejects (STORE_UNAVAILABLE) if not. */
  write(workspaceId: string, events: readonly IngestEvent[]): Promise<WriteOutcome>;
  /** The ingest log's writer (queued appends, flush). */
  readonly log: IngestLogWriter;
  /** Prunes the ingest log of the workspaces written since the last prune. */
  pruneLog(): Promise<void>;
  /** Writes what waits, then refuses new writes. */
  close(): Promise<void>;
}

interface Waiting extends WriteRequest {
  resolve(outcome: WriteOutcome): void;
  reject(error: Error): void;
}

/**
 * Group commit: an idle writer lets the first request wait a few milliseconds (or until `maxEvents`
 * events wait); requests that arrive during a write form the next group, which starts as soon as the
 * write before it is done, so groups grow with the load. One ClickHouse write runs at a time, so
 * de-duplication and the traits merge never race. A request is resolved once ClickHouse holds its
 * events; the group's entries are then queued for the ingest log, which is written at most every
 * `logIntervalMs` with a bounded number of rows (see `ingestLogWriter`). If the ClickHouse write fails,
 * every request of the group is rejected (a retry finds what was stored and writes only the rest).
 */
export function groupCommitWriter(stores: Stores, options: GroupCommitOptions = {}): GroupCommitWriter {
  const maxDelayMs = options.maxDelayMs ?? 5;
  const maxEvents = options.maxEvents ?? 20_000;
  const log: IngestLogWriter = ingestLogWriter(stores.pg, {
    retention: options.logRetention ?? INGEST_LOG_RETENTION,
    intervalMs: options.logIntervalMs,
    rowsPerWrite: options.logRowsPerWrite,
    onError: options.onLogError,
  });
  const now = options.now ?? (() => new Date());
  let waiting: Waiting[] = [];
  let waitingEvents = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;
  let closed = false;
  let lastVersion = 0;

  const takeGroup = (): Waiting[] => {
    let count = 0;
    let taken = 0;
    while (taken < waiting.length && (taken === 0 || count + waiting[taken].events.length <= maxEvents)) {
      count += waiting[taken].events.length;
      taken++;
    }
    const group = waiting.slice(0, taken);
    waiting = waiting.slice(taken);
    waitingEvents -= count;
    return group;
  };

  const fail = (group: Waiting[], events: number, started: number, error: unknown) => {
    options.onCommit?.({ requests: group.length, events, ms: performance.now() - started, error });
    const failure = new SegOpsError(
      'STORE_UNAVAILABLE',
      'the events could not be stored and none of them is acknowledged; retry the request',
      { cause: (error as Error)?.message },
    );
    for (const request of group) request.reject(failure);
  };

  const commitGroup = async (group: Waiting[]) => {
    const started = performance.now();
    const events = group.reduce((sum, request) => sum + request.events.length, 0);
    const clock = Math.max(now().getTime(), lastVersion + 1);
    lastVersion = clock;
    let committed;
    try {
      committed = await commitEvents(stores.ch, group, new Date(clock));
    } catch (error) {
      fail(group, events, started, error);
      return;
    }
    const { outcomes, fresh, retries } = committed;
    log.append({ fresh, retries });
    options.onCommit?.({ requests: group.length, events, ms: performance.now() - started });
    group.forEach((request, index) => request.resolve(outcomes[index]));
  };

  const run = async () => {
    try {
      while (waiting.length > 0) await commitGroup(takeGroup());
    } finally {
      running = undefined;
    }
  };

  const start = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!running && waiting.length > 0) running = run();
  };

  const schedule = () => {
    if (running) return;
    if (waitingEvents >= maxEvents || maxDelayMs <= 0) start();
    else timer ??= setTimeout(start, maxDelayMs);
  };

  return {
    write(workspaceId, events) {
      if (closed) return Promise.reject(new SegOpsError('STORE_UNAVAILABLE', 'the server is shutting down; retry the request'));
      if (events.length === 0) return Promise.resolve({ written: 0, duplicates: 0 });
      return new Promise<WriteOutcome>((resolve, reject) => {
        waiting.push({ workspaceId, events, resolve, reject });
        waitingEvents += events.length;
        schedule();
      });
    },
    log,
    pruneLog: () => log.prune(),
    async close() {
      closed = true;
      if (waiting.length > 0) start();
      while (running) await running;
      await log.close();
    },
  };
}
