import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from './data-dir-lock.ts';
import { openStores } from './index.ts';

const root = join(import.meta.dirname, '..', '..');
const node = join(root, 'node_modules', '.bin', 'node');

describe('data dir lock', () => {
  const dirs: string[] = [];
  const fresh = () => {
    const dir = mkdtempSync(join(tmpdir(), 'segops-lock-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('refuses a second process with one clear line, and the first one keeps its data', async () => {
    const dir = fresh();
    const stores = await openStores({ dataDir: dir });
    try {
      await stores.pg.query("insert into workspaces (id, name) values ('ws_lock', 'kept')");
      await stores.ch.insert('user_traits', [{ workspace_id: 'ws_lock', user_id: 'u1', traits: '{}', updated_at: '2026-11-20 00:00:00.000' }]);
      const env: NodeJS.ProcessEnv = { ...process.env, SEGOPS_DATA_DIR: dir, PORT: '0' };
      delete env.DATABASE_URL;
      delete env.CLICKHOUSE_URL;
      const second = spawnSync(node, [join(root, 'server', 'main.ts')], { env, encoding: 'utf8', timeout: 60_000 });
      expect(second.status).toBe(1);
      const lines = second.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toBe(
        `segops: data dir ${dir} is in use by another SegOps process (pid ${process.pid}); stop that process or set SEGOPS_DATA_DIR to another folder`,
      );
      const [workspace] = await stores.pg.query<{ name: string }>("select name from workspaces where id = 'ws_lock'");
      expect(workspace.name).toBe('kept');
      const [traits] = await stores.ch.query<{ n: number }>("SELECT count() AS n FROM user_traits WHERE workspace_id = 'ws_lock'");
      expect(traits.n).toBe(1);
    } finally {
      await stores.close();
    }
    expect(existsSync(join(dir, 'LOCK'))).toBe(false);
  });

  it('refuses a second lock in the same process', () => {
    const dir = fresh();
    const lock = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    lock.release();
    lockDataDir(dir).release();
  });

  it('takes over a lock left by a process that died', () => {
    const dir = fresh();
    const dead = spawnSync(node, ['-e', 'process.exit(0)']).pid!;
    writeFileSync(join(dir, 'LOCK'), String(dead));
    const lock = lockDataDir(dir);
    expect(readFileSync(join(dir, 'LOCK'), 'utf8')).toBe(String(process.pid));
    lock.release();
  });
});
