import { z } from 'zod';

/** Every event's envelope data: its run, its 1-based sequence number in that run, and optional timings/usage. */
export const RunEventMetadata = z.looseObject({
  runId: z.string(),
  seq: z.int().positive(),
});

const base = { timestamp: z.int(), metadata: RunEventMetadata };

/** The value of a `ui.component` CUSTOM event: a component the dashboard renders inline. */
export const UiComponentValue = z.object({ component: z.string().min(1), props: z.unknown() });

/** The value of a `machine.transition` CUSTOM event: one edge the machine took (`from` is null on start). */
export const MachineTransitionValue = z.object({
  from: z.string().nullable(),
  to: z.string(),
  event: z.string(),
  at: z.int(),
});

const CustomEvent = z.discriminatedUnion('name', [
  z.object({ type: z.literal('CUSTOM'), ...base, name: z.literal('ui.component'), value: UiComponentValue }),
  z.object({ type: z.literal('CUSTOM'), ...base, name: z.literal('machine.transition'), value: MachineTransitionValue }),
]);

/**
 * The run-event protocol shared by the machine, the server, the UI, the evals and the tests: AG-UI 1.0 events
 * (our extras live in `metadata`), keyed on `type`. See DESIGN.md section 5.
 */
export const RunEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('RUN_STARTED'), ...base, threadId: z.string(), runId: z.string() }),
  z.object({ type: z.literal('RUN_FINISHED'), ...base, threadId: z.string(), runId: z.string(), result: z.unknown().optional() }),
  z.object({ type: z.literal('RUN_ERROR'), ...base, message: z.string(), code: z.string().optional() }),
  z.object({ type: z.literal('STEP_STARTED'), ...base, stepName: z.string() }),
  z.object({ type: z.literal('STEP_FINISHED'), ...base, stepName: z.string() }),
  z.object({ type: z.literal('TEXT_MESSAGE_START'), ...base, messageId: z.string(), role: z.literal('assistant') }),
  z.object({ type: z.literal('TEXT_MESSAGE_CONTENT'), ...base, messageId: z.string(), delta: z.string().min(1) }),
  z.object({ type: z.literal('TEXT_MESSAGE_END'), ...base, messageId: z.string() }),
  z.object({
    type: z.literal('TOOL_CALL_START'),
    ...base,
    toolCallId: z.string(),
    toolCallName: z.string(),
    parentMessageId: z.string().optional(),
  }),
  z.object({ type: z.literal('TOOL_CALL_ARGS'), ...base, toolCallId: z.string(), delta: z.string() }),
  z.object({ type: z.literal('TOOL_CALL_END'), ...base, toolCallId: z.string() }),
  z.object({
    type: z.literal('TOOL_CALL_RESULT'),
    ...base,
    messageId: z.string(),
    toolCallId: z.string(),
    content: z.string(),
    role: z.literal('tool'),
  }),
  CustomEvent,
]);

/** One event of a run. */
export type RunEvent = z.infer<typeof RunEvent>;

/** An event as its producer writes it; the run emitter adds the envelope (`timestamp`, `metadata`). */
export type RunEventInit = RunEvent extends infer Event ? (Event extends RunEvent ? Omit<Event, 'timestamp' | 'metadata'> : never) : never;
