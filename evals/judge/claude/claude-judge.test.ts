import { afterEach, describe, expect, it } from 'vitest';
import { assistantTurn } from '../../../core/models/testing/anthropic-stream.ts';
import { startFakeAnthropic, type FakeAnthropic, type FakeScript } from '../../../core/models/testing/fake-anthropic.ts';
import { sampleInput } from '../testing.ts';
import { claudeJudge } from './claude-judge.ts';
import { JudgeError } from './judge-error.ts';

const scores = {
  helpfulness: { score: 5, reason: 'answers with a MetricCard and offers the trend' },
  accuracy: { score: 4, reason: 'facts 2/2; 1 number without a source' },
  tool_use: { score: 5, reason: 'required 2/2, no failed call' },
  conciseness: { score: 5, reason: '12 words for a budget of 40' },
};
const record = (input: Record<string, unknown>) => ({ events: assistantTurn({ toolCalls: [{ id: 'toolu_judge', name: 'record_scores', input }] }) });

describe('Claude judge', () => {
  let fake: FakeAnthropic | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });
  const judgeWith = async (script: FakeScript) => {
    fake = await startFakeAnthropic({ script });
    return claudeJudge({ apiKey: 'sk-test', baseURL: fake.url, model: 'claude-test', maxRetries: 0 });
  };

  it('asks for a forced record_scores call at temperature 0 with the rubrics, facts and trace, and parses it', async () => {
    const judge = await judgeWith([record(scores)]);
    const judgement = await judge.judge(sampleInput());
    expect(judgement.accuracy).toEqual({ score: 4, pass: true, reason: 'facts 2/2; 1 number without a source' });
    expect(judgement.helpfulness.score).toBe(5);
    const body = fake!.requests[0].body;
    expect(body).toMatchObject({ model: 'claude-test', temperature: 0, tool_choice: { type: 'tool', name: 'record_scores' } });
    expect(body.tools?.map((t) => t.name)).toEqual(['record_scores']);
    expect(JSON.stringify(body.system)).toContain('# Conciseness');
    const prompt = JSON.stringify(body.messages[0].content);
    expect(prompt).toContain('member count of High LTV: 504 (must be stated in the answer)');
    expect(prompt).toContain('tool call 1: list_segments({})');
    expect(prompt).toContain('High LTV has 504 members today.');
  });

  it('sends a malformed call back with its problems and accepts the corrected one', async () => {
    const judge = await judgeWith([record({ ...scores, accuracy: { score: 7, reason: 'too high' } }), record(scores)]);
    const judgement = await judge.judge(sampleInput());
    expect(judgement.tool_use.score).toBe(5);
    expect(fake!.requests).toHaveLength(2);
    const retry = JSON.stringify(fake!.requests[1].body.messages.at(-1));
    expect(retry).toContain('"is_error":true');
    expect(retry).toContain('accuracy.score');
  });

  it('fails with JUDGE_MALFORMED_OUTPUT after the last malformed answer', async () => {
    const judge = await judgeWith([record({ helpfulness: scores.helpfulness }), record({ helpfulness: scores.helpfulness })]);
    const failure = await judge.judge(sampleInput()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(JudgeError);
    expect(failure).toMatchObject({ code: 'JUDGE_MALFORMED_OUTPUT' });
    expect((failure as Error).message).toMatch(/2 times without valid scores for high-ltv-size: .*accuracy/);
  });

  it('fails with JUDGE_CALL_FAILED when the API refuses the call', async () => {
    const judge = await judgeWith([{ status: 400, message: 'bad tool schema' }]);
    await expect(judge.judge(sampleInput())).rejects.toMatchObject({ name: 'JudgeError', code: 'JUDGE_CALL_FAILED' });
  });
});
