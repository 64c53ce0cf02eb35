import { describe, expect, it } from 'vitest';
import { offlineJudge } from '../judge/offline-judge.ts';
import { perfectRun, sampleFacts, sampleInput } from '../judge/testing.ts';
import type { CaseResult, SuiteResult } from '../suite.ts';
import { summarise } from '../suite.ts';
import { renderHtml } from './html.ts';
import { buildReport, compareReports, formatTable } from './report.ts';
import { missedThresholds, readThresholds } from './thresholds.ts';

async function result(machine: string, text: string): Promise<CaseResult> {
  const run = perfectRun({ machine, text });
  const judgement = await offlineJudge().judge(sampleInput(run));
  const mean = Object.values(judgement).reduce((sum, g) => sum + g.score, 0) / 4;
  return { caseId: 'high-ltv-size', category: 'data', machine, run, facts: sampleFacts(), judgement, mean };
}

async function suite(texts: Record<string, string>): Promise<SuiteResult> {
  const results = await Promise.all(Object.entries(texts).map(([machine, text]) => result(machine, text)));
  return {
    model: 'test',
    judge: 'offline-reference',
    dataset: { workspaceId: 'ws', users: 1, events: 1, now: '2026-11-25T12:00:00.000Z', seedMs: 1 },
    results,
    summaries: Object.keys(texts).map((m) => summarise(m, results.filter((r) => r.machine === m))),
  };
}

const good = 'High LTV has 504 members today. Want to see its trend?';
const wrong = 'High LTV has 540 members today. Want to see its trend?';

describe('eval report', () => {
  it('names the case and dimension that regressed, with both scores and the reason', async () => {
    const before = buildReport(await suite({ react: good }), 1_000, []);
    const after = buildReport(await suite({ react: wrong }), 1_000, []);
    const regressions = compareReports(after, before);
    expect(regressions).toContain('react overall 5.00 → 4.25');
    expect(regressions.some((r) => r.startsWith('high-ltv-size [react] accuracy 5.0 → 2.0: facts 1/2'))).toBe(true);
    expect(compareReports(before, after).filter((r) => r.includes('→'))).toHaveLength(0);
  });

  it('reports every missed threshold with both numbers', async () => {
    const [summary] = (await suite({ react: wrong })).summaries;
    const missed = missedThresholds(summary, { overall: 4.5, dimensions: { helpfulness: 4, accuracy: 4, tool_use: 4, conciseness: 4 }, promptfooPassRate: 1 });
    expect(missed).toEqual(['react: overall 4.25 < 4.50', 'react: accuracy 2.00 < 4.00']);
    expect(readThresholds().overall).toBeGreaterThanOrEqual(1);
  });

  it('prints machines side by side per dimension, with steps, tool calls and latency', async () => {
    const both = await suite({ react: good, other: wrong });
    const table = formatTable(both.results, both.summaries);
    expect(table).toContain('machines: react / other');
    expect(table).toMatch(/high-ltv-size\s+5\.0\/5\.0\s+5\.0\/2\.0\s+5\.0\/5\.0\s+5\.0\/5\.0\s+3\/3\s+2\/2\s+12\/12/);
    expect(table).toContain('overall other: 4.25 / 5.0');
  });

  it('renders a self-contained HTML report with a chart, transcripts, scores and reasons', async () => {
    const html = renderHtml(buildReport(await suite({ react: good, other: '<script>alert(1)</script>' }), 2_000, ['react: overall 1 < 2']));
    expect(html).toContain('<svg');
    expect(html).toContain('Mean score per dimension');
    expect(html).toContain('facts 2/2');
    expect(html).toContain('list_segments');
    expect(html).toContain('react: overall 1 &#60; 2');
    expect(html).not.toContain('<script>');
    expect(html).not.toMatch(/<(?:script|link|img)[^>]+(?:src|href)=/);
  });
});
