import type { TimeWindow } from '../../segments/dsl.ts';
import {
  addDays,
  addMonths,
  daysBetween,
  makeDate,
  monthIndex,
  monthName,
  shortDate,
  startOfMonth,
  startOfWeek,
  WEEKDAY_NAMES,
  weekday,
} from './calendar.ts';
import { NUMBER_PATTERN, parseNumberWord } from './text.ts';

/** The time-range arguments every ClickHouse tool takes: `days` ending today, or `from` (and exclusive `to`). */
export type RangeArgs = { days: number } | { from: string; to?: string };

/** A time expression found in a question, resolved against today's date. */
export interface TimeRange {
  /** What to pass to the data tools. */
  args: RangeArgs;
  /** How the answer names the period ("in the last 7 days", "yesterday", "in October"). */
  label: string;
  /** The same period as a segment-DSL window. */
  window: TimeWindow;
  /** True when the period is one calendar day. */
  singleDay: boolean;
  /** Where the expression sits in the text it was found in. */
  start: number;
  end: number;
}

/** Longest period the tools accept, in days. */
const MAX_DAYS = 365;

const MONTHS = '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const WEEKDAYS = `(?:${WEEKDAY_NAMES.join('|')})`;
const ORDINAL = '(?:st|nd|rd|th)?';
const DATE = `(?:\\d{4}-\\d{2}-\\d{2}|${MONTHS}\\.?\\s+\\d{1,2}${ORDINAL}(?:\\s+\\d{4})?|\\d{1,2}${ORDINAL}\\s+(?:of\\s+)?${MONTHS}(?:\\s+\\d{4})?)`;
const LEAD = '(?:(?:in|over|during|for|within|from|of|across|throughout)\\s+)?';

type Unit = 'hour' | 'day' | 'week' | 'month' | 'year' | 'quarter';
type Partial = Omit<TimeRange, 'start' | 'end'>;
type Rule = { pattern: RegExp; build: (m: RegExpExecArray, today: string) => Partial | undefined };

const UNIT_DAYS: Record<Exclude<Unit, 'quarter'>, number> = { hour: 1 / 24, day: 1, week: 7, month: 30, year: 365 };

/** A calendar period `[from, to)`; `to` is left out when the period reaches today. */
function period(from: string, to: string, today: string, label: string): Partial {
  const tomorrow = addDays(today, 1);
  const open = to >= tomorrow;
  return {
    args: open ? { from } : { from, to },
    label,
    window: { type: 'absolute', from: `${from}T00:00:00Z`, to: `${open ? tomorrow : to}T00:00:00Z` },
    singleDay: daysBetween(from, open ? tomorrow : to) === 1,
  };
}

function day(iso: string, today: string, label: string): Partial {
  return period(iso, addDays(iso, 1), today, label);
}

/** A rolling window of `n` units ending today; `raw` is how the user wrote the number. */
function rolling(n: number, unit: Exclude<Unit, 'quarter'>, raw: string | undefined): Partial {
  const days = Math.min(MAX_DAYS, Math.max(1, Math.ceil(n * UNIT_DAYS[unit])));
  const window: TimeWindow =
    unit === 'year' ? { type: 'relative', last: 12 * n, unit: 'months' } : { type: 'relative', last: n, unit: `${unit}s` };
  const label = unit === 'hour' && n <= 24 ? 'today' : raw === undefined || n === 1 ? `in the last ${unit}` : `in the last ${raw} ${unit}s`;
  return { args: { days }, label, window, singleDay: unit === 'day' && n === 1 };
}

/** Reads "2026-11-03", "nov 3", "3rd of november 2025" as a date no later than today (year inferred). */
function parseDate(text: string, today: string): string | undefined {
  const t = text.trim().toLowerCase();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (iso) return makeDate(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3]));
  const m =
    new RegExp(`^(${MONTHS})\\.?\\s+(\\d{1,2})${ORDINAL}(?:\\s+(\\d{4}))?$`).exec(t) ??
    new RegExp(`^(\\d{1,2})${ORDINAL}\\s+(?:of\\s+)?(${MONTHS})(?:\\s+(\\d{4}))?$`).exec(t);
  if (!m) return undefined;
  const [monthWord, dayText] = /^\d/.test(m[1]) ? [m[2], m[1]] : [m[1], m[2]];
  const month = monthIndex(monthWord);
  if (month === undefined) return undefined;
  const year = m[3] ? Number(m[3]) : Number(today.slice(0, 4));
  const date = makeDate(year, month, Number(dayText));
  if (date && !m[3] && date > today) return makeDate(year - 1, month, Number(dayText));
  return date;
}

/** The most recent `weekdayName` on or before today (strictly before when `strict`). */
function lastWeekday(weekdayName: string, today: string, strict: boolean): string {
  const target = WEEKDAY_NAMES.indexOf(weekdayName as (typeof WEEKDAY_NAMES)[number]);
  let back = (weekday(today) - target + 7) % 7;
  if (back === 0 && strict) back = 7;
  return addDays(today, -back);
}

