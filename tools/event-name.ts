import { SegOpsError } from '../core/errors.ts';
import { closestName } from '../core/segments/suggest.ts';
import type { Sql } from '../core/stores/index.ts';

/**
 * Checks an event name against the workspace's event schemas and returns it as registered (the match is
 * case-insensitive). An unknown name throws UNKNOWN_EVENT with the closest registered name, e.g.
 * "'Purchase' is not an event in this workspace; did you mean 'Order Completed'?".
 */
export async function resolveEventName(pg: Sql, workspaceId: string, event: string): Promise<string> {
  const wanted = event.trim();
  const rows = await pg.query<{ name: string }>('select name from event_schemas where workspace_id = $1 order by name', [
    workspaceId,
  ]);
  const exact = rows.find(({ name }) => name.toLowerCase() === wanted.toLowerCase());
  if (exact) return exact.name;
  const near = closestName(wanted, rows.map(({ name }) => name));
  const hint = near ? `; did you mean '${near}'?` : '; call list_event_schemas to see the registered events.';
  throw new SegOpsError('UNKNOWN_EVENT', `'${wanted}' is not an event in this workspace${hint}`);
}
