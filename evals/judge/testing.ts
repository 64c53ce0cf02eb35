import type { ResolvedFact } from '../facts.ts';
import { goldenCase, type GoldenCase } from '../golden-schema.ts';
import type { CaseRun } from '../run-case.ts';
import type { JudgeInput } from './judge.ts';

/** A golden case for judge tests: High LTV's size, one MetricCard, two facts. */
export function sampleCase(overrides: Record<string, unknown> = {}): GoldenCase {
  return goldenCase.parse({
    id: 'high-ltv-size',
    category: 'data',
    question: 'How many users are in the High LTV segment?',
    tools: { must_call: [{ any_of: ['list_segments', 'get_segment_detail'] }, 'display_metric_card'], must_not_call: ['display_create_segment_cta'] },
    components: ['MetricCard'],
    max_words: 40,
    judge_notes: 'One number in a MetricCard.',
    ...overrides,
  });
}

/** The facts of `sampleCase`, as if resolved on a dataset where High LTV has 504 members. */
export function sampleFacts(): ResolvedFact[] {
  const sql = "select member_count from segments where workspace_id = $1 and name = 'High LTV'";
  return [
    { name: 'member count of High LTV', kind: 'postgres', sql, expect: 'appears_in_answer', values: [504] },
    { name: 'the MetricCard shows it', kind: 'postgres', sql, expect: 'equals_component_prop', component: 'MetricCard', path: 'value', values: [504] },
  ];
}

/** A perfect run of `sampleCase`: list, display, a short grounded answer with a next step. */
export function perfectRun(overrides: Partial<CaseRun> = {}): CaseRun {
  const segments = JSON.stringify({ total: 2, segments: [{ name: 'High LTV', member_count: 504 }, { name: 'VIP Buyers', member_count: 166 }] });
  return {
    caseId: 'high-ltv-size',
    machine: 'react',
    model: 'test',
    question: 'How many users are in the High LTV segment?',
    earlierTurns: [],
    status: 'done',
    text: 'High LTV has 504 members today. Want to see its membership trend?',
    components: [{ component: 'MetricCard', props: { label: 'High LTV members', value: 504, formatted: '504', unit: 'users' } }],
    toolCalls: [
      { id: 't1', name: 'list_segments', input: {}, isError: false, output: segments, durationMs: 3 },
      { id: 't2', name: 'display_metric_card', input: { label: 'High LTV members', value: 504 }, isError: false, output: '{"shown":"MetricCard"}', durationMs: 1 },
    ],
    steps: 3,
    latencyMs: 12,
    usage: { inputTokens: 0, outputTokens: 0 },
    ...overrides,
  };
}

/** The judge input of a run of `sampleCase`. */
export function sampleInput(run: CaseRun = perfectRun(), golden: GoldenCase = sampleCase()): JudgeInput {
  return { golden, facts: sampleFacts(), run };
}
