import { describe, expect, it } from 'vitest';
import { stepInput, type RunMessage } from './inspector-messages.ts';
import type { ModelStep } from './inspector-timeline.ts';

const step = (index: number, inputMessages?: number): ModelStep => ({ index, seq: index * 10 + 1, startedAt: 0, text: '', streaming: false, toolCallIds: [], inputMessages });
const text = (seq: number, role: 'user' | 'assistant', value: string): RunMessage => ({ seq, role, content: [{ type: 'text', text: value }] });

describe('stepInput', () => {
  const messages = [text(5, 'user', 'Q'), text(6, 'assistant', 'calls'), text(7, 'user', 'results'), text(8, 'assistant', 'A')];

  it('gives each model step the run messages it was sent, after the conversation’s earlier ones', () => {
    const steps = [step(0, 5), step(1, 7)];
    expect(stepInput(steps, steps[0], messages)).toEqual({ earlier: 4, messages: [messages[0]] });
    expect(stepInput(steps, steps[1], messages)).toEqual({ earlier: 4, messages: messages.slice(0, 3) });
  });

  it('gives nothing when the count was not recorded or the run stored too few messages', () => {
    expect(stepInput([step(0)], step(0), messages)).toBeUndefined();
    const steps = [step(0, 1), step(1, 3)];
    expect(stepInput(steps, steps[1], [])).toBeUndefined();
    expect(stepInput(steps, steps[1], messages.slice(0, 2))).toBeUndefined();
  });
});
