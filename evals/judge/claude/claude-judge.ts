import Anthropic from '@anthropic-ai/sdk';
import type { MessageParam, Tool } from '@anthropic-ai/sdk/resources/messages/messages';
import { z } from 'zod';
import { DEFAULT_CLAUDE_MODEL } from '../../../core/models/index.ts';
import { DIMENSIONS, grade, type Judge, type Judgement } from '../judge.ts';
import { JudgeError } from './judge-error.ts';
import { judgeSystemPrompt, judgeUserPrompt } from './prompt.ts';

/**
 * Options of the Claude judge; the key and base URL fall back to ANTHROPIC_API_KEY / ANTHROPIC_BASE_URL, the
 * model to JUDGE_MODEL, then COPILOT_MODEL, then the copilot's default Claude model.
 */
export interface ClaudeJudgeOptions {
  apiKey?: string;
  baseURL?: string;
  model?: string;
  /** Judge calls per run when the answer comes back malformed (default 2). */
  maxAttempts?: number;
  /** HTTP retries of one call on 429/5xx, done by the SDK (default 2). */
  maxRetries?: number;
}

const dimensionScore = z.strictObject({
  score: z.int().min(1).max(5).describe('1-5 against the anchored rubric.'),
  reason: z.string().min(1).describe('One or two sentences with the numbers behind the score.'),
});

/** What the judge must return: one score and reason per dimension. */
const scoresSchema = z.strictObject(Object.fromEntries(DIMENSIONS.map((d) => [d, dimensionScore])) as Record<(typeof DIMENSIONS)[number], typeof dimensionScore>);

const RECORD_TOOL = 'record_scores';
const recordTool: Tool = {
  name: RECORD_TOOL,
  description: 'Records the four scores of the run, each with its reason.',
  input_schema: z.toJSONSchema(scoresSchema) as Tool['input_schema'],
};

/**
 * The Claude judge: one Messages call per run, temperature 0, structured output through a forced call of
 * `record_scores`. A malformed call is answered with its problems and asked again, up to `maxAttempts`; then
 * the judge fails with a JudgeError rather than guess.
 */
export function claudeJudge(options: ClaudeJudgeOptions = {}): Judge {
  const model = options.model ?? (process.env.JUDGE_MODEL || process.env.COPILOT_MODEL || DEFAULT_CLAUDE_MODEL);
  const client = new Anthropic({
    apiKey: options.apiKey ?? process.env.ANTHROPIC_API_KEY ?? null,
    baseURL: options.baseURL ?? process.env.ANTHROPIC_BASE_URL ?? null,
    maxRetries: options.maxRetries ?? 2,
  });
  const maxAttempts = options.maxAttempts ?? 2;
  const system = judgeSystemPrompt();
  return {
    name: `claude:${model}`,
    async judge(input) {
      const messages: MessageParam[] = [{ role: 'user', content: judgeUserPrompt(input) }];
      let problems = '';
      for (let attempt = 1; attempt <= maxAttempts; attempt++) {
        let message: Anthropic.Message;
        try {
          message = await client.messages
            .stream({
              model,
              max_tokens: 1_500,
              temperature: 0,
              system,
              messages,
              tools: [recordTool],
              tool_choice: { type: 'tool', name: RECORD_TOOL },
            })
            .finalMessage();
        } catch (cause) {
          throw new JudgeError('JUDGE_CALL_FAILED', `the Claude judge call failed for ${input.golden.id}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
        }
        const call = message.content.find((block) => block.type === 'tool_use' && block.name === RECORD_TOOL);
        const parsed = call && call.type === 'tool_use' ? scoresSchema.safeParse(call.input) : undefined;
        if (parsed?.success) {
          return Object.fromEntries(DIMENSIONS.map((d) => [d, grade(parsed.data[d].score, parsed.data[d].reason)])) as Judgement;
        }
        problems = parsed
          ? parsed.error.issues.map((issue) => `${issue.path.join('.') || '(input)'}: ${issue.message}`).join('; ')
          : `no ${RECORD_TOOL} call in the reply`;
        if (call && call.type === 'tool_use') {
          messages.push({ role: 'assistant', content: message.content });
          messages.push({
            role: 'user',
            content: [{ type: 'tool_result', tool_use_id: call.id, is_error: true, content: `Invalid scores: ${problems}. Call ${RECORD_TOOL} again with every dimension.` }],
          });
        }
      }
      throw new JudgeError('JUDGE_MALFORMED_OUTPUT', `the Claude judge answered ${maxAttempts} times without valid scores for ${input.golden.id}: ${problems}`);
    },
  };
}
