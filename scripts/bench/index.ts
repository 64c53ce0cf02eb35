import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

/**
 * `npm run bench`: runs every benchmark of this folder in its own process (chDB opens one data dir per
 * process), shows each one's table as it goes, and writes one JSON summary with every figure to
 * `.tmp/bench/latest.json`. `--only agent-step,ingest` picks some; `--quick` runs smaller, faster versions
 * (1M events, fewer repetitions) for a first look. Each figure is a median of repeated runs inside its bench.
 */
const { values } = parseArgs({
  options: { only: { type: 'string', default: '' }, quick: { type: 'boolean', default: false } },
});

const here = import.meta.dirname;
const quick = values.quick;
const BENCHES: Record<string, string[]> = {
  'agent-step': quick ? ['10', '100', '7'] : [],
  copilot: quick ? ['--events', '200000', '--runs', '1', '--concurrency', '100,500'] : [],
  'clickhouse-tools': quick ? ['--scales', '1', '--runs', '11'] : [],
  'segment-preview': quick ? ['--scales', '1', '--runs', '11'] : [],
  ingest: quick ? ['--seconds', '3', '--runs', '2'] : [],
};

const chosen = values.only ? values.only.split(',').map((name) => name.trim()) : Object.keys(BENCHES);
for (const name of chosen) {
  if (!(name in BENCHES)) {
    console.error(`unknown bench '${name}'; choose from ${Object.keys(BENCHES).join(', ')}`);
    process.exit(2);
  }
}

/** Runs one bench, echoing its output, and returns the JSON document it printed last. */
function run(name: string): Promise<{ status: number; seconds: number; result?: unknown }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(here, `${name}.ts`), ...BENCHES[name]], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk;
      process.stdout.write(chunk);
    });
    child.on('close', (code) => resolve({ status: code ?? 1, seconds: (performance.now() - started) / 1000, result: lastJsonDocument(out) }));
  });
}

/** The last top-level JSON object a bench printed (its table may come before or after it). */
function lastJsonDocument(printed: string): unknown {
  const out = `\n${printed}`;
  for (let start = out.lastIndexOf('\n{'); start >= 0; start = out.lastIndexOf('\n{', start - 1)) {
    let depth = 0;
    let inString = false;
    for (let i = start + 1; i < out.length; i++) {
      const c = out[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{') depth++;
      else if (c === '}' && --depth === 0) {
        try {
          return JSON.parse(out.slice(start + 1, i + 1));
        } catch {
          break;
        }
      }
    }
  }
  return undefined;
}

const summary: Record<string, unknown> = { node: process.version, quick, loadavgBefore: loadavg(), benches: {} };
const rows: string[] = [];
for (const name of chosen) {
  console.log(`\n=== ${name} ===`);
  const outcome = await run(name);
  (summary.benches as Record<string, unknown>)[name] = outcome;
  rows.push(`${name.padEnd(18)} ${outcome.status === 0 ? 'ok    ' : `exit ${outcome.status}`} ${outcome.seconds.toFixed(1).padStart(7)} s`);
}
summary.loadavgAfter = loadavg();
const dir = join(here, '..', '..', '.tmp', 'bench');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'latest.json'), JSON.stringify(summary, null, 2));
console.log(`\nbench              status  wall\n${rows.join('\n')}\nsummary: ${join(dir, 'latest.json')}`);
process.exit(Object.values(summary.benches as Record<string, { status: number }>).some((b) => b.status !== 0) ? 1 : 0);