/** The first day of a month: of `year`, else the latest such month that has started by today. */
function monthStart(month: number, year: number | undefined, today: string): string | undefined {
  const y = year ?? Number(today.slice(0, 4));
  const from = makeDate(y, month, 1);
  return from && year === undefined && from > today ? makeDate(y - 1, month, 1) : from;
}

function monthPeriod(month: number, year: number | undefined, today: string): Partial | undefined {
  const from = monthStart(month, year, today);
  if (!from) return undefined;
  const label = `in ${monthName(from)}${year === undefined ? '' : ` ${from.slice(0, 4)}`}`;
  return period(from, addMonths(from, 1), today, label);
}

/** The start of the calendar `unit` containing today, and of the one after it. */
function currentPeriod(unit: string, today: string): [string, string] {
  if (unit === 'week') return [startOfWeek(today), addDays(startOfWeek(today), 7)];
  if (unit === 'month') return [startOfMonth(today), addMonths(today, 1)];
  if (unit === 'quarter') {
    const first = addMonths(startOfMonth(today), -(Number(today.slice(5, 7)) - 1) % 3);
    return [first, addMonths(first, 3)];
  }
  return [`${today.slice(0, 4)}-01-01`, `${Number(today.slice(0, 4)) + 1}-01-01`];
}

function previousPeriod(unit: string, today: string): [string, string] {
  const [start] = currentPeriod(unit, today);
  if (unit === 'week') return [addDays(start, -7), start];
  if (unit === 'month') return [addMonths(start, -1), start];
  if (unit === 'quarter') return [addMonths(start, -3), start];
  return [`${Number(today.slice(0, 4)) - 1}-01-01`, start];
}

function sinceStart(anchor: string, today: string): string | undefined {
  const unit = /week|month|year|quarter/.exec(anchor)?.[0];
  if (unit && /start|beginning/.test(anchor)) return currentPeriod(unit, today)[0];
  if (/^last (week|month|year|quarter)$/.test(anchor)) return previousPeriod(anchor.slice(5), today)[0];
  if (anchor === 'yesterday') return addDays(today, -1);
  if (new RegExp(`^${WEEKDAYS}$`).test(anchor)) return lastWeekday(anchor, today, true);
  const month = new RegExp(`^(${MONTHS})(?:\\s+(\\d{4}))?$`).exec(anchor);
  const index = month ? monthIndex(month[1]) : undefined;
  if (month && index !== undefined) return monthStart(index, month[2] ? Number(month[2]) : undefined, today);
  return parseDate(anchor, today);
}

