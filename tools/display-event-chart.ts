import { z } from 'zod';
import { defineTool } from '../core/registry/index.ts';
import { eventVolumeChartProps, rankedEvent } from './components.ts';
import { isoDay } from './time-range.ts';

/** display_event_chart: shows a daily series (event counts or segment members) as an EventVolumeChart bar chart. */
export const displayEventChart = defineTool({
  name: 'display_event_chart',
  description:
    'Shows an inline EventVolumeChart bar chart. Use it for a daily chart after query_event_volume (metric \'events\', pass its series as ' +
    "is) or query_segment_membership_trend (metric 'members', map each { day, members } to { day, count }); for a ranking " +
    "after query_top_events, pass its events as ranking [{ event, count }] (metric 'events'). Give series or ranking, " +
    'not both. Prefer it to listing numbers in text. Returns a short confirmation.',
  source: 'display',
  input: z.strictObject({
    title: z.string().min(1).max(120).describe("Chart title, e.g. 'Order Completed per day, last 30 days'."),
    metric: z.enum(['events', 'members']).describe("'events' for event counts, 'members' for segment membership."),
    event: z.string().max(200).optional().describe('The event charted, when the series is one event.'),
    series: z
      .array(
        z.strictObject({
          day: isoDay.describe('UTC day, YYYY-MM-DD.'),
          count: z.number().min(0).describe('Count on that day, from a tool result.'),
        }),
      )
      .min(1)
      .max(366)
      .optional()
      .describe('Daily chart: one point per day, copied from the query tool result.'),
    ranking: z
      .array(rankedEvent)
      .min(1)
      .max(50)
      .optional()
      .describe('Ranking chart: events by volume, copied from query_top_events, largest first.'),
  }),
  output: z.object({ shown: z.literal('EventVolumeChart'), points: z.number() }),
  async run(input, ctx) {
    if ((input.series === undefined) === (input.ranking === undefined)) {
      throw new Error('give either series (a daily chart) or ranking (events by volume), not both and not neither.');
    }
    const series = input.series && [...input.series].sort((a, b) => a.day.localeCompare(b.day));
    const duplicate = series?.find((point, i) => i > 0 && series[i - 1].day === point.day);
    if (duplicate) throw new Error(`day ${duplicate.day} appears twice in the series; give one point per day.`);
    const ranking = input.ranking && [...input.ranking].sort((a, b) => b.count - a.count);
    const props = eventVolumeChartProps.parse({ ...input, series, ranking });
    ctx.emit({ component: 'EventVolumeChart', props });
    return { shown: 'EventVolumeChart' as const, points: (series ?? ranking ?? []).length };
  },
});
