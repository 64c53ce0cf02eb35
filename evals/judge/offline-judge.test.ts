import { describe, expect, it } from 'vitest';
import { numbersIn, readPath, ungroundedNumbers } from './evidence.ts';
import { offlineJudge } from './offline-judge.ts';
import { perfectRun, sampleCase, sampleInput } from './testing.ts';

const judge = offlineJudge();

describe('offline reference judge', () => {
  it('gives a perfect run 5 on every dimension, with the numbers in each reason', async () => {
    const scores = await judge.judge(sampleInput());
    for (const grade of Object.values(scores)) expect(grade).toMatchObject({ score: 5, pass: true });
    expect(scores.accuracy.reason).toBe('facts 2/2, numbers without a source 0/1');
    expect(scores.tool_use.reason).toContain('required 2/2');
    expect(scores.helpfulness.reason).toContain('components 1/1');
    expect(scores.conciseness.reason).toMatch(/^12 words \/ budget 40 \(0\.30x\)/);
  });

  it('takes accuracy away for a number no tool returned', async () => {
    const run = perfectRun({ text: 'High LTV has 504 members, up 37 since last week. Want to see its membership trend?' });
    const scores = await judge.judge(sampleInput(run));
    expect(scores.accuracy.score).toBe(4);
    expect(scores.accuracy.reason).toContain('numbers without a source 1/2 (37)');
    expect(scores.accuracy.pass).toBe(true);
  });

  it('takes accuracy away for a wrong fact, in the text and in the component', async () => {
    const run = perfectRun({
      text: 'High LTV has 540 members. Want to see its trend?',
      components: [{ component: 'MetricCard', props: { label: 'High LTV', value: 540, formatted: '540' } }],
    });
    const scores = await judge.judge(sampleInput(run));
    expect(scores.accuracy.score).toBe(1);
    expect(scores.accuracy.reason).toMatch(/facts 0\/2 .*missing 504.*MetricCard\.value = 540, expected 504.*numbers without a source 1\/1 \(540\)/);
  });

  it('takes tool use away for a missing tool, a forbidden one and a call with invalid arguments', async () => {
    const base = perfectRun();
    const missing = await judge.judge(sampleInput(perfectRun({ toolCalls: base.toolCalls.slice(1) })));
    expect(missing.tool_use.score).toBe(3);
    expect(missing.tool_use.reason).toContain('required 1/2 (missing list_segments|get_segment_detail)');
    const invalid = { id: 't3', name: 'display_event_chart', input: {}, isError: true, output: "Invalid arguments for 'display_event_chart': series: Required", durationMs: 1 };
    const forbidden = { id: 't4', name: 'display_create_segment_cta', input: {}, isError: false, output: '{}', durationMs: 1 };
    const messy = await judge.judge(sampleInput(perfectRun({ toolCalls: [...base.toolCalls, invalid, forbidden] })));
    expect(messy.tool_use.score).toBe(2);
    expect(messy.tool_use.reason).toMatch(/forbidden called 1 \(display_create_segment_cta\), failed calls 1\/4 \(display_event_chart: Invalid arguments/);
  });

  it('takes conciseness away from a rambling, repetitive answer', async () => {
    const ramble =
      'Sure! Great question. High LTV has 504 members. As I said, High LTV has 504 members, which is the number of members that High LTV has. ' +
      'The segment called High LTV is a segment of users whose lifetime value is high, and it currently has 504 members in it, as shown in the card above, ' +
      'which shows the number of members of High LTV. Want to see its membership trend over the last 30 days or the conditions that define it?';
    const scores = await judge.judge(sampleInput(perfectRun({ text: ramble })));
    expect(scores.conciseness.score).toBeLessThanOrEqual(1.5);
    expect(scores.conciseness.reason).toMatch(/^\d+ words \/ budget 40 \(\d\.\d\dx\), repeated phrases [1-9]\d*, preamble yes/);
    expect(scores.accuracy.score).toBe(5);
  });

  it('scores helpfulness 3 without the expected component and 1 for a failed run', async () => {
    const noCard = await judge.judge(sampleInput(perfectRun({ components: [] })));
    expect(noCard.helpfulness.score).toBe(3);
    expect(noCard.helpfulness.reason).toContain('components 0/1 (missing MetricCard)');
    const failed = await judge.judge(sampleInput(perfectRun({ status: 'failed', text: '', error: { code: 'MODEL_ERROR', message: 'boom' } })));
    expect(failed.helpfulness.score).toBe(1);
    expect(failed.accuracy.reason).toContain('MODEL_ERROR');
  });

  it('checks the answer patterns of a case, negated ones included', async () => {
    const golden = sampleCase({
      answer_checks: [
        { name: 'asks a question back', pattern: '\\?' },
        { name: 'does not claim to create', pattern: 'was created', negate: true },
      ],
    });
    const scores = await judge.judge(sampleInput(perfectRun({ text: 'High LTV has 504 members; the segment was created.' }), golden));
    expect(scores.helpfulness.reason).toContain('answer checks 0/2 (failed: asks a question back; does not claim to create)');
    expect(scores.helpfulness.reason).toContain('next step no');
    expect(scores.helpfulness.score).toBe(2);
  });
});

describe('evidence', () => {
  it('reads numbers but not dates, times or identifiers', () => {
    const text = 'On 2026-11-25 at 11:50 (Nov 25), user_004742 sent 1,234 events, 12.5% of 2.3k, 7 today.';
    expect(numbersIn(text).map((n) => n.value)).toEqual([1234, 12.5, 2300, 7]);
  });

  it('accepts a difference of two grounded numbers of the answer', () => {
    const output = JSON.stringify({ series: [{ day: '2026-10-27', count: 182 }, { day: '2026-11-25', count: 379 }] });
    const run = perfectRun({
      text: 'Churn Risk went from 182 to 379 members (up 197), not 250.',
      toolCalls: [{ id: 't', name: 'query_segment_membership_trend', input: {}, isError: false, output, durationMs: 1 }],
    });
    expect(ungroundedNumbers(run).map((n) => n.text)).toEqual(['250']);
  });

  it('reads prop paths with indexes from the end and wildcards', () => {
    const props = { series: [{ count: 1 }, { count: 2 }], rows: [{ name: 'a' }, { name: 'b' }] };
    expect(readPath(props, 'series[-1].count')).toBe(2);
    expect(readPath(props, 'rows[*].name')).toEqual(['a', 'b']);
    expect(readPath(props, 'missing.path')).toBeUndefined();
  });
});
