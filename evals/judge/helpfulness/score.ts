import { validComponents } from '../evidence.ts';
import { grade, type DimensionScore, type JudgeInput } from '../judge.ts';

/** Phrases that hand the user a next step: an offer, a question back, a button or a place to go. */
const NEXT_STEP = /\?|\b(?:want (?:me )?to|would you like|shall i|i can|click|ask me|you can|try|open|go to|let me know)\b/i;

/**
 * Offline helpfulness score, out of 5 points (at least 1): 2 for answering (run done, text present, the case's
 * answer checks passed, pro rata), 2 for the expected components shown with valid props (pro rata; full when
 * none is expected), 1 for a next step.
 */
export function scoreHelpfulness({ golden, run }: JudgeInput): DimensionScore {
  if (run.status !== 'done' || run.text.trim() === '') {
    return grade(1, `run ${run.status}, answer ${run.text.trim().length} chars: the question was not answered`);
  }
  const checks = golden.answer_checks.map((check) => ({ name: check.name, ok: new RegExp(check.pattern, 'i').test(run.text) !== check.negate }));
  const checksPassed = checks.filter((c) => c.ok).length;
  const answered = checks.length === 0 ? 2 : (2 * checksPassed) / checks.length;
  const { valid, invalid } = validComponents(run.components);
  const expected = golden.components;
  const shown = expected.filter((name) => valid.some((c) => c.component === name));
  const componentPoints = expected.length === 0 ? 2 : (2 * shown.length) / expected.length;
  const nextStep = NEXT_STEP.test(run.text) ? 1 : 0;
  const failedChecks = checks.filter((c) => !c.ok).map((c) => c.name);
  const reason = [
    `answer checks ${checksPassed}/${checks.length}${failedChecks.length ? ` (failed: ${failedChecks.join('; ')})` : ''}`,
    `components ${shown.length}/${expected.length}${expected.length > shown.length ? ` (missing ${expected.filter((n) => !shown.includes(n)).join(', ')})` : ''}` +
      `${invalid.length ? `, ${invalid.length} with invalid props` : ''}`,
    `next step ${nextStep ? 'yes' : 'no'}`,
    `points ${(answered + componentPoints + nextStep).toFixed(1)}/5`,
  ].join(', ');
  return grade(answered + componentPoints + nextStep, reason);
}
