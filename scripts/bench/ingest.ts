import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

/**
 * Ingestion benchmark: events/second through `POST /v1/batch` and the time to acknowledge (p50, p99),
 * against the bare ingestion server (chDB + PGlite in a temp dir) in a child process. Each scenario
 * (batch size × concurrent clients) runs `--runs` times for `--seconds`; each figure is the median of
 * the runs. Bodies are built from a template (unique messageIds, realistic properties) so that the client,
 * which shares the machine, spends little CPU. Prints a table, then the JSON (with the load average
 * before and after, since other processes on the machine move the figures) and the CPU time per event of the
 * server process (from /proc) and of the client: on a small shared machine the clients take cores from the
 * server, so the server's CPU µs per event is the figure that says what one core sustains.
 *   node scripts/bench/ingest.ts [--seconds 5] [--runs 3] [--clients 4,16] [--batches 100,500] [--profile dir]
 */
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    runs: { type: 'string', default: '3' },
    clients: { type: 'string', default: '4,16' },
    batches: { type: 'string', default: '100,500' },
    profile: { type: 'string' },
  },
});
const SECONDS = Number(values.seconds);
const RUNS = Number(values.runs);
const WS = 'ws_bench';
const KEY = 'bench-write-key';
const AUTH = `Basic ${Buffer.from(`${KEY}:`).toString('base64')}`;

interface RunResult {
  eventsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
  /** CPU time of the server process (user + system) per acknowledged event, in µs. */
  serverCpuUsPerEvent: number;
  /** CPU time of this (client) process per acknowledged event, in µs. */
  clientCpuUsPerEvent: number;
}

/** CPU seconds (user + system) of a process so far, from /proc (Linux; NaN elsewhere). */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

async function startServer(dataDir: string): Promise<{ port: number; pid?: number; stop(): void }> {
  const profile = values.profile ? ['--cpu-prof', `--cpu-prof-dir=${resolve(values.profile)}`] : [];
  const child = spawn(resolve('node_modules/.bin/node'), [...profile, resolve('core/ingest/testing/ingest-server.ts'), dataDir, WS, KEY], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((done, fail) => {
    child.once('exit', (code) => fail(new Error(`ingest server exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => done(JSON.parse(line).port));
  });
  return { port, pid: child.pid, stop: () => child.kill('SIGTERM') };
}

let sequence = 0;
const EVENTS = ['Product Viewed', 'Product Added', 'Page Viewed', 'Order Completed'];

/** One `/v1/batch` body of `size` track calls, each with a new messageId. */
function batchBody(size: number): string {
  const now = Date.now();
  const sentAt = new Date(now).toISOString();
  const parts: string[] = [];
  for (let i = 0; i < size; i++) {
    const n = sequence++;
    parts.push(
      `{"type":"track","messageId":"bench-${n}","userId":"user-${n % 50_000}","event":"${EVENTS[n % 4]}",` +
        `"timestamp":"${new Date(now - (i % 1000) * 1000).toISOString()}",` +
        `"properties":{"product_id":"prod_${n % 120}","price":${(n % 400) + 0.99},"category":"Jackets","currency":"USD"},` +
        `"context":{"library":{"name":"bench","version":"1"},"ip":"203.0.113.7"}}`,
    );
  }
  return `{"batch":[${parts.join(',')}],"sentAt":"${sentAt}"}`;
}

async function run(port: number, batchSize: number, clients: number, seconds: number, pid?: number): Promise<RunResult> {
  const serverCpu = cpuSeconds(pid);
  const clientCpu = process.cpuUsage();
  const latencies: number[] = [];
  let events = 0;
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < deadline) {
        const body = batchBody(batchSize);
        const sent = performance.now();
        const response = await fetch(`http://127.0.0.1:${port}/v1/batch`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: AUTH },
          body,
        });
        await response.arrayBuffer();
        if (response.status !== 200) {
          errors++;
          continue;
        }
        latencies.push(performance.now() - sent);
        events += batchSize;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const client = process.cpuUsage(clientCpu);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return {
    eventsPerSecond: events / elapsed,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    requests: latencies.length,
    errors,
    serverCpuUsPerEvent: ((cpuSeconds(pid) - serverCpu) * 1e6) / events,
    clientCpuUsPerEvent: (client.user + client.system) / events,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function main() {
  const load = loadavg();
  const dataDir = mkdtempSync(join(tmpdir(), 'segops-bench-'));
  const server = await startServer(dataDir);
  try {
    await run(server.port, 100, 4, 1);
    const scenarios = [];
    for (const batchSize of values.batches.split(',').map(Number)) {
      for (const clients of values.clients.split(',').map(Number)) {
        const runs: RunResult[] = [];
        for (let i = 0; i < RUNS; i++) runs.push(await run(server.port, batchSize, clients, SECONDS, server.pid));
        scenarios.push({
          batchSize,
          clients,
          eventsPerSecond: Math.round(median(runs.map((r) => r.eventsPerSecond))),
          p50Ms: Number(median(runs.map((r) => r.p50Ms)).toFixed(1)),
          p99Ms: Number(median(runs.map((r) => r.p99Ms)).toFixed(1)),
          serverCpuUsPerEvent: Number(median(runs.map((r) => r.serverCpuUsPerEvent)).toFixed(1)),
          clientCpuUsPerEvent: Number(median(runs.map((r) => r.clientCpuUsPerEvent)).toFixed(1)),
          errors: runs.reduce((sum, r) => sum + r.errors, 0),
          runs: runs.map((r) => Math.round(r.eventsPerSecond)),
        });
      }
    }
    console.log('batch  clients   events/s   p50 ms   p99 ms  server µs/ev  client µs/ev  errors  runs (events/s)');
    for (const s of scenarios) {
      console.log(
        `${String(s.batchSize).padStart(5)}  ${String(s.clients).padStart(7)}  ${String(s.eventsPerSecond).padStart(9)}  ${s.p50Ms.toFixed(1).padStart(7)}  ${s.p99Ms.toFixed(1).padStart(7)}  ${s.serverCpuUsPerEvent.toFixed(1).padStart(12)}  ${s.clientCpuUsPerEvent.toFixed(1).padStart(12)}  ${String(s.errors).padStart(6)}  ${s.runs.join(', ')}`,
      );
    }
    console.log(
      JSON.stringify(
        { node: process.version, seconds: SECONDS, runs: RUNS, totalEvents: sequence, loadavgBefore: load, loadavgAfter: loadavg(), scenarios },
        null,
        2,
      ),
    );
  } finally {
    server.stop();
    await new Promise((done) => setTimeout(done, 500));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
