import type { Model } from '../core/models/index.ts';
import { resolveCaseFacts, type ResolvedFact } from './facts.ts';
import type { GoldenCase } from './golden-schema.ts';
import { DIMENSIONS, JudgeError, judgementMean, type Dimension, type Judge, type Judgement } from './judge/index.ts';
import { pickMachines } from './machines.ts';
import { runCase, type CaseRun } from './run-case.ts';
import type { EvalWorkspace } from './workspace.ts';

/** One case run by one machine, with its grades (or why the judge could not grade it). */
export interface CaseResult {
  caseId: string;
  category: GoldenCase['category'];
  machine: string;
  run: CaseRun;
  facts: ResolvedFact[];
  judgement?: Judgement;
  judgeError?: string;
  /** Mean of the four dimensions, two decimals. */
  mean?: number;
}

/** Mean scores of one machine over the judged cases. */
export interface MachineSummary {
  machine: string;
  mean: number;
  byDimension: Record<Dimension, number>;
  cases: number;
  judgeErrors: number;
  latencyMs: number;
}

/** Everything one suite run produced. */
export interface SuiteResult {
  model: string;
  judge: string;
  dataset: { workspaceId: string; users: number; events: number; now: string; seedMs: number };
  results: CaseResult[];
  summaries: MachineSummary[];
}

/** What a suite runs: the cases, on which machines, with which model and judge, on a seeded workspace. */
export interface SuiteOptions {
  cases: GoldenCase[];
  machines: string[];
  model: Model;
  judge: Judge;
  workspace: EvalWorkspace;
  /** Called after each case is judged (progress). */
  onResult?: (result: CaseResult) => void;
}

/** Runs every case on every machine, in process, against one workspace, and judges each run. */
export async function runSuite(options: SuiteOptions): Promise<SuiteResult> {
  const { cases, model, judge, workspace } = options;
  const machines = pickMachines(options.machines);
  const facts = await resolveCaseFacts(cases, workspace);
  const results: CaseResult[] = [];
  for (const golden of cases) {
    for (const machine of machines) {
      const run = await runCase(golden, { workspace, model, machine });
      const caseFacts = facts.get(golden.id) ?? [];
      const result: CaseResult = { caseId: golden.id, category: golden.category, machine: machine.name, run, facts: caseFacts };
      try {
        result.judgement = await judge.judge({ golden, facts: caseFacts, run });
        result.mean = Math.round(judgementMean(result.judgement) * 100) / 100;
      } catch (error) {
        if (!(error instanceof JudgeError)) throw error;
        result.judgeError = `${error.code}: ${error.message}`;
      }
      results.push(result);
      options.onResult?.(result);
    }
  }
  return {
    model: model.name,
    judge: judge.name,
    dataset: {
      workspaceId: workspace.workspaceId,
      users: workspace.users,
      events: workspace.events,
      now: workspace.now.toISOString(),
      seedMs: Math.round(workspace.seedMs),
    },
    results,
    summaries: machines.map(({ name }) => summarise(name, results.filter((r) => r.machine === name))),
  };
}

/** Means of one machine's judged results (two decimals). */
export function summarise(machine: string, results: CaseResult[]): MachineSummary {
  const judged = results.filter((r) => r.judgement !== undefined);
  const mean = (values: number[]) => (values.length === 0 ? 0 : Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100);
  const byDimension = Object.fromEntries(DIMENSIONS.map((d) => [d, mean(judged.map((r) => r.judgement![d].score))])) as Record<Dimension, number>;
  return {
    machine,
    mean: mean(judged.map((r) => r.mean!)),
    byDimension,
    cases: results.length,
    judgeErrors: results.length - judged.length,
    latencyMs: Math.round(results.reduce((sum, r) => sum + r.run.latencyMs, 0)),
  };
}
