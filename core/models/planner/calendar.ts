/** UTC calendar arithmetic on `YYYY-MM-DD` strings, the only date form the planner passes around. */

/** Month names, January first, as the planner writes them. */
export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** Weekday names, Monday first (ISO order). */
export const WEEKDAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

/** The month index (0..11) of a month name or abbreviation ("oct", "sept", "october"), else undefined. */
export function monthIndex(word: string): number | undefined {
  const w = word.toLowerCase().replace(/\.$/, '');
  if (w === 'sept') return 8;
  if (w.length < 3) return undefined;
  const index = MONTH_NAMES.findIndex((name) => name.toLowerCase().startsWith(w));
  return index >= 0 ? index : undefined;
}

/** Whether a string is a valid `YYYY-MM-DD` date. */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  return toIso(fromIso(text)) === text;
}

function fromIso(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

function toIso(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The date `n` days after `iso` (negative `n` goes back). */
export function addDays(iso: string, n: number): string {
  const d = fromIso(iso);
  d.setUTCDate(d.getUTCDate() + n);
  return toIso(d);
}

/** The first day of the month `n` months after the month of `iso`. */
export function addMonths(iso: string, n: number): string {
  const d = fromIso(iso);
  return toIso(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1)));
}

/** 0 for Monday through 6 for Sunday. */
export function weekday(iso: string): number {
  return (fromIso(iso).getUTCDay() + 6) % 7;
}

/** The Monday on or before `iso`. */
export function startOfWeek(iso: string): string {
  return addDays(iso, -weekday(iso));
}

/** The first day of the month of `iso`. */
export function startOfMonth(iso: string): string {
  return `${iso.slice(0, 7)}-01`;
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round((fromIso(to).getTime() - fromIso(from).getTime()) / 86_400_000);
}

/** `YYYY-MM-DD` for a year, a month index and a day, or undefined when that day does not exist. */
export function makeDate(year: number, month: number, day: number): string | undefined {
  const iso = `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : undefined;
}

/** The month's name of a date, e.g. "October" for 2026-10-14. */
export function monthName(iso: string): string {
  return MONTH_NAMES[Number(iso.slice(5, 7)) - 1];
}

/** A short human date, "Nov 3" (with the year when it differs from `today`'s). */
export function shortDate(iso: string, today: string): string {
  const text = `${monthName(iso).slice(0, 3)} ${Number(iso.slice(8, 10))}`;
  return iso.slice(0, 4) === today.slice(0, 4) ? text : `${text}, ${iso.slice(0, 4)}`;
}

/** The newest `YYYY-MM-DD` date found in any of the texts, or undefined. */
export function newestDate(texts: Iterable<string>): string | undefined {
  let newest: string | undefined;
  for (const text of texts) {
    for (const match of text.matchAll(/\b(\d{4}-\d{2}-\d{2})/g)) {
      if (isIsoDate(match[1]) && (newest === undefined || match[1] > newest)) newest = match[1];
    }
  }
  return newest;
}
