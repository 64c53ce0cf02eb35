import { z } from 'zod';
import { defineTool } from '../core/registry/index.ts';
import { resolveEventName } from './event-name.ts';
import { dayRangeOutput, resolveDayRange, timeRangeFields } from './time-range.ts';

/** query_event_volume: daily counts of all events or of one event, every day present (ClickHouse rollup). */
export const queryEventVolume = defineTool({
  name: 'query_event_volume',
  description:
    'Returns the number of events per UTC day over a range (default: the last 30 days, today included), for one event ' +
    'or for all events together, with the total. Every day of the range is present (0 when nothing happened). Use it ' +
    'for "how many X today / this week", "event volume over time", "orders per day in October"; pass its series to ' +
    "display_event_chart (metric 'events') and a total to display_metric_card.",
  source: 'clickhouse',
  input: z.strictObject({
    event: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe("One registered event name, e.g. 'Order Completed' (see list_event_schemas). Omit for all events."),
    ...timeRangeFields(30),
  }),
  output: z.object({
    event: z.string().nullable().describe('The event counted, null for all events.'),
    ...dayRangeOutput,
    total: z.number().describe('Sum of the series.'),
    series: z.array(z.object({ day: z.string().describe('YYYY-MM-DD'), count: z.number() })),
  }),
  async run({ event, ...range }, ctx) {
    const { from, to, days } = resolveDayRange(range, ctx.clock());
    const name = event === undefined ? null : await resolveEventName(ctx.stores.pg, ctx.workspaceId, event);
    const rows = await ctx.stores.ch.query<{ day: string; count: number }>(
      `SELECT day, sum(count) AS count
         FROM event_counts_daily
        WHERE workspace_id = {workspace:String} AND day >= {from:Date} AND day <= {to:Date}
          AND ({all:Bool} OR event = {event:String})
        GROUP BY day`,
      { workspace: ctx.workspaceId, from, to, all: name === null, event: name ?? '' },
      { signal: ctx.signal },
    );
    const byDay = new Map(rows.map((row) => [row.day, Number(row.count)]));
    const series = days.map((day) => ({ day, count: byDay.get(day) ?? 0 }));
    return { event: name, from, to, total: series.reduce((sum, point) => sum + point.count, 0), series };
  },
});
