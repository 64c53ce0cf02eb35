import { refreshSegment, type MembershipStores, type RefreshResult } from './membership.ts';

/** What the scheduler logs through (pino's `logger.error(obj, msg)` fits). */
export interface SchedulerLogger {
  error(details: object, message: string): void;
}

/** Options of `startSegmentScheduler`. */
export interface SchedulerOptions {
  /** Time between two rounds over every active segment. */
  intervalMs: number;
  /** The clock (a fixed one in tests). */
  now?: () => Date;
  /** Called after each successful refresh (activations deliver entered/left from here). */
  onRefreshed?: (event: { workspaceId: string; segmentId: string; result: RefreshResult }) => void | Promise<void>;
  logger?: SchedulerLogger;
}

/** A running scheduler. */
export interface SegmentScheduler {
  /**
   * Queues a refresh of one segment ahead of the periodic round (call it right after a save); resolves when
   * that refresh has run (a failure is logged, not thrown), or at once when the scheduler is stopped.
   */
  refreshSoon(workspaceId: string, segmentId: string): Promise<void>;
  /** Resolves when nothing is queued or running (tests and graceful shutdown). */
  idle(): Promise<void>;
  /** Stops the timer and waits for the refresh under way, if any. */
  stop(): Promise<void>;
}

const consoleLogger: SchedulerLogger = { error: (details, message) => console.error(message, details) };

/**
 * Refreshes every active dynamic segment of every workspace every `intervalMs`, one refresh at a time from a
 * single queue: a segment is never refreshed twice at once, a segment queued twice is refreshed once, and a
 * failing refresh is logged without stopping the others or the timer.
 */
export function startSegmentScheduler(stores: MembershipStores, options: SchedulerOptions): SegmentScheduler {
  const now = options.now ?? (() => new Date());
  const logger = options.logger ?? consoleLogger;
  const queue = new Map<string, { workspaceId: string; segmentId: string }>();
  const waiters = new Map<string, Array<() => void>>();
  let running: Promise<void> | undefined;
  let listing: Promise<void> | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const refreshOne = async (workspaceId: string, segmentId: string) => {
    try {
      const result = await refreshSegment(stores, workspaceId, segmentId, { now: now() });
      await options.onRefreshed?.({ workspaceId, segmentId, result });
    } catch (error) {
      logger.error({ err: error, workspaceId, segmentId }, `segment refresh failed: ${(error as Error).message}`);
    }
  };

  const drain = () => {
    if (running || stopped) return;
    running = (async () => {
      while (!stopped && queue.size > 0) {
        const [key, job] = queue.entries().next().value!;
        queue.delete(key);
        const waiting = waiters.get(key) ?? [];
        waiters.delete(key);
        await refreshOne(job.workspaceId, job.segmentId);
        for (const resolve of waiting) resolve();
      }
    })().finally(() => {
      running = undefined;
      if (!stopped && queue.size > 0) drain();
    });
  };

  const enqueue = (workspaceId: string, segmentId: string, first: boolean) => {
    const key = JSON.stringify([workspaceId, segmentId]);
    if (first) {
      const rest = [...queue].filter(([k]) => k !== key);
      queue.clear();
      queue.set(key, { workspaceId, segmentId });
      for (const [k, job] of rest) queue.set(k, job);
    } else if (!queue.has(key)) {
      queue.set(key, { workspaceId, segmentId });
    }
  };

  const round = async () => {
    try {
      const rows = await stores.pg.query<{ workspace_id: string; id: string }>(
        "select workspace_id, id from segments where status = 'active' and type = 'dynamic' order by refreshed_at nulls first, id",
      );
      for (const row of rows) enqueue(row.workspace_id, row.id, false);
      drain();
    } catch (error) {
      logger.error({ err: error }, `listing segments to refresh failed: ${(error as Error).message}`);
    }
  };

  const tick = () => {
    if (stopped) return;
    listing = round().finally(() => {
      listing = undefined;
      if (!stopped) timer = setTimeout(tick, options.intervalMs);
    });
  };
  tick();

  return {
    refreshSoon(workspaceId, segmentId) {
      if (stopped) return Promise.resolve();
      const key = JSON.stringify([workspaceId, segmentId]);
      const done = new Promise<void>((resolve) => waiters.set(key, [...(waiters.get(key) ?? []), resolve]));
      enqueue(workspaceId, segmentId, true);
      drain();
      return done;
    },
    async idle() {
      while (listing || running) await (listing ?? running);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await listing;
      await running;
      for (const resolve of [...waiters.values()].flat()) resolve();
      waiters.clear();
    },
  };
}
