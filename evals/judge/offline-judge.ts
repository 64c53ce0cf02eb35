import { METRICS } from './dimensions.ts';
import type { Judge, Judgement } from './judge.ts';

/**
 * The offline reference judge: deterministic, network-free, computing each dimension from the run's trace,
 * its components and the facts resolved on the seeded data (see each metric's `score.ts`).
 */
export function offlineJudge(): Judge {
  return {
    name: 'offline-reference',
    async judge(input) {
      return Object.fromEntries(METRICS.map((metric) => [metric.dimension, metric.score(input)])) as Judgement;
    },
  };
}
