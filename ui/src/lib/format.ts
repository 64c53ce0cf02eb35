const integer = new Intl.NumberFormat('en-US');
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
const shortDay = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
const longDay = new Intl.DateTimeFormat('en-US', { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
const dateTime = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false, timeZone: 'UTC' });

/** 12,345 */
export const formatNumber = (value: number): string => integer.format(value);

/** 12.3K: for chart axes. */
export const formatCompact = (value: number): string => compact.format(value);

/** "Nov 3" for a 'YYYY-MM-DD' day (days are UTC calendar days). */
export const formatDay = (day: string): string => shortDay.format(new Date(`${day}T00:00:00Z`));

/** "Mon, Nov 3, 2026" for a 'YYYY-MM-DD' day. */
export const formatLongDay = (day: string): string => longDay.format(new Date(`${day}T00:00:00Z`));

/** "Nov 3, 14:05:09 UTC", or "never" / the raw text when it is missing or not a date. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return 'never';
  const time = Date.parse(value);
  return Number.isNaN(time) ? value : `${dateTime.format(time)} UTC`;
}

/** "850 ms", "1.2 s", "2 min 5 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** "+12.5%" / "−3" style: a signed number, with the sign a reader expects. */
export function formatSigned(value: number, unit = ''): string {
  const sign = value > 0 ? '+' : value < 0 ? '−' : '±';
  return `${sign}${integer.format(Math.abs(value))}${unit}`;
}

/** Pretty JSON of a text that may hold JSON (tool arguments and results), else the text itself. */
export function prettyJson(text: string): string {
  if (text.trim() === '') return '';
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  } catch {
    return text;
  }
}
