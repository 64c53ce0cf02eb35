import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DIMENSIONS, type Dimension } from '../judge/index.ts';
import type { MachineSummary } from '../suite.ts';

const score = z.number().min(1).max(5);

/**
 * The minimum means a run must reach, overall and per dimension, and the share of promptfoo tests that must
 * pass (`evals/thresholds.json`).
 */
export const thresholdsSchema = z.strictObject({
  overall: score,
  dimensions: z.strictObject(Object.fromEntries(DIMENSIONS.map((d) => [d, score])) as Record<Dimension, typeof score>),
  promptfooPassRate: z.number().min(0).max(1),
});

/** Thresholds a suite is held to. */
export type Thresholds = z.infer<typeof thresholdsSchema>;

/** Where the thresholds live. */
export const THRESHOLDS_FILE = new URL('../thresholds.json', import.meta.url);

/** Reads and validates the thresholds file. */
export function readThresholds(file: URL | string = THRESHOLDS_FILE): Thresholds {
  return thresholdsSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

/** Every threshold a machine missed, as sentences with both numbers; empty when all are met. */
export function missedThresholds(summary: MachineSummary, thresholds: Thresholds): string[] {
  const missed: string[] = [];
  if (summary.judgeErrors > 0) missed.push(`${summary.machine}: the judge failed on ${summary.judgeErrors}/${summary.cases} cases`);
  if (summary.mean < thresholds.overall) missed.push(`${summary.machine}: overall ${summary.mean.toFixed(2)} < ${thresholds.overall.toFixed(2)}`);
  for (const d of DIMENSIONS) {
    if (summary.byDimension[d] < thresholds.dimensions[d]) {
      missed.push(`${summary.machine}: ${d} ${summary.byDimension[d].toFixed(2)} < ${thresholds.dimensions[d].toFixed(2)}`);
    }
  }
  return missed;
}
