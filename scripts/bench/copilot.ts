import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import type { Model } from '../../core/models/model.ts';

/**
 * Copilot benchmark: `POST /api/copilot/chat` with the offline planner model against the real app (chDB + PGlite
 * in a temp dir, seeded with `--events` events, 1M by default) in a child process.
 *  - sequential: time to response headers, to the first SSE event and to the end of the run (p50, p99);
 *  - concurrent: `--concurrency` chat streams opened at once (each a whole run): how many were open at the same
 *    time, first-event and full-run latency (p50, p99), failures, and the server's RSS growth (peak and after).
 *    Twice: with the bare planner (a run takes tens of ms, so this measures throughput), and with every model
 *    call held `--think-ms` first, as a remote model would, so that the streams really are open together.
 * Each measurement runs `--runs` times; the median run is reported. Prints a table, then the JSON.
 *   node scripts/bench/copilot.ts [--events 1000000] [--runs 3] [--requests 40] [--concurrency 100,500,1000] [--think-ms 2000]
 * The child role (`--serve <dataDir>`) is this same file: it seeds, then serves and prints its port and token;
 * a line `think <ms>` on its stdin sets the model's delay.
 */
const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    requests: { type: 'string', default: '40' },
    concurrency: { type: 'string', default: '100,500,1000' },
    'think-ms': { type: 'string', default: '2000' },
    serve: { type: 'string' },
  },
});

/** Questions that exercise Postgres tools, ClickHouse rollups and the display tools, in turn. */
const QUESTIONS = [
  'How many users are in the High LTV segment?',
  'Show me my top 5 events by volume this week',
  'What connectors are active?',
  'Which segments are the largest?',
];
const WS = 'ws_bench';

/** The child: seed a fresh data dir, then serve the real app with the planner model and no rate limit. */
async function serve(dataDir: string, events: number): Promise<void> {
  const pino = (await import('pino')).default;
  const { readConfig } = await import('../../core/config.ts');
  const { openStores } = await import('../../core/stores/index.ts');
  const { plannerModel } = await import('../../core/models/planner/index.ts');
  const { seedWithMemberships } = await import('../seed/index.ts');
  const { createApp } = await import('../../server/app.ts');
  const { createApiToken } = await import('../../server/auth.ts');
  const { createRuntime } = await import('../../server/runtime.ts');

  const config = { ...readConfig({}), dataDir };
  const stores = await openStores(config);
  const seeded = performance.now();
  await seedWithMemberships(stores, { workspaceId: WS, workspaceName: 'Bench Outfitters', now: new Date(), events });
  const seedMs = performance.now() - seeded;
  const token = await createApiToken(stores.pg, WS, 'bench');
  const logger = pino({ level: 'silent' });
  const planner = plannerModel();
  let thinkMs = 0;
  createInterface({ input: process.stdin }).on('line', (line) => {
    const [command, value] = line.split(' ');
    if (command === 'think') thinkMs = Number(value);
    console.log(JSON.stringify({ thinkMs }));
  });
  const model: Model = {
    name: planner.name,
    provider: planner.provider,
    async *stream(request, signal) {
      if (thinkMs > 0) await sleep(thinkMs, undefined, { signal });
      yield* planner.stream(request, signal);
    },
  };
  const runtime = createRuntime(config, stores, logger, { model, segmentRefreshMs: 0 });
  const app = createApp({ config, stores, logger, runtime, copilot: { rateLimitPerMinute: Infinity } });
  const server = createServer(app.callback());
  server.listen(0, '127.0.0.1', () => {
    console.log(JSON.stringify({ port: (server.address() as AddressInfo).port, token, seedMs, pg: stores.pg.kind, ch: stores.ch.kind }));
  });
  process.once('SIGTERM', () => {
    server.closeAllConnections();
    server.close();
    void runtime.close().then(() => stores.close()).finally(() => process.exit(0));
  });
}

interface Child {
  port: number;
  token: string;
  seedMs: number;
  process: ChildProcess;
  /** Sets how long the child's model waits before each call; resolves once the child has it. */
  think(ms: number): Promise<void>;
}

