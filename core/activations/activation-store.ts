import type { Sql } from '../stores/index.ts';

/** The states of an activation: delivering, paused by a user, or failing its last delivery. */
export type ActivationStatus = 'active' | 'paused' | 'error';

/** An activation as stored (config in full, secrets included: never send it to a client as is). */
export interface Activation {
  id: string;
  workspaceId: string;
  segmentId: string | null;
  segmentName: string | null;
  name: string;
  destinationType: string;
  status: ActivationStatus;
  config: Record<string, unknown>;
  lastSyncedAt: Date | null;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A new activation's row. */
export interface NewActivation {
  id: string;
  workspaceId: string;
  segmentId: string;
  name: string;
  destinationType: string;
  config: Record<string, unknown>;
}

const SELECT = `select a.id, a.workspace_id, a.segment_id, s.name as segment_name, a.name, a.destination_type, a.status,
  a.config, a.last_synced_at, a.last_error, a.created_at, a.updated_at
  from activations a left join segments s on s.id = a.segment_id and s.workspace_id = a.workspace_id`;

type ActivationRow = {
  id: string;
  workspace_id: string;
  segment_id: string | null;
  segment_name: string | null;
  name: string;
  destination_type: string;
  status: ActivationStatus;
  config: Record<string, unknown>;
  last_synced_at: Date | null;
  last_error: string | null;
  created_at: Date;
  updated_at: Date;
};

function fromRow(row: ActivationRow): Activation {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    segmentId: row.segment_id,
    segmentName: row.segment_name,
    name: row.name,
    destinationType: row.destination_type,
    status: row.status,
    config: row.config ?? {},
    lastSyncedAt: row.last_synced_at,
    lastError: row.last_error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The workspace's activations, newest first, with their segment's name. */
export async function listActivations(sql: Sql, workspaceId: string): Promise<Activation[]> {
  const rows = await sql.query<ActivationRow>(`${SELECT} where a.workspace_id = $1 order by a.created_at desc, a.id`, [workspaceId]);
  return rows.map(fromRow);
}

/** One activation of the workspace, or undefined (also for another workspace's id). */
export async function findActivation(sql: Sql, workspaceId: string, id: string): Promise<Activation | undefined> {
  const [row] = await sql.query<ActivationRow>(`${SELECT} where a.workspace_id = $1 and a.id = $2`, [workspaceId, id]);
  return row ? fromRow(row) : undefined;
}

/** The activations of a segment that deliver its changes: every one that is not paused. */
export async function listDeliveringActivations(sql: Sql, workspaceId: string, segmentId: string): Promise<Activation[]> {
  const rows = await sql.query<ActivationRow>(
    `${SELECT} where a.workspace_id = $1 and a.segment_id = $2 and a.status <> 'paused' order by a.created_at, a.id`,
    [workspaceId, segmentId],
  );
  return rows.map(fromRow);
}

/** Inserts an activation in the `active` state. */
export async function insertActivation(sql: Sql, activation: NewActivation): Promise<void> {
  await sql.query(
    `insert into activations (id, workspace_id, segment_id, name, destination_type, status, config)
     values ($1, $2, $3, $4, $5, 'active', $6::jsonb)`,
    [activation.id, activation.workspaceId, activation.segmentId, activation.name, activation.destinationType, JSON.stringify(activation.config)],
  );
}

/** Moves an activation to `to` if its status is one of `from`, in one statement; true when it moved. */
export async function moveActivationStatus(
  sql: Sql,
  workspaceId: string,
  id: string,
  from: readonly ActivationStatus[],
  to: ActivationStatus,
): Promise<boolean> {
  const rows = await sql.query(
    `update activations set status = $4, updated_at = now()
     where workspace_id = $1 and id = $2 and status in (select jsonb_array_elements_text($3::jsonb)) returning id`,
    [workspaceId, id, JSON.stringify(from), to],
  );
  return rows.length > 0;
}

/**
 * Records the outcome of a delivery: success sets `last_synced_at`, clears `last_error` and makes
 * an `error` activation `active` again; failure sets `error` and `last_error`. A paused activation
 * stays paused (a user paused it while it was delivering).
 */
export async function recordDelivery(
  sql: Sql,
  workspaceId: string,
  id: string,
  outcome: { ok: true; at: Date } | { ok: false; error: string },
): Promise<void> {
  if (outcome.ok) {
    await sql.query(
      `update activations set last_synced_at = $3, last_error = null, updated_at = now(),
         status = case when status = 'paused' then 'paused' else 'active' end
       where workspace_id = $1 and id = $2`,
      [workspaceId, id, outcome.at],
    );
    return;
  }
  await sql.query(
    `update activations set last_error = $3, updated_at = now(),
       status = case when status = 'paused' then 'paused' else 'error' end
     where workspace_id = $1 and id = $2`,
    [workspaceId, id, outcome.error],
  );
}
