import type { ContentBlock, Model, ToolSpec, TranscriptMessage } from '../../model.ts';
import { FAKE_TOOLS, SYSTEM, TOOL_NAMES, type FakeTool } from './fake-workspace.ts';

/** Tool specs for the 12 tools (the planner only reads their names). */
export const TOOL_SPECS: ToolSpec[] = TOOL_NAMES.map((name) => ({ name, description: name, input_schema: { type: 'object' } }));

/** A tool call the model asked for. */
export interface Call {
  id: string;
  name: string;
  input: Record<string, unknown>;
}

/** One model step: its tool calls or its text. */
export interface Step {
  calls: Call[];
  text: string;
  stopReason: string;
}

/** Calls the model once on a transcript and collects what it streamed. */
export async function step(model: Model, messages: TranscriptMessage[], system = SYSTEM, tools = TOOL_SPECS): Promise<Step> {
  const calls: Call[] = [];
  let text = '';
  let stopReason = '';
  for await (const event of model.stream({ system, messages, tools }, new AbortController().signal)) {
    if (event.type === 'text-delta') text += event.text;
    if (event.type === 'tool-call-end') {
      const start = calls.find((c) => c.id === event.id);
      if (start) start.input = event.input as Record<string, unknown>;
    }
    if (event.type === 'tool-call-start') calls.push({ id: event.id, name: event.name, input: {} });
    if (event.type === 'finish') stopReason = event.stopReason;
  }
  return { calls, text, stopReason };
}

/** The whole turn: every call, each tool output text, the final answer and the transcript after it. */
export interface Turn {
  calls: Call[];
  results: string[];
  text: string;
  messages: TranscriptMessage[];
}

/**
 * Runs one user turn to the end, answering each tool call with the fake workspace (or `overrides`),
 * as the agent machine would: assistant turn, then a user turn of tool results.
 */
export async function runTurn(
  model: Model,
  question: string,
  history: TranscriptMessage[] = [],
  overrides: Record<string, FakeTool> = {},
  maxSteps = 8,
): Promise<Turn> {
  const messages: TranscriptMessage[] = [...history, { role: 'user', content: [{ type: 'text', text: question }] }];
  const calls: Call[] = [];
  const results: string[] = [];
  for (let i = 0; i < maxSteps; i++) {
    const out = await step(model, messages);
    if (out.calls.length === 0) {
      messages.push({ role: 'assistant', content: [{ type: 'text', text: out.text }] });
      return { calls, results, text: out.text, messages };
    }
    messages.push({ role: 'assistant', content: out.calls.map((c): ContentBlock => ({ type: 'tool_use', id: c.id, name: c.name, input: c.input })) });
    const blocks: ContentBlock[] = out.calls.map((c) => {
      const tool = overrides[c.name] ?? FAKE_TOOLS[c.name];
      const output = tool(c.input);
      const failed = typeof output === 'object' && output !== null && 'error' in output;
      const content = JSON.stringify(output);
      results.push(content);
      return { type: 'tool_result', tool_use_id: c.id, content, ...(failed ? { is_error: true } : {}) };
    });
    calls.push(...out.calls);
    messages.push({ role: 'user', content: blocks });
  }
  throw new Error(`The planner did not answer within ${maxSteps} steps; calls: ${calls.map((c) => c.name).join(', ')}`);
}

/** The numbers an answer states (thousands separators removed), to check each against the tool results. */
export function numbersIn(text: string): number[] {
  return [...text.matchAll(/\d[\d,]*(?:\.\d+)?/g)].map((m) => Number(m[0].replace(/,/g, '').replace(/\.$/, '')));
}

/** Every number in the tool results: JSON numbers and the digit runs inside strings (dates, times, ids). */
export function numbersInResults(results: readonly string[]): Set<number> {
  const found = new Set<number>();
  for (const text of results) for (const m of text.matchAll(/\d+(?:\.\d+)?/g)) found.add(Number(m[0]));
  return found;
}

/** Numbers of the answer that appear neither in a tool result nor in the question. */
export function ungroundedNumbers(turn: Turn, question: string): number[] {
  const known = numbersInResults([...turn.results, question]);
  return numbersIn(turn.text).filter((n) => !known.has(n));
}
