import type { RunEvent, RunEventInit } from './events.ts';

/** Receives every event of a run, in order; a returned promise holds back the next event until it settles. */
export type EventSink = (event: RunEvent) => void | Promise<void>;

/**
 * Stamps events with the run id, a sequence number and a timestamp, and hands them to the sink in order.
 * It remembers open text messages and tool calls so that `closeOpen` can end them before a run stops,
 * and it drops anything emitted after the run's terminal event.
 */
export class RunEmitter {
  readonly runId: string;
  private readonly sink: EventSink;
  private readonly onSinkError: (error: unknown) => void;
  private seq = 0;
  private closed = false;
  private openText: string | undefined;
  private readonly openToolCalls = new Set<string>();
  private tail: Promise<void> | undefined;

  constructor(runId: string, sink: EventSink, onSinkError: (error: unknown) => void) {
    this.runId = runId;
    this.sink = sink;
    this.onSinkError = onSinkError;
  }

  /**
   * Emits one event, stamping the object it is given (producers pass a fresh literal, so nothing is copied
   * on the hot path); `extra` (durations, usage, isError) goes into its metadata.
   */
  emit(init: RunEventInit, extra?: Record<string, unknown>): void {
    if (this.closed) return;
    const event = init as RunEvent;
    event.timestamp = Date.now();
    event.metadata = extra === undefined ? { runId: this.runId, seq: ++this.seq } : { ...extra, runId: this.runId, seq: ++this.seq };
    this.track(event);
    if (event.type === 'RUN_FINISHED' || event.type === 'RUN_ERROR') this.closed = true;
    this.deliver(event);
  }

  /** Ends whatever text message or tool call is still open (a cancelled or failed model stream). */
  closeOpen(): void {
    if (this.openText !== undefined) this.emit({ type: 'TEXT_MESSAGE_END', messageId: this.openText });
    for (const toolCallId of this.openToolCalls) this.emit({ type: 'TOOL_CALL_END', toolCallId });
  }

  /** Resolves once the sink has taken every event emitted so far. */
  async flush(): Promise<void> {
    while (this.tail !== undefined) {
      const tail = this.tail;
      await tail;
      if (this.tail === tail) this.tail = undefined;
    }
  }

  private track(event: RunEvent): void {
    switch (event.type) {
      case 'TEXT_MESSAGE_START':
        this.openText = event.messageId;
        break;
      case 'TEXT_MESSAGE_END':
        this.openText = undefined;
        break;
      case 'TOOL_CALL_START':
        this.openToolCalls.add(event.toolCallId);
        break;
      case 'TOOL_CALL_END':
        this.openToolCalls.delete(event.toolCallId);
        break;
    }
  }

  private deliver(event: RunEvent): void {
    if (this.tail !== undefined) {
      this.tail = this.tail.then(() => this.sink(event)).catch(this.onSinkError);
      return;
    }
    try {
      const pending = this.sink(event);
      if (pending !== undefined) this.tail = Promise.resolve(pending).catch(this.onSinkError);
    } catch (error) {
      this.onSinkError(error);
    }
  }
}
