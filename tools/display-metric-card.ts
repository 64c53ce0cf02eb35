import { z } from 'zod';
import { defineTool } from '../core/registry/index.ts';
import { metricCardProps } from './components.ts';
import { formatMetric } from './format-metric.ts';

/** display_metric_card: shows one KPI as a MetricCard; the display text is computed from the value and unit. */
export const displayMetricCard = defineTool({
  name: 'display_metric_card',
  description:
    'Shows a single KPI as an inline MetricCard (a big number with a label, optional context line and change). Use it ' +
    'whenever the answer is one number: a segment member count, an event total, a count of active connectors. The ' +
    'value must come from a tool result, never estimated. Returns a short confirmation; the user sees the card.',
  source: 'display',
  input: z.strictObject({
    label: z.string().min(1).max(120).describe("What the number is, e.g. 'High LTV members' or 'Orders, last 7 days'."),
    value: z.number().describe('The number, exactly as a tool returned it (12.5 for 12.5%).'),
    unit: z
      .string()
      .max(30)
      .optional()
      .describe("Unit: 'users', 'events', 'USD' or '$' for money, '%' for a percentage. Money and % are formatted."),
    context: z.string().max(200).optional().describe("A short line under the number, e.g. 'last 7 days' or 'as of today'."),
    delta: z
      .strictObject({
        value: z.number().describe('Change over the period, negative for a drop (e.g. the change of a trend).'),
        period: z.string().min(1).max(60).describe("What the change compares, e.g. 'over 30 days'."),
      })
      .optional()
      .describe('Change of the value over a period, when a tool returned it.'),
  }),
  output: z.object({ shown: z.literal('MetricCard'), formatted: z.string() }),
  async run(input, ctx) {
    const props = metricCardProps.parse({ ...input, formatted: formatMetric(input.value, input.unit) });
    ctx.emit({ component: 'MetricCard', props });
    return { shown: 'MetricCard' as const, formatted: props.formatted };
  },
});
