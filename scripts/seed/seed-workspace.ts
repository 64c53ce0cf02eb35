import type { Stores } from '../../core/stores/index.ts';
import { ACTIVATION_SEEDS } from './activation-definitions.ts';
import { EVENT_SCHEMAS, TRAIT_SCHEMAS } from './event-schemas.ts';
import { generateWorkspace, type GenerateProgress } from './generate-workspace.ts';
import { Rng } from './prng.ts';
import { segmentSeeds, valueThresholds } from './segment-definitions.ts';
import { DEFAULT_WORKSPACE_ID, writeIngestLog, writeSegments, writeWorkspace } from './write-metadata.ts';

/** Default size of a seeded workspace. */
export const DEFAULT_EVENTS = 1_000_000;

/** Options of `seedWorkspace`; only the clock is required. */
export interface SeedOptions {
  workspaceId?: string;
  workspaceName?: string;
  seed?: number;
  /** The clock: events fill the 90 days before it. */
  now: Date;
  /** Defaults to max(20,000, events / 50). */
  users?: number;
  events?: number;
  /** Rows per ClickHouse insert. */
  batchSize?: number;
  onProgress?: (progress: GenerateProgress) => void;
  /** Called with the segment ids once everything is written (the caller computes memberships here). */
  afterSegments?: (segmentIds: string[]) => Promise<void>;
}

/** What a seed wrote, and how fast. */
export interface SeedResult {
  workspaceId: string;
  users: number;
  events: number;
  segments: number;
  segmentIds: string[];
  activations: number;
  eventSchemas: number;
  traitSchemas: number;
  /** The Website source's write key in plain text (only its hash is stored). */
  writeKey: string;
  /** JS time spent generating rows, and wall time spent inside ClickHouse inserts (the two overlap). */
  generationMs: number;
  insertMs: number;
  /** Wall time of the whole seed, excluding `afterSegments`. */
  elapsedMs: number;
  eventsPerSecond: number;
}

/** Thrown when the workspace already has data: seeding again would duplicate it. */
export class WorkspaceAlreadySeededError extends Error {
  readonly code = 'WORKSPACE_ALREADY_SEEDED';
  constructor(workspaceId: string) {
    super(`workspace ${workspaceId} is already seeded; seed another workspace id or start from an empty data dir`);
    this.name = 'WorkspaceAlreadySeededError';
  }
}

/** True when the workspace exists in Postgres or has events in ClickHouse. */
export async function isSeeded(stores: Pick<Stores, 'pg' | 'ch'>, workspaceId: string): Promise<boolean> {
  const rows = await stores.pg.query('select 1 from workspaces where id = $1', [workspaceId]);
  if (rows.length > 0) return true;
  const events = await stores.ch.query('SELECT 1 FROM events WHERE workspace_id = {workspace:String} LIMIT 1', { workspace: workspaceId });
  return events.length > 0;
}

/**
 * Builds the demo e-commerce workspace from a seed and a clock: workspace, source, tracking plan,
 * users with traits, events over 90 days, segments, activations and the recent ingest log.
 * The same options give byte-identical data. Refuses a workspace that already has data.
 */
export async function seedWorkspace(stores: Pick<Stores, 'pg' | 'ch'>, options: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const workspaceId = options.workspaceId ?? DEFAULT_WORKSPACE_ID;
  const seed = options.seed ?? 42;
  const events = options.events ?? DEFAULT_EVENTS;
  const users = options.users ?? Math.max(20_000, Math.round(events / 50));
  const { now } = options;
  if (await isSeeded(stores, workspaceId)) throw new WorkspaceAlreadySeededError(workspaceId);

  const writeKey = `wk_${new Rng(seed, hashString(workspaceId), 3).hex(16)}`;
  await stores.pg.transaction((tx) =>
    writeWorkspace(tx, { id: workspaceId, name: options.workspaceName ?? 'Acme Outfitters', writeKey, now }, EVENT_SCHEMAS, TRAIT_SCHEMAS),
  );

  let insertMs = 0;
  const timedInsert = (table: string) => async (payload: Buffer) => {
    const insertStart = performance.now();
    await stores.ch.insertJsonLines(table, payload);
    insertMs += performance.now() - insertStart;
  };
  const generated = await generateWorkspace(
    { workspaceId, seed, now, users, events, batchSize: options.batchSize },
    { events: timedInsert('events'), traits: timedInsert('user_traits') },
    options.onProgress,
  );

  const segments = segmentSeeds(valueThresholds(generated.lifetimeValueCents));
  const segmentIds = await stores.pg.transaction(async (tx) => {
    const ids = await writeSegments(tx, workspaceId, now, segments, ACTIVATION_SEEDS);
    await writeIngestLog(tx, workspaceId, generated.recent);
    return ids;
  });
  const elapsedMs = performance.now() - started;
  await options.afterSegments?.(segmentIds);
  return {
    workspaceId,
    users: generated.users,
    events: generated.events,
    segments: segments.length,
    segmentIds,
    activations: ACTIVATION_SEEDS.length,
    eventSchemas: EVENT_SCHEMAS.length,
    traitSchemas: TRAIT_SCHEMAS.length,
    writeKey,
    generationMs: generated.generationMs,
    insertMs,
    elapsedMs,
    eventsPerSecond: generated.events / (elapsedMs / 1000),
  };
}

function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
