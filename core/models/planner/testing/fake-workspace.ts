/**
 * A fake SegOps workspace for planner tests: tool outputs in the shapes of `.tmp/tools-spec.md`, computed
 * from the call's arguments so a test can drive a whole ReAct turn without stores.
 */

/** The fixed "today" of every planner test. */
export const TODAY = '2026-11-25';

/** A system prompt carrying today's date the way the real one does. */
export const SYSTEM = `You are the SegOps copilot. Answer from the tools.\nToday is ${TODAY}.`;

/** The 12 tool names the planner may call. */
export const TOOL_NAMES = [
  'list_segments',
  'get_segment_detail',
  'list_activations',
  'list_event_schemas',
  'list_recent_events',
  'query_top_events',
  'query_event_volume',
  'query_segment_membership_trend',
  'display_segment_table',
  'display_metric_card',
  'display_event_chart',
  'display_create_segment_cta',
] as const;

/** The catalog's segments. */
export const SEGMENTS = [
  { id: 'seg_hltv', name: 'High LTV', description: 'Top spenders', type: 'dynamic', status: 'active', member_count: 4210, refreshed_at: '2026-11-25T03:00:00Z' },
  { id: 'seg_churn', name: 'Churn Risk', description: 'Inactive buyers', type: 'dynamic', status: 'active', member_count: 3187, refreshed_at: '2026-11-25T03:00:00Z' },
  { id: 'seg_vip', name: 'VIP Buyers', description: 'Frequent buyers', type: 'dynamic', status: 'active', member_count: 812, refreshed_at: '2026-11-25T03:00:00Z' },
  { id: 'seg_cart', name: 'Cart Abandoners', description: 'Added but did not buy', type: 'dynamic', status: 'active', member_count: 2645, refreshed_at: '2026-11-25T03:00:00Z' },
  { id: 'seg_new', name: 'New Signups', description: 'Signed up recently', type: 'dynamic', status: 'active', member_count: 1533, refreshed_at: '2026-11-25T03:00:00Z' },
  { id: 'seg_email', name: 'Email Engaged', description: 'Opens emails', type: 'dynamic', status: 'paused', member_count: 5902, refreshed_at: '2026-11-24T03:00:00Z' },
  { id: 'seg_winback', name: 'Winback Q4', description: 'Lapsed customers', type: 'static', status: 'draft', member_count: 377, refreshed_at: '2026-11-20T03:00:00Z' },
  { id: 'seg_window', name: 'Window Shoppers', description: 'View but never buy', type: 'dynamic', status: 'active', member_count: 6120, refreshed_at: '2026-11-25T03:00:00Z' },
];

/** The catalog's event schemas and their properties. */
export const SCHEMAS: Array<{ name: string; properties: string[] }> = [
  { name: 'Page Viewed', properties: ['path', 'title', 'referrer'] },
  { name: 'Product Viewed', properties: ['product_id', 'name', 'category', 'price'] },
  { name: 'Products Searched', properties: ['query', 'results'] },
  { name: 'Product Added', properties: ['product_id', 'name', 'category', 'price', 'quantity'] },
  { name: 'Product Removed', properties: ['product_id', 'name', 'category', 'price', 'quantity'] },
  { name: 'Product Added to Wishlist', properties: ['product_id', 'name', 'category', 'price'] },
  { name: 'Cart Viewed', properties: ['items', 'value'] },
  { name: 'Checkout Started', properties: ['order_id', 'value', 'items'] },
  { name: 'Order Completed', properties: ['order_id', 'revenue', 'items', 'currency', 'coupon'] },
  { name: 'Signed Up', properties: ['method', 'plan'] },
  { name: 'Email Opened', properties: ['campaign', 'subject'] },
  { name: 'Email Clicked', properties: ['campaign', 'url'] },
];

const DAILY_BASE: Record<string, number> = {
  'Page Viewed': 41230,
  'Product Viewed': 18877,
  'Products Searched': 6121,
  'Product Added': 4410,
  'Product Removed': 903,
  'Product Added to Wishlist': 1288,
  'Cart Viewed': 3377,
  'Checkout Started': 1702,
  'Order Completed': 1019,
  'Signed Up': 264,
  'Email Opened': 2956,
  'Email Clicked': 611,
};

