import { z } from 'zod';
import { defineTool } from '../core/registry/index.ts';
import { describeDefinition } from '../core/segments/describe.ts';
import { segmentDefinitionSchema } from '../core/segments/dsl.ts';
import { findSegment } from './find-segment.ts';

/** get_segment_detail: one segment's full definition, its conditions in plain English and its activations. */
export const getSegmentDetail = defineTool({
  name: 'get_segment_detail',
  description:
    'Returns one segment in full: id, name, description, type, status, member count, last refresh, its DSL definition, ' +
    'its conditions in plain English, and the activations (connectors) that sync it. Use it for ' +
    "'show me the conditions of X', 'how many users are in X', 'who is in X', or before drafting a variation of a segment.",
  source: 'postgres',
  input: z.strictObject({
    segment: z
      .string()
      .min(1)
      .max(200)
      .describe("The segment's name (case-insensitive, e.g. 'high ltv') or id. A miss answers with the closest names."),
  }),
  output: z.object({
    segment: z.object({
      id: z.string(),
      name: z.string(),
      description: z.string(),
      type: z.string(),
      status: z.string(),
      member_count: z.number(),
      refreshed_at: z.string().nullable(),
      definition: z.unknown().describe('The segment DSL definition.'),
      conditions: z.array(z.string()).describe("Top-level conditions in plain English, combined by the definition's match (all/any)."),
    }),
    activations: z.array(z.object({ id: z.string(), name: z.string(), destination_type: z.string(), status: z.string() })),
  }),
  async run({ segment: wanted }, ctx) {
    const { pg } = ctx.stores;
    const segment = await findSegment(pg, ctx.workspaceId, wanted);
    const [names, activations] = await Promise.all([
      pg.query<{ id: string; name: string }>('select id, name from segments where workspace_id = $1', [ctx.workspaceId]),
      pg.query<{ id: string; name: string; destination_type: string; status: string }>(
        'select id, name, destination_type, status from activations where workspace_id = $1 and segment_id = $2 order by name',
        [ctx.workspaceId, segment.id],
      ),
    ]);
    const parsed = segmentDefinitionSchema.safeParse(segment.definition);
    const conditions = parsed.success
      ? describeDefinition(parsed.data, { segmentNames: Object.fromEntries(names.map((s) => [s.id, s.name])) })
      : [`(the stored definition does not follow the segment DSL: ${parsed.error.issues[0]?.message ?? 'unknown problem'})`];
    return {
      segment: {
        ...segment,
        member_count: Number(segment.member_count),
        refreshed_at: segment.refreshed_at ? new Date(segment.refreshed_at).toISOString() : null,
        conditions,
      },
      activations,
    };
  },
});
