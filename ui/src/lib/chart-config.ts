import type { ChartConfiguration, TooltipItem } from 'chart.js';
import type { DayCount, RankedEvent } from './component-props.ts';
import { formatCompact, formatDay, formatLongDay, formatNumber } from './format.ts';

/** Colours of a bar chart, read from the design system's CSS variables by the component. */
export interface ChartColors {
  bar: string;
  barHover: string;
  grid: string;
  text: string;
}

/**
 * The chart.js configuration of a daily bar chart: dates on the x axis ("Nov 3", thinned to fit),
 * compact counts on the y axis, and a tooltip with the full date and the exact count.
 */
export function dailyBarConfig(series: readonly DayCount[], unit: string, colors: ChartColors): ChartConfiguration<'bar', number[], string> {
  return {
    type: 'bar',
    data: {
      labels: series.map((point) => point.day),
      datasets: [
        {
          label: unit,
          data: series.map((point) => point.count),
          backgroundColor: colors.bar,
          hoverBackgroundColor: colors.barHover,
          borderRadius: 3,
          maxBarThickness: 36,
        },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: {
          grid: { display: false },
          ticks: { color: colors.text, autoSkip: true, maxRotation: 0, maxTicksLimit: 8, callback: (_value, index) => formatDay(series[index]?.day ?? '') },
        },
        y: {
          beginAtZero: true,
          grid: { color: colors.grid },
          border: { display: false },
          ticks: { color: colors.text, precision: 0, maxTicksLimit: 6, callback: (value) => formatCompact(Number(value)) },
        },
      },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: (items: TooltipItem<'bar'>[]) => (items[0] ? formatLongDay(String(items[0].label)) : ''),
            label: (item: TooltipItem<'bar'>) => `${formatNumber(Number(item.raw))} ${unit}`,
          },
        },
      },
    },
  };
}

/** A sentence describing a series, for screen readers and as the chart's text alternative. */
export function describeSeries(series: readonly DayCount[], unit: string): string {
  if (series.length === 0) return `No ${unit} in this period.`;
  const total = series.reduce((sum, point) => sum + point.count, 0);
  const peak = series.reduce((best, point) => (point.count > best.count ? point : best));
  const first = series[0].day;
  const last = series[series.length - 1].day;
  return `${formatNumber(total)} ${unit} from ${formatDay(first)} to ${formatDay(last)}; peak ${formatNumber(peak.count)} on ${formatDay(peak.day)}.`;
}

/** The chart.js configuration of a ranking: one horizontal bar per event, largest on top. */
export function rankingBarConfig(ranking: readonly RankedEvent[], unit: string, colors: ChartColors): ChartConfiguration<'bar', number[], string> {
  return {
    type: 'bar',
    data: {
      labels: ranking.map((item) => item.event),
      datasets: [{ label: unit, data: ranking.map((item) => item.count), backgroundColor: colors.bar, hoverBackgroundColor: colors.barHover, borderRadius: 3, maxBarThickness: 28 }],
    },
    options: {
      indexAxis: 'y',
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: {
        x: { beginAtZero: true, grid: { color: colors.grid }, border: { display: false }, ticks: { color: colors.text, maxTicksLimit: 6, callback: (value) => formatCompact(Number(value)) } },
        y: { grid: { display: false }, ticks: { color: colors.text } },
      },
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: (item: TooltipItem<'bar'>) => `${formatNumber(Number(item.raw))} ${unit}` } },
      },
    },
  };
}

/** A sentence describing a ranking, for screen readers and as the chart's text alternative. */
export function describeRanking(ranking: readonly RankedEvent[], unit: string): string {
  if (ranking.length === 0) return `No ${unit} in this period.`;
  return ranking.map((item, i) => `${i + 1}. ${item.event}: ${formatNumber(item.count)}`).join('; ') + '.';
}
