import type { SegmentDefinition } from '../../../core/segments/dsl.ts';

/** GET /api/overview */
export interface Overview {
  workspace: { id: string; name: string };
  eventsToday: number;
  activeUsers7d: number;
  segments: number;
  activeConnectors: number;
  eventVolume: Array<{ day: string; count: number }>;
}

/** A segment in the list (GET /api/segments). */
export interface SegmentSummary {
  id: string;
  name: string;
  description: string | null;
  type: string;
  status: string;
  member_count: number;
  refreshed_at: string | null;
  conditions: string[];
}

/** A segment with its definition (GET /api/segments/:id, POST, PUT). */
export interface SegmentDetail extends SegmentSummary {
  definition: SegmentDefinition;
  created_at: string;
  updated_at: string;
}

/** An activation (connector) of a segment. */
export interface Activation {
  id: string;
  name: string;
  destination_type: string;
  status: string;
  segment_id?: string;
  segment_name?: string;
  last_synced_at: string | null;
  last_error: string | null;
}

/** GET /api/segments/:id */
export interface SegmentPage {
  segment: SegmentDetail;
  trend: Array<{ day: string; members: number }>;
  activations: Activation[];
}

/** POST /api/segments/preview */
export interface SegmentPreview {
  count: number;
  sample: Array<{ user_id: string; traits?: Record<string, unknown> }>;
  conditions: string[];
  elapsedMs: number;
}

/** A JSON Schema property of an event schema. */
export interface PropertySchema {
  type?: string | string[];
  description?: string;
  enum?: unknown[];
  format?: string;
}

/** An event schema (GET /api/event-schemas). */
export interface EventSchema {
  name: string;
  description: string | null;
  category: string | null;
  properties: { type?: string; properties?: Record<string, PropertySchema>; required?: string[] };
  property_count: number;
}

/** A user trait of the catalog (GET /api/traits). */
export interface Trait {
  name: string;
  type: 'string' | 'number' | 'boolean' | 'date';
  description: string | null;
}

/** A recently ingested event (GET /api/events/recent). */
export interface RecentEvent {
  message_id: string;
  type: string;
  event: string | null;
  user_id: string | null;
  anonymous_id: string | null;
  timestamp: string;
  received_at: string;
  properties: Record<string, unknown> | null;
  issues: unknown[] | null;
}

/** What the builder's pickers offer: event schemas, traits and the other segments. */
export interface BuilderCatalog {
  events: EventSchema[];
  traits: Trait[];
  segments: SegmentSummary[];
}
