import type { ResolvedFact } from '../facts.ts';
import type { GoldenCase } from '../golden-schema.ts';
import type { CaseRun } from '../run-case.ts';

/** The four dimensions every answer is scored on, 1-5 each. */
export const DIMENSIONS = ['helpfulness', 'accuracy', 'tool_use', 'conciseness'] as const;

/** One scored dimension. */
export type Dimension = (typeof DIMENSIONS)[number];

/** A score of this or more passes: better than the rubric's middle anchor (3). */
export const PASS_SCORE = 4;

/** One dimension's grade, promptfoo-style: pass, score (1-5) and a reason that carries the numbers. */
export interface DimensionScore {
  pass: boolean;
  score: number;
  reason: string;
}

/** The four grades of one run. */
export type Judgement = Record<Dimension, DimensionScore>;

/** What a judge grades: the golden case, its facts resolved on the dataset, and the run. */
export interface JudgeInput {
  golden: GoldenCase;
  facts: ResolvedFact[];
  run: CaseRun;
}

/** A judge: the offline reference judge or Claude, interchangeable. */
export interface Judge {
  readonly name: string;
  judge(input: JudgeInput): Promise<Judgement>;
}

/** A grade from a score (clamped to 1-5, one decimal) and its reason. */
export function grade(score: number, reason: string): DimensionScore {
  const clamped = Math.round(Math.min(5, Math.max(1, score)) * 10) / 10;
  return { pass: clamped >= PASS_SCORE, score: clamped, reason };
}

/** The mean of the four dimensions of a judgement. */
export function judgementMean(judgement: Judgement): number {
  return DIMENSIONS.reduce((sum, d) => sum + judgement[d].score, 0) / DIMENSIONS.length;
}