function addDays(iso: string, n: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The days `[from, to)` a tool input covers (`from` wins over `days`; `to` defaults to tomorrow). */
function daysOf(input: Record<string, unknown>, defaultDays: number): string[] {
  const to = typeof input.to === 'string' ? input.to.slice(0, 10) : addDays(TODAY, 1);
  const from = typeof input.from === 'string' ? input.from.slice(0, 10) : addDays(to, -(typeof input.days === 'number' ? input.days : defaultDays));
  const days: string[] = [];
  for (let d = from; d < to; d = addDays(d, 1)) days.push(d);
  return days;
}

/** A deterministic daily count with weekly seasonality. */
function countOn(event: string, day: string): number {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  const factor = [0.82, 1.04, 1.0, 0.97, 1.01, 1.12, 0.9][weekday];
  const wobble = (Number(day.slice(8, 10)) * 37) % 11;
  return Math.round(DAILY_BASE[event] * factor) + wobble;
}

type Output = unknown;
/** A fake tool: its output for an input, or `{ error }` for a failure. */
export type FakeTool = (input: Record<string, unknown>) => Output | { error: string };

function volume(input: Record<string, unknown>): Output {
  const event = typeof input.event === 'string' ? input.event : null;
  const days = daysOf(input, 30);
  const events = event ? [event] : Object.keys(DAILY_BASE);
  const series = days.map((day) => ({ day, count: events.reduce((sum, e) => sum + countOn(e, day), 0) }));
  return { event, from: days[0], to: addDays(days.at(-1) ?? TODAY, 1), total: series.reduce((s, p) => s + p.count, 0), series };
}

function topEvents(input: Record<string, unknown>): Output {
  const days = daysOf(input, 7);
  const ranked = Object.keys(DAILY_BASE)
    .map((event) => ({ event, count: days.reduce((s, d) => s + countOn(event, d), 0) }))
    .sort((a, b) => b.count - a.count);
  const total = ranked.reduce((s, e) => s + e.count, 0);
  const limit = typeof input.limit === 'number' ? input.limit : 5;
  return { from: days[0], to: addDays(days.at(-1) ?? TODAY, 1), total, events: ranked.slice(0, limit).map((e) => ({ ...e, share: Math.round((e.count / total) * 1000) / 1000 })) };
}

function findSegment(name: unknown) {
  return SEGMENTS.find((s) => s.name.toLowerCase() === String(name).toLowerCase() || s.id === name);
}

function trend(input: Record<string, unknown>): Output | { error: string } {
  const segment = findSegment(input.segment);
  if (!segment) return { error: `Segment '${String(input.segment)}' not found.` };
  const days = daysOf(input, 30);
  const series = days.map((day, i) => ({ day, members: segment.member_count - (days.length - 1 - i) * 7 + ((i * 13) % 5) }));
  const first = series[0].members;
  const last = series.at(-1)?.members ?? first;
  return { segment: { id: segment.id, name: segment.name }, from: days[0], to: addDays(days.at(-1) ?? TODAY, 1), series, first, last, change: last - first };
}

/** The fake tools of the workspace, keyed by name. */
export const FAKE_TOOLS: Record<string, FakeTool> = {
  list_segments: (input) => {
    const status = typeof input.status === 'string' ? input.status : 'all';
    const rows = SEGMENTS.filter((s) => status === 'all' || s.status === status).sort((a, b) => b.member_count - a.member_count);
    return { segments: rows, total: rows.length };
  },
  get_segment_detail: (input) => {
    const segment = findSegment(input.segment);
    if (!segment) return { error: `Segment '${String(input.segment)}' not found. Did you mean High LTV?` };
    const conditions = segment.id === 'seg_vip' ? ['performed Order Completed at least 3 times in the last 90 days', 'lifetime value is greater than 400'] : ['performed Order Completed at least once ever'];
    return { segment: { ...segment, definition: { match: 'all', conditions: [] }, conditions }, activations: segment.id === 'seg_vip' ? [{ id: 'act_1', name: 'Braze VIP sync', destination_type: 'braze', status: 'active' }] : [] };
  },
  list_activations: (input) => {
    const all = [
      { id: 'act_1', name: 'Braze VIP sync', destination_type: 'braze', status: 'active', segment_id: 'seg_vip', segment_name: 'VIP Buyers', last_synced_at: '2026-11-25T06:00:00Z', last_error: null },
      { id: 'act_2', name: 'Meta Ads churn', destination_type: 'facebook_ads', status: 'error', segment_id: 'seg_churn', segment_name: 'Churn Risk', last_synced_at: '2026-11-23T06:00:00Z', last_error: 'OAuth token expired' },
      { id: 'act_3', name: 'HubSpot high LTV', destination_type: 'hubspot', status: 'active', segment_id: 'seg_hltv', segment_name: 'High LTV', last_synced_at: '2026-11-25T05:00:00Z', last_error: null },
      { id: 'act_4', name: 'Webhook cart', destination_type: 'webhook', status: 'paused', segment_id: 'seg_cart', segment_name: 'Cart Abandoners', last_synced_at: '2026-11-10T06:00:00Z', last_error: null },
    ];
    const status = typeof input.status === 'string' ? input.status : 'all';
    return { activations: all.filter((a) => status === 'all' || a.status === status), counts: { active: 2, paused: 1, error: 1 } };
  },
  list_event_schemas: () => ({
    schemas: SCHEMAS.map((s) => ({ name: s.name, description: `${s.name} event`, property_count: s.properties.length, properties: s.properties })),
    total: SCHEMAS.length,
  }),
  list_recent_events: (input) => {
    const limit = typeof input.limit === 'number' ? input.limit : 20;
    const names = typeof input.event === 'string' ? [input.event] : ['Order Completed', 'Page Viewed', 'Product Viewed', 'Product Added'];
    const events = Array.from({ length: limit }, (_, i) => ({
      message_id: `msg_${900 - i}`,
      type: 'track',
      event: names[i % names.length],
      user_id: `u_${4100 + i}`,
      timestamp: `2026-11-25T14:${String(59 - i).padStart(2, '0')}:00.000Z`,
      received_at: `2026-11-25T14:${String(59 - i).padStart(2, '0')}:01.000Z`,
      properties: {},
      issues: [],
    }));
    return { events };
  },
  query_top_events: topEvents,
  query_event_volume: volume,
  query_segment_membership_trend: trend,
  display_segment_table: (input) => ({ component: 'SegmentTable', props: { title: input.title, rows: input.segments } }),
  display_metric_card: (input) => ({ component: 'MetricCard', props: { ...input, formatted: String(input.value) } }),
  display_event_chart: (input) => ({ component: 'EventVolumeChart', props: input }),
  display_create_segment_cta: (input) => ({
    component: 'CreateSegmentCTA',
    props: { suggestedName: input.name, description: input.description, definition: input.definition, conditions: ['(conditions in words)'], preview: { count: 1348, sample: [{ user_id: 'u_17', traits: { country: 'DE' } }] } },
  }),
};
