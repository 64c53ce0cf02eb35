import { addDays, daysBetween, MONTH_NAMES, WEEKDAY_NAMES } from './calendar.ts';
import { linkEvents, linkSegment, mentionsKnownEvent, type SegmentLink } from './entity-linking.ts';
import { classifyIntent, type Classification, type Intent } from './intents.ts';
import { findTimeExpressions, type TimeRange } from './time-expressions.ts';
import { blank, isStopword, normalise, NUMBER_PATTERN, parseNumberWord, tokens } from './text.ts';

/** The catalogs fetched so far in the conversation; `undefined` means not fetched yet. */
export interface Catalogs {
  segments?: string[];
  events?: string[];
}

/** A question understood: intent plus slots (time, count, order, entities, filters). */
export interface Analysis {
  intent: Intent;
  classification: Classification;
  /** The normalised question (for a follow-up, the question it follows, with the new slots merged). */
  text: string;
  /** The words to link segment and event names against (time and count expressions blanked). */
  entityText: string;
  /** The description to draft a segment from. */
  draftText: string;
  time?: TimeRange;
  /** The period the question compares `time` with ("this week vs last week"). */
  compare?: TimeRange;
  count?: number;
  order: 'desc' | 'asc';
  /** The question asks for one number ("how many", "total"), not a series. */
  singleNumber: boolean;
  segmentStatus?: 'active' | 'paused' | 'draft';
  activationStatus: 'all' | 'error' | 'paused';
  /** Capitalised words that may be a segment's or event's name. */
  properNoun: boolean;
  /** An event is named, in everyday words or by its catalog name. */
  eventMention: boolean;
  segmentLink: SegmentLink;
  /** True when the question reuses an earlier question's intent and entities. */
  followUp: boolean;
}

const COUNT_PATTERNS = [
  new RegExp(`\\b(?:top|first|last|latest|recent|most recent|bottom|newest)\\s+(${NUMBER_PATTERN})\\b`),
  new RegExp(`\\b(${NUMBER_PATTERN})\\s+(?:largest|biggest|smallest|most|least|top|latest|recent|newest|busiest|popular|common|frequent|events|segments|audiences|biggest)\\b`),
  new RegExp(`\\b(?:largest|biggest|smallest)\\s+(${NUMBER_PATTERN})\\b`),
];
const FOLLOW_UP_LEAD = /^(?:and|what about|how about|same|now|ok(?:ay)?|also|then|for|vs|versus|compared? (?:to|with)|what if|but|just|only|instead|again)\b/;
const FOLLOW_UP_NOISE = new Set(['about', 'and', 'how', 'what', 'same', 'now', 'then', 'also', 'instead', 'just', 'only', 'vs', 'versus', 'compared', 'again', 'okay', 'ok', 'one', 'thing', 'period', 'range', 'time']);
const PERIOD_BEFORE = /\b(?:the )?(?:day|week|month|period|(?:\d+|two|three|four) (?:days|weeks|months)) before\b|\b(?:the )?(?:previous|prior|preceding) (?:period|day|week|month)\b/;
const COMPARISON = /\b(?:vs|versus|compared? (?:to|with)|against|than|relative to)\b/;
const GROWTH_RANKING =
  /\b(?:grew|grown|growing|gained|gaining|shr[au]nk|shrinking|declined|declining|lost|losing|dropped|changed|moved)\b.*\b(?:most|fastest|least|biggest|largest|more|quickest)\b|\b(?:fastest|most|quickest)[- ](?:growing|shrinking|declining)\b|\bbiggest (?:growth|gain|drop|decline|change)\b/;

/** A period as the day bounds `[from, to)` it covers. */
function bounds(range: TimeRange, today: string): [string, string] {
  const args = range.args;
  if ('days' in args) return [addDays(today, 1 - args.days), addDays(today, 1)];
  return [args.from, args.to ?? addDays(today, 1)];
}

/**
 * The period a comparison sets against `time`. When the two overlap ("this week", the last 7 days, against
 * "last week", the calendar week before), the comparison becomes the same number of days just before.
 */
function comparedPeriod(time: TimeRange, other: TimeRange, today: string): TimeRange {
  const [from, to] = bounds(time, today);
  const [otherFrom, otherTo] = bounds(other, today);
  if (otherTo <= from || otherFrom >= to) return other;
  const n = daysBetween(from, to);
  const start = addDays(from, -n);
  const label = n === 1 ? 'the day before' : n === 7 ? 'the week before' : n === 14 ? 'the two weeks before' : `the ${n} days before`;
  return { ...other, args: { from: start, to: from }, label, window: { type: 'absolute', from: `${start}T00:00:00Z`, to: `${from}T00:00:00Z` }, singleDay: n === 1 };
}

