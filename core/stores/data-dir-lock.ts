import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Thrown when another live process holds the embedded data dir. */
export class DataDirLockedError extends Error {
  readonly code = 'DATA_DIR_LOCKED';
  constructor(dir: string, pid: number) {
    super(
      `data dir ${dir} is in use by another SegOps process (pid ${pid}); stop that process or set SEGOPS_DATA_DIR to another folder`,
    );
    this.name = 'DataDirLockedError';
  }
}

/** A held lock on a data dir; `release()` is idempotent. */
export interface DataDirLock {
  readonly path: string;
  release(): void;
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes an exclusive lock on `dir` with a `LOCK` file holding our pid (written aside, then
 * hard-linked into place, so the file appears atomically and always with its pid).
 * PGlite and chDB do not lock their folders, and two writers lose rows, so a second process
 * is refused with a one-line error naming the dir. A lock left by a dead process is taken over.
 */
export function lockDataDir(dir: string): DataDirLock {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'LOCK');
  const pending = join(dir, `LOCK.${process.pid}`);
  writeFileSync(pending, String(process.pid));
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        linkSync(pending, path);
        return heldLock(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const owner = Number(readFileSync(path, 'utf8').trim());
        if (isAlive(owner)) throw new DataDirLockedError(dir, owner);
        unlinkSync(path);
      }
    }
  } finally {
    unlinkSync(pending);
  }
  throw new Error(`could not take the lock ${path}; remove it if no SegOps process is running`);
}

function heldLock(path: string): DataDirLock {
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    process.off('exit', release);
    try {
      if (Number(readFileSync(path, 'utf8')) === process.pid) unlinkSync(path);
    } catch {
      // already removed
    }
  };
  process.on('exit', release);
  return { path, release };
}
