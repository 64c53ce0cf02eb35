import { z } from 'zod';
import { defineTool } from '../core/registry/index.ts';
import { dayRangeOutput, resolveDayRange, timeRangeFields } from './time-range.ts';

/** query_top_events: event names ranked by volume over a range of days (ClickHouse rollup event_counts_daily). */
export const queryTopEvents = defineTool({
  name: 'query_top_events',
  description:
    'Ranks event names by how many times they happened in a range of UTC days (default: the last 7 days, today ' +
    'included), with each one\'s count, its share of all events and the total of all events. Use it for "top N ' +
    'events", "most common events this week", "which events do we get the most". Answer a ranking as a short list; ' +
    "for one event's daily trend use query_event_volume instead.",
  source: 'clickhouse',
  input: z.strictObject({
    limit: z.int().min(1).max(50).default(5).describe('How many events to return, largest first (1-50, default 5).'),
    ...timeRangeFields(7),
  }),
  output: z.object({
    ...dayRangeOutput,
    total: z.number().describe('All events of the workspace in the range, every event name included.'),
    events: z.array(
      z.object({
        event: z.string(),
        count: z.number(),
        share: z.number().describe('count / total, between 0 and 1, rounded to 4 decimals.'),
      }),
    ),
  }),
  async run({ limit, ...range }, ctx) {
    const { from, to } = resolveDayRange(range, ctx.clock());
    const rows = await ctx.stores.ch.query<{ event: string; count: number }>(
      `SELECT event, sum(count) AS count
         FROM event_counts_daily
        WHERE workspace_id = {workspace:String} AND day >= {from:Date} AND day <= {to:Date}
        GROUP BY event
        ORDER BY count DESC, event ASC`,
      { workspace: ctx.workspaceId, from, to },
      { signal: ctx.signal },
    );
    const total = rows.reduce((sum, row) => sum + Number(row.count), 0);
    const events = rows.slice(0, limit).map((row) => ({
      event: row.event,
      count: Number(row.count),
      share: total === 0 ? 0 : Math.round((Number(row.count) / total) * 10_000) / 10_000,
    }));
    return { from, to, total, events };
  },
});
