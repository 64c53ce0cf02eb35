import { rmSync } from 'node:fs';
import type { Model } from '../../core/models/index.ts';
import { resolveCaseFacts, type ResolvedFact } from '../facts.ts';
import { loadGoldenCases, type GoldenCase } from '../golden-schema.ts';
import { chooseJudge, type Judge, type Judgement } from '../judge/index.ts';
import { pickMachines } from '../machines.ts';
import { chooseEvalModel, runCase, type CaseRun } from '../run-case.ts';
import { openEvalWorkspace, type EvalWorkspace } from '../workspace.ts';

/** The eval state shared by the promptfoo provider, the grader and the assertions of one promptfoo process. */
interface Session {
  workspace: EvalWorkspace;
  model: Model;
  judge: Judge;
  cases: Map<string, GoldenCase>;
  facts: Map<string, ResolvedFact[]>;
}

let session: Promise<Session> | undefined;
const runs = new Map<string, Promise<CaseRun>>();
const judgements = new Map<string, Promise<Judgement>>();

/**
 * Opens the session once per process: promptfoo loads `file://` providers and assertions into its own process
 * (one module instance each, whatever the concurrency), so every case runs against one seeded workspace, as
 * chDB wants. The data dir is deleted when the process exits.
 */
export function evalSession(): Promise<Session> {
  session ??= (async () => {
    const workspace = await openEvalWorkspace();
    process.once('exit', () => rmSync(workspace.dataDir, { recursive: true, force: true }));
    const golden = loadGoldenCases();
    return {
      workspace,
      model: chooseEvalModel(workspace.now),
      judge: chooseJudge(process.env.EVAL_JUDGE || 'auto'),
      cases: new Map(golden.map((c) => [c.id, c])),
      facts: await resolveCaseFacts(golden, workspace),
    };
  })();
  return session;
}

/** The golden case with this id, or an error naming the ids that exist. */
export async function goldenCaseOf(caseId: string): Promise<GoldenCase> {
  const { cases } = await evalSession();
  const golden = cases.get(caseId);
  if (!golden) throw new Error(`unknown golden case '${caseId}'; cases: ${[...cases.keys()].join(', ')}`);
  return golden;
}

/** The facts of a case, resolved on the session's dataset. */
export async function factsOf(caseId: string): Promise<ResolvedFact[]> {
  return (await evalSession()).facts.get(caseId) ?? [];
}

/** Runs a case on a machine once; later calls (assertions, grader) get the same run. */
export function runOf(caseId: string, machine: string): Promise<CaseRun> {
  const key = `${caseId}:${machine}`;
  let run = runs.get(key);
  if (!run) {
    run = (async () => {
      const { workspace, model } = await evalSession();
      const [picked] = pickMachines([machine]);
      return runCase(await goldenCaseOf(caseId), { workspace, model, machine: picked });
    })();
    runs.set(key, run);
  }
  return run;
}

/**
 * The machine whose run of a case gave this answer text (the grader sees the output, not the provider); the
 * only machine run so far when none matches.
 */
export async function machineOfOutput(caseId: string, output: string): Promise<string> {
  const candidates = [...runs.entries()].filter(([key]) => key.startsWith(`${caseId}:`));
  for (const [key, run] of candidates) if ((await run).text === output) return key.slice(caseId.length + 1);
  if (candidates.length === 1) return candidates[0][0].slice(caseId.length + 1);
  throw new Error(`no run of '${caseId}' answered this output; run the case through the provider first`);
}

/** The judge's four grades of a run, computed once per run (one Claude call covers every dimension). */
export function judgementOf(caseId: string, machine: string): Promise<Judgement> {
  const key = `${caseId}:${machine}`;
  let judgement = judgements.get(key);
  if (!judgement) {
    judgement = (async () => {
      const { judge } = await evalSession();
      return judge.judge({ golden: await goldenCaseOf(caseId), facts: await factsOf(caseId), run: await runOf(caseId, machine) });
    })();
    judgements.set(key, judgement);
  }
  return judgement;
}

/** The name of the judge in use, for provider ids and reports. */
export async function judgeName(): Promise<string> {
  return (await evalSession()).judge.name;
}
