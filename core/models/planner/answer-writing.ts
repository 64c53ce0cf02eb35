/**
 * The planner's words: number formatting, lists, and the fixed texts for help, clarifying questions and
 * questions it cannot answer. Answers never contain a number that is not in a tool result or the question.
 */

const NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** A number as the answer writes it: "12,345". */
export function formatNumber(n: number): string {
  return NUMBER.format(n);
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
