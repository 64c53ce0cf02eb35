import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';

/** The repository root (ui/e2e/support → ../../..). */
export const ROOT = join(import.meta.dirname, '..', '..', '..');

/** Node 24 from the project's `node` devDependency: what `npm start` runs the server with. */
const NODE = join(ROOT, 'node_modules', '.bin', 'node');

/** Configuration a test server never inherits: it runs embedded stores and, unless told, the offline planner. */
const INHERITED_CONFIG = ['ANTHROPIC_API_KEY', 'ANTHROPIC_BASE_URL', 'COPILOT_MODEL', 'DATABASE_URL', 'CLICKHOUSE_URL', 'SEGOPS_WRITE_KEY'];

/** A real SegOps server started for a browser test, on its own data dir and port. */
export interface TestServer {
  /** e.g. http://127.0.0.1:41234 */
  baseUrl: string;
  /** The API token the server registered (SEGOPS_API_TOKEN): log in with `/login?token=…`. */
  token: string;
  dataDir: string;
  /** What the server printed so far (stdout and stderr), for failure messages. */
  output(): string;
  /** Stops the server (SIGTERM, then SIGKILL after a grace period) and deletes its data dir. */
  stop(): Promise<void>;
}

/** Options of `startServer`. */
export interface StartServerOptions {
  /** Extra environment for the server (e.g. ANTHROPIC_BASE_URL of a fake Claude). */
  env?: Record<string, string>;
  /** How long to wait for "SegOps is running at …": the first start seeds the demo workspace. */
  startTimeoutMs?: number;
}

/**
 * Builds the dashboard if its sources changed (the server serves ui/dist), then starts `server/main.ts` as
 * a child process on a fresh data dir, port 0 (the server prints the port it got) and a known API token.
 * Without ANTHROPIC_API_KEY in `options.env` the copilot runs the offline planner (deterministic answers);
 * `startFakeClaude().env` points it at a local fake of the Anthropic API instead.
 */
export async function startServer(options: StartServerOptions = {}): Promise<TestServer> {
  await run(NODE, [join(ROOT, 'scripts', 'build-ui-if-stale.ts')]);
  const dataDir = await mkdtemp(join(tmpdir(), 'segops-e2e-'));
  const token = `e2e_${randomBytes(18).toString('hex')}`;
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of INHERITED_CONFIG) delete env[name];
  Object.assign(env, { SEGOPS_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', SEGOPS_API_TOKEN: token, LOG_LEVEL: 'warn' }, options.env);
  const child = spawn(NODE, [join(ROOT, 'server', 'main.ts')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const stop = () => stopProcess(child).finally(() => rm(dataDir, { recursive: true, force: true }));
  try {
    const baseUrl = await waitForUrl(child, () => output, options.startTimeoutMs ?? 180_000);
    return { baseUrl, token, dataDir, output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function waitForUrl(child: ChildProcess, output: () => string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = /SegOps is running at (http:\/\/\S+)/.exec(output());
      if (match) finish(() => resolve(match[1]));
    };
    const exited = (code: number | null) => finish(() => reject(new Error(`the server exited (code ${code}) before it was ready:\n${output().slice(-3000)}`)));
    const timer = setTimeout(() => finish(() => reject(new Error(`the server was not ready after ${timeoutMs} ms:\n${output().slice(-3000)}`))), timeoutMs);
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      child.stdout?.off('data', check);
      child.off('exit', exited);
      settle();
    };
    child.stdout?.on('data', check);
    child.once('exit', exited);
    check();
  });
}

async function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(' ')} failed (code ${code}):\n${output.slice(-3000)}`))));
  });
}
