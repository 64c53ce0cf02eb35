/**
 * `npm run evals:promptfoo`: runs promptfoo on evals/promptfoo/promptfooconfig.yaml offline (telemetry and
 * update checks off, its database in .tmp/promptfoo), failing below `promptfooPassRate` of evals/thresholds.json.
 * `node evals/promptfoo/run.ts view` opens promptfoo's viewer on the same database; other arguments are passed
 * through to `promptfoo eval` (e.g. `-o results.json`, `--filter-pattern high-ltv`).
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readThresholds } from '../report/thresholds.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const entrypoint = fileURLToPath(new URL('../../node_modules/promptfoo/dist/src/entrypoint.js', import.meta.url));
const config = fileURLToPath(new URL('./promptfooconfig.yaml', import.meta.url));

/** The environment promptfoo runs in: offline, with its state inside the project's temp space. */
function promptfooEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const configDir = env.PROMPTFOO_CONFIG_DIR ?? fileURLToPath(new URL('../../.tmp/promptfoo', import.meta.url));
  mkdirSync(configDir, { recursive: true });
  return {
    ...env,
    PROMPTFOO_DISABLE_TELEMETRY: '1',
    PROMPTFOO_DISABLE_UPDATE: '1',
    PROMPTFOO_CONFIG_DIR: configDir,
    PROMPTFOO_PASS_RATE_THRESHOLD: String(readThresholds().promptfooPassRate * 100),
  };
}

const args = process.argv.slice(2);
const command = args[0] === 'view' ? args : ['eval', '-c', config, '--no-cache', ...args];
const child = spawn(process.execPath, [entrypoint, ...command], { cwd: root, env: promptfooEnv(), stdio: 'inherit' });
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal ? 1 : 0);
});
