import { z } from 'zod';
import { defineTool } from '../core/registry/index.ts';

/** list_event_schemas: the tracking plan, each event with its description and property names (Postgres). */
export const listEventSchemas = defineTool({
  name: 'list_event_schemas',
  description:
    'Lists the registered event schemas (the tracking plan): each event name with its description, number of ' +
    "properties and property names. Use it for 'list my event schemas', 'what events do we track', to find the exact " +
    "event name behind a user's words ('purchased' is usually Order Completed) before querying or drafting a segment.",
  source: 'postgres',
  input: z.strictObject({}),
  output: z.object({
    schemas: z.array(
      z.object({
        name: z.string(),
        description: z.string(),
        property_count: z.number(),
        properties: z.array(z.string()).describe('Property names, alphabetical.'),
      }),
    ),
    total: z.number(),
  }),
  async run(_input, ctx) {
    const rows = await ctx.stores.pg.query<{ name: string; description: string; properties: unknown }>(
      'select name, description, properties from event_schemas where workspace_id = $1 order by name',
      [ctx.workspaceId],
    );
    const schemas = rows.map((row) => {
      const properties = Object.keys(propertiesOf(row.properties)).sort();
      return { name: row.name, description: row.description, property_count: properties.length, properties };
    });
    return { schemas, total: schemas.length };
  },
});

/** The `properties` map of a JSON Schema object, or `{}`. */
function propertiesOf(schema: unknown): Record<string, unknown> {
  const properties = (schema as { properties?: unknown } | null)?.properties;
  return properties && typeof properties === 'object' ? (properties as Record<string, unknown>) : {};
}
