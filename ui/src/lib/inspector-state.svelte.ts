import type { RunEvent } from '../../../core/agent/events.ts';
import { requestJson } from './api.ts';
import { toApiError, type ApiError } from './api-error.ts';
import { liveFeedReducer, endsRun, type LiveRun } from './inspector-live.ts';
import type { RunMessage } from './inspector-messages.ts';
import { runEventsUrl, runMessagesUrl, type RunSummary } from './inspector-runs.ts';
import { pause, streamRunEvents } from './inspector-stream.ts';
import { emptyTimeline, timelineReducer, type RunTimeline } from './inspector-timeline.ts';
import { moveCursor, travel, type Cursor, type CursorMove } from './inspector-travel.ts';

const RETRY_MS = 1500;

/**
 * The selected run: a thin Svelte binding over `timelineReducer` and `travel`. It replays the run's stored
 * events and follows it live while it goes on (resuming after a dropped stream from the last sequence
 * number), and holds the time-travel cursor.
 */
export class RunInspector {
  timeline = $state.raw<RunTimeline>(emptyTimeline);
  run = $state.raw<RunSummary | undefined>();
  cursor = $state<Cursor>(null);
  error = $state.raw<ApiError | undefined>();
  loading = $state(false);
  view = $derived(travel(this.timeline, this.cursor));
  /** The run's stored transcript, loaded on demand (`loadMessages`) to show what each model step was sent. */
  messages = $state.raw<RunMessage[] | undefined>();
  messagesError = $state.raw<ApiError | undefined>();
  messagesLoading = $state(false);
  #controller: AbortController | undefined;
  #runId: string | undefined;

  /** Shows one run (stored or live); the previous one's stream stops. */
  async open(runId: string): Promise<void> {
    this.close();
    const controller = new AbortController();
    this.#controller = controller;
    this.timeline = emptyTimeline;
    this.cursor = null;
    this.error = undefined;
    this.run = undefined;
    this.#runId = runId;
    this.messages = undefined;
    this.messagesError = undefined;
    this.messagesLoading = false;
    this.loading = true;
    void this.#loadSummary(runId, controller.signal);
    await this.#follow(runId, controller.signal);
    if (this.#controller !== controller) return;
    this.loading = false;
    if (!controller.signal.aborted) void this.#loadSummary(runId, controller.signal);
  }

  /** Stops following the run (the page is leaving or another run is opened). */
  close(): void {
    this.#controller?.abort();
    this.#controller = undefined;
  }

  /**
   * Loads the run's stored transcript messages once the run has ended (a running run has stored none yet, so
   * it is asked again each time until then).
   */
  async loadMessages(): Promise<void> {
    const runId = this.#runId;
    const signal = this.#controller?.signal;
    if (runId === undefined || signal === undefined || this.messagesLoading) return;
    if (this.messages !== undefined && this.timeline.status !== 'running') return;
    this.messagesLoading = true;
    try {
      const { messages } = await requestJson<{ messages: RunMessage[] }>(runMessagesUrl(runId), { signal });
      if (this.#runId === runId) {
        this.messages = messages;
        this.messagesError = undefined;
      }
    } catch (error) {
      if (!signal.aborted) this.messagesError = toApiError(error);
    } finally {
      if (this.#runId === runId) this.messagesLoading = false;
    }
  }

  /** Applies one event of the run to its timeline. */
  dispatch(event: RunEvent): void {
    this.timeline = timelineReducer(this.timeline, event);
  }

  /** Steps through the run's transitions (the chart follows). */
  move(move: CursorMove): void {
    this.cursor = moveCursor(this.cursor, move, this.timeline.transitions.length);
  }

  /** Selects one transition by its index. */
  select(index: number): void {
    this.cursor = index;
  }

  async #follow(runId: string, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const before = this.timeline.lastSeq;
      try {
        await streamRunEvents(runEventsUrl(runId, before), signal, (event) => this.dispatch(event));
        this.error = undefined;
      } catch (error) {
        if (signal.aborted) return;
        const failure = toApiError(error);
        this.error = failure;
        if (failure.status !== 0) return;
      }
      // A stream that ended while the run still runs was dropped: resume it, unless it brought nothing
      // new (the run is stored as running but no server is running it any more).
      if (this.timeline.status !== 'running' || (this.timeline.lastSeq === before && this.error === undefined)) return;
      await pause(RETRY_MS, signal);
    }
  }

  async #loadSummary(runId: string, signal: AbortSignal): Promise<void> {
    try {
      const { run } = await requestJson<{ run: RunSummary }>(`/api/copilot/runs/${encodeURIComponent(runId)}`, { signal });
      if (!signal.aborted) this.run = run;
    } catch (error) {
      if (!signal.aborted) this.error = toApiError(error);
    }
  }
}

/** The workspace's live feed of runs (GET /api/copilot/live), reconnecting when the stream drops. */
export class LiveFeed {
  runs = $state.raw<LiveRun[]>([]);
  connected = $state(false);
  error = $state.raw<ApiError | undefined>();

  /** Subscribes until the returned function is called; `onEvent` sees every event (after the feed has). */
  start(onEvent: (event: RunEvent, ended: boolean) => void): () => void {
    const controller = new AbortController();
    void this.#run(controller.signal, onEvent);
    return () => controller.abort();
  }

  async #run(signal: AbortSignal, onEvent: (event: RunEvent, ended: boolean) => void): Promise<void> {
    while (!signal.aborted) {
      try {
        await streamRunEvents(
          '/api/copilot/live',
          signal,
          (event) => {
            this.runs = liveFeedReducer(this.runs, event);
            onEvent(event, endsRun(event));
          },
          () => {
            this.connected = true;
            this.error = undefined;
          },
        );
      } catch (error) {
        if (signal.aborted) return;
        this.error = toApiError(error);
        if (this.error.unauthorized) return;
      } finally {
        this.connected = false;
      }
      await pause(RETRY_MS * 2, signal);
    }
  }
}
