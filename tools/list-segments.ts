import { z } from 'zod';
import type { SegmentRow } from './find-segment.ts';
import { defineTool } from '../core/registry/index.ts';

const ORDER_BY = {
  members: 'member_count desc, lower(name)',
  name: 'lower(name)',
  updated: 'updated_at desc, lower(name)',
} as const;

const segmentSummary = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  type: z.string().describe("'dynamic' (recomputed from events) or 'static'."),
  status: z.string().describe("'active', 'paused' or 'draft'."),
  member_count: z.number().describe('Members at the last refresh.'),
  refreshed_at: z.string().nullable().describe('When the member count was last computed (ISO), null if never.'),
});

/** A listed segment (without its definition) with the count of all that matched. */
type SegmentListRow = Omit<SegmentRow, 'definition'> & { total: number };

/** list_segments: every segment of the workspace with its type, status and member count (Postgres). */
export const listSegments = defineTool({
  name: 'list_segments',
  description:
    'Lists the segments (audiences) of the workspace with id, name, description, type, status and member count, ' +
    "largest first by default. Use it for 'which segments are the largest/smallest', 'how many segments do I have', " +
    'to find a segment id or exact name before another tool, and before display_segment_table.',
  source: 'postgres',
  input: z.strictObject({
    status: z
      .enum(['active', 'paused', 'draft', 'all'])
      .default('all')
      .describe("Only segments with this status; 'all' (default) lists every segment."),
    sort_by: z
      .enum(['members', 'name', 'updated'])
      .default('members')
      .describe("'members' (largest first, default), 'name' (A-Z) or 'updated' (most recently changed first)."),
    limit: z.int().min(1).max(100).default(50).describe('Most segments to return (1-100, default 50).'),
  }),
  output: z.object({
    segments: z.array(segmentSummary),
    total: z.number().describe('How many segments match the status filter (may exceed the segments returned).'),
  }),
  async run({ status, sort_by, limit }, ctx) {
    const rows = await ctx.stores.pg.query<SegmentListRow>(
      `select id, name, description, type, status, member_count, refreshed_at, count(*) over () as total
         from segments
        where workspace_id = $1 and ($2 = 'all' or status = $2)
        order by ${ORDER_BY[sort_by]}
        limit $3`,
      [ctx.workspaceId, status, limit],
    );
    return {
      segments: rows.map(({ total: _total, refreshed_at, ...row }) => ({
        ...row,
        member_count: Number(row.member_count),
        refreshed_at: refreshed_at ? new Date(refreshed_at).toISOString() : null,
      })),
      total: rows.length > 0 ? Number(rows[0].total) : 0,
    };
  },
});
