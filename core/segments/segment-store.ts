import type { Sql } from '../stores/index.ts';
import type { ResolveSegment } from './compile.ts';
import { segmentDefinitionSchema, type SegmentDefinition } from './dsl.ts';
import { formatIssues } from './format-issues.ts';
import { SegmentNotFoundError } from './segment-not-found-error.ts';
import { SegmentValidationError } from './segment-validation-error.ts';

/** A stored segment with its definition parsed. */
export interface StoredSegment {
  id: string;
  name: string;
  status: string;
  definition: SegmentDefinition;
}

/** Parses a definition (stored or received) or throws SegmentValidationError with every problem. */
export function parseDefinition(definition: unknown, segmentName?: string): SegmentDefinition {
  const parsed = segmentDefinitionSchema.safeParse(definition);
  if (parsed.success) return parsed.data;
  const problems = formatIssues(parsed.error.issues);
  throw new SegmentValidationError(
    segmentName === undefined
      ? problems
      : problems.map((p) => ({ ...p, message: `segment '${segmentName}': ${p.message}` })),
  );
}

/** Reads one segment of a workspace, or throws SegmentNotFoundError. */
export async function loadSegment(pg: Sql, workspaceId: string, segmentId: string): Promise<StoredSegment> {
  const [row] = await pg.query<{ id: string; name: string; status: string; definition: unknown }>(
    'select id, name, status, definition from segments where workspace_id = $1 and id = $2',
    [workspaceId, segmentId],
  );
  if (!row) throw new SegmentNotFoundError(segmentId);
  return { ...row, definition: parseDefinition(row.definition, row.name) };
}

/** Resolves segment references of a workspace from Postgres (read once; definitions parsed on first use). */
export async function loadSegmentResolver(pg: Sql, workspaceId: string): Promise<ResolveSegment> {
  const rows = await pg.query<{ id: string; name: string; definition: unknown }>(
    'select id, name, definition from segments where workspace_id = $1',
    [workspaceId],
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  const parsed = new Map<string, SegmentDefinition>();
  return (id) => {
    const row = byId.get(id);
    if (!row) return undefined;
    let definition = parsed.get(id);
    if (!definition) {
      definition = parseDefinition(row.definition, row.name);
      parsed.set(id, definition);
    }
    return { name: row.name, definition };
  };
}

/** Records a refresh on the segment row: its member count and when it was refreshed. */
export async function recordRefresh(
  pg: Sql,
  workspaceId: string,
  segmentId: string,
  memberCount: number,
  refreshedAt: Date,
): Promise<void> {
  await pg.query('update segments set member_count = $1, refreshed_at = $2 where workspace_id = $3 and id = $4', [
    memberCount,
    refreshedAt,
    workspaceId,
    segmentId,
  ]);
}
