/**
 * `npm run evals`: seeds a fresh dataset with a fixed clock, runs every golden case through the real agent in
 * process, judges each run, prints the case × dimension table and the overall mean out of 5, writes
 * evals/reports/<timestamp>.json, latest.json and latest.html, names regressions against the previous report,
 * and exits non-zero below evals/thresholds.json.
 * Usage: node evals/run.ts [--machine NAME]... [--case ID]... [--judge auto|claude|offline] [--json]
 */
import { parseArgs } from 'node:util';
import { loadGoldenCases } from './golden-schema.ts';
import { chooseJudge } from './judge/index.ts';
import { pickMachines } from './machines.ts';
import { buildReport, compareReports, formatTable, readLatestReport, writeReport } from './report/report.ts';
import { missedThresholds, readThresholds } from './report/thresholds.ts';
import { chooseEvalModel } from './run-case.ts';
import { runSuite } from './suite.ts';
import { openEvalWorkspace } from './workspace.ts';

const USAGE = 'usage: node evals/run.ts [--machine NAME]... [--case ID]... [--judge auto|claude|offline] [--json]';

async function main(): Promise<number> {
  const started = performance.now();
  const { values } = parseArgs({
    options: {
      machine: { type: 'string', multiple: true, default: [] },
      case: { type: 'string', multiple: true, default: [] },
      judge: { type: 'string', default: 'auto' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const all = loadGoldenCases();
  const unknown = values.case.filter((id) => !all.some((c) => c.id === id));
  if (unknown.length > 0) throw new Error(`unknown case ${unknown.join(', ')}; cases: ${all.map((c) => c.id).join(', ')}`);
  const cases = values.case.length > 0 ? all.filter((c) => values.case.includes(c.id)) : all;
  const machines = pickMachines(values.machine).map((m) => m.name);
  const judge = chooseJudge(values.judge);
  const thresholds = readThresholds();
  const log = (line: string) => (values.json ? process.stderr : process.stdout).write(`${line}\n`);

  const workspace = await openEvalWorkspace();
  log(`seeded ${workspace.users.toLocaleString('en-US')} users / ${workspace.events.toLocaleString('en-US')} events in ${(workspace.seedMs / 1000).toFixed(1)} s`);
  try {
    const model = chooseEvalModel(workspace.now);
    log(`model ${model.name}, judge ${judge.name}, ${cases.length} cases`);
    const suite = await runSuite({
      cases,
      machines,
      model,
      judge,
      workspace,
      onResult: (r) => log(`  ${r.caseId} [${r.machine}] ${r.mean?.toFixed(2) ?? r.judgeError}`),
    });
    const missed = values.case.length > 0 ? [] : suite.summaries.flatMap((s) => missedThresholds(s, thresholds));
    const report = buildReport(suite, performance.now() - started, missed);
    const previous = readLatestReport();
    if (previous && values.case.length === 0) {
      report.previous = { createdAt: previous.createdAt, mean: previous.mean };
      report.regressions = compareReports(report, previous);
    }
    const paths = values.case.length === 0 ? writeReport(report) : undefined;
    if (values.json) {
      process.stdout.write(`${JSON.stringify(report)}\n`);
    } else {
      log(formatTable(suite.results, suite.summaries));
      if (report.previous) {
        log(report.regressions.length ? `regressions since ${report.previous.createdAt}:\n  ${report.regressions.join('\n  ')}` : `no regressions since ${report.previous.createdAt}`);
      }
      log(missed.length ? `thresholds missed:\n  ${missed.join('\n  ')}` : values.case.length ? 'thresholds not checked for a subset of cases' : 'all thresholds met');
      if (paths) log(`report: ${paths.json}\n        ${paths.html}`);
      log(`wall time ${(report.wallMs / 1000).toFixed(1)} s`);
    }
    return missed.length > 0 ? 1 : 0;
  } finally {
    await workspace.dispose();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
  },
);