const CALENDAR_WORDS = new Set<string>([...MONTH_NAMES, ...WEEKDAY_NAMES.map((d) => d.charAt(0).toUpperCase() + d.slice(1)), 'I']);

function countOf(text: string): number | undefined {
  for (const pattern of COUNT_PATTERNS) {
    const m = pattern.exec(text);
    if (m && m[1] !== 'a' && m[1] !== 'an') {
      const n = parseNumberWord(m[1]);
      if (n !== undefined && n >= 1) return Math.min(50, Math.floor(n));
    }
  }
  return undefined;
}

function hasProperNoun(original: string): boolean {
  const words = original.replace(/^[^A-Za-z]*[A-Za-z'-]+/, '').match(/\b[A-Z][A-Za-z'-]*/g) ?? [];
  return words.some((w) => !CALENDAR_WORDS.has(w));
}

function meaningfulWords(text: string): string[] {
  return tokens(text).filter((t) => !isStopword(t) && !FOLLOW_UP_NOISE.has(t) && !/^\d+$/.test(t));
}

/** Reads one question on its own: slots, entity signals against the known catalogs, intent. */
function analyseQuestion(question: string, today: string, catalogs: Catalogs): Analysis {
  const text = normalise(question);
  const times = findTimeExpressions(text, today);
  const withoutTime = blank(text, times);
  const count = countOf(withoutTime);
  const entityText = withoutTime.replace(new RegExp(`\\b(?:top|first|last|latest)\\s+${NUMBER_PATTERN}\\b`, 'g'), ' ');
  const segmentLink: SegmentLink = catalogs.segments ? linkSegment(entityText, catalogs.segments) : { kind: 'none' };
  const segmentNamed = segmentLink.kind === 'one' && segmentLink.score >= 2;
  const eventText = segmentNamed ? blankName(entityText, segmentLink.name) : entityText;
  const eventMention = catalogs.events ? linkEvents(eventText, catalogs.events).length > 0 : mentionsKnownEvent(eventText);
  const segmentHinted =
    segmentLink.kind !== 'none' || (!catalogs.segments && /\b(?:segment|audience|cohort) (?:called|named)\b|\b(?:in|of|for) (?:the )?[a-z][\w-]*(?: [\w-]+){0,3} (?:segment|audience|cohort)\b/.test(text));
  const classification = classifyIntent(text, { eventMention, segmentNamed, segmentHinted });
  if (GROWTH_RANKING.test(text) && /\b(?:segments?|audiences?|cohorts?)\b/.test(text) && !segmentNamed && classification.intent !== 'segment_draft') {
    classification.intent = 'segment_growth';
  }
  const compare =
    times.length >= 2 && COMPARISON.test(text)
      ? comparedPeriod(times[0], times[1], today)
      : times.length === 1 && COMPARISON.test(text) && PERIOD_BEFORE.test(text)
      ? comparedPeriod(times[0], times[0], today)
      : undefined;
  const errorWords = /\b(?:fail\w*|broken|errors?|erroring|issues?|problems?|unhealthy)\b/.test(text);
  return {
    intent: classification.intent,
    classification,
    text,
    entityText,
    draftText: text,
    time: times[0],
    compare,
    count,
    order: /\b(?:smallest|tiniest|least|fewest|rarest|lowest|bottom)\b/.test(text) ? 'asc' : 'desc',
    singleNumber: /\bhow many\b|\bhow much\b|\bnumber of\b|\btotal\b|\bcount\b/.test(text) && !/\btrend|over time|daily|per day|chart|graph|by day|each day|plot\b/.test(text),
    segmentStatus: (/\b(active|paused|draft)\s+(?:segments|audiences)\b|\bsegments (?:that are|which are|are|is) (active|paused|draft)\b/.exec(text)?.slice(1).find(Boolean) as Analysis['segmentStatus']) ?? undefined,
    activationStatus: errorWords && !/\bactive\b/.test(text) ? 'error' : /\bpaused\b/.test(text) ? 'paused' : 'all',
    properNoun: hasProperNoun(question),
    eventMention,
    segmentLink,
    followUp: false,
  };
}