async function startChild(dataDir: string, events: number): Promise<Child> {
  const child = spawn(resolve('node_modules/.bin/node'), [import.meta.filename, '--serve', dataDir, '--events', String(events)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const ready = await new Promise<{ port: number; token: string; seedMs: number }>((done, fail) => {
    child.once('exit', (code) => fail(new Error(`the copilot server exited with ${code}`)));
    lines.once('line', (line) => done(JSON.parse(line)));
  });
  const think = (ms: number) =>
    new Promise<void>((done) => {
      lines.once('line', () => done());
      child.stdin!.write(`think ${ms}\n`);
    });
  return { ...ready, process: child, think };
}

/** Resident memory of a process in MB (Linux: /proc/<pid>/status). */
function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

interface ChatTiming {
  headersMs: number;
  firstEventMs: number;
  totalMs: number;
  ok: boolean;
  /** Why a chat failed: its HTTP status, its RUN_ERROR code, or the client's error. */
  failure?: string;
}

/** One chat: times to headers, to the first complete SSE frame and to the end; ok when it ends with RUN_FINISHED. */
async function chat(child: Child, message: string, open?: { now: number; max: number }): Promise<ChatTiming> {
  const started = performance.now();
  try {
    const response = await fetch(`http://127.0.0.1:${child.port}/api/copilot/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${child.token}` },
      body: JSON.stringify({ message }),
    });
    const headersMs = performance.now() - started;
    if (open) open.max = Math.max(open.max, ++open.now);
    let text = '';
    let firstEventMs = NaN;
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body!) {
        text += decoder.decode(chunk, { stream: true });
        if (Number.isNaN(firstEventMs) && text.includes('\n\n')) firstEventMs = performance.now() - started;
      }
    } finally {
      if (open) open.now--;
    }
    const totalMs = performance.now() - started;
    if (response.status !== 200) return { headersMs, firstEventMs, totalMs, ok: false, failure: `HTTP ${response.status}` };
    if (!text.includes('event: RUN_FINISHED')) return { headersMs, firstEventMs, totalMs, ok: false, failure: /"code":"(\w+)"/.exec(text)?.[1] ?? 'no RUN_FINISHED' };
    return { headersMs, firstEventMs, totalMs, ok: true };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    return { headersMs: NaN, firstEventMs: NaN, totalMs: performance.now() - started, ok: false, failure: `fetch: ${cause}` };
  }
}

function quantile(values: number[], q: number): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const round = (value: number) => Math.round(value * 10) / 10;

/** Sequential chats, one at a time, cycling through the questions. */
async function sequential(child: Child, requests: number) {
  const timings: ChatTiming[] = [];
  for (let i = 0; i < requests; i++) timings.push(await chat(child, QUESTIONS[i % QUESTIONS.length]));
  const ok = timings.filter((t) => t.ok);
  return {
    headersP50: quantile(ok.map((t) => t.headersMs), 0.5),
    firstEventP50: quantile(ok.map((t) => t.firstEventMs), 0.5),
    firstEventP99: quantile(ok.map((t) => t.firstEventMs), 0.99),
    runP50: quantile(ok.map((t) => t.totalMs), 0.5),
    runP99: quantile(ok.map((t) => t.totalMs), 0.99),
    failures: timings.length - ok.length,
  };
}

/** `streams` chats opened at once, with the server's RSS sampled every 20 ms while they run. */
async function concurrent(child: Child, streams: number) {
  const pid = child.process.pid!;
  const before = rssMb(pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 20);
  const open = { now: 0, max: 0 };
  const started = performance.now();
  const timings = await Promise.all(Array.from({ length: streams }, (_, i) => chat(child, QUESTIONS[i % QUESTIONS.length], open)));
  const wallMs = performance.now() - started;
  clearInterval(sampler);
  // Let idle keep-alive sockets expire on both sides (client 4 s, server 5 s) so that the next burst opens fresh
  // connections instead of racing the server's keep-alive timeout on a reused one (a POST is not retried).
  await new Promise((done) => setTimeout(done, 6000));
  const ok = timings.filter((t) => t.ok);
  return {
    streams,
    heldAtOnce: open.max,
    failures: streams - ok.length,
    firstEventP50: quantile(ok.map((t) => t.firstEventMs), 0.5),
    firstEventP99: quantile(ok.map((t) => t.firstEventMs), 0.99),
    runP50: quantile(ok.map((t) => t.totalMs), 0.5),
    runP99: quantile(ok.map((t) => t.totalMs), 0.99),
    wallMs,
    failureReasons: failureReasons(timings),
    rssBeforeMb: before,
    rssPeakDeltaMb: peak - before,
    rssAfterDeltaMb: rssMb(pid) - before,
  };
}

