import { z } from 'zod';
import { segmentDefinitionSchema } from '../core/segments/dsl.ts';

/** A UTC calendar day, `YYYY-MM-DD`. */
const day = z.iso.date().describe('UTC calendar day, YYYY-MM-DD.');

/** A single KPI: a number, its display text and optional context and change. */
export const metricCardProps = z.strictObject({
  label: z.string().min(1).max(120).describe("What the number is, e.g. 'Members of High LTV'."),
  value: z.number().describe('The number itself.'),
  formatted: z.string().min(1).describe("The number as shown, e.g. '12,345', '123.5k', '$1,234', '12.5%'."),
  unit: z.string().max(30).optional().describe("Unit of the value, e.g. 'users', 'events', 'USD', '%'."),
  context: z.string().max(200).optional().describe("A short line under the number, e.g. 'last 7 days'."),
  delta: z
    .strictObject({
      value: z.number().describe('Change over the period, in the unit of the value (negative for a drop).'),
      period: z.string().min(1).max(60).describe("The period of the change, e.g. 'vs 30 days ago'."),
    })
    .optional()
    .describe('Change of the value over a period.'),
});

/** A list of segments with member counts and status. */
export const segmentTableProps = z.strictObject({
  title: z.string().max(120).optional().describe('Heading of the table.'),
  rows: z
    .array(
      z.strictObject({
        id: z.string().optional().describe('Segment id, to link to the segment page.'),
        name: z.string().min(1).describe('Segment name.'),
        type: z.enum(['dynamic', 'static']).describe('Segment type.'),
        member_count: z.int().min(0).describe('Number of members.'),
        status: z.enum(['active', 'paused', 'draft']).describe('Segment status.'),
      }),
    )
    .min(1)
    .max(100)
    .describe('One row per segment, in the order shown.'),
});

/** Events ranked by volume, as query_top_events returns them. */
export const rankedEvent = z.strictObject({
  event: z.string().min(1).max(200).describe('Event name.'),
  count: z.number().min(0).describe('Events in the period.'),
});

/**
 * A bar chart of event volume: daily counts of events or segment members (`series`), or events ranked by
 * volume over a period (`ranking`); exactly one of the two.
 */
export const eventVolumeChartProps = z
  .strictObject({
    title: z.string().min(1).max(120).describe('Chart title.'),
    metric: z.enum(['events', 'members']).describe("'events' for event counts, 'members' for segment membership."),
    event: z.string().optional().describe('The event charted, when one event is shown.'),
    series: z
      .array(z.strictObject({ day, count: z.number().min(0).describe('Count on that day.') }))
      .min(1)
      .max(366)
      .optional()
      .describe('One bar per day, oldest first.'),
    ranking: z.array(rankedEvent).min(1).max(50).optional().describe('One bar per event, largest first.'),
  })
  .refine((props) => (props.series === undefined) !== (props.ranking === undefined), {
    message: 'give either series (one point per day) or ranking (events by volume), not both',
  });

/** A button that opens the segment builder pre-filled with a validated draft and its preview. */
export const createSegmentCtaProps = z.strictObject({
  suggestedName: z.string().min(1).max(200).describe('Name proposed for the segment; the user may change it.'),
  description: z.string().max(1000).optional().describe('What the segment is for.'),
  definition: segmentDefinitionSchema.describe('The validated segment DSL definition.'),
  conditions: z.array(z.string()).min(1).describe('The conditions in plain English, one per top-level condition.'),
  preview: z.strictObject({
    count: z.int().min(0).describe('Users matching the draft now.'),
    sample: z
      .array(z.strictObject({ user_id: z.string(), traits: z.record(z.string(), z.unknown()) }))
      .max(5)
      .describe('Up to 5 matching users with their traits.'),
  }),
});

/** Props of MetricCard. */
export type MetricCardProps = z.infer<typeof metricCardProps>;
/** Props of SegmentTable. */
export type SegmentTableProps = z.infer<typeof segmentTableProps>;
/** Props of EventVolumeChart. */
export type EventVolumeChartProps = z.infer<typeof eventVolumeChartProps>;
/** Props of CreateSegmentCTA. */
export type CreateSegmentCtaProps = z.infer<typeof createSegmentCtaProps>;

/** The props schema of each inline component, by component name (what `ui.component` events carry). */
export const componentPropsSchemas = {
  MetricCard: metricCardProps,
  SegmentTable: segmentTableProps,
  EventVolumeChart: eventVolumeChartProps,
  CreateSegmentCTA: createSegmentCtaProps,
} as const;

/** The name of an inline component. */
export type ComponentName = keyof typeof componentPropsSchemas;

/** One inline component as emitted, discriminated on `component`. */
export const copilotComponent = z.discriminatedUnion('component', [
  z.strictObject({ component: z.literal('MetricCard'), props: metricCardProps }),
  z.strictObject({ component: z.literal('SegmentTable'), props: segmentTableProps }),
  z.strictObject({ component: z.literal('EventVolumeChart'), props: eventVolumeChartProps }),
  z.strictObject({ component: z.literal('CreateSegmentCTA'), props: createSegmentCtaProps }),
]);

/** An inline component with typed props. */
export type CopilotComponent = z.infer<typeof copilotComponent>;
