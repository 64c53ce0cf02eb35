import type { RunEvent } from '../../core/agent/events.ts';

/** A run in progress on this server: its events so far, its listeners, and how to cancel it. */
interface LiveRun {
  workspaceId: string;
  events: RunEvent[];
  listeners: Set<(event: RunEvent) => void>;
  controller: AbortController;
}

/** A listener of every run of a workspace (the inspector's live feed). */
type FeedListener = (event: RunEvent) => void;

/**
 * Runs in progress on this process: resume a dropped stream from memory, cancel a run, and feed the
 * inspector live. Finished runs are read back from Postgres; nothing here outlives its run.
 */
export class RunHub {
  readonly #runs = new Map<string, LiveRun>();
  readonly #feeds = new Map<string, Set<FeedListener>>();

  /** Registers a run; its controller aborts the model call and the tools. */
  open(runId: string, workspaceId: string, controller: AbortController): void {
    this.#runs.set(runId, { workspaceId, events: [], listeners: new Set(), controller });
  }

  /** Records and fans out one event. */
  publish(runId: string, event: RunEvent): void {
    const run = this.#runs.get(runId);
    if (!run) return;
    run.events.push(event);
    for (const listener of run.listeners) listener(event);
    for (const listener of this.#feeds.get(run.workspaceId) ?? []) listener(event);
  }

  /** Forgets a finished run (its events are stored by then). */
  close(runId: string): void {
    this.#runs.delete(runId);
  }

  /** Cancels a live run of the workspace; false when there is none. */
  cancel(workspaceId: string, runId: string): boolean {
    const run = this.#runs.get(runId);
    if (!run || run.workspaceId !== workspaceId) return false;
    run.controller.abort(new Error('cancelled by the user'));
    return true;
  }

  /** Whether the run is in progress here. */
  isLive(workspaceId: string, runId: string): boolean {
    return this.#runs.get(runId)?.workspaceId === workspaceId;
  }

  /**
   * Events of a live run after `after`, then every new one, until `unsubscribe`; undefined when the run
   * is not live here.
   */
  follow(workspaceId: string, runId: string, after: number, listener: (event: RunEvent) => void): (() => void) | undefined {
    const run = this.#runs.get(runId);
    if (!run || run.workspaceId !== workspaceId) return undefined;
    for (const event of run.events) if (event.metadata.seq > after) listener(event);
    run.listeners.add(listener);
    return () => run.listeners.delete(listener);
  }

  /** Every event of every run of the workspace from now on. */
  feed(workspaceId: string, listener: FeedListener): () => void {
    let set = this.#feeds.get(workspaceId);
    if (!set) this.#feeds.set(workspaceId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.#feeds.delete(workspaceId);
    };
  }

  /** Ids of the runs in progress (for tests and health). */
  liveRunIds(): string[] {
    return [...this.#runs.keys()];
  }
}
