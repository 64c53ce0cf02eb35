import { z } from 'zod';
import { SegOpsError } from '../core/errors.ts';

/** The longest range a ClickHouse tool accepts, in days. */
export const MAX_RANGE_DAYS = 365;

const DAY_MS = 86_400_000;

/** True for a real date (2026-02-30 is refused); its day part must survive a round trip through Date. */
const validDate = (text: string) => {
  const ms = Date.parse(text.length === 10 ? text : text.slice(0, 10));
  return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(text.slice(0, 10)) && !Number.isNaN(Date.parse(text));
};

/** A UTC day `YYYY-MM-DD` (a short pattern: the model's JSON Schema stays small). */
export const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a day like 2026-10-01' })
  .refine(validDate, { error: 'must be a real calendar day like 2026-10-01' });

const isoInstant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/, {
    error: 'must be a date like 2026-10-01 or a datetime like 2026-10-01T00:00:00Z',
  })
  .refine(validDate, { error: 'must be a real date like 2026-10-01' });

/**
 * The time-range fields shared by the ClickHouse tools: `days` (ending today, today included), or an explicit
 * `from` (inclusive) / `to` (exclusive, default now). `from` wins over `days`.
 */
export function timeRangeFields(defaultDays: number) {
  return {
    days: z
      .int()
      .min(1)
      .max(MAX_RANGE_DAYS)
      .default(defaultDays)
      .describe(
        `Number of UTC calendar days ending today, today included (7 = this week so far and the 6 days before; 1 = today). ` +
          `Default ${defaultDays}. Ignored when 'from' is given.`,
      ),
    from: isoInstant
      .optional()
      .describe("Start of the range, inclusive, as an ISO date (2026-10-01) or datetime. Use it for 'since Monday', 'in October'."),
    to: isoInstant
      .optional()
      .describe(
        "End of the range, exclusive, as an ISO date or datetime (to=2026-11-01 ends with October 31). Defaults to now; later than now is capped at now.",
      ),
  };
}

/** The time-range input of a ClickHouse tool after defaults. */
export interface TimeRangeInput {
  days: number;
  from?: string;
  to?: string;
}

/** A resolved range of whole UTC days, both ends included, as `YYYY-MM-DD`. */
export interface DayRange {
  from: string;
  to: string;
  /** Every day of the range, in order. */
  days: string[];
}

/** Describes the `from`/`to` of a tool output for the model. */
export const dayRangeOutput = {
  from: z.string().describe('First UTC day counted, YYYY-MM-DD (included).'),
  to: z.string().describe('Last UTC day counted, YYYY-MM-DD (included).'),
};

/**
 * Turns a tool's time-range input into whole UTC days (the rollups count by day; a time of day is rounded to
 * its day). Throws a SegOpsError with a message the model can act on when the range is empty, starts after it
 * ends, starts in the future or covers more than 365 days.
 */
export function resolveDayRange(input: TimeRangeInput, now: Date): DayRange {
  const today = startOfDay(now.getTime());
  const requestedEnd = input.to === undefined ? now.getTime() : Date.parse(input.to);
  if (input.from !== undefined && Date.parse(input.from) >= requestedEnd) {
    throw new SegOpsError('INVALID_RANGE', `'from' (${input.from}) must be before 'to' (${input.to ?? 'now'}); 'to' is exclusive.`);
  }
  const lastDay = Math.min(startOfDay(requestedEnd - 1), today);
  const firstDay = input.from === undefined ? lastDay - (input.days - 1) * DAY_MS : startOfDay(Date.parse(input.from));
  if (firstDay > today) {
    throw new SegOpsError('INVALID_RANGE', `'from' (${input.from}) is in the future; today is ${formatDay(today)}.`);
  }
  const count = Math.round((lastDay - firstDay) / DAY_MS) + 1;
  if (count > MAX_RANGE_DAYS) {
    throw new SegOpsError(
      'INVALID_RANGE',
      `The range ${formatDay(firstDay)} to ${formatDay(lastDay)} covers ${count} days; at most ${MAX_RANGE_DAYS} days can be queried at once. Narrow 'from'/'to'.`,
    );
  }
  const days = Array.from({ length: count }, (_, i) => formatDay(firstDay + i * DAY_MS));
  return { from: days[0], to: days[days.length - 1], days };
}

function startOfDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

function formatDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
