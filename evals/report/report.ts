import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIMENSIONS, type Dimension } from '../judge/index.ts';
import type { CaseResult, MachineSummary, SuiteResult } from '../suite.ts';
import { renderHtml } from './html.ts';

/** Where reports are written (git-ignored). */
export const REPORTS_DIR = fileURLToPath(new URL('../reports/', import.meta.url));

/** A drop of this much (out of 5) in a case's dimension, or half of it in a mean, is named as a regression. */
const CASE_DROP = 0.5;
const MEAN_DROP = 0.25;

/** The JSON report: the overall mean out of 5 of the first machine on top, then everything else. */
export interface EvalReport extends SuiteResult {
  mean: number;
  createdAt: string;
  wallMs: number;
  thresholdsMissed: string[];
  regressions: string[];
  previous?: { createdAt: string; mean: number };
}

/** Builds the report of a suite run (regressions are filled in by `compareReports`). */
export function buildReport(suite: SuiteResult, wallMs: number, thresholdsMissed: string[], createdAt = new Date()): EvalReport {
  return { mean: suite.summaries[0]?.mean ?? 0, createdAt: createdAt.toISOString(), wallMs: Math.round(wallMs), thresholdsMissed, regressions: [], ...suite };
}

/**
 * Names what got worse since the previous report: a machine's mean or dimension mean falling by 0.25 or more,
 * and a case's dimension falling by 0.5 or more (same machine, same case id).
 */
export function compareReports(current: EvalReport, previous: EvalReport): string[] {
  const regressions: string[] = [];
  for (const now of current.summaries) {
    const before = previous.summaries.find((s) => s.machine === now.machine);
    if (!before) continue;
    if (before.mean - now.mean >= MEAN_DROP) regressions.push(`${now.machine} overall ${before.mean.toFixed(2)} → ${now.mean.toFixed(2)}`);
    for (const d of DIMENSIONS) {
      if (before.byDimension[d] - now.byDimension[d] >= MEAN_DROP) {
        regressions.push(`${now.machine} ${d} mean ${before.byDimension[d].toFixed(2)} → ${now.byDimension[d].toFixed(2)}`);
      }
    }
  }
  for (const result of current.results) {
    const old = previous.results.find((r) => r.caseId === result.caseId && r.machine === result.machine);
    if (!old?.judgement || !result.judgement) continue;
    for (const d of DIMENSIONS) {
      const [was, is] = [old.judgement[d].score, result.judgement[d].score];
      if (was - is >= CASE_DROP) regressions.push(`${result.caseId} [${result.machine}] ${d} ${was.toFixed(1)} → ${is.toFixed(1)}: ${result.judgement[d].reason}`);
    }
  }
  return regressions;
}

/** Reads the latest report, if a previous run wrote one. */
export function readLatestReport(dir = REPORTS_DIR): EvalReport | undefined {
  const file = join(dir, 'latest.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as EvalReport) : undefined;
}

/** Writes `<timestamp>.json`, `latest.json` and `latest.html`; returns their paths. */
export function writeReport(report: EvalReport, dir = REPORTS_DIR): { json: string; latest: string; html: string } {
  mkdirSync(dir, { recursive: true });
  const stamp = report.createdAt.replace(/[:.]/g, '-');
  const json = join(dir, `${stamp}.json`);
  const latest = join(dir, 'latest.json');
  const html = join(dir, 'latest.html');
  const text = `${JSON.stringify(report, null, 2)}\n`;
  writeFileSync(json, text);
  writeFileSync(latest, text);
  writeFileSync(html, renderHtml(report));
  return { json, latest, html };
}

const pad = (text: string, width: number) => (text.length >= width ? text : text + ' '.repeat(width - text.length));
const short: Record<Dimension, string> = { helpfulness: 'help', accuracy: 'acc', tool_use: 'tools', conciseness: 'concise' };

/**
 * The console table: one row per case, for each dimension one column per machine (side by side), then steps,
 * tool calls and latency per machine, then a mean row per machine.
 */
export function formatTable(results: CaseResult[], summaries: MachineSummary[]): string {
  const machines = summaries.map((s) => s.machine);
  const ids = [...new Set(results.map((r) => r.caseId))];
  const idWidth = Math.max(8, ...ids.map((id) => id.length)) + 2;
  const cell = Math.max(8, machines.length * 6);
  const by = (id: string, machine: string) => results.find((r) => r.caseId === id && r.machine === machine);
  const perMachine = (f: (m: string) => string) => machines.map(f).join('/');
  const header = [pad('case', idWidth), ...DIMENSIONS.map((d) => pad(short[d], cell)), pad('steps', cell), pad('tools', cell), 'ms'].join('');
  const lines = [machines.length > 1 ? `machines: ${machines.join(' / ')}` : `machine: ${machines[0]}`, header, '-'.repeat(header.length + 8)];
  for (const id of ids) {
    const row = [pad(id, idWidth)];
    for (const d of DIMENSIONS) row.push(pad(perMachine((m) => by(id, m)?.judgement?.[d].score.toFixed(1) ?? 'err'), cell));
    row.push(pad(perMachine((m) => String(by(id, m)?.run.steps ?? '-')), cell));
    row.push(pad(perMachine((m) => String(by(id, m)?.run.toolCalls.length ?? '-')), cell));
    row.push(perMachine((m) => String(Math.round(by(id, m)?.run.latencyMs ?? 0))));
    lines.push(row.join(''));
  }
  lines.push('-'.repeat(header.length + 8));
  const meanRow = [pad('mean', idWidth), ...DIMENSIONS.map((d) => pad(summaries.map((s) => s.byDimension[d].toFixed(2)).join('/'), cell))];
  lines.push(meanRow.join(''));
  for (const s of summaries) lines.push(`overall ${s.machine}: ${s.mean.toFixed(2)} / 5.0 (${s.cases} cases, ${s.latencyMs} ms in the agent)`);
  return lines.join('\n');
}