/** How many chats failed for each reason. */
function failureReasons(timings: ChatTiming[]): Record<string, number> {
  const reasons: Record<string, number> = {};
  for (const t of timings) if (t.failure) reasons[t.failure] = (reasons[t.failure] ?? 0) + 1;
  return reasons;
}

/** The median of each numeric field over the runs. */
function medianOf<T extends object>(runs: T[]): { [K in keyof T]: T[K] extends number ? number : never } {
  const keys = Object.keys(runs[0]).filter((key) => typeof runs[0][key as keyof T] === 'number') as Array<keyof T>;
  return Object.fromEntries(keys.map((key) => [key, round(median(runs.map((r) => r[key] as number)))])) as never;
}

async function main(): Promise<void> {
  const events = Number(values.events);
  const runs = Number(values.runs);
  const dataDir = mkdtempSync(join(tmpdir(), 'segops-bench-copilot-'));
  console.error(`seeding ${events.toLocaleString('en-US')} events in ${dataDir} …`);
  const child = await startChild(dataDir, events);
  try {
    const idleRssMb = round(rssMb(child.process.pid!));
    await sequential(child, 8);
    const sequentialRuns = [];
    for (let i = 0; i < runs; i++) sequentialRuns.push(await sequential(child, Number(values.requests)));
    const seq = medianOf(sequentialRuns);
    const scenarios = [];
    for (const thinkMs of [0, Number(values['think-ms'])]) {
      await child.think(thinkMs);
      for (const streams of values.concurrency.split(',').map(Number)) {
        const results = [];
        for (let i = 0; i < runs; i++) results.push(await concurrent(child, streams));
        scenarios.push({
          thinkMs,
          ...medianOf(results),
          runs: results.map((r) => ({
            heldAtOnce: r.heldAtOnce,
            failures: r.failures,
            failureReasons: r.failureReasons,
            firstEventP99: round(r.firstEventP99),
            rssPeakDeltaMb: round(r.rssPeakDeltaMb),
          })),
        });
      }
    }

    const ms = (value: number) => value.toFixed(1).padStart(9);
    console.log(`\nsequential chats (${values.requests} × ${runs} runs, median run):`);
    console.log(`  headers p50 ${seq.headersP50} ms · first event p50 ${seq.firstEventP50} ms, p99 ${seq.firstEventP99} ms · full run p50 ${seq.runP50} ms, p99 ${seq.runP99} ms · failures ${seq.failures}`);
    console.log('\nconcurrent streams (median of runs):');
    console.log('think ms  streams  held  fail  first p50  first p99   run p50    run p99    wall ms  RSS before  peak Δ MB  after Δ MB');
    for (const s of scenarios) {
      console.log(
        `${String(s.thinkMs).padStart(8)} ${String(s.streams).padStart(8)} ${String(s.heldAtOnce).padStart(5)} ${String(s.failures).padStart(5)} ${ms(s.firstEventP50)}  ${ms(s.firstEventP99)} ${ms(s.runP50)}  ${ms(s.runP99)}  ${ms(s.wallMs)}  ${ms(s.rssBeforeMb)}  ${ms(s.rssPeakDeltaMb)}  ${ms(s.rssAfterDeltaMb)}`,
      );
    }
    const report = { node: process.version, events, runs, seedSeconds: round(child.seedMs / 1000), idleRssMb, model: 'segops-planner', sequential: seq, concurrent: scenarios };
    console.log(JSON.stringify(report, null, 2));
  } finally {
    child.process.kill('SIGTERM');
    await new Promise((done) => child.process.once('exit', done));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (values.serve) await serve(values.serve, Number(values.events));
else await main();
