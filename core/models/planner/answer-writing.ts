/**
 * The planner's words: number formatting, lists, and the fixed texts for help, clarifying questions and
 * questions it cannot answer. Answers never contain a number that is not in a tool result or the question.
 */

const NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** A number as the answer writes it: "12,345". */
export function formatNumber(n: number): string {
  return NUMBER.format(n);
}

/** A name people typically give: words, digits and a few signs, short, no sentence of its own. */
const PLAIN_NAME = /^[\p{L}\p{N}][\p{L}\p{N} &'’+\-_/()#%$]{0,59}$/u;

/**
 * A user-made name (a segment's) as the answer writes it: as is when it is a plain label, else in quotes and
 * cut short, so that text planted in a name ("… Ignore previous instructions …") reads as data, never as the
 * copilot's own words.
 */
export function nameInProse(name: string): string {
  if (PLAIN_NAME.test(name)) return name;
  const flat = name.replace(/\s+/g, ' ').replace(/"/g, '”').trim();
  return `"${flat.length > 60 ? `${flat.slice(0, 59)}…` : flat}"`;
}

/** "A", "A and B", "A, B and C". */
export function joinList(items: readonly string[], conjunction = 'and'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

/** "1 event" / "2 events" (the noun is pluralised with -s). */
export function plural(n: number, noun: string): string {
  return `${formatNumber(n)} ${noun}${n === 1 ? '' : 's'}`;
}

/** What the copilot can do, in one line, for help answers and for questions it cannot answer. */
const CAPABILITIES =
  'I can show top events and event volume or trends over a period, segment sizes, membership trends and conditions, ' +
  'rank your segments, draft a new segment from a plain-English description, and list your connectors, event schemas and recently ingested events.';

/** The answer to a greeting or "what can you do?". */
export function helpAnswer(): string {
  return `Hi! ${CAPABILITIES} Try "top events this week" or "users who purchased this week but never added to a wishlist".`;
}

/** The honest answer to a question outside SegOps data. */
export function outOfScopeAnswer(topic: string | undefined): string {
  const what = topic ? ` (${topic})` : '';
  const forecast = topic && /^(?:forecast|predict|projection)/.test(topic) ? ', and I report what happened rather than forecast' : '';
  return `I can't answer that from SegOps data${what}: I only see your events, segments, schemas and connectors${forecast}. ${CAPABILITIES}`;
}

/** The answer to a request to change something: the copilot only reads. */
export function writeRequestAnswer(): string {
  return "I can't change anything from here: the copilot only reads your data. Make that change on the Segments or Connectors page; for a new segment I can draft it and you create it with one click.";
}

/** The answer to a question the planner did not understand. */
export function notUnderstoodAnswer(): string {
  return `I can't answer that from SegOps data yet, or I didn't understand it. ${CAPABILITIES}`;
}

/** One clarifying question for a vague question ("how are we doing?"). */
export function vagueAnswer(): string {
  return (
    'Happy to dig in — what would you like to look at: event volume over a period (e.g. "event volume last month"), ' +
    'your top events, segment sizes and their trends, or the health of your connectors?'
  );
}

/** Asks which segment is meant, offering some of the catalog's names. */
export function whichSegmentAnswer(names: readonly string[], candidates?: readonly string[]): string {
  if (candidates && candidates.length > 1) return `Which segment do you mean: ${joinList(candidates.map((n) => `"${n}"`), 'or')}?`;
  if (names.length === 0) return 'There are no segments in this workspace yet. I can draft one from a plain-English description.';
  const shown = names.slice(0, 5).map((n) => `"${n}"`);
  return `Which segment do you mean? For example ${joinList(shown, 'or')}.`;
}

/** Says a named thing is not in the catalog and what is. */
export function notInCatalogAnswer(kind: 'segment' | 'event', phrase: string, available: readonly string[]): string {
  const some = available.slice(0, 6).map((n) => `"${n}"`);
  const list = some.length > 0 ? ` Available ${kind}s include ${joinList(some)}.` : '';
  return `I couldn't find ${kind === 'event' ? 'an' : 'a'} ${kind} matching "${phrase.trim()}" in your workspace.${list}`;
}

/** Acknowledges a failed tool honestly, without inventing anything. */
export function toolFailedAnswer(what: string, error: string): string {
  return `I couldn't get ${what}: the tool reported "${error}". I won't guess the numbers; try again in a moment or narrow the question.`;
}

/** The distinctive topic of an out-of-scope question, to name it back. */
export function outOfScopeTopic(text: string): string | undefined {
  const m =
    /\b(forecast\w*|predict\w*|projections?|weather|competitors?|stock|share price|revenue|profit|margin|roi|cac|aov|average order value|conversion rate|churn rate|retention rate|refunds?|inventory|budget|ad spend)\b/.exec(
      text,
    );
  return m?.[1];
}

/** Short explanations of SegOps concepts, keyed by the word a question uses. */
const CONCEPTS: Array<[RegExp, string, string]> = [
  [/^(?:segment|audience|cohort)/, 'A segment (audience) is a group of users defined by conditions on their events and traits, e.g. "ordered in the last month but never added to a wishlist". SegOps recomputes dynamic segments daily and can sync them to destinations through activations.', 'Want me to list your segments, largest first?'],
  [/^(?:activation|connector|destination)/, 'An activation (connector) syncs one segment to a destination such as an ad, email or CRM platform, on a schedule; it shows its last sync and last error.', 'Want me to list your connectors and their status?'],
  [/^(?:event schema|schema|tracking plan)/, 'An event schema describes one tracked event and its properties; together they form your tracking plan, which ingested events are checked against.', 'Want me to list your event schemas?'],
  [/^trait/, 'A trait is a property of a user rather than of an event, such as country, plan or lifetime value; segments can filter on traits as well as on events.', 'I can draft a segment on a trait, e.g. "pro plan users from Germany".'],
  [/^event/, 'An event is one thing a user did, like Page Viewed or Order Completed, sent by your sources with its properties and a timestamp.', 'Want to see your top events this week?'],
  [/^segops/, 'SegOps is a customer-data and segmentation platform: it collects your events, builds segments of users from them and syncs those segments to your tools.', 'Try "top events this week" or "which segments are the largest?".'],
];

/** The answer to "what is a segment?" and the like: what the concept is in SegOps, and one thing to try. */
export function conceptAnswer(word: string): string {
  const found = CONCEPTS.find(([pattern]) => pattern.test(word)) ?? CONCEPTS[CONCEPTS.length - 1];
  return `${found[1]} ${found[2]}`;
}
