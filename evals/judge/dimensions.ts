import { readFileSync } from 'node:fs';
import { scoreAccuracy } from './accuracy/score.ts';
import { scoreConciseness } from './conciseness/score.ts';
import { scoreHelpfulness } from './helpfulness/score.ts';
import { DIMENSIONS, type Dimension, type DimensionScore, type JudgeInput } from './judge.ts';
import { scoreToolUse } from './tool-use/score.ts';

/** A metric: its anchored rubric (the judge prompt, in `<folder>/rubric.md`) and its offline scorer. */
export interface Metric {
  dimension: Dimension;
  rubric: string;
  score(input: JudgeInput): DimensionScore;
}

const rubric = (folder: string) => readFileSync(new URL(`./${folder}/rubric.md`, import.meta.url), 'utf8').trim();

/** Builds the metric list, refusing duplicates and requiring exactly one metric per dimension. */
function checkedMetrics(metrics: Metric[]): Metric[] {
  const seen = new Set<Dimension>();
  for (const metric of metrics) {
    if (seen.has(metric.dimension)) throw new Error(`metric '${metric.dimension}' is listed twice: keep one per dimension`);
    seen.add(metric.dimension);
  }
  const missing = DIMENSIONS.filter((d) => !seen.has(d));
  if (missing.length > 0) throw new Error(`no metric for ${missing.join(', ')}: add its folder with rubric.md and score.ts`);
  return metrics;
}

/** The four metrics, one folder each, in the order of `DIMENSIONS`. */
export const METRICS: Metric[] = checkedMetrics([
  { dimension: 'helpfulness', rubric: rubric('helpfulness'), score: scoreHelpfulness },
  { dimension: 'accuracy', rubric: rubric('accuracy'), score: scoreAccuracy },
  { dimension: 'tool_use', rubric: rubric('tool-use'), score: scoreToolUse },
  { dimension: 'conciseness', rubric: rubric('conciseness'), score: scoreConciseness },
]);
