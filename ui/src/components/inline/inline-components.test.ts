import type { Component } from 'svelte';
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import CreateSegmentCTA from './CreateSegmentCTA.svelte';
import EventVolumeChart from './EventVolumeChart.svelte';
import InlineComponent from './InlineComponent.svelte';
import MetricCard from './MetricCard.svelte';
import SegmentTable from './SegmentTable.svelte';

const html = (component: unknown, props: Record<string, unknown>) => render(component as Component<Record<string, unknown>>, { props }).body;

describe('MetricCard', () => {
  it('shows the value, label, unit, delta and context', () => {
    const body = html(MetricCard, { label: 'High LTV members', value: 1284, formatted: '1,284', unit: 'users', context: 'as of today', delta: { value: -12, period: 'vs last week' } });
    expect(body).toContain('data-testid="metric-card"');
    expect(body).toContain('data-value="1284"');
    expect(body).toMatch(/1,284(<!--\[0-->)?<span class="unit[^"]*">\u00a0users<\/span>/);
    expect(body).toContain('−12');
    expect(body).toContain('vs last week');
    expect(body).toMatch(/class="delta[^"]*down/);
    expect(body).toContain('as of today');
  });
});

describe('SegmentTable', () => {
  const rows = [
    { id: 'seg_a', name: 'Churn Risk', type: 'behavioral', member_count: 420, status: 'active' },
    { id: 'seg_b', name: 'High LTV', type: 'trait', member_count: 1284, status: 'paused' },
    { name: 'Unsaved', type: 'behavioral', member_count: 3, status: 'draft' },
  ];

  it('lists rows largest first, each linking to its segment', () => {
    const body = html(SegmentTable, { title: 'Largest segments', rows });
    const names = [...body.matchAll(/data-testid="segment-row" data-members="(\d+)"/g)].map((match) => match[1]);
    expect(names).toEqual(['1284', '420', '3']);
    expect(body).toContain('href="/segments/seg_b"');
    expect(body).toContain('Largest segments');
    expect(body).toContain('aria-sort="descending"');
    expect(body).toContain('badge-paused');
  });

  it('says so when there are no segments', () => {
    expect(html(SegmentTable, { rows: [] })).toContain('No segments.');
  });
});

describe('EventVolumeChart', () => {
  it('renders the canvas with a text alternative of the series', () => {
    const body = html(EventVolumeChart, { title: 'Top events', metric: 'events', event: 'Order Completed', series: [{ day: '2026-11-01', count: 10 }, { day: '2026-11-02', count: 30 }] });
    expect(body).toContain('data-testid="event-volume-chart"');
    expect(body).toContain('<canvas');
    expect(body).toContain('aria-label="40 events from Nov 1 to Nov 2; peak 30 on Nov 2."');
    expect(body).toContain('Order Completed');
  });
});

describe('CreateSegmentCTA', () => {
  it('shows the conditions in words, the preview count and the create button', () => {
    const body = html(CreateSegmentCTA, {
      suggestedName: 'Recent buyers without wishlist',
      definition: { match: 'all', conditions: [] },
      conditions: ['performed Order Completed at least once in the last 7 days', 'never performed Product Added to Wishlist'],
      preview: { count: 2210, sample: [] },
    });
    expect(body).toContain('data-testid="create-segment-cta"');
    expect(body).toContain('<li>never performed Product Added to Wishlist</li>');
    expect(body).toContain('data-count="2210"');
    expect(body).toContain('2,210');
    expect(body).toMatch(/data-testid="create-segment-button"[^>]*>Create segment</);
  });
});

describe('InlineComponent', () => {
  it('renders a component by name and says when it does not know one', () => {
    expect(html(InlineComponent, { component: 'MetricCard', props: { label: 'Events', value: 5, formatted: '5' } })).toContain('data-testid="metric-card"');
    expect(html(InlineComponent, { component: 'Heatmap', props: {} })).toContain('a Heatmap component, which this dashboard cannot show');
  });
});
