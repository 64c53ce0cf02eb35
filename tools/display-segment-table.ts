import { z } from 'zod';
import { SegOpsError } from '../core/errors.ts';
import { defineTool } from '../core/registry/index.ts';
import { segmentTableProps } from './components.ts';

/** display_segment_table: shows a list of segments as a SegmentTable; missing type/status are read from Postgres. */
export const displaySegmentTable = defineTool({
  name: 'display_segment_table',
  description:
    'Shows segments as an inline SegmentTable (name, type, member count, status), in the order given. Use it for any ' +
    'answer that lists segments ("which segments are the largest", "show my segments"), after list_segments; copy ' +
    "the rows from its result. Type and status may be omitted: they are filled from the workspace's segments. " +
    'Returns a short confirmation.',
  source: 'display',
  input: z.strictObject({
    title: z.string().max(120).optional().describe("Table heading, e.g. 'Largest segments'."),
    segments: z
      .array(
        z.strictObject({
          id: z.string().optional().describe('Segment id from list_segments.'),
          name: z.string().min(1).max(200).describe('Segment name.'),
          type: z.enum(['dynamic', 'static']).optional().describe('Segment type, from list_segments.'),
          member_count: z.int().min(0).describe('Member count, from list_segments.'),
          status: z.enum(['active', 'paused', 'draft']).optional().describe('Segment status, from list_segments.'),
        }),
      )
      .min(1)
      .max(100)
      .describe('The segments to show, in display order.'),
  }),
  output: z.object({ shown: z.literal('SegmentTable'), rows: z.number() }),
  async run({ title, segments }, ctx) {
    const incomplete = segments.some((row) => row.type === undefined || row.status === undefined);
    const known = incomplete
      ? await ctx.stores.pg.query<{ id: string; name: string; type: string; status: string }>(
          'select id, name, type, status from segments where workspace_id = $1',
          [ctx.workspaceId],
        )
      : [];
    const rows = segments.map((row) => {
      if (row.type !== undefined && row.status !== undefined) return row;
      const match = known.find((s) => s.id === row.id || s.name.toLowerCase() === row.name.toLowerCase());
      if (!match) {
        throw new SegOpsError(
          'SEGMENT_NOT_FOUND',
          `segment '${row.name}' is not in this workspace, so its type and status are unknown: pass them, or use names from list_segments.`,
        );
      }
      return { ...row, id: row.id ?? match.id, type: row.type ?? match.type, status: row.status ?? match.status };
    });
    const props = segmentTableProps.parse(title === undefined ? { rows } : { title, rows });
    ctx.emit({ component: 'SegmentTable', props });
    return { shown: 'SegmentTable' as const, rows: rows.length };
  },
});
