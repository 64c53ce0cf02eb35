import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plannerModel } from '../core/models/planner/index.ts';
import { loadGoldenCases } from './golden-schema.ts';
import { offlineJudge } from './judge/offline-judge.ts';
import { formatTable } from './report/report.ts';
import { missedThresholds, readThresholds } from './report/thresholds.ts';
import { runSuite, type SuiteResult } from './suite.ts';
import { openEvalWorkspace, type EvalWorkspace } from './workspace.ts';

/** The whole offline eval, as CI runs it: fresh seed, the 15 golden cases through the real agent, the offline judge. */
describe('offline eval suite', () => {
  let workspace: EvalWorkspace;
  let suite: SuiteResult;

  beforeAll(async () => {
    workspace = await openEvalWorkspace();
    suite = await runSuite({
      cases: loadGoldenCases(),
      machines: ['react', 'react-reflect'],
      model: plannerModel({ now: () => workspace.now }),
      judge: offlineJudge(),
      workspace,
    });
  }, 180_000);
  afterAll(async () => {
    await workspace?.dispose();
  });

  it('runs and judges every golden case to the end, on both shipped machines', () => {
    expect(suite.results).toHaveLength(30);
    expect(suite.summaries.map((s) => s.machine)).toEqual(['react', 'react-reflect']);
    expect(suite.results.filter((r) => r.run.status !== 'done').map((r) => `${r.caseId}: ${r.run.error?.message}`)).toEqual([]);
    expect(suite.results.every((r) => r.judgement !== undefined)).toBe(true);
    expect(suite.results.filter((r) => r.facts.length > 0).length).toBeGreaterThanOrEqual(22);
    expect(formatTable(suite.results, suite.summaries)).toContain('machines: react / react-reflect');
  });

  it('meets every threshold of evals/thresholds.json', () => {
    const missed = suite.summaries.flatMap((s) => missedThresholds(s, readThresholds()));
    expect(missed, `${missed.join('\n')}\n${formatTable(suite.results, suite.summaries)}`).toEqual([]);
  });
});
