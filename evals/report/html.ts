import { DIMENSIONS, METRICS } from '../judge/index.ts';
import type { CaseResult, MachineSummary } from '../suite.ts';
import type { EvalReport } from './report.ts';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const json = (value: unknown) => escape(JSON.stringify(value, null, 2));
const COLORS = ['#2563eb', '#f97316', '#16a34a', '#9333ea'];

/** A grouped bar chart (inline SVG) of each machine's mean score per dimension, 0-5. */
export function scoreChart(summaries: MachineSummary[]): string {
  const [width, height, left, bottom, top] = [560, 250, 40, 30, 20];
  const plot = height - bottom - top;
  const group = (width - left) / DIMENSIONS.length;
  const bar = Math.min(40, (group - 20) / summaries.length);
  const y = (score: number) => top + plot - (score / 5) * plot;
  const grid = [0, 1, 2, 3, 4, 5]
    .map((s) => `<line x1="${left}" x2="${width}" y1="${y(s)}" y2="${y(s)}" stroke="#e5e7eb"/><text x="${left - 8}" y="${y(s) + 4}" text-anchor="end">${s}</text>`)
    .join('');
  const bars = DIMENSIONS.map((d, i) => {
    const x0 = left + i * group + (group - bar * summaries.length) / 2;
    const rects = summaries
      .map((s, j) => {
        const v = s.byDimension[d];
        return `<rect x="${x0 + j * bar}" y="${y(v)}" width="${bar - 4}" height="${(v / 5) * plot}" fill="${COLORS[j % COLORS.length]}"><title>${escape(s.machine)} ${d}: ${v.toFixed(2)}</title></rect>` +
          `<text x="${x0 + j * bar + (bar - 4) / 2}" y="${y(v) - 3}" text-anchor="middle">${v.toFixed(2)}</text>`;
      })
      .join('');
    return `${rects}<text x="${left + i * group + group / 2}" y="${height - 10}" text-anchor="middle">${d}</text>`;
  }).join('');
  return `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="Mean score per dimension">${grid}${bars}</svg>`;
}

const scoreClass = (score: number | undefined) => (score === undefined ? 'err' : score >= 4.5 ? 'good' : score >= 3.5 ? 'ok' : 'bad');

function caseSection(result: CaseResult): string {
  const { run } = result;
  const turns = run.earlierTurns.map((t) => `<p class="user">${escape(t.question)}</p><p class="assistant">${escape(t.answer)}</p>`).join('');
  const calls = run.toolCalls
    .map(
      (c) =>
        `<details${c.isError ? ' open' : ''}><summary class="${c.isError ? 'bad' : ''}">${escape(c.name)} ${c.isError ? '(failed)' : ''} · ${Math.round(c.durationMs)} ms</summary>` +
        `<pre>${json(c.input)}</pre><pre>${escape(c.output.slice(0, 4_000))}</pre></details>`,
    )
    .join('');
  const components = run.components.map((c) => `<details><summary>${escape(c.component)}</summary><pre>${json(c.props)}</pre></details>`).join('');
  const scores = result.judgement
    ? DIMENSIONS.map((d) => `<tr><td>${d}</td><td class="${scoreClass(result.judgement![d].score)}">${result.judgement![d].score.toFixed(1)}</td><td>${escape(result.judgement![d].reason)}</td></tr>`).join('')
    : `<tr><td colspan="3" class="bad">${escape(result.judgeError ?? 'not judged')}</td></tr>`;
  const facts = result.facts.map((f) => `<li>${escape(f.name)}: <code>${escape(f.values.join(', '))}</code></li>`).join('');
  return `<section id="${escape(result.caseId)}-${escape(result.machine)}">
<h3>${escape(result.caseId)} <small>${escape(result.category)} · ${escape(result.machine)} · ${run.steps} steps · ${run.toolCalls.length} tool calls · ${Math.round(run.latencyMs)} ms · ${run.status}</small></h3>
<div class="transcript">${turns}<p class="user">${escape(run.question)}</p><p class="assistant">${escape(run.text || run.error?.message || '(no answer)')}</p></div>
<table class="scores">${scores}</table>
${facts ? `<p>Reference facts</p><ul>${facts}</ul>` : ''}
<p>Tool calls</p>${calls || '<p><em>none</em></p>'}
<p>Components</p>${components || '<p><em>none</em></p>'}
</section>`;
}

