import { describe, expect, it } from 'vitest';
import { dailyBarConfig, describeRanking, describeSeries, rankingBarConfig } from './chart-config.ts';

const series = [
  { day: '2026-11-01', count: 1200 },
  { day: '2026-11-02', count: 3400 },
  { day: '2026-11-03', count: 900 },
];
const colors = { bar: '#111', barHover: '#222', grid: '#333', text: '#444' };

describe('dailyBarConfig', () => {
  const config = dailyBarConfig(series, 'events', colors);

  it('plots one bar per day', () => {
    expect(config.type).toBe('bar');
    expect(config.data.labels).toEqual(['2026-11-01', '2026-11-02', '2026-11-03']);
    expect(config.data.datasets[0].data).toEqual([1200, 3400, 900]);
  });

  it('labels the axes with short dates and compact counts', () => {
    const x = config.options?.scales?.x?.ticks?.callback as (value: unknown, index: number) => string;
    const y = config.options?.scales?.y?.ticks?.callback as (value: unknown) => string;
    expect(x(0, 1)).toBe('Nov 2');
    expect(y(3400)).toBe('3.4K');
  });

  it('gives tooltips the full date and the exact count', () => {
    const callbacks = config.options?.plugins?.tooltip?.callbacks as { title: (items: unknown[]) => string; label: (item: unknown) => string };
    expect(callbacks.title([{ label: '2026-11-02' }])).toBe('Mon, Nov 2, 2026');
    expect(callbacks.label({ raw: 3400 })).toBe('3,400 events');
  });
});

describe('describeSeries', () => {
  it('sums the series and names its peak', () => {
    expect(describeSeries(series, 'events')).toBe('5,500 events from Nov 1 to Nov 3; peak 3,400 on Nov 2.');
    expect(describeSeries([], 'members')).toBe('No members in this period.');
  });
});

describe('rankingBarConfig', () => {
  const ranking = [
    { event: 'Page Viewed', count: 5000 },
    { event: 'Product Viewed', count: 2100 },
  ];
  it('plots one horizontal bar per event and describes the ranking', () => {
    const config = rankingBarConfig(ranking, 'events', colors);
    expect(config.options?.indexAxis).toBe('y');
    expect(config.data.labels).toEqual(['Page Viewed', 'Product Viewed']);
    expect(config.data.datasets[0].data).toEqual([5000, 2100]);
    expect(describeRanking(ranking, 'events')).toBe('1. Page Viewed: 5,000; 2. Product Viewed: 2,100.');
  });
});
