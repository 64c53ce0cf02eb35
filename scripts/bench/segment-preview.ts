import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { compileDefinition } from '../../core/segments/compile.ts';
import type { SegmentDefinition } from '../../core/segments/dsl.ts';
import { previewSegment } from '../../core/segments/membership.ts';
import { loadSegmentResolver } from '../../core/segments/segment-store.ts';
import type { ClickHouse } from '../../core/stores/index.ts';
import { openStores } from '../../core/stores/index.ts';

/**
 * Segment preview latency on seeded workspaces (chDB + PGlite), one child process per data dir (chDB
 * opens one data dir per process). Each shape is previewed `--runs` times after one warm-up; the
 * median and p95 wall time and the median process CPU time are reported, with the rows the query reads (EXPLAIN ESTIMATE: rows of the granules
 * the sort key keeps) and those rows per second at the median.
 *   node scripts/bench/segment-preview.ts [--scales 1,10] [--data-dirs a,b] [--runs 21] [--clock ISO]
 * Without --data-dirs, each scale (millions of events) is seeded into a temp dir first (10M: ~90 s).
 */
const args = () => parseArgs({
  options: {
    scales: { type: 'string', default: '1,10' },
    'data-dirs': { type: 'string' },
    runs: { type: 'string', default: '21' },
    clock: { type: 'string', default: '2026-11-01T12:00:00Z' },
    workspace: { type: 'string', default: 'ws_acme' },
    child: { type: 'string' },
  },
}).values;

/** The three shapes of the brief, on the seeded e-commerce workspace. */
export const PREVIEW_SHAPES: Record<string, SegmentDefinition> = {
  'purchased in 7 days, never wishlisted': {
    match: 'all',
    conditions: [
      { type: 'event', event: 'Order Completed', performed: true, window: { type: 'relative', last: 7, unit: 'days' } },
      { type: 'event', event: 'Product Added to Wishlist', performed: false },
    ],
  },
  'pro plan, LTV >= 500, 3+ orders over $50': {
    match: 'all',
    conditions: [
      { type: 'trait', trait: 'plan', op: 'eq', value: 'pro' },
      { type: 'trait', trait: 'lifetime_value', op: 'gte', value: 500 },
      {
        type: 'event',
        event: 'Order Completed',
        performed: true,
        count: { op: '>=', value: 3 },
        where: [{ property: 'revenue', op: 'gt', value: 50 }],
      },
    ],
  },
  'did not order in 30 days': {
    match: 'all',
    conditions: [{ type: 'event', event: 'Order Completed', performed: false, window: { type: 'relative', last: 30, unit: 'days' } }],
  },
};

