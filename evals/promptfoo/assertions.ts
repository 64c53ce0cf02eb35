import { checkFacts, validComponents } from '../judge/evidence.ts';
import { DEFAULT_MACHINE } from '../machines.ts';
import type { CaseRun } from '../run-case.ts';
import { factsOf, goldenCaseOf, runOf } from './session.ts';

/** What promptfoo gives a javascript assertion besides the output. */
interface AssertionContext {
  vars: Record<string, unknown>;
  provider?: { config?: { machine?: string } };
}

/** A promptfoo grading result: pass, score 0-1 and a reason with the numbers. */
interface GradingResult {
  pass: boolean;
  score: number;
  reason: string;
}

async function runFor(context: AssertionContext): Promise<CaseRun> {
  return runOf(String(context.vars.caseId), context.provider?.config?.machine ?? DEFAULT_MACHINE);
}

/** The required tools were called successfully and no forbidden tool was called. */
export async function toolsCalled(_output: string, context: AssertionContext): Promise<GradingResult> {
  const [golden, run] = [await goldenCaseOf(String(context.vars.caseId)), await runFor(context)];
  const ok = run.toolCalls.filter((c) => !c.isError).map((c) => c.name);
  const missing = golden.tools.must_call
    .filter((t) => (typeof t === 'string' ? !ok.includes(t) : !t.any_of.some((name) => ok.includes(name))))
    .map((t) => (typeof t === 'string' ? t : t.any_of.join('|')));
  const forbidden = [...new Set(run.toolCalls.map((c) => c.name).filter((n) => golden.tools.must_not_call.includes(n)))];
  const required = golden.tools.must_call.length;
  const checks = required + golden.tools.must_not_call.length;
  const passed = checks - missing.length - forbidden.length;
  return {
    pass: missing.length === 0 && forbidden.length === 0,
    score: checks === 0 ? 1 : passed / checks,
    reason: `required ${required - missing.length}/${required}${missing.length ? ` (missing ${missing.join(', ')})` : ''}, forbidden called ${forbidden.length}${forbidden.length ? ` (${forbidden.join(', ')})` : ''}, calls ${run.toolCalls.map((c) => c.name).join(', ') || 'none'}`,
  };
}

/** Every expected component was shown with valid props. */
export async function componentsShown(_output: string, context: AssertionContext): Promise<GradingResult> {
  const [golden, run] = [await goldenCaseOf(String(context.vars.caseId)), await runFor(context)];
  const { valid, invalid } = validComponents(run.components);
  const shown = golden.components.filter((name) => valid.some((c) => c.component === name));
  const expected = golden.components.length;
  return {
    pass: shown.length === expected && invalid.length === 0,
    score: expected === 0 ? (invalid.length === 0 ? 1 : 0) : shown.length / expected,
    reason: `components ${shown.length}/${expected} (${golden.components.join(', ') || 'none expected'}), shown ${run.components.map((c) => c.component).join(', ') || 'none'}, invalid props ${invalid.length}`,
  };
}

/** Every fact of the case, queried on the seeded data, is stated in the answer or in its component. */
export async function factsHold(_output: string, context: AssertionContext): Promise<GradingResult> {
  const caseId = String(context.vars.caseId);
  const checks = checkFacts(await factsOf(caseId), await runFor(context));
  const ok = checks.filter((c) => c.ok).length;
  const failed = checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`);
  return {
    pass: failed.length === 0,
    score: checks.length === 0 ? 1 : ok / checks.length,
    reason: `facts ${ok}/${checks.length}${failed.length ? ` (failed: ${failed.join('; ')})` : ''}`,
  };
}
