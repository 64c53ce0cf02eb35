const CURRENCIES: Record<string, string> = { $: 'USD', usd: 'USD', '€': 'EUR', eur: 'EUR', '£': 'GBP', gbp: 'GBP' };
const PERCENT_UNITS = new Set(['%', 'percent', 'pct']);
const COMPACT_FROM = 100_000;
const SUFFIXES: Array<[number, string]> = [
  [1e12, 'T'],
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/**
 * Formats a KPI for MetricCard: grouped digits below 100,000 (12,345), compact above (123.5k, 1.2M), a currency
 * symbol for money units ($1,234.50, $1.2M) and a percent sign for '%'. Other units are shown beside the number
 * by the card, so they are not part of the text.
 */
export function formatMetric(value: number, unit?: string): string {
  const key = unit?.trim().toLowerCase() ?? '';
  const currency = CURRENCIES[key];
  if (currency) {
    const symbol = new Intl.NumberFormat('en-US', { style: 'currency', currency }).formatToParts(0).find((p) => p.type === 'currency')?.value;
    const sign = value < 0 ? '-' : '';
    const magnitude = Math.abs(value);
    const digits = magnitude >= COMPACT_FROM ? compact(magnitude) : group(magnitude, Number.isInteger(magnitude) ? 0 : 2, 2);
    return `${sign}${symbol}${digits}`;
  }
  if (PERCENT_UNITS.has(key)) return `${group(value, 0, 1)}%`;
  return Math.abs(value) >= COMPACT_FROM ? `${value < 0 ? '-' : ''}${compact(Math.abs(value))}` : group(value, 0, 2);
}

function group(value: number, minimumFractionDigits: number, maximumFractionDigits: number): string {
  return new Intl.NumberFormat('en-US', { minimumFractionDigits, maximumFractionDigits }).format(value);
}

function compact(magnitude: number): string {
  for (const [size, suffix] of SUFFIXES) {
    const scaled = Math.round((magnitude / size) * 10) / 10;
    if (scaled >= 1) return `${group(scaled, 0, 1)}${suffix}`;
  }
  return group(magnitude, 0, 1);
}
