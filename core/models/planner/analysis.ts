import { MONTH_NAMES, WEEKDAY_NAMES } from './calendar.ts';
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
  const errorWords = /\b(?:fail\w*|broken|errors?|erroring|issues?|problems?|unhealthy)\b/.test(text);
  return {
    intent: classification.intent,
    classification,
    text,
    entityText,
    draftText: text,
    time: times[0],
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
  const addition = current.text.replace(/^(?:(?:and|also|only|just|but|then|now|ok(?:ay)?|what about|how about)\b\s*)+/, '').trim();
  const ordered = /\b(?:smallest|tiniest|least|fewest|rarest|lowest|bottom|largest|biggest|most|top)\b/.test(current.text);
  return {
    ...previous,
    time: current.time ?? previous.time,
    count: current.count ?? previous.count,
    order: ordered ? current.order : previous.order,
    entityText: residual.length > 0 ? current.entityText : previous.entityText,
    segmentLink: residual.length > 0 && current.segmentLink.kind !== 'none' ? current.segmentLink : previous.segmentLink,
    draftText: addition ? `${previous.draftText} and ${addition}` : previous.draftText,
    followUp: true,
  };
}
