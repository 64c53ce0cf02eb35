import { PASS_SCORE, type Dimension, DIMENSIONS } from '../judge/index.ts';
import { judgementOf, judgeName, machineOfOutput } from './session.ts';

/** What the grader receives besides the prompt: the test's vars plus `output` (the answer graded). */
interface GradingContext {
  vars?: Record<string, unknown>;
}

/**
 * Our judge as promptfoo's grading provider for `llm-rubric`. The rubric prompt of the config renders to
 * `{"caseId": ..., "dimension": ...}`; the grader judges that case's run once (offline judge, or Claude with a
 * key) and answers promptfoo's `{ pass, score, reason }` for the dimension, with the score scaled to 0-1.
 */
export default class JudgeProvider {
  id(): string {
    return 'segops-judge';
  }

  async callApi(prompt: string, context: GradingContext = {}) {
    try {
      const { caseId, dimension } = JSON.parse(prompt) as { caseId?: string; dimension?: string };
      if (typeof caseId !== 'string' || !DIMENSIONS.includes(dimension as Dimension)) {
        return { error: `the rubric prompt must render to {"caseId","dimension"} with a dimension among ${DIMENSIONS.join(', ')}; got ${prompt}` };
      }
      const machine = await machineOfOutput(caseId, String(context.vars?.output ?? ''));
      const grade = (await judgementOf(caseId, machine))[dimension as Dimension];
      const reason = `${dimension} ${grade.score.toFixed(1)}/5 (${await judgeName()}; pass at ${PASS_SCORE}): ${grade.reason}`;
      return { output: JSON.stringify({ pass: grade.pass, score: grade.score / 5, reason }) };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }
}
