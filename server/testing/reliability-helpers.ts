import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** A deterministic PRNG (mulberry32): the same seed gives the same numbers in [0, 1) on every machine. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Runs a full garbage collection, without vitest being started with --expose-gc: the flag is set at run time
 * and `gc` read from a fresh context. Runs twice around a turn of the event loop, so WeakRefs held for the
 * current job are released and finalizers have run.
 */
export async function collectGarbage(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc ?? exposeGc();
  gc();
  await nextTurn();
  gc();
  await nextTurn();
}

function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  (globalThis as { gc?: () => void }).gc = gc;
  return gc;
}

/** Waits until `check` holds (polling every `everyMs`); the test's own timeout bounds the wait. */
export async function until(check: () => boolean | Promise<boolean>, everyMs = 20): Promise<void> {
  while (!(await check())) await sleep(everyMs);
}