const RULES: Rule[] = [
  {
    pattern: new RegExp(`\\b${LEAD}(?:the\\s+)?(?:last|past|previous|prior|trailing)\\s+(${NUMBER_PATTERN})\\s*-?\\s*(hour|day|week|month|year|d)s?\\b`, 'g'),
    build: (m) => {
      const n = parseNumberWord(m[1]);
      const unit = (m[2] === 'd' ? 'day' : m[2]) as Exclude<Unit, 'quarter'>;
      return n === undefined || n < 1 ? undefined : rolling(n, unit, m[1]);
    },
  },
  {
    pattern: new RegExp(`\\b${LEAD}(?:the\\s+(?:last|past)|past)\\s+(24 hours|hour|day|week|fortnight|month|year)\\b`, 'g'),
    build: (m) => (m[1] === 'fortnight' ? { ...rolling(14, 'day', '14'), label: 'in the last fortnight' } : m[1] === '24 hours' ? rolling(1, 'day', undefined) : rolling(1, m[1] as Exclude<Unit, 'quarter'>, undefined)),
  },
  {
    pattern: new RegExp(`\\b(${NUMBER_PATTERN})\\s*-?\\s*(day|week|month)s?\\s+(?:trend|window|period|view|history)\\b`, 'g'),
    build: (m) => {
      const n = parseNumberWord(m[1]);
      return n === undefined || n < 1 ? undefined : rolling(n, m[2] as Exclude<Unit, 'quarter'>, m[1]);
    },
  },
  {
    pattern: /\b(?:so far\s+)?(?:(?:this|current|the current)\s+(week|month|year|quarter)(?:\s+so far)?|(week|month|year|quarter)[- ]to[- ]date|(w|m|q|y)td)\b/g,
    build: (m, today) => {
      const unit = m[1] ?? m[2] ?? { w: 'week', m: 'month', q: 'quarter', y: 'year' }[m[3]];
      // A plain "this week" is the last 7 days, today included (as the copilot's system prompt defines it);
      // "week to date", "WTD" and "this week so far" are the calendar week since Monday.
      if (m[1] === 'week' && !/so far/.test(m[0])) return { ...rolling(7, 'day', '7'), label: 'this week' };
      const [from, to] = currentPeriod(unit, today);
      return period(from, to, today, `this ${unit}`);
    },
  },
  {
    pattern: /\b(?:(?:in|during|for|of|over)\s+)?(?:last|previous)\s+(week|month|year|quarter)\b/g,
    build: (m, today) => {
      const [from, to] = previousPeriod(m[1], today);
      return period(from, to, today, m[1] === 'month' ? `in ${monthName(from)}` : `last ${m[1]}`);
    },
  },
  { pattern: /\b(?:so far\s+)?today(?:\s+so far)?\b/g, build: (_m, today) => ({ ...day(today, today, 'today'), args: { days: 1 } }) },
  { pattern: /\b(?:the\s+)?day before yesterday\b/g, build: (_m, today) => day(addDays(today, -2), today, 'the day before yesterday') },
  { pattern: /\byesterday\b/g, build: (_m, today) => day(addDays(today, -1), today, 'yesterday') },
  {
    pattern: new RegExp(`\\bsince\\s+(${WEEKDAYS}|${MONTHS}(?:\\s+\\d{4})?(?!\\s*\\d)|yesterday|last (?:week|month|year|quarter)|the (?:start|beginning) of (?:the |this )?(?:week|month|year|quarter)|${DATE})\\b`, 'g'),
    build: (m, today) => {
      const from = sinceStart(m[1], today);
      return from === undefined ? undefined : period(from, addDays(today, 1), today, `since ${labelOf(m[1], from, today)}`);
    },
  },
  {
    pattern: new RegExp(`\\b(?:between|from)\\s+(${DATE})\\s+(?:and|to|until|till|through|-)\\s+(${DATE})\\b`, 'g'),
    build: (m, today) => {
      const from = parseDate(m[1], today);
      const last = parseDate(m[2], today);
      if (!from || !last || last < from) return undefined;
      return period(from, addDays(last, 1), today, `from ${shortDate(from, today)} to ${shortDate(last, today)}`);
    },
  },
  {
    pattern: new RegExp(`\\b(?:on\\s+)?(${DATE})\\b`, 'g'),
    build: (m, today) => {
      const date = parseDate(m[1], today);
      return date === undefined ? undefined : day(date, today, `on ${shortDate(date, today)}`);
    },
  },
  {
    pattern: new RegExp(`\\b(?:(in|during|for|of|throughout|over)\\s+)?(${MONTHS})(?:\\s+(\\d{4}))?\\b(?!\\s*\\d)`, 'g'),
    build: (m, today) => {
      if ((m[2] === 'may' || m[2] === 'mar') && !m[1] && !m[3]) return undefined;
      const month = monthIndex(m[2]);
      return month === undefined ? undefined : monthPeriod(month, m[3] ? Number(m[3]) : undefined, today);
    },
  },
  {
    pattern: new RegExp(`\\b(?:(on|last)\\s+)?(${WEEKDAYS})\\b`, 'g'),
    build: (m, today) => {
      const date = lastWeekday(m[2], today, m[1] === 'last');
      return day(date, today, `on ${m[2].charAt(0).toUpperCase()}${m[2].slice(1)}`);
    },
  },
  {
    pattern: new RegExp(`\\b(${NUMBER_PATTERN})\\s+days?\\s+ago\\b`, 'g'),
    build: (m, today) => {
      const n = parseNumberWord(m[1]);
      return n === undefined ? undefined : day(addDays(today, -n), today, `${m[1]} day${n === 1 ? '' : 's'} ago`);
    },
  },
  {
    pattern: /\b(?:(?:over|on|during)\s+)?(?:the\s+|this\s+|last\s+)?weekend\b/g,
    build: (_m, today) => {
      const saturday = lastWeekday('saturday', weekday(today) >= 5 ? today : addDays(today, -1), false);
      return period(saturday, addDays(saturday, 2), today, 'over the weekend');
    },
  },
  {
    pattern: /\b(?:all[- ]time|of all time|ever|at any time|since (?:the )?(?:beginning|start))\b/g,
    build: () => ({ args: { days: MAX_DAYS }, label: 'over the past year', window: { type: 'ever' }, singleDay: false }),
  },
];

function labelOf(anchor: string, from: string, today: string): string {
  if (parseDate(anchor, today)) return shortDate(from, today);
  if (new RegExp(`^${MONTHS}`).test(anchor)) return `${monthName(from)}${/\d{4}/.test(anchor) ? ` ${from.slice(0, 4)}` : ''}`;
  return new RegExp(`^${WEEKDAYS}$`).test(anchor) ? anchor.charAt(0).toUpperCase() + anchor.slice(1) : anchor;
}

/**
 * Every time expression in a normalised text, resolved against `today` (`YYYY-MM-DD`), in order of
 * appearance and without overlaps (the earliest, then the longest match wins).
 */
export function findTimeExpressions(text: string, today: string): TimeRange[] {
  const found: TimeRange[] = [];
  for (const rule of RULES) {
    for (const m of text.matchAll(rule.pattern)) {
      const range = rule.build(m as RegExpExecArray, today);
      if (range) found.push({ ...range, start: m.index, end: m.index + m[0].length });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: TimeRange[] = [];
  for (const range of found) {
    if (kept.every((k) => range.start >= k.end || range.end <= k.start)) kept.push(range);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/** The first time expression of a normalised text, or undefined when it names no period. */
export function parseTimeExpression(text: string, today: string): TimeRange | undefined {
  return findTimeExpressions(text, today)[0];
}
