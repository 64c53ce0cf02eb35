import { describe, expect, it } from 'vitest';
import { plannerModel } from './planner-model.ts';
import { runTurn, type Call } from './testing/drive.ts';

/**
 * Many phrasings nobody wrote the planner for, each mapped to the first data (or display) call it must make
 * after the catalog lookups (list_segments / list_event_schemas with no arguments) it decides it needs.
 * `tool: null` means the planner must answer without any data tool.
 * Today is 2026-11-25 (a Wednesday) in every case.
 */
const CASES: Array<{ q: string; tool: string | null; input?: Record<string, unknown> }> = [
  // top events
  { q: 'what were our busiest events yesterday', tool: 'query_top_events', input: { limit: 5, from: '2026-11-24', to: '2026-11-25' } },
  { q: 'rank events by count over the last 14 days', tool: 'query_top_events', input: { limit: 5, days: 14 } },
  { q: 'give me the 10 most popular events in October', tool: 'query_top_events', input: { limit: 10, from: '2026-10-01', to: '2026-11-01' } },
  { q: 'Which events fired the most since Monday?', tool: 'query_top_events', input: { limit: 5, from: '2026-11-23' } },
  { q: 'top three events today', tool: 'query_top_events', input: { limit: 3, days: 1 } },
  { q: 'most common events over the past week', tool: 'query_top_events', input: { limit: 5, days: 7 } },
  { q: 'what are the rarest events last month?', tool: 'query_top_events', input: { limit: 50, from: '2026-10-01', to: '2026-11-01' } },
  { q: 'Top events, previous week please', tool: 'query_top_events', input: { limit: 5, from: '2026-11-16', to: '2026-11-23' } },
  { q: 'highest volume events in the last 90 days', tool: 'query_top_events', input: { limit: 5, days: 90 } },
  // event volume
  { q: 'how many purchases did we get last week', tool: 'query_event_volume', input: { event: 'Order Completed', from: '2026-11-16', to: '2026-11-23' } },
  { q: 'chart checkout starts for the past month', tool: 'query_event_volume', input: { event: 'Checkout Started', days: 30 } },
  { q: 'daily email opens this month', tool: 'query_event_volume', input: { event: 'Email Opened', from: '2026-11-01' } },
  { q: 'total event volume in the last 7 days', tool: 'query_event_volume', input: { days: 7 } },
  { q: 'how much traffic did we have yesterday', tool: 'query_event_volume', input: { from: '2026-11-24', to: '2026-11-25' } },
  { q: 'How many orders came through on Monday?', tool: 'query_event_volume', input: { event: 'Order Completed', from: '2026-11-23', to: '2026-11-24' } },
  { q: 'signups over the last 2 weeks', tool: 'query_event_volume', input: { event: 'Signed Up', days: 14 } },
  { q: 'number of wishlist adds in October', tool: 'query_event_volume', input: { event: 'Product Added to Wishlist', from: '2026-10-01', to: '2026-11-01' } },
  { q: 'plot page views per day since Nov 10', tool: 'query_event_volume', input: { event: 'Page Viewed', from: '2026-11-10' } },
  { q: 'how often did people add to cart in the past 3 days?', tool: 'query_event_volume', input: { event: 'Product Added', days: 3 } },
  { q: 'Product Viewed trend over the trailing 90 days', tool: 'query_event_volume', input: { event: 'Product Viewed', days: 90 } },
  { q: 'how many things were bought today', tool: 'query_event_volume', input: { event: 'Order Completed', days: 1 } },
  { q: 'show the volume of all events over the last month', tool: 'query_event_volume', input: { days: 30 } },
  { q: 'email clicks between Nov 1 and Nov 15', tool: 'query_event_volume', input: { event: 'Email Clicked', from: '2026-11-01', to: '2026-11-16' } },
  // recent / ingested events
  { q: 'latest events', tool: 'list_recent_events', input: { limit: 20 } },
  { q: 'show me the last 10 events that came in', tool: 'list_recent_events', input: { limit: 10 } },
  { q: 'what arrived in the event stream today?', tool: 'list_recent_events', input: { limit: 20 } },
  { q: 'most recent 5 order completed events', tool: 'list_recent_events', input: { limit: 5, event: 'Order Completed' } },
  // segment size
  { q: 'how big is high-ltv', tool: 'display_metric_card', input: { label: 'High LTV members', value: 4210, unit: 'users', context: 'active segment, refreshed 2026-11-25' } },
  { q: 'how many people are in new signups', tool: 'display_metric_card', input: { label: 'New Signups members', value: 1533, unit: 'users', context: 'active segment, refreshed 2026-11-25' } },
  { q: 'size of the email engaged audience', tool: 'display_metric_card', input: { label: 'Email Engaged members', value: 5902, unit: 'users', context: 'paused segment, refreshed 2026-11-24' } },
  { q: 'How many VIP Buyers are there?', tool: 'display_metric_card', input: { label: 'VIP Buyers members', value: 812, unit: 'users', context: 'active segment, refreshed 2026-11-25' } },
  { q: 'member count for cart abandoners?', tool: 'display_metric_card', input: { label: 'Cart Abandoners members', value: 2645, unit: 'users', context: 'active segment, refreshed 2026-11-25' } },
  { q: 'how many folks belong to the chrun risk segment', tool: 'display_metric_card', input: { label: 'Churn Risk members', value: 3187, unit: 'users', context: 'active segment, refreshed 2026-11-25' } },
  // segment trend
  { q: 'is High LTV growing?', tool: 'query_segment_membership_trend', input: { segment: 'High LTV', days: 30 } },
  { q: 'how has the churn risk audience changed since Nov 1', tool: 'query_segment_membership_trend', input: { segment: 'Churn Risk', from: '2026-11-01' } },
  { q: 'show the VIP buyers membership over the past 60 days', tool: 'query_segment_membership_trend', input: { segment: 'VIP Buyers', days: 60 } },
  { q: 'window shoppers membership history this month', tool: 'query_segment_membership_trend', input: { segment: 'Window Shoppers', from: '2026-11-01' } },
  { q: 'did the Cart Abandoners segment shrink last week?', tool: 'query_segment_membership_trend', input: { segment: 'Cart Abandoners', from: '2026-11-16', to: '2026-11-23' } },
  // segment detail
  { q: 'what defines cart abandoners', tool: 'get_segment_detail', input: { segment: 'Cart Abandoners' } },
  { q: 'explain the window shoppers segment', tool: 'get_segment_detail', input: { segment: 'Window Shoppers' } },
  { q: 'who qualifies for VIP buyers?', tool: 'get_segment_detail', input: { segment: 'VIP Buyers' } },
  { q: 'what rules does the High LTV audience use', tool: 'get_segment_detail', input: { segment: 'High LTV' } },
  // segment lists and rankings
  { q: 'list all segments', tool: 'list_segments', input: { sort_by: 'members', limit: 100 } },
  { q: 'how many segments do we have', tool: 'list_segments', input: { sort_by: 'members', limit: 100 } },
  { q: 'show paused segments', tool: 'list_segments', input: { sort_by: 'members', limit: 100, status: 'paused' } },
  { q: 'top 3 biggest segments', tool: 'list_segments', input: { sort_by: 'members', limit: 100 } },
  { q: 'which audience is the smallest', tool: 'list_segments', input: { sort_by: 'members', limit: 100 } },
  { q: 'rank my cohorts by size', tool: 'list_segments', input: { sort_by: 'members', limit: 100 } },
  // drafting
  { q: 'Build me an audience of shoppers who bought twice in the past month', tool: 'display_create_segment_cta' },
  { q: 'users who searched or viewed a product in the last 3 days', tool: 'display_create_segment_cta' },
  { q: 'I need a list of users who added to cart this week and didn\'t check out', tool: 'display_create_segment_cta' },
  { q: 'suggest a segment of US customers on the plus plan who opened an email in the last 14 days', tool: 'display_create_segment_cta' },
  { q: 'find customers with lifetime value over 1000 who haven\'t ordered since October', tool: 'display_create_segment_cta' },
  // platform overview
  { q: 'what destinations are we syncing to', tool: 'list_activations', input: { status: 'all' } },
  { q: 'are any integrations broken?', tool: 'list_activations', input: { status: 'error' } },
  { q: 'show me paused activations', tool: 'list_activations', input: { status: 'paused' } },
  { q: 'which connectors are live right now', tool: 'list_activations', input: { status: 'all' } },
  { q: 'what properties does Order Completed have', tool: 'list_event_schemas', input: {} },
  { q: 'which events do we track', tool: 'list_event_schemas', input: {} },
  { q: 'show me the tracking plan', tool: 'list_event_schemas', input: {} },
  // one named connector, growth rankings, period comparisons, property and negated-country drafts
  { q: 'is the Braze sync working', tool: 'list_activations', input: { status: 'all' } },
  { q: 'How is the HubSpot connector doing?', tool: 'list_activations', input: { status: 'all' } },
  { q: 'which segment grew the most this month', tool: 'query_segment_membership_trend', input: { segment: 'Window Shoppers', from: '2026-11-01' } },
  { q: 'which audiences shrank the most in the last 2 weeks?', tool: 'query_segment_membership_trend', input: { segment: 'Window Shoppers', days: 14 } },
  { q: 'purchases this week vs last week', tool: 'query_event_volume', input: { event: 'Order Completed', days: 7 } },
  { q: 'top events today compared to yesterday', tool: 'query_top_events', input: { limit: 5, days: 1 } },
  { q: 'users who bought jackets in the last 30 days', tool: 'display_create_segment_cta' },
  { q: 'customers not from Germany or France who ordered this month', tool: 'display_create_segment_cta' },
  // no data tool: help, vague, out of scope, concepts
  { q: 'what is a segment?', tool: null },
  { q: 'what are activations', tool: null },
  { q: 'hey there', tool: null },
  { q: 'what should I ask you?', tool: null },
  { q: "how's business looking?", tool: null },
  { q: 'give me an overview', tool: null },
  { q: 'predict next month\'s signups', tool: null },
  { q: "what's the weather in Berlin", tool: null },
  { q: 'How does our conversion rate compare to Shopify?', tool: null },
];

const CATALOG_TOOLS = new Set(['list_segments', 'list_event_schemas']);
const isCatalogLookup = (c: Call) => CATALOG_TOOLS.has(c.name) && Object.keys(c.input).length === 0;

describe('planner phrasings', () => {
  it('has at least 60 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
  });

  it.each(CASES)('$q → $tool', async ({ q, tool, input }) => {
    const turn = await runTurn(plannerModel(), q);
    if (tool === null) {
      expect(turn.calls.filter((c) => !isCatalogLookup(c))).toEqual([]);
      expect(turn.text.length).toBeGreaterThan(20);
      return;
    }
    const index = turn.calls.findIndex((c) => c.name === tool);
    expect(index, `calls: ${turn.calls.map((c) => c.name).join(', ')}`).toBeGreaterThanOrEqual(0);
    expect(turn.calls.slice(0, index).every(isCatalogLookup), 'only catalog lookups come first').toBe(true);
    if (input) expect(turn.calls[index].input).toEqual(input);
  });
});
