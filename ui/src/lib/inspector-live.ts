import type { RunEvent } from '../../../core/agent/events.ts';
import { runStartedMetadata, type RunStatus } from './inspector-timeline.ts';

/** A run seen on the live feed: where it is now. */
export interface LiveRun {
  runId: string;
  threadId?: string;
  /** From its RUN_STARTED metadata (absent when the feed saw the run first mid-way). */
  question?: string;
  model?: string;
  machine?: string;
  status: RunStatus;
  /** The machine state it is in (or ended in). */
  state?: string;
  /** When the feed first saw it (its RUN_STARTED, or a later event when the page opened mid-run). */
  seenAt: number;
  updatedAt: number;
  lastSeq: number;
}

/** How many runs the live feed keeps on screen. */
export const LIVE_FEED_LIMIT = 20;

/**
 * The live feed after one event of any run of the workspace (GET /api/copilot/live): newest run first,
 * each with its current state and status, at most `limit` runs.
 */
export function liveFeedReducer(runs: readonly LiveRun[], event: RunEvent, limit = LIVE_FEED_LIMIT): LiveRun[] {
  const { runId, seq } = event.metadata;
  const known = runs.find((run) => run.runId === runId);
  if (known && seq <= known.lastSeq) return runs as LiveRun[];
  const base: LiveRun = known ?? { runId, status: 'running', seenAt: event.timestamp, updatedAt: event.timestamp, lastSeq: 0 };
  const next: LiveRun = { ...base, ...liveChange(event), updatedAt: event.timestamp, lastSeq: seq };
  return known ? runs.map((run) => (run === known ? next : run)) : [next, ...runs].slice(0, limit);
}

function liveChange(event: RunEvent): Partial<LiveRun> {
  switch (event.type) {
    case 'RUN_STARTED':
      return { ...runStartedMetadata(event.metadata), threadId: event.threadId, status: 'running' };
    case 'RUN_FINISHED': {
      const status = (event.result as { status?: string } | undefined)?.status;
      return { status: status === 'cancelled' ? 'cancelled' : status === 'failed' ? 'failed' : 'done' };
    }
    case 'RUN_ERROR':
      return { status: 'failed' };
    case 'CUSTOM':
      return event.name === 'machine.transition' ? { state: event.value.to } : {};
    default:
      return {};
  }
}

/** Whether an event ends its run (the stored run list is worth reloading then). */
export const endsRun = (event: RunEvent): boolean => event.type === 'RUN_FINISHED' || event.type === 'RUN_ERROR';
