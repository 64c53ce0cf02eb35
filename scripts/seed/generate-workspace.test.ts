import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ACTIVATION_SEEDS } from './activation-definitions.ts';
import { generateWorkspace, type GenerateOptions } from './generate-workspace.ts';
import { segmentSeeds, valueThresholds } from './segment-definitions.ts';

const base: GenerateOptions = { workspaceId: 'ws_acme', seed: 42, now: new Date('2026-11-25T12:00:00Z'), users: 2_000, events: 50_000, batchSize: 7_000 };

/** Generates a workspace and hashes every byte it produces (events, traits, recent log, segment definitions). */
async function fingerprint(options: GenerateOptions) {
  const hash = createHash('sha256');
  let eventRows = 0;
  let traitRows = 0;
  const summary = await generateWorkspace(options, {
    async events(payload, rows) {
      hash.update(payload);
      eventRows += rows;
    },
    async traits(payload, rows) {
      hash.update(payload);
      traitRows += rows;
    },
  });
  hash.update(JSON.stringify(summary.recent));
  hash.update(JSON.stringify(segmentSeeds(valueThresholds(summary.lifetimeValueCents))));
  hash.update(JSON.stringify(ACTIVATION_SEEDS));
  return { digest: hash.digest('hex'), eventRows, traitRows, summary };
}

describe('generateWorkspace', () => {
  it('produces byte-identical data for the same seed and clock, whatever the batch size', async () => {
    const first = await fingerprint(base);
    const second = await fingerprint({ ...base, batchSize: 50_000 });
    expect(second.digest).toBe(first.digest);
    expect(first.eventRows).toBe(50_000);
    expect(first.traitRows).toBe(2_000);
    expect(first.summary.events).toBe(50_000);
  });

  it('produces different data for another seed or another clock', async () => {
    const reference = await fingerprint(base);
    const otherSeed = await fingerprint({ ...base, seed: 43 });
    const otherClock = await fingerprint({ ...base, now: new Date('2026-11-26T12:00:00Z') });
    expect(otherSeed.digest).not.toBe(reference.digest);
    expect(otherClock.digest).not.toBe(reference.digest);
  });

  it('keeps the most recent events for the ingest log, oldest first', async () => {
    const { summary } = await fingerprint({ ...base, recentLimit: 50 });
    expect(summary.recent).toHaveLength(50);
    const received = summary.recent.map((event) => event.receivedAt);
    expect(received).toEqual([...received].sort((a, b) => a - b));
    expect(received.at(-1)).toBeLessThanOrEqual(base.now.getTime());
  });
});
