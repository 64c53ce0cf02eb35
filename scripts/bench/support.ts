import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { ClickHouse } from '../../core/stores/index.ts';

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

/**
 * Runs `script --child <dataDir>` in its own process (chDB opens one data dir per process) with the bench's
 * runs, clock and workspace, and returns the JSON line it prints last.
 */
export function runChildJson<T>(script: string, dataDir: string, values: { runs: string; clock: string; workspace: string }): Promise<T> {
  const argv = [script, '--child', dataDir, '--runs', values.runs, '--clock', values.clock, '--workspace', values.workspace];
  const child = spawn(resolve('node_modules/.bin/node'), argv, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((done, fail) => {
    let last = '';
    createInterface({ input: child.stdout! }).on('line', (line) => (last = line));
    child.once('exit', (code) => (code === 0 ? done(JSON.parse(last) as T) : fail(new Error(`benchmark child for ${dataDir} exited with ${code}`))));
  });
}
