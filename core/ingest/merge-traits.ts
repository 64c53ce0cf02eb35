import { formatDateTime } from '../stores/clickhouse.ts';
import type { ClickHouse } from '../stores/index.ts';
import type { IngestEvent } from './message.ts';

/** One `user_traits` row as inserted. */
export interface TraitsRow {
  workspace_id: string;
  user_id: string;
  traits: string;
  updated_at: string;
}

const IDS_PER_QUERY = 500;

/**
 * The new `user_traits` rows for the identify calls among `events`: each user's latest traits
 * merged (top-level keys, later calls win) with the traits the calls set, in arrival order.
 * Identify calls without a userId (anonymous) set no traits. The caller is the single writer, so
 * no other merge can interleave between the read and the insert.
 */
export async function mergeTraits(
  ch: ClickHouse,
  workspaceId: string,
  events: readonly IngestEvent[],
  updatedAt: Date,
): Promise<TraitsRow[]> {
  const calls = events.filter((event) => event.type === 'identify' && event.userId !== '');
  if (calls.length === 0) return [];
  const userIds = [...new Set(calls.map((event) => event.userId))];
  const merged = new Map<string, Record<string, unknown>>();
  for (let start = 0; start < userIds.length; start += IDS_PER_QUERY) {
    const rows = await ch.query<{ user_id: string; traits: string }>(
      `SELECT user_id, argMax(traits, updated_at) AS traits FROM user_traits
       WHERE workspace_id = {workspace:String} AND user_id IN {ids:Array(String)}
       GROUP BY user_id`,
      { workspace: workspaceId, ids: userIds.slice(start, start + IDS_PER_QUERY) },
    );
    for (const row of rows) merged.set(row.user_id, parseTraits(row.traits));
  }
  for (const call of calls) merged.set(call.userId, { ...merged.get(call.userId), ...call.traits });
  const stamp = formatDateTime(updatedAt);
  return userIds.map((userId) => ({
    workspace_id: workspaceId,
    user_id: userId,
    traits: JSON.stringify(merged.get(userId)),
    updated_at: stamp,
  }));
}

function parseTraits(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
