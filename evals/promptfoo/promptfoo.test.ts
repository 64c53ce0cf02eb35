import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readThresholds } from '../report/thresholds.ts';

interface PromptfooResult {
  testCase: { description: string };
  success: boolean;
  /** 0 passed, 1 an assertion failed, 2 the provider or a grader errored. */
  failureReason: number;
  error?: string;
  gradingResult: { componentResults: Array<{ pass: boolean; reason: string; assertion: { type: string; metric?: string } }> };
}

const runner = fileURLToPath(new URL('./run.ts', import.meta.url));

/** Runs `npm run evals:promptfoo` (offline: no key, offline judge) in a child process, as CI does. */
function runPromptfoo(dir: string): Promise<{ code: number | null; output: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, PROMPTFOO_CONFIG_DIR: join(dir, 'config'), EVAL_JUDGE: 'offline' };
  delete env.ANTHROPIC_API_KEY;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [runner, '--no-table', '-o', join(dir, 'results.json')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('promptfoo suite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'segops-promptfoo-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the golden cases through the provider, graded by our judge, above the pass-rate threshold', async () => {
    const { code, output } = await runPromptfoo(dir);
    expect(code, output.slice(-3_000)).toBe(0);
    const results = (JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as { results: { results: PromptfooResult[] } }).results.results;
    expect(results).toHaveLength(15);
    expect(results.filter((r) => r.failureReason === 2).map((r) => `${r.testCase.description}: ${r.error}`)).toEqual([]);
    const passRate = results.filter((r) => r.success).length / results.length;
    expect(passRate).toBeGreaterThanOrEqual(readThresholds().promptfooPassRate);
    for (const result of results) {
      const metrics = result.gradingResult.componentResults.map((c) => c.assertion.metric);
      expect(metrics).toEqual(['tools', 'components', 'facts', 'helpfulness', 'accuracy', 'tool_use', 'conciseness']);
      const rubric = result.gradingResult.componentResults.filter((c) => c.assertion.type === 'llm-rubric');
      for (const grade of rubric) expect(grade.reason).toMatch(/^\w+ \d\.\d\/5 \(offline-reference; pass at 4\): .*\d/);
    }
  }, 180_000);
});
