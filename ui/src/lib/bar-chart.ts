import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip, type ChartConfiguration } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

/**
 * Draws a bar chart on a canvas. This module is loaded on demand (dynamic import), so chart.js stays out
 * of the entry chunk; only the parts a bar chart needs are registered.
 */
export function drawBarChart(canvas: HTMLCanvasElement, config: ChartConfiguration<'bar', number[], string>): Chart<'bar', number[], string> {
  return new Chart(canvas, config);
}
