import type { Model, StopReason, TranscriptMessage, Usage } from '../models/model.ts';
import type { Registry, ToolContext, UiComponent } from '../registry/index.ts';
import type { RunEmitter } from './run-emitter.ts';
import type { TransitionLabeler } from './transition-labels.ts';

/** Bounds of one run. */
export interface RunLimits {
  /** Model calls allowed in one run. */
  maxSteps: number;
  /** Wall-clock budget of the whole run. */
  deadlineMs: number;
  /** Budget of each tool call. */
  toolTimeoutMs: number;
}

/** The limits used when a run sets none. */
export const DEFAULT_LIMITS: RunLimits = { maxSteps: 8, deadlineMs: 60_000, toolTimeoutMs: 15_000 };

/** A tool call as the run recorded it. */
export interface ToolCallRecord {
  id: string;
  name: string;
  input: unknown;
  isError: boolean;
  durationMs: number;
}

/** What the last model call of a step reported, for its STEP_FINISHED metadata (no usage when it failed). */
export interface ModelCallReport {
  model: string;
  latencyMs: number;
  usage?: Usage;
  stopReason?: StopReason;
}

/** The tool context a run shares with every tool; the machine adds each call's signal and UI sink. */
export type RunToolContext = Omit<ToolContext, 'signal' | 'emit'>;

/**
 * What one run works with and what it has produced so far. The machine's actions append to it; `runAgent`
 * reads the result from it when the machine stops.
 */
export interface RunSession {
  readonly emitter: RunEmitter;
  readonly model: Model;
  readonly registry: Registry;
  readonly toolContext: RunToolContext;
  readonly system: string;
  readonly limits: RunLimits;
  /** History plus this run's messages: what the model sees next. */
  readonly transcript: TranscriptMessage[];
  /** This run's messages only, starting with the user's, for persistence and follow-ups. */
  readonly newMessages: TranscriptMessage[];
  readonly components: UiComponent[];
  readonly toolCalls: ToolCallRecord[];
  usage: Usage;
  /** The text of the latest model turn: the answer once the run is done. */
  text: string;
  /** The machine state the run is in, for `machine.transition` events. */
  state: string | null;
  /** Names the edge of each move for `machine.transition` events. */
  readonly labelTransition: TransitionLabeler;
  /** Set by `callModel` when the model answers or fails; the step's `finishStep` puts it in STEP_FINISHED. */
  modelCall?: ModelCallReport;
}
