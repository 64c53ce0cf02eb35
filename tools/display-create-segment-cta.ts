import { z } from 'zod';
import { SegOpsError } from '../core/errors.ts';
import { defineTool } from '../core/registry/index.ts';
import { describeDefinition, loadCatalog, previewSegment, validateDefinition } from '../core/segments/index.ts';
import { createSegmentCtaProps } from './components.ts';

const SAMPLE_SIZE = 5;

const DSL_GUIDE =
  'Segment DSL: { match: "all"|"any", conditions: [...] }. A condition is one of: ' +
  '{ type: "event", event: "<registered event name>", performed: true|false, count?: { op: ">="|">"|"="|"<="|"<", value: n } (default >= 1), ' +
  'window?: { type: "relative", last: n, unit: "hours"|"days"|"weeks"|"months" } | { type: "absolute", from: ISO, to: ISO } | { type: "ever" } (default ever), ' +
  'where?: [{ property, op: "eq"|"neq"|"gt"|"gte"|"lt"|"lte"|"contains"|"in"|"exists", value }] }; performed false = did not do it in the window; ' +
  '{ type: "trait", trait: "<user trait, e.g. country (ISO-2 like US), plan (free|plus|pro), lifetime_value, orders_count, signup_date, email_opt_in>", op: the filter ops or "before"|"after"|"within_last_days", value }; ' +
  '{ type: "segment", segment: "<segment id>", member: true|false }; { type: "group", match: "all"|"any", conditions: [...] } (5 levels at most). ' +
  'Example, purchased in the last 7 days but never added to a wishlist: { match: "all", conditions: [' +
  '{ type: "event", event: "Order Completed", performed: true, count: { op: ">=", value: 1 }, window: { type: "relative", last: 7, unit: "days" } }, ' +
  '{ type: "event", event: "Product Added to Wishlist", performed: false, window: { type: "ever" } }] }.';

/**
 * display_create_segment_cta: checks a segment draft against the live catalog, previews it (member count and 5
 * users) and shows a CreateSegmentCTA; the segment is created only when the user clicks it.
 */
export const displayCreateSegmentCta = defineTool({
  name: 'display_create_segment_cta',
  description:
    'Shows a "Create segment" button (CreateSegmentCTA) for a segment draft: validates the DSL against the workspace ' +
    "(event names, properties, traits, segment references), computes how many users match now and a sample of 5, and " +
    'renders the conditions in plain English. Use it whenever the user asks to create, build, suggest or draft a segment. ' +
    'It never saves anything: the user clicks the button, names the segment in the builder and saves it. Returns the ' +
    'matching count and the conditions; an invalid draft returns every problem so you can fix it and call again.',
  source: 'display',
  input: z.strictObject({
    name: z.string().trim().min(1).max(200).describe("Suggested segment name, e.g. 'Recent buyers without wishlist'."),
    description: z.string().max(1000).optional().describe('One sentence on who is in the segment and why.'),
    definition: z
      .looseObject({
        match: z.enum(['all', 'any']).describe("Whether all or any of the conditions must hold ('all' for 'and', 'any' for 'or')."),
        conditions: z
          .array(z.looseObject({ type: z.enum(['event', 'trait', 'segment', 'group']).describe('Kind of condition.') }))
          .min(1)
          .describe('The conditions, see the definition description.'),
      })
      .describe(DSL_GUIDE),
  }),
  output: z.object({
    shown: z.literal('CreateSegmentCTA'),
    count: z.number().describe('Users matching the draft now.'),
    conditions: z.array(z.string()).describe('The conditions in plain English.'),
  }),
  async run({ name, description, definition }, ctx) {
    const catalog = await loadCatalog(ctx.stores.pg, ctx.workspaceId);
    const checked = validateDefinition(definition, catalog);
    if (!checked.ok) {
      throw new SegOpsError(
        'INVALID_SEGMENT',
        `the segment draft is not valid, nothing was shown: ${checked.errors.map((e) => e.message).join('; ')}. Fix the draft and call again.`,
        checked.errors,
      );
    }
    const segmentNames = Object.fromEntries(catalog.segments.map((s) => [s.id, s.name]));
    const conditions = describeDefinition(checked.definition, { segmentNames });
    const preview = await previewSegment(ctx.stores, ctx.workspaceId, checked.definition, {
      now: ctx.clock(),
      sampleSize: SAMPLE_SIZE,
    });
    const props = createSegmentCtaProps.parse({
      suggestedName: name,
      ...(description === undefined ? {} : { description }),
      definition: checked.definition,
      conditions,
      preview: { count: preview.count, sample: preview.sample },
    });
    ctx.emit({ component: 'CreateSegmentCTA', props });
    return { shown: 'CreateSegmentCTA' as const, count: preview.count, conditions };
  },
});