function blankName(text: string, name: string): string {
  const words = name.toLowerCase().split(/[-_\s]+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return text.replace(new RegExp(words.join('[-_\\s]+'), 'g'), (m) => ' '.repeat(m.length));
}

/**
 * A drafted segment's description with a refinement applied: a new period replaces the draft's periods
 * ("same but last 30 days"); other words are added as a further condition ("and only those from Germany").
 */
function refineDraft(previous: string, current: Analysis, residual: string[], addition: string, today: string): string {
  const time = current.time;
  const onlyPeriod = time !== undefined && residual.filter((w) => !/^(?:but|make|change|use|window|period|it|instead|same|with)$/.test(w)).length === 0;
  if (!onlyPeriod || !time) return addition ? `${previous} and ${addition}` : previous;
  const phrase = current.text.slice(time.start, time.end).trim();
  const spans = findTimeExpressions(previous, today);
  if (spans.length === 0) return `${previous} ${/^(?:in|over|during|within|since|from|for|on|this|last|yesterday|today)\b/.test(phrase) ? '' : 'in '}${phrase}`.replace(/\s+/g, ' ');
  let text = previous;
  for (const span of [...spans].reverse()) {
    const old = text.slice(span.start, span.end);
    const lead = /^(?:in|over|during|within|for)\s+(?:the\s+)?/.exec(old)?.[0] ?? '';
    const needsLead = lead !== '' && !/^(?:in|over|during|within|for|since|from|this|yesterday|today|on)\b/.test(phrase);
    text = `${text.slice(0, span.start)}${needsLead ? (/^(?:last|past|previous)\b/.test(phrase) ? 'in the ' : lead) : ''}${phrase}${text.slice(span.end)}`;
  }
  return text;
}

/** Whether a question only adjusts the one before it ("and for last month?", "what about VIP Buyers?"). */
function isFollowUp(current: Analysis): boolean {
  const wordsOnly = classifyIntent(current.text, { eventMention: false, segmentNamed: false, segmentHinted: false });
  if (wordsOnly.score >= 2.5 && wordsOnly.intent !== 'vague' && wordsOnly.intent !== 'unknown') return false;
  const short = tokens(current.text).length <= 6;
  return FOLLOW_UP_LEAD.test(current.text) || (short && (current.time !== undefined || current.count !== undefined));
}

/**
 * Understands the current question of a conversation. A follow-up takes the intent and entities of the
 * question it follows and overrides them with what it names: a period, a count, another segment or event.
 */
export function analyse(question: string, earlier: readonly string[], today: string, catalogs: Catalogs): Analysis {
  const current = analyseQuestion(question, today, catalogs);
  if (earlier.length === 0) return current;
  const refinesDraft = current.intent === 'segment_draft' && FOLLOW_UP_LEAD.test(current.text);
  if (!refinesDraft && !isFollowUp(current)) return current;
  const previous = analyse(earlier[earlier.length - 1], earlier.slice(0, -1), today, catalogs);
  if (previous.intent === 'vague') return { ...current, intent: 'vague' };
  if (['unknown', 'help', 'out_of_scope', 'write_request'].includes(previous.intent)) return current;
  if (refinesDraft && previous.intent !== 'segment_draft') return current;
  const residual = meaningfulWords(current.entityText.replace(FOLLOW_UP_LEAD, ' '));
  const addition = current.text
    .replace(/^(?:(?:and|also|only|just|but|then|now|ok(?:ay)?|what about|how about|same(?: thing| one| segment)?|instead|make it|change it to|with|for)\b\s*)+/, '')
    .trim();
  const ordered = /\b(?:smallest|tiniest|least|fewest|rarest|lowest|bottom|largest|biggest|most|top)\b/.test(current.text);
  const comparesWithPrevious = COMPARISON.test(current.text.slice(0, 20)) && /^(?:and |but |now )?(?:vs|versus|compared?|against|relative)\b/.test(current.text);
  const target = current.time ?? (PERIOD_BEFORE.test(current.text) ? previous.time : undefined);
  const compare =
    comparesWithPrevious && target && previous.time ? comparedPeriod(previous.time, target, today) : current.compare ?? (current.time ? undefined : previous.compare);
  const keepsSubject = comparesWithPrevious && compare !== undefined;
  const perDay = /\btrend|over time|daily|per day|chart|graph|by day|each day|plot\b/.test(current.text);
  const total = /\bhow many\b|\bhow much\b|\bnumber of\b|\btotal\b/.test(current.text);
  return {
    ...previous,
    time: comparesWithPrevious && compare ? previous.time : current.time ?? previous.time,
    compare,
    count: current.count ?? previous.count,
    order: ordered ? current.order : previous.order,
    singleNumber: perDay ? false : total ? true : previous.singleNumber,
    entityText: residual.length > 0 && !keepsSubject ? current.entityText : previous.entityText,
    segmentLink: residual.length > 0 && !keepsSubject && current.segmentLink.kind !== 'none' ? current.segmentLink : previous.segmentLink,
    draftText: previous.intent === 'segment_draft' ? refineDraft(previous.draftText, current, residual, addition, today) : addition ? `${previous.draftText} and ${addition}` : previous.draftText,
    followUp: true,
  };
}
