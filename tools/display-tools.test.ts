import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { CallContext, UiComponent } from '../core/registry/index.ts';
import type { Stores } from '../core/stores/index.ts';
import { copilotComponent, eventVolumeChartProps, metricCardProps, segmentTableProps } from './components.ts';
import { formatMetric } from './format-metric.ts';
import { createCopilotRegistry } from './index.ts';

const registry = createCopilotRegistry();

/** Display tools given complete props never touch the stores: any access fails the test. */
const noStores = new Proxy({} as Stores, {
  get: (_target, key) => {
    throw new Error(`unexpected store access: ${String(key)}`);
  },
});

async function display(name: string, args: unknown) {
  const emitted: UiComponent[] = [];
  const ctx: CallContext = {
    workspaceId: 'ws_test',
    stores: noStores,
    clock: () => new Date('2026-10-15T12:00:00Z'),
    logger: pino({ level: 'silent' }),
    signal: new AbortController().signal,
    emit: (component) => emitted.push(component),
  };
  const result = await registry.call(name, args, ctx);
  return { ...result, emitted };
}

describe('formatMetric', () => {
  it.each([
    [12_345, undefined, '12,345'],
    [99_999.5, 'users', '99,999.5'],
    [123_456, 'events', '123.5k'],
    [1_250_000, undefined, '1.3M'],
    [999_990, undefined, '1M'],
    [-250_000, undefined, '-250k'],
    [1_234, '$', '$1,234'],
    [1_234.5, 'USD', '$1,234.50'],
    [2_500_000, 'usd', '$2.5M'],
    [-40, '€', '-€40'],
    [12.345, '%', '12.3%'],
    [0, undefined, '0'],
  ])('formats %d with unit %s as %s', (value, unit, expected) => {
    expect(formatMetric(value, unit)).toBe(expected);
  });
});

describe('display_metric_card', () => {
  it('emits exactly one MetricCard with the computed text', async () => {
    const result = await display('display_metric_card', {
      label: 'High LTV members',
      value: 2_048,
      unit: 'users',
      context: 'as of today',
      delta: { value: -12, period: 'over 30 days' },
    });
    expect(result).toMatchObject({ isError: false, content: { shown: 'MetricCard', formatted: '2,048' } });
    expect(result.emitted).toHaveLength(1);
    expect(result.emitted[0].component).toBe('MetricCard');
    expect(metricCardProps.parse(result.emitted[0].props)).toEqual({
      label: 'High LTV members',
      value: 2_048,
      formatted: '2,048',
      unit: 'users',
      context: 'as of today',
      delta: { value: -12, period: 'over 30 days' },
    });
    expect(copilotComponent.safeParse(result.emitted[0]).success).toBe(true);
  });

  it("rejects bad arguments with the registry's message and emits nothing", async () => {
    const result = await display('display_metric_card', { label: 'Orders', value: '12' });
    expect(result.content).toBe("Invalid arguments for 'display_metric_card': value: Invalid input: expected number, received string.");
    expect(result.emitted).toEqual([]);
    const extra = await display('display_metric_card', { label: 'Orders', value: 1, colour: 'red' });
    expect(extra.content).toMatch(/^Invalid arguments for 'display_metric_card': \(input\): Unrecognized key: "colour"/);
  });
});

describe('display_event_chart', () => {
  it('emits one EventVolumeChart with the series in day order', async () => {
    const result = await display('display_event_chart', {
      title: 'Orders per day',
      metric: 'events',
      event: 'Order Completed',
      series: [
        { day: '2026-10-14', count: 5 },
        { day: '2026-10-13', count: 3 },
      ],
    });
    expect(result.content).toEqual({ shown: 'EventVolumeChart', points: 2 });
    expect(result.emitted).toHaveLength(1);
    expect(eventVolumeChartProps.parse(result.emitted[0].props).series).toEqual([
      { day: '2026-10-13', count: 3 },
      { day: '2026-10-14', count: 5 },
    ]);
  });

  it('refuses a repeated day, a bad day and a negative count', async () => {
    const repeated = await display('display_event_chart', {
      title: 't',
      metric: 'members',
      series: [
        { day: '2026-10-13', count: 3 },
        { day: '2026-10-13', count: 4 },
      ],
    });
    expect(repeated).toMatchObject({ isError: true, emitted: [] });
    expect(repeated.content).toMatch(/day 2026-10-13 appears twice/);
    const bad = await display('display_event_chart', { title: 't', metric: 'events', series: [{ day: '13/10/2026', count: -1 }] });
    expect(bad.content).toMatch(/^Invalid arguments for 'display_event_chart': series\.0\.day: .*; series\.0\.count: /);
    const metric = await display('display_event_chart', { title: 't', metric: 'users', series: [{ day: '2026-10-13', count: 1 }] });
    expect(metric.content).toMatch(/metric: Invalid option/);
  });

  it('emits a ranking of events by volume, largest first, and refuses a series and a ranking together', async () => {
    const result = await display('display_event_chart', {
      title: 'Top events this week',
      metric: 'events',
      ranking: [
        { event: 'Product Viewed', count: 40 },
        { event: 'Page Viewed', count: 90 },
      ],
    });
    expect(result.content).toEqual({ shown: 'EventVolumeChart', points: 2 });
    expect(eventVolumeChartProps.parse(result.emitted[0].props).ranking).toEqual([
      { event: 'Page Viewed', count: 90 },
      { event: 'Product Viewed', count: 40 },
    ]);
    const both = await display('display_event_chart', {
      title: 't',
      metric: 'events',
      series: [{ day: '2026-10-13', count: 3 }],
      ranking: [{ event: 'Page Viewed', count: 1 }],
    });
    expect(both).toMatchObject({ isError: true, emitted: [] });
    expect(both.content).toMatch(/either series .* or ranking/);
  });
});

describe('display_segment_table', () => {
  it('emits one SegmentTable from complete rows without reading the stores', async () => {
    const segments = [
      { id: 'seg_a', name: 'High LTV', type: 'dynamic', member_count: 300, status: 'active' },
      { name: 'Churn Risk', type: 'dynamic', member_count: 120, status: 'paused' },
    ];
    const result = await display('display_segment_table', { title: 'Largest segments', segments });
    expect(result.content).toEqual({ shown: 'SegmentTable', rows: 2 });
    expect(result.emitted.map((c) => c.component)).toEqual(['SegmentTable']);
    expect(segmentTableProps.parse(result.emitted[0].props)).toEqual({ title: 'Largest segments', rows: segments });
  });

  it('refuses an empty list and a negative member count', async () => {
    expect((await display('display_segment_table', { segments: [] })).content).toMatch(/segments: Too small/);
    const negative = await display('display_segment_table', { segments: [{ name: 'x', member_count: -1, type: 'static', status: 'draft' }] });
    expect(negative.content).toMatch(/segments\.0\.member_count/);
  });
});
