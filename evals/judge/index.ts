/** The judges of the evals: the offline reference judge and the Claude judge behind one `Judge` interface. */
import { claudeJudge } from './claude/claude-judge.ts';
import type { Judge } from './judge.ts';
import { offlineJudge } from './offline-judge.ts';

export { claudeJudge, type ClaudeJudgeOptions } from './claude/claude-judge.ts';
export { JudgeError, type JudgeErrorCode } from './claude/judge-error.ts';
export { METRICS, type Metric } from './dimensions.ts';
export { DIMENSIONS, PASS_SCORE, grade, judgementMean, type Dimension, type DimensionScore, type Judge, type JudgeInput, type Judgement } from './judge.ts';
export { offlineJudge } from './offline-judge.ts';

/** Which judge grades: `claude` or `offline` when asked, else Claude with a key and the offline judge without. */
export function chooseJudge(kind = 'auto', env: NodeJS.ProcessEnv = process.env): Judge {
  if (!['auto', 'claude', 'offline'].includes(kind)) throw new Error(`the judge must be auto, claude or offline, not '${kind}'`);
  if (kind === 'offline' || (kind === 'auto' && !env.ANTHROPIC_API_KEY)) return offlineJudge();
  if (!env.ANTHROPIC_API_KEY) throw new Error('the Claude judge needs ANTHROPIC_API_KEY; unset --judge claude to use the offline judge');
  return claudeJudge({ apiKey: env.ANTHROPIC_API_KEY, baseURL: env.ANTHROPIC_BASE_URL || undefined });
}
