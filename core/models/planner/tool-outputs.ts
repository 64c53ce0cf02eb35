/**
 * Defensive readers of the tools' JSON outputs (shapes of `.tmp/tools-spec.md`). The planner talks to tools
 * only through the transcript, so it checks what it reads instead of trusting a type.
 */

/** A segment as `list_segments` returns it. */
export interface SegmentRow {
  id: string;
  name: string;
  type: string;
  status: string;
  member_count: number;
  refreshed_at?: string;
}

/** An event schema as `list_event_schemas` returns it. */
export interface SchemaRow {
  name: string;
  property_count: number;
  properties: string[];
}

/** An activation as `list_activations` returns it. */
export interface ActivationRow {
  name: string;
  destination_type: string;
  status: string;
  segment_name?: string;
  last_error?: string;
  last_synced_at?: string;
}

/** A day of a series: events or members. */
export interface DayCount {
  day: string;
  count: number;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined);
const rows = (v: unknown, key: string): Json[] => (isObject(v) && Array.isArray(v[key]) ? (v[key] as unknown[]).filter(isObject) : []);

/** The `total` field of an output, when it is a number. */
export function totalOf(output: unknown): number | undefined {
  return isObject(output) ? num(output.total) : undefined;
}

/** Segments of a `list_segments` output. */
export function readSegments(output: unknown): SegmentRow[] {
  return rows(output, 'segments').flatMap((r) => {
    const name = text(r.name);
    if (!name) return [];
    return [{ id: text(r.id) ?? name, name, type: text(r.type) ?? 'dynamic', status: text(r.status) ?? 'active', member_count: num(r.member_count) ?? 0, refreshed_at: text(r.refreshed_at) }];
  });
}

/** Schemas of a `list_event_schemas` output. */
export function readSchemas(output: unknown): SchemaRow[] {
  return rows(output, 'schemas').flatMap((r) => {
    const name = text(r.name);
    if (!name) return [];
    const properties = Array.isArray(r.properties) ? r.properties.filter((p): p is string => typeof p === 'string') : [];
    return [{ name, property_count: num(r.property_count) ?? properties.length, properties }];
  });
}

/** Activations and status counts of a `list_activations` output. */
export function readActivations(output: unknown): { activations: ActivationRow[]; counts: Record<string, number> } {
  const activations = rows(output, 'activations').flatMap((r) => {
    const name = text(r.name);
    if (!name) return [];
    return [{ name, destination_type: text(r.destination_type) ?? 'destination', status: text(r.status) ?? 'unknown', segment_name: text(r.segment_name), last_error: text(r.last_error), last_synced_at: text(r.last_synced_at) }];
  });
  const counts: Record<string, number> = {};
  if (isObject(output) && isObject(output.counts)) {
    for (const [key, value] of Object.entries(output.counts)) {
      const n = num(value);
      if (n !== undefined) counts[key] = n;
    }
  }
  return { activations, counts };
}

/** Ranked events of a `query_top_events` output. */
export function readTopEvents(output: unknown): Array<{ event: string; count: number }> {
  return rows(output, 'events').flatMap((r) => {
    const event = text(r.event);
    const count = num(r.count);
    return event && count !== undefined ? [{ event, count }] : [];
  });
}

/** The daily series of a `query_event_volume` (`count`) or `query_segment_membership_trend` (`members`) output. */
export function readSeries(output: unknown): DayCount[] {
  return rows(output, 'series').flatMap((r) => {
    const day = text(r.day);
    const count = num(r.count ?? r.members);
    return day && count !== undefined ? [{ day, count }] : [];
  });
}

/** The `first`, `last` and `change` fields of a membership trend output. */
export function readTrend(output: unknown): { first?: number; last?: number; change?: number } {
  if (!isObject(output)) return {};
  return { first: num(output.first), last: num(output.last), change: num(output.change) };
}

/** Recent events of a `list_recent_events` output. */
export function readRecentEvents(output: unknown): Array<{ event: string; user_id?: string; timestamp?: string }> {
  return rows(output, 'events').flatMap((r) => {
    const event = text(r.event) ?? text(r.type);
    return event ? [{ event, user_id: text(r.user_id), timestamp: text(r.timestamp) }] : [];
  });
}

/** The segment, its conditions in words and its activations, from a `get_segment_detail` output. */
export function readSegmentDetail(output: unknown): { segment?: SegmentRow & { conditions: string[] }; activations: ActivationRow[] } {
  if (!isObject(output) || !isObject(output.segment)) return { activations: [] };
  const [segment] = readSegments({ segments: [output.segment] });
  const conditions = Array.isArray(output.segment.conditions) ? output.segment.conditions.filter((c): c is string => typeof c === 'string') : [];
  return { segment: segment && { ...segment, conditions }, activations: readActivations(output).activations };
}

/** The preview member count a `display_create_segment_cta` result reports, wherever it nests it. */
export function readPreviewCount(output: unknown, depth = 0): number | undefined {
  if (!isObject(output) || depth > 4) return undefined;
  if (depth === 0 && output.shown === 'CreateSegmentCTA' && num(output.count) !== undefined) return num(output.count);
  if (isObject(output.preview)) {
    const count = num(output.preview.count ?? output.preview.member_count);
    if (count !== undefined) return count;
  }
  for (const value of Object.values(output)) {
    const found = readPreviewCount(value, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}