/** The self-contained HTML report: summary, chart, case table, regressions, then every case in full. */
export function renderHtml(report: EvalReport): string {
  const summaries = report.summaries;
  const ids = [...new Set(report.results.map((r) => r.caseId))];
  const header = `<tr><th>case</th>${summaries.flatMap((s) => DIMENSIONS.map((d) => `<th>${d}${summaries.length > 1 ? `<br><small>${escape(s.machine)}</small>` : ''}</th>`)).join('')}<th>mean</th></tr>`;
  const rows = ids
    .map((id) => {
      const cells = summaries.flatMap((s) => {
        const r = report.results.find((x) => x.caseId === id && x.machine === s.machine);
        return DIMENSIONS.map((d) => {
          const score = r?.judgement?.[d].score;
          return `<td class="${scoreClass(score)}" title="${escape(r?.judgement?.[d].reason ?? r?.judgeError ?? '')}">${score?.toFixed(1) ?? 'err'}</td>`;
        });
      });
      const means = summaries.map((s) => report.results.find((x) => x.caseId === id && x.machine === s.machine)?.mean?.toFixed(2) ?? '-').join(' / ');
      return `<tr><td><a href="#${escape(id)}-${escape(summaries[0].machine)}">${escape(id)}</a></td>${cells.join('')}<td>${means}</td></tr>`;
    })
    .join('');
  const list = (items: string[], empty: string) => (items.length ? `<ul>${items.map((i) => `<li>${escape(i)}</li>`).join('')}</ul>` : `<p>${empty}</p>`);
  const rubrics = METRICS.map((m) => `<details><summary>${m.dimension}</summary><pre>${escape(m.rubric)}</pre></details>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>SegOps evals ${escape(report.createdAt)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1100px;color:#111}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
.good{background:#dcfce7}.ok{background:#fef9c3}.bad{background:#fee2e2}.err{background:#e5e7eb}
pre{background:#f6f8fa;padding:8px;overflow:auto;max-height:300px;font-size:12px}
.transcript .user{background:#eff6ff;padding:6px 10px;border-radius:6px}.transcript .assistant{background:#f9fafb;padding:6px 10px;border-radius:6px}
section{border-top:2px solid #e5e7eb;margin-top:24px}svg text{font-size:11px}.legend span{margin-right:16px}
</style></head><body>
<h1>SegOps copilot evals</h1>
<p><b>Overall ${report.mean.toFixed(2)} / 5.0</b> · ${report.results.length} runs · model ${escape(report.model)} · judge ${escape(report.judge)} ·
dataset ${report.dataset.users.toLocaleString('en-US')} users / ${report.dataset.events.toLocaleString('en-US')} events at ${escape(report.dataset.now)} · wall ${(report.wallMs / 1000).toFixed(1)} s · ${escape(report.createdAt)}</p>
<p class="legend">${summaries.map((s, i) => `<span style="color:${COLORS[i % COLORS.length]}">■ ${escape(s.machine)} ${s.mean.toFixed(2)}</span>`).join('')}</p>
${scoreChart(summaries)}
<h2>Thresholds</h2>${list(report.thresholdsMissed, 'All thresholds met.')}
<h2>Regressions${report.previous ? ` since ${escape(report.previous.createdAt)} (${report.previous.mean.toFixed(2)})` : ''}</h2>${list(report.regressions, report.previous ? 'None.' : 'No previous report.')}
<h2>Cases</h2><table>${header}${rows}</table>
<h2>Rubrics</h2>${rubrics}
<h2>Runs</h2>${report.results.map(caseSection).join('\n')}
</body></html>
`;
}
