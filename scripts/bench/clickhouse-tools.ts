import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import type { CallContext } from '../../core/registry/index.ts';
import type { ClickHouse } from '../../core/stores/index.ts';
import { openStores } from '../../core/stores/index.ts';
import { createCopilotRegistry } from '../../tools/index.ts';
import { estimateRowsRead, formatTable, median, quantile, runChildJson, seedDataDirs } from './support.ts';

/**
 * The three ClickHouse tools of the copilot (query_top_events, query_event_volume,
 * query_segment_membership_trend) called through the registry on seeded workspaces, one child process per
 * data dir. Each call runs `--runs` times after a warm-up; median and p95 are reported with the rows the
 * tool's query reads (EXPLAIN ESTIMATE, captured from the tool's own SQL) and those rows per second.
 *   node scripts/bench/clickhouse-tools.ts [--scales 1,10] [--data-dirs a,b] [--runs 21] [--clock ISO]
 */
const { values } = parseArgs({
  options: {
    scales: { type: 'string', default: '1,10' },
    'data-dirs': { type: 'string' },
    runs: { type: 'string', default: '21' },
    clock: { type: 'string', default: '2026-11-01T12:00:00Z' },
    workspace: { type: 'string', default: 'ws_acme' },
    child: { type: 'string' },
  },
});

interface CallResult {
  call: string;
  medianMs: number;
  p95Ms: number;
  rowsRead: number;
  rowsPerSecond: number;
}

/** The ClickHouse store, remembering the last SELECT and its parameters (to estimate what it reads). */
function recording(ch: ClickHouse): { ch: ClickHouse; last(): { sql: string; params?: Record<string, unknown> } | undefined } {
  let last: { sql: string; params?: Record<string, unknown> } | undefined;
  return {
    ch: {
      ...ch,
      query(sql, params, options) {
        last = { sql, params };
        return ch.query(sql, params, options);
      },
    },
    last: () => last,
  };
}

async function measure(dataDir: string, runs: number, now: Date, workspaceId: string): Promise<{ events: number; calls: CallResult[] }> {
  const stores = await openStores({ dataDir });
  try {
    const [{ events }] = await stores.ch.query<{ events: number }>('SELECT count() AS events FROM events WHERE workspace_id = {ws:String}', {
      ws: workspaceId,
    });
    const [segment] = await stores.pg.query<{ name: string }>(
      'select name from segments where workspace_id = $1 order by member_count desc, name limit 1',
      [workspaceId],
    );
    const recorder = recording(stores.ch);
    const registry = createCopilotRegistry();
    const context: CallContext = {
      workspaceId,
      stores: { ...stores, ch: recorder.ch },
      clock: () => now,
      logger: pino({ level: 'silent' }),
      signal: new AbortController().signal,
      emit: () => {},
    };
    const calls: Array<[string, string, unknown]> = [
      ['query_top_events (last 30 days, top 10)', 'query_top_events', { limit: 10, days: 30 }],
      ['query_event_volume (Order Completed, 90 days)', 'query_event_volume', { event: 'Order Completed', days: 90 }],
      [`query_segment_membership_trend ('${segment.name}', 90 days)`, 'query_segment_membership_trend', { segment: segment.name, days: 90 }],
    ];
    const results: CallResult[] = [];
    for (const [label, name, args] of calls) {
      const times: number[] = [];
      for (let i = 0; i <= runs; i++) {
        const started = performance.now();
        const result = await registry.call(name, args, context);
        if (result.isError) throw new Error(`${name} failed: ${String(result.content)}`);
        if (i > 0) times.push(performance.now() - started);
      }
      const query = recorder.last();
      const rowsRead = query ? await estimateRowsRead(stores.ch, query.sql, query.params) : 0;
      const medianMs = median(times);
      results.push({ call: label, medianMs, p95Ms: quantile(times, 0.95), rowsRead, rowsPerSecond: Math.round(rowsRead / (medianMs / 1000)) });
    }
    return { events, calls: results };
  } finally {
    await stores.close();
  }
}

async function main() {
  const now = new Date(values.clock);
  if (values.child) {
    console.log(JSON.stringify(await measure(values.child, Number(values.runs), now, values.workspace)));
    return;
  }
  const load = loadavg();
  const { dirs, cleanup } = seedDataDirs(values['data-dirs'], values.scales, now);
  try {
    const datasets = [];
    for (const dir of dirs) datasets.push(await runChildJson<{ events: number; calls: CallResult[] }>(import.meta.filename, dir, values));
    const rows = datasets.flatMap((set) =>
      set.calls.map((c) => [
        `${(set.events / 1e6).toFixed(1)}M`,
        c.call,
        c.medianMs.toFixed(1),
        c.p95Ms.toFixed(1),
        String(c.rowsRead),
        `${(c.rowsPerSecond / 1e6).toFixed(2)}M`,
      ]),
    );
    console.log(formatTable(['events', 'tool call', 'median ms', 'p95 ms', 'rows read', 'rows/s'], rows));
    console.log(JSON.stringify({ node: process.version, runs: Number(values.runs), clock: values.clock, loadavgBefore: load, loadavgAfter: loadavg(), datasets }, null, 2));
  } finally {
    cleanup();
  }
}

await main();
