import type { TranscriptMessage } from '../../../core/models/model.ts';
import type { ApiError } from './api-error.ts';
import type { ModelStep } from './inspector-timeline.ts';

/** One stored transcript message of a run, as GET /api/copilot/runs/:id/messages returns it. */
export interface RunMessage extends TranscriptMessage {
  seq: number;
}

/** The run's transcript as the timeline shows it: loaded on demand by `load`. */
export interface RunTranscript {
  messages?: RunMessage[];
  loading: boolean;
  error?: ApiError;
  load: () => void;
}

/** What one model step was sent: the conversation's earlier messages (counted) and this run's (listed). */
export interface StepInput {
  earlier: number;
  messages: RunMessage[];
}

/**
 * The messages a model step was sent, from the run's stored messages: the first step is sent the conversation's
 * earlier messages plus the question, so `inputMessages` minus those earlier ones is how many of the run's own
 * messages a step saw. Undefined when the steps did not record their input count, or when the run stored fewer
 * messages than the step saw (a run that did not finish stores none).
 */
export function stepInput(steps: readonly ModelStep[], step: ModelStep, messages: readonly RunMessage[]): StepInput | undefined {
  const first = steps[0]?.inputMessages;
  if (first === undefined || step.inputMessages === undefined) return undefined;
  const earlier = first - 1;
  const own = step.inputMessages - earlier;
  if (own < 1 || own > messages.length) return undefined;
  return { earlier, messages: messages.slice(0, own) };
}
