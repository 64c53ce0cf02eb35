import { loadGoldenCases } from '../golden-schema.ts';
import { DIMENSIONS } from '../judge/index.ts';

/** A promptfoo test case, as far as this suite fills it. */
interface PromptfooTest {
  description: string;
  vars: { caseId: string; question: string };
  assert: Array<{ type: 'javascript' | 'llm-rubric'; value: string; metric: string }>;
  metadata: { category: string };
}

/**
 * The promptfoo tests, one per golden case: javascript assertions for tools, components and facts, and one
 * `llm-rubric` per dimension, graded by our judge (the rubric value names the dimension; its anchored rubric
 * lives in evals/judge/<dimension>/rubric.md).
 */
export function goldenTests(): PromptfooTest[] {
  return loadGoldenCases().map((golden) => ({
    description: golden.id,
    vars: { caseId: golden.id, question: golden.question },
    metadata: { category: golden.category },
    assert: [
      { type: 'javascript', value: 'file://assertions.ts:toolsCalled', metric: 'tools' },
      { type: 'javascript', value: 'file://assertions.ts:componentsShown', metric: 'components' },
      { type: 'javascript', value: 'file://assertions.ts:factsHold', metric: 'facts' },
      ...DIMENSIONS.map((dimension) => ({ type: 'llm-rubric' as const, value: dimension, metric: dimension })),
    ],
  }));
}
