import { createHash } from 'node:crypto';
import type { Sql } from '../../core/stores/index.ts';
import type { ActivationSeed } from './activation-definitions.ts';
import type { EventSchema, TraitSchema } from './event-schemas.ts';
import { insertRows } from './insert-rows.ts';
import type { RecentEvent } from './recent-events.ts';
import type { SegmentSeed } from './segment-definitions.ts';

const DAY_MS = 86_400_000;

/** The workspace whose ids stay short (`seg_high_ltv`); others get a suffix, as ids are global primary keys. */
export const DEFAULT_WORKSPACE_ID = 'ws_acme';

/** The id of a seeded row: `seg_high_ltv` in the default workspace, `seg_high_ltv__ws_other` elsewhere. */
export function seedId(prefix: string, key: string, workspaceId: string): string {
  return workspaceId === DEFAULT_WORKSPACE_ID ? `${prefix}_${key}` : `${prefix}_${key}__${workspaceId}`;
}

/** The workspace, its Website source (write key stored as a SHA-256 hash) and its tracking plan. */
export async function writeWorkspace(
  sql: Sql,
  workspace: { id: string; name: string; writeKey: string; now: Date },
  events: readonly EventSchema[],
  traits: readonly TraitSchema[],
): Promise<void> {
  const { id, now } = workspace;
  const created = new Date(now.getTime() - 400 * DAY_MS);
  await insertRows(sql, 'workspaces', ['id', 'name', 'created_at'], [[id, workspace.name, created]]);
  const writeKeyHash = createHash('sha256').update(workspace.writeKey).digest('hex');
  await insertRows(sql, 'sources', ['id', 'workspace_id', 'name', 'write_key_hash', 'created_at'], [
    [seedId('src', 'website', id), id, 'Website', writeKeyHash, created],
  ]);
  await insertRows(
    sql,
    'event_schemas',
    ['workspace_id', 'name', 'description', 'category', 'properties::jsonb', 'created_at', 'updated_at'],
    events.map((schema) => [id, schema.name, schema.description, 'track', JSON.stringify(schema.properties), created, created]),
  );
  await insertRows(
    sql,
    'trait_schemas',
    ['workspace_id', 'name', 'type', 'description'],
    traits.map((trait) => [id, trait.name, trait.type, trait.description]),
  );
}

/** The segments (member_count 0 until the segments module refreshes them) and their activations; returns the segment ids. */
export async function writeSegments(
  sql: Sql,
  workspaceId: string,
  now: Date,
  segments: readonly SegmentSeed[],
  activations: readonly ActivationSeed[],
): Promise<string[]> {
  const ids = segments.map((segment) => seedId('seg', segment.key, workspaceId));
  await insertRows(
    sql,
    'segments',
    ['id', 'workspace_id', 'name', 'description', 'type', 'definition::jsonb', 'status', 'member_count', 'created_at', 'updated_at'],
    segments.map((segment, i) => {
      const created = new Date(now.getTime() - (60 - 4 * i) * DAY_MS);
      return [ids[i], workspaceId, segment.name, segment.description, 'dynamic', JSON.stringify(segment.definition), segment.status, 0, created, created];
    }),
  );
  await insertRows(
    sql,
    'activations',
    ['id', 'workspace_id', 'segment_id', 'name', 'destination_type', 'status', 'config::jsonb', 'last_synced_at', 'last_error', 'created_at', 'updated_at'],
    activations.map((activation, i) => {
      const created = new Date(now.getTime() - (45 - 3 * i) * DAY_MS);
      const synced = activation.lastSyncedMinutesAgo === undefined ? null : new Date(now.getTime() - activation.lastSyncedMinutesAgo * 60_000);
      return [
        seedId('act', activation.key, workspaceId),
        workspaceId,
        seedId('seg', activation.segmentKey, workspaceId),
        activation.name,
        activation.destinationType,
        activation.status,
        JSON.stringify(withSigningSecret(activation, workspaceId)),
        synced,
        activation.lastError ?? null,
        created,
        synced ?? created,
      ];
    }),
  );
  return ids;
}

/** The most recent events into `ingest_log`, oldest first, with the same message ids as in ClickHouse. */
export async function writeIngestLog(sql: Sql, workspaceId: string, events: readonly RecentEvent[]): Promise<void> {
  await insertRows(
    sql,
    'ingest_log',
    ['workspace_id', 'message_id', 'type', 'event', 'user_id', 'anonymous_id', 'timestamp', 'received_at', 'properties::jsonb'],
    events.map((event) => [
      workspaceId,
      event.messageId,
      'track',
      event.event,
      event.userId,
      event.anonymousId,
      new Date(event.timestamp),
      new Date(event.receivedAt),
      event.properties,
    ]),
  );
}

/**
 * A webhook signs its deliveries with a secret of its own, kept in its config as `createActivation` does;
 * the seed derives it from the workspace and the activation so that it is deterministic.
 */
function withSigningSecret(activation: { key: string; destinationType: string; config: Record<string, unknown> }, workspaceId: string): Record<string, unknown> {
  if (activation.destinationType !== 'webhook') return activation.config;
  const secret = `whsec_${createHash('sha256').update(`${workspaceId}/${activation.key}`).digest('base64url').slice(0, 32)}`;
  const { signing_secret_ref: _unused, ...config } = activation.config;
  return { ...config, secret };
}
