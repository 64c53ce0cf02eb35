import { z } from 'zod';
import { defineTool } from '../core/registry/index.ts';

interface ActivationRow {
  id: string;
  name: string;
  destination_type: string;
  status: 'active' | 'paused' | 'error';
  segment_id: string | null;
  segment_name: string | null;
  last_synced_at: Date | null;
  last_error: string | null;
}

/** list_activations: the workspace's connectors with status, synced segment, last sync and last error (Postgres). */
export const listActivations = defineTool({
  name: 'list_activations',
  description:
    'Lists the activations (connectors that sync a segment to a destination such as an ad or email platform) with ' +
    'status, destination type, segment, last sync time and last error, plus how many are active, paused and in error. ' +
    "Use it for 'what connectors are active', 'which syncs are failing', 'where is segment X sent'.",
  source: 'postgres',
  input: z.strictObject({
    status: z
      .enum(['active', 'paused', 'error', 'all'])
      .default('all')
      .describe("Only activations with this status; 'all' (default) lists every one. 'error' = failing syncs."),
  }),
  output: z.object({
    activations: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        destination_type: z.string().describe("Destination, e.g. 'facebook_ads', 'braze'."),
        status: z.string(),
        segment_id: z.string().nullable(),
        segment_name: z.string().nullable().describe('The segment synced; null when its segment was deleted.'),
        last_synced_at: z.string().nullable().describe('Last successful sync (ISO), null if never.'),
        last_error: z.string().nullable().describe('The last sync error, if any.'),
      }),
    ),
    counts: z
      .object({ active: z.number(), paused: z.number(), error: z.number() })
      .describe('Activations per status in the whole workspace, whatever the filter.'),
  }),
  async run({ status }, ctx) {
    const rows = await ctx.stores.pg.query<ActivationRow>(
      `select a.id, a.name, a.destination_type, a.status, a.segment_id, s.name as segment_name, a.last_synced_at, a.last_error
         from activations a
         left join segments s on s.id = a.segment_id and s.workspace_id = a.workspace_id
        where a.workspace_id = $1
        order by a.status, a.name`,
      [ctx.workspaceId],
    );
    const counts = { active: 0, paused: 0, error: 0 };
    for (const row of rows) counts[row.status]++;
    return {
      activations: rows
        .filter((row) => status === 'all' || row.status === status)
        .map((row) => ({ ...row, last_synced_at: row.last_synced_at ? new Date(row.last_synced_at).toISOString() : null })),
      counts,
    };
  },
});
