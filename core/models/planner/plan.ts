import type { Analysis } from './analysis.ts';
import type { RangeArgs } from './time-expressions.ts';
import type { SchemaRow, SegmentRow } from './tool-outputs.ts';
import { latest, type Conversation, type Observation } from './transcript.ts';

/** A tool call the planner asks for: a tool name and its JSON arguments. */
export interface ToolCall {
  name: string;
  input: Record<string, unknown>;
}

/** The planner's next step: call tools (in parallel) or answer. */
export type Action = { kind: 'tools'; calls: ToolCall[] } | { kind: 'answer'; text: string };

/** Everything a per-intent plan looks at: the conversation, the understood question and the catalogs. */
export interface PlanContext {
  conversation: Conversation;
  analysis: Analysis;
  segments?: SegmentRow[];
  schemas?: SchemaRow[];
}

/** A per-intent plan: from what has been observed so far, the next step. */
export type Plan = (ctx: PlanContext) => Action;

/** Asks for tool calls. */
export function callTools(...calls: ToolCall[]): Action {
  return { kind: 'tools', calls };
}

/** Answers with text. */
export function answer(text: string): Action {
  return { kind: 'answer', text };
}

/** The current turn's result of a tool (optionally the one whose input matches), or undefined. */
export function observed(ctx: PlanContext, name: string, input?: Record<string, unknown>): Observation | undefined {
  if (!input) return latest(ctx.conversation, name);
  return ctx.conversation.observations.findLast(
    (o) => o.name === name && o.output !== undefined && Object.entries(input).every(([k, v]) => JSON.stringify(o.input[k]) === JSON.stringify(v)),
  );
}

/** Whether a display tool is offered and was not called yet in this turn (so the plan should call it). */
export function shouldDisplay(ctx: PlanContext, name: string, times = 1): boolean {
  return ctx.conversation.tools.has(name) && ctx.conversation.observations.filter((o) => o.name === name).length < times;
}

/** The question's period as tool arguments, or the default number of days. */
export function rangeArgs(analysis: Analysis, defaultDays: number): RangeArgs {
  return analysis.time?.args ?? { days: defaultDays };
}

/** How the answer names the period: the question's own words, or a digit-free default. */
export function periodLabel(analysis: Analysis, defaultDays: number): string {
  if (analysis.time) return analysis.time.label;
  return defaultDays === 1 ? 'today' : defaultDays === 7 ? 'over the past week' : 'over the past month';
}