/** The median of some figures (the mean of the middle two for an even count). */
export function median(figures: readonly number[]): number {
  const sorted = [...figures].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The figure at quantile `q` (0-1), nearest rank. */
export function quantile(figures: readonly number[], q: number): number {
  const sorted = [...figures].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
}

/** A plain-text table with right-aligned numbers. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 || !/^[\d.,MkK%-]+$/.test(cell) ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

/**
 * Rows a query reads, as ClickHouse plans it: EXPLAIN ESTIMATE sums the rows of the granules kept by
 * the sort key and partition pruning, over every table the query reads, IN subqueries included (chDB
 * has no query_log, and a result's rowsRead counts the rows returned, not the rows scanned).
 */
export async function estimateRowsRead(ch: ClickHouse, sql: string, params?: Record<string, unknown>): Promise<number> {
  const estimate = async (text: string) =>
    (await ch.query<{ rows: number }>(`EXPLAIN ESTIMATE ${text}`, params)).reduce((sum, row) => sum + Number(row.rows), 0);
  // The sets of `IN (SELECT …)` are built by plans of their own that EXPLAIN ESTIMATE leaves out: each is
  // estimated alone (with the query's WITH clause, which it may refer to) and added.
  const withClause = sql.startsWith('WITH ') ? sql.slice(0, sql.indexOf('\nSELECT ') + 1) : '';
  let total = await estimate(sql);
  for (let at = sql.indexOf('IN (SELECT '); at >= 0; at = sql.indexOf('IN (SELECT ', at + 1)) {
    let depth = 0;
    let end = at + 3;
    for (; end < sql.length; end++) {
      if (sql[end] === '(') depth++;
      else if (sql[end] === ')' && --depth === 0) break;
    }
    total += await estimate(withClause + sql.slice(at + 4, end));
  }
  return total;
}

/**
 * The data dirs to measure: those given (comma-separated), or one temp dir per scale (millions of
 * events) seeded with `scripts/seed.ts` at `clock`; `cleanup` removes the temp dirs.
 */
export function seedDataDirs(given: string | undefined, scales: string, clock: Date): { dirs: string[]; cleanup(): void } {
  if (given) return { dirs: given.split(','), cleanup: () => {} };
  const dirs = scales.split(',').map((scale) => {
    const dir = mkdtempSync(join(tmpdir(), `segops-bench-${scale}m-`));
    const seeded = spawnSync(resolve('node_modules/.bin/node'), [resolve('scripts/seed.ts'), '--scale', scale, '--clock', clock.toISOString()], {
      env: { ...process.env, SEGOPS_DATA_DIR: dir, DATABASE_URL: '', CLICKHOUSE_URL: '' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (seeded.status !== 0) throw new Error(`seeding ${scale}M events into ${dir} failed (exit ${seeded.status})`);
    return dir;
  });
  return { dirs, cleanup: () => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })) };
}

interface ShapeResult {
  shape: string;
  members: number;
  medianMs: number;
  p95Ms: number;
  /** Process CPU time (user + system) per preview, median: chDB runs in this process, so it is the query's CPU. */
  medianCpuMs: number;
  rowsRead: number;
  rowsPerSecond: number;
}

async function measure(dataDir: string, runs: number, now: Date, workspaceId: string): Promise<{ events: number; shapes: ShapeResult[] }> {
  const stores = await openStores({ dataDir });
  try {
    const [{ events }] = await stores.ch.query<{ events: number }>('SELECT count() AS events FROM events WHERE workspace_id = {ws:String}', {
      ws: workspaceId,
    });
    const resolveSegment = await loadSegmentResolver(stores.pg, workspaceId);
    const shapes: ShapeResult[] = [];
    for (const [shape, definition] of Object.entries(PREVIEW_SHAPES)) {
      const times: number[] = [];
      const cpu: number[] = [];
      let members = 0;
      for (let i = 0; i <= runs; i++) {
        const before = process.cpuUsage();
        const preview = await previewSegment(stores, workspaceId, definition, { now });
        const used = process.cpuUsage(before);
        if (i > 0) {
          times.push(preview.elapsedMs);
          cpu.push((used.user + used.system) / 1000);
        }
        members = preview.count;
      }
      const query = compileDefinition(definition, { workspaceId, now, resolveSegment });
      const rowsRead = await estimateRowsRead(stores.ch, query.sql, query.params);
      const medianMs = median(times);
      shapes.push({ shape, members, medianMs, p95Ms: quantile(times, 0.95), medianCpuMs: median(cpu), rowsRead, rowsPerSecond: Math.round(rowsRead / (medianMs / 1000)) });
    }
    return { events, shapes };
  } finally {
    await stores.close();
  }
}

function runChild(dataDir: string, values: ReturnType<typeof args>): Promise<{ events: number; shapes: ShapeResult[] }> {
  const argv = [import.meta.filename, '--child', dataDir, '--runs', values.runs, '--clock', values.clock, '--workspace', values.workspace];
  const child = spawn(resolve('node_modules/.bin/node'), argv, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((done, fail) => {
    let last = '';
    createInterface({ input: child.stdout! }).on('line', (line) => (last = line));
    child.once('exit', (code) => (code === 0 ? done(JSON.parse(last)) : fail(new Error(`benchmark child for ${dataDir} exited with ${code}`))));
  });
}

async function main() {
  const values = args();
  const now = new Date(values.clock);
  if (values.child) {
    console.log(JSON.stringify(await measure(values.child, Number(values.runs), now, values.workspace)));
    return;
  }
  const load = loadavg();
  const { dirs, cleanup } = seedDataDirs(values['data-dirs'], values.scales, now);
  try {
    const datasets = [];
    for (const dir of dirs) datasets.push(await runChild(dir, values));
    const rows = datasets.flatMap((set) =>
      set.shapes.map((s) => [
        `${(set.events / 1e6).toFixed(1)}M`,
        s.shape,
        String(s.members),
        s.medianMs.toFixed(1),
        s.p95Ms.toFixed(1),
        s.medianCpuMs.toFixed(1),
        String(s.rowsRead),
        `${(s.rowsPerSecond / 1e6).toFixed(1)}M`,
      ]),
    );
    console.log(formatTable(['events', 'shape', 'members', 'median ms', 'p95 ms', 'cpu ms', 'rows read', 'rows/s'], rows));
    console.log(JSON.stringify({ node: process.version, runs: Number(values.runs), clock: values.clock, loadavgBefore: load, loadavgAfter: loadavg(), datasets }, null, 2));
  } finally {
    cleanup();
  }
}

if (import.meta.main) await main();
