import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { compileDefinition } from '../../core/segments/compile.ts';
import type { SegmentDefinition } from '../../core/segments/dsl.ts';
import { previewSegment } from '../../core/segments/membership.ts';
import { loadSegmentResolver } from '../../core/segments/segment-store.ts';
import { openStores } from '../../core/stores/index.ts';
import { estimateRowsRead, formatTable, median, quantile, runChildJson, seedDataDirs } from './support.ts';

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
    for (const dir of dirs) datasets.push(await runChildJson<{ events: number; shapes: ShapeResult[] }>(import.meta.filename, dir, values));
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
