const DAY_MS = 86_400_000;
const dayPrefixes = new Map<number, string>();

/**
 * Formats epoch milliseconds as a ClickHouse DateTime64(3) literal in UTC (`YYYY-MM-DD hh:mm:ss.sss`).
 * Millions of events share a few hundred days, so the date part is cached per day.
 */
export function formatTimestamp(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 11).replace('T', ' ');
    dayPrefixes.set(day, prefix);
  }
  let rest = ms - day * DAY_MS;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  return `${prefix}${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}.${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}`;
}

/** Formats epoch milliseconds as a `YYYY-MM-DD` date (UTC). */
export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}
