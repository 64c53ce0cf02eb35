import { EventSchemas } from '@ag-ui/core/schemas';
import { describe, expect, it } from 'vitest';
import type { ModelRequest } from '../models/model.ts';
import { scriptedModel, type ScriptedTurn } from '../models/scripted.ts';
import { reviewDraft } from './draft-review.ts';
import { reflectMachine } from './reflect-machine.ts';
import { recordRun, stateSequence, testRegistry } from './testing.ts';

/** The corrective note of the last user message, when the request ends with one. */
function noteOf(request: ModelRequest): string | undefined {
  const last = request.messages.at(-1);
  const block = last?.role === 'user' ? last.content[0] : undefined;
  return block?.type === 'text' && block.text.startsWith('Review of your draft') ? block.text : undefined;
}

/** Looks the key up, then answers `draft`; after a corrective note, answers `revised`. */
function draftingModel(draft: ScriptedTurn, revised: ScriptedTurn) {
  return scriptedModel((request) => {
    if (noteOf(request) !== undefined) return revised;
    const observed = request.messages.some((message) => message.content.some((block) => block.type === 'tool_result'));
    return observed ? draft : { toolCalls: [{ name: 'lookup', input: { key: 'signups' } }] };
  });
}

describe('react-reflect', () => {
  it('sends a draft with a number no tool returned back to think once, with a note the model sees', async () => {
    const seen: string[] = [];
    const model = draftingModel({ text: 'There were 9 signups.' }, { text: 'There were 7 signups.' });
    const spy = { ...model, stream: (request: ModelRequest, signal: AbortSignal) => (seen.push(noteOf(request) ?? ''), model.stream(request, signal)) };
    const { events, result } = await recordRun({ model: spy, registry: testRegistry(), machine: reflectMachine });
    expect(stateSequence(events)).toEqual(['think', 'act', 'observe', 'think', 'reflect', 'think', 'reflect', 'render', 'done']);
    expect(seen.at(-1)).toMatch(/^Review of your draft answer: it states 9, which no tool result contains\./);
    expect(result).toMatchObject({ status: 'done', text: 'There were 7 signups.', steps: 3 });
    expect(result.newMessages.map((message) => message.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'user', 'assistant']);
    for (const event of events) expect(EventSchemas.safeParse(event).error).toBeUndefined();
  });

  it('renders a grounded draft without a second model call', async () => {
    const model = draftingModel({ text: 'There were 7 signups.' }, { text: 'unused' });
    const { events, result } = await recordRun({ model, registry: testRegistry(), machine: reflectMachine });
    expect(stateSequence(events)).toEqual(['think', 'act', 'observe', 'think', 'reflect', 'render', 'done']);
    expect(result).toMatchObject({ status: 'done', text: 'There were 7 signups.', steps: 2 });
  });

  it('catches a chart the answer claims but no tool showed', async () => {
    const model = draftingModel({ text: 'Signups are in the chart below.' }, { text: 'There were 7 signups.' });
    const { events, result } = await recordRun({ model, registry: testRegistry(), machine: reflectMachine });
    expect(stateSequence(events).filter((state) => state === 'reflect')).toHaveLength(2);
    expect(result.newMessages[4].content[0]).toMatchObject({ text: expect.stringContaining('it refers to a chart that was not shown') });
    expect(result.text).toBe('There were 7 signups.');
  });

  it('revises at most once: a second ungrounded draft is rendered, not looped on', async () => {
    const model = draftingModel({ text: 'There were 9 signups.' }, { text: 'Still 9 signups.' });
    const { events, result } = await recordRun({ model, registry: testRegistry(), machine: reflectMachine });
    expect(stateSequence(events)).toEqual(['think', 'act', 'observe', 'think', 'reflect', 'think', 'reflect', 'render', 'done']);
    expect(result).toMatchObject({ status: 'done', text: 'Still 9 signups.', steps: 3 });
  });

  it('does not revise when the step budget is spent', async () => {
    const model = draftingModel({ text: 'There were 9 signups.' }, { text: 'unused' });
    const { events, result } = await recordRun({ model, registry: testRegistry(), machine: reflectMachine, limits: { maxSteps: 2 } });
    expect(stateSequence(events)).toEqual(['think', 'act', 'observe', 'think', 'reflect', 'render', 'done']);
    expect(result.text).toBe('There were 9 signups.');
  });
});

describe('reviewDraft', () => {
  const evidence = (draft: string, results: string[], components: Array<{ component: string; props: unknown }> = []) => ({
    draft,
    system: 'Today is 2026-11-25.',
    components,
    transcript: [
      { role: 'user' as const, content: [{ type: 'text' as const, text: 'How many signups in the last 7 days?' }] },
      { role: 'user' as const, content: results.map((content, i) => ({ type: 'tool_result' as const, tool_use_id: `t${i}`, content })) },
    ],
  });

  it('accepts numbers from tool results, the question and the prompt, with thousands separators and rounding', () => {
    expect(reviewDraft(evidence('1,234 signups in the last 7 days (to 2026-11-25), 12.3% of users.', ['{"count":1234,"share":12.345}']))).toEqual([]);
  });

  it('names every number no tool result contains', () => {
    expect(reviewDraft(evidence('1,240 signups, up 15%.', ['{"count":1234}']))).toEqual(['it states 1240, 15, which no tool result contains']);
  });

  it('flags a table or card the answer shows without a component, but not a mention of data', () => {
    expect(reviewDraft(evidence('Here is the table of segments.', []))).toEqual(['it refers to a table that was not shown (no display tool emitted one)']);
    expect(reviewDraft(evidence('See the card above.', [], [{ component: 'MetricCard', props: {} }]))).toEqual([]);
    expect(reviewDraft(evidence('The events table has no rows for that.', []))).toEqual([]);
  });
});
