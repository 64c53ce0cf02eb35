import type { ServerResponse } from 'node:http';
import type { RunEvent } from '../../core/agent/events.ts';
import { formatSse } from '../../core/agent/sse.ts';
import type { CopilotService } from '../copilot/copilot-service.ts';

/** How often a follower checks that a live run it follows is still live (a run that died without a terminal event). */
const LIVE_CHECK_MS = 200;

/**
 * Writes a run's events after sequence number `after` to an open SSE response: the stored ones, then, while
 * the run is live on this server, each new one as it happens. Resolves when the run's terminal event has been
 * written, when the run is no longer live, or when the client goes; rejects when the store fails.
 */
export function replayRun(
  copilot: CopilotService,
  res: ServerResponse,
  run: { workspaceId: string; runId: string; after: number },
): Promise<void> {
  const { workspaceId, runId } = run;
  return new Promise<void>((resolve, reject) => {
    let last = run.after;
    let replaying = true;
    const buffered: RunEvent[] = [];
    let poll: NodeJS.Timeout | undefined;
    let done = false;
    const finish = (error?: unknown) => {
      done = true;
      clearInterval(poll);
      unfollow?.();
      if (error === undefined) resolve();
      else reject(error);
    };
    const send = (event: RunEvent) => {
      if (event.metadata.seq <= last) return;
      last = event.metadata.seq;
      if (!res.writableEnded && !res.destroyed) res.write(formatSse(event));
      if (event.type === 'RUN_FINISHED' || event.type === 'RUN_ERROR') finish();
    };
    // Follow the live run first, so that nothing is lost while the stored events are read, then fill from storage.
    const unfollow = copilot.hub.follow(workspaceId, runId, run.after, (event) => (replaying ? buffered.push(event) : send(event)));
    res.on('close', () => finish());
    copilot.runs.events(workspaceId, runId, run.after).then((stored) => {
      if (done) return;
      stored.forEach(send);
      replaying = false;
      buffered.sort((a, b) => a.metadata.seq - b.metadata.seq).forEach(send);
      if (done || !unfollow) return finish();
      poll = setInterval(() => {
        if (!copilot.hub.isLive(workspaceId, runId)) finish();
      }, LIVE_CHECK_MS);
    }, finish);
  });
}
