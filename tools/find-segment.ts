import { SegOpsError } from '../core/errors.ts';
import { similarity } from '../core/segments/suggest.ts';
import type { Sql } from '../core/stores/index.ts';

/** A segment row as the copilot tools read it. */
export interface SegmentRow {
  id: string;
  name: string;
  description: string;
  type: string;
  status: string;
  member_count: number;
  refreshed_at: Date | null;
  definition: unknown;
}

/** The columns of `SegmentRow`, for the tools' own queries. */
export const SEGMENT_COLUMNS = 'id, name, description, type, status, member_count, refreshed_at, definition';

/**
 * Finds a segment of the workspace by id or by name (case-insensitive). A miss throws a SEGMENT_NOT_FOUND
 * error naming the closest segments, so the model can retry with the right name.
 */
export async function findSegment(pg: Sql, workspaceId: string, nameOrId: string): Promise<SegmentRow> {
  const wanted = nameOrId.trim();
  const rows = await pg.query<SegmentRow>(
    `select ${SEGMENT_COLUMNS} from segments where workspace_id = $1 and (id = $2 or lower(name) = lower($2)) order by (id = $2) desc limit 1`,
    [workspaceId, wanted],
  );
  if (rows.length > 0) return rows[0];
  const names = await pg.query<{ name: string }>('select name from segments where workspace_id = $1', [workspaceId]);
  const near = names
    .map(({ name }) => ({ name, score: similarity(wanted, name) }))
    .filter(({ score }) => score > 0.4)
    .sort((a, b) => b.score - a.score)
    .slice(0, 3)
    .map(({ name }) => `'${name}'`);
  const hint = near.length > 0 ? ` Did you mean ${near.join(' or ')}?` : '';
  throw new SegOpsError(
    'SEGMENT_NOT_FOUND',
    `There is no segment '${wanted}' in this workspace.${hint} Call list_segments to see every segment.`,
  );
}
