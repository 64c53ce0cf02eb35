import { checkFacts, numbersIn, ungroundedNumbers } from '../evidence.ts';
import { grade, type DimensionScore, type JudgeInput } from '../judge.ts';

/**
 * Offline accuracy score: 1 + 4 × (facts found / facts), minus 1 per number of the answer that no tool result
 * supports. A run that did not finish scores 1; a case without facts starts at 5.
 */
export function scoreAccuracy({ facts, run }: JudgeInput): DimensionScore {
  if (run.status !== 'done') return grade(1, `run ${run.status}${run.error ? ` (${run.error.code}: ${run.error.message})` : ''}: nothing to check`);
  const checks = checkFacts(facts, run);
  const found = checks.filter((c) => c.ok).length;
  const invented = ungroundedNumbers(run);
  const ratio = checks.length === 0 ? 1 : found / checks.length;
  const missed = checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`);
  const reason =
    `facts ${found}/${checks.length}${missed.length ? ` (failed: ${missed.join('; ')})` : ''}, ` +
    `numbers without a source ${invented.length}/${numbersIn(run.text).length}${invented.length ? ` (${invented.map((n) => n.text).join(', ')})` : ''}`;
  return grade(1 + 4 * ratio - invented.length, reason);
}

