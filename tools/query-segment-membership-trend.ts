import { z } from 'zod';
import { defineTool } from '../core/registry/index.ts';
import { findSegment } from './find-segment.ts';
import { dayRangeOutput, resolveDayRange, timeRangeFields } from './time-range.ts';

/** query_segment_membership_trend: one segment's daily member counts over a range (ClickHouse). */
export const querySegmentMembershipTrend = defineTool({
  name: 'query_segment_membership_trend',
  description:
    "Returns a segment's member count per UTC day over a range (default: the last 30 days, today included), with the " +
    'first and last counts and the change between them. Days before the segment was computed are absent. Use it for ' +
    '"membership trend of X", "is X growing", "how did X change since October"; pass the series to display_event_chart ' +
    "(metric 'members', mapping members to count).",
  source: 'clickhouse',
  input: z.strictObject({
    segment: z.string().min(1).max(200).describe("The segment's name (case-insensitive) or id."),
    ...timeRangeFields(30),
  }),
  output: z.object({
    segment: z.object({ id: z.string(), name: z.string() }),
    ...dayRangeOutput,
    series: z.array(z.object({ day: z.string().describe('YYYY-MM-DD'), members: z.number() })),
    first: z.number().nullable().describe('Members on the first day with data, null when there is none.'),
    last: z.number().nullable().describe('Members on the last day with data, null when there is none.'),
    change: z.number().nullable().describe('last - first.'),
  }),
  async run({ segment: wanted, ...range }, ctx) {
    const { from, to } = resolveDayRange(range, ctx.clock());
    const segment = await findSegment(ctx.stores.pg, ctx.workspaceId, wanted);
    const rows = await ctx.stores.ch.query<{ day: string; members: number }>(
      `SELECT day, argMax(members, computed_at) AS members
         FROM segment_membership_daily
        WHERE workspace_id = {workspace:String} AND segment_id = {segment:String} AND day >= {from:Date} AND day <= {to:Date}
        GROUP BY day
        ORDER BY day`,
      { workspace: ctx.workspaceId, segment: segment.id, from, to },
      { signal: ctx.signal },
    );
    const series = rows.map((row) => ({ day: row.day, members: Number(row.members) }));
    const first = series.length > 0 ? series[0].members : null;
    const last = series.length > 0 ? series[series.length - 1].members : null;
    return {
      segment: { id: segment.id, name: segment.name },
      from,
      to,
      series,
      first,
      last,
      change: first === null || last === null ? null : last - first,
    };
  },
});
