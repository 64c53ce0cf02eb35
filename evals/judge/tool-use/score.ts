import type { RequiredTool } from '../../golden-schema.ts';
import { grade, type DimensionScore, type JudgeInput } from '../judge.ts';

/** Points lost per required tool missing, per forbidden tool called, per failed call and per repeated call. */
const PENALTY = { missing: 2, forbidden: 2, failed: 1, repeated: 0.5 } as const;

const label = (tool: RequiredTool) => (typeof tool === 'string' ? tool : tool.any_of.join('|'));

/**
 * Offline tool-use score: 5, minus 2 per required tool not called successfully, 2 per forbidden tool called,
 * 1 per call that failed (invalid arguments or a tool error) and 0.5 per call repeated with the same input.
 */
export function scoreToolUse({ golden, run }: JudgeInput): DimensionScore {
  const ok = run.toolCalls.filter((c) => !c.isError).map((c) => c.name);
  const required = golden.tools.must_call;
  const missing = required.filter((tool) => (typeof tool === 'string' ? !ok.includes(tool) : !tool.any_of.some((name) => ok.includes(name))));
  const forbidden = [...new Set(run.toolCalls.map((c) => c.name).filter((name) => golden.tools.must_not_call.includes(name)))];
  const failed = run.toolCalls.filter((c) => c.isError);
  const seen = new Set<string>();
  const repeated = run.toolCalls.filter((c) => {
    const key = `${c.name}:${JSON.stringify(c.input)}`;
    if (seen.has(key)) return true;
    seen.add(key);
    return false;
  });
  const score =
    5 - PENALTY.missing * missing.length - PENALTY.forbidden * forbidden.length - PENALTY.failed * failed.length - PENALTY.repeated * repeated.length;
  const parts = [
    `required ${required.length - missing.length}/${required.length}${missing.length ? ` (missing ${missing.map(label).join(', ')})` : ''}`,
    `forbidden called ${forbidden.length}${forbidden.length ? ` (${forbidden.join(', ')})` : ''}`,
    `failed calls ${failed.length}/${run.toolCalls.length}${failed.length ? ` (${failed.map((c) => `${c.name}: ${c.output.slice(0, 120)}`).join('; ')})` : ''}`,
    `repeated ${repeated.length}`,
  ];
  return grade(score, parts.join(', '));
}
