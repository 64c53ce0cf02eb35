import type { Condition, CountOp, EventCondition, SegmentDefinition, TimeWindow } from '../../segments/dsl.ts';
import { linkEvents, linkSegment } from './entity-linking.ts';
import { findTimeExpressions } from './time-expressions.ts';
import { blank, capitalise, isStopword, NUMBER_PATTERN, parseNumberWord, stem } from './text.ts';
import { extractTraits } from './trait-extraction.ts';

/** What drafting links against: today's date, the catalog's event names and its segments. */
export interface DraftCatalog {
  today: string;
  events: readonly string[];
  segments: ReadonlyArray<{ id: string; name: string }>;
  /** Property names per event (from list_event_schemas), to filter on a product category when one exists. */
  properties?: Readonly<Record<string, readonly string[]>>;
}

/** A segment drafted from plain English. */
export interface Draft {
  definition: SegmentDefinition;
  suggestedName: string;
  description: string;
  /** Words of the request that no condition expresses (the answer says they were left out). */
  ignored: string[];
  /** Product words that could not become a filter because the event has no such property (and an event that has one). */
  unfiltered: Array<{ event: string; words: string; instead?: string }>;
}

const POPULATION = /\b(?:users|people|customers|shoppers|visitors|buyers|members|accounts|anyone|everyone|those|folks|profiles|subscribers|someone|somebody|user|customer|person)\b/;
const REQUEST = /^.*?\b(?:segment|audience|cohort|list|group)\s+(?:of|for|with|where|containing|that (?:includes|contains)|made of)\s+/;
const LEAD_IN =
  /^(?:(?:please|can you|could you|would you|i want to|i'd like to|i would like to|help me|let's|lets)\s+)*(?:create|build|make|draft|define|suggest|set up|generate|give me|find|show me|get me|i want|i need|find me)\b(?:\s+(?:a|an|me|the|new|us)\b)*\s*(?:segment|audience|cohort|list|group)?\s*(?:of|for|with|where)?[\s:,-]*/;
const NEGATIVE = /\b(?:never|not|no|didn't|did not|haven't|have not|hasn't|has not|don't|doesn't|do not|does not|without|zero|n't)\b/;
const FILLER = new Set(
  (
    'who that which users people customers shoppers visitors members accounts anyone everyone those folks profiles subscribers someone somebody user customer person ' +
    'never not no didn t didn\'t did haven\'t hasn\'t have has don\'t doesn\'t without times time least more than fewer less exactly most once twice ever also only ' +
    'create build make draft define suggest segment audience cohort list group new please me find want need like would could i us our their them they ' +
    'placed made performed done something anything item items product products stuff category worth valued'
  ).split(' '),
);

interface Clause {
  joiner: 'and' | 'or';
  conditions: EventCondition[];
  explicitWindow: boolean;
  never: boolean;
}

const COUNT_RULES: Array<[RegExp, CountOp, number?]> = [
  [new RegExp(`\\b(?:at least|min(?:imum)?(?: of)?|no fewer than|no less than)\\s+(${NUMBER_PATTERN})\\b`), '>='],
  [new RegExp(`\\b(?:more than|over|above|greater than)\\s+(${NUMBER_PATTERN})\\b`), '>'],
  [new RegExp(`\\b(${NUMBER_PATTERN})\\s*(?:\\+|or more)(?:\\s+times)?`), '>='],
  [new RegExp(`\\b(?:fewer than|less than|under|below)\\s+(${NUMBER_PATTERN})\\b`), '<'],
  [new RegExp(`\\b(?:at most|no more than|up to)\\s+(${NUMBER_PATTERN})\\b`), '<='],
  [new RegExp(`\\bexactly\\s+(${NUMBER_PATTERN})\\b`), '='],
  [new RegExp(`\\b(\\d+|two|three|four|five|six|seven|eight|nine|ten)\\s+(?:times|orders|purchases|visits)\\b`), '>='],
  [/\b(twice|thrice)\b/, '>='],
  [/\b(?:multiple|several|repeat(?:ed)?|repeatedly)\b/, '>=', 2],
];

function countOf(text: string): EventCondition['count'] | undefined {
  for (const [pattern, op, fixed] of COUNT_RULES) {
    const m = pattern.exec(text);
    if (!m) continue;
    const value = fixed ?? parseNumberWord(m[1]);
    if (value !== undefined && value >= 0) return { op, value };
  }
  return undefined;
}

/** Property filters the description spells out ("in the Footwear category", "orders over $100") and their spans. */
function filtersOf(text: string): { where?: EventCondition['where']; spans: Array<{ start: number; end: number }> } {
  const where: NonNullable<EventCondition['where']> = [];
  const spans: Array<{ start: number; end: number }> = [];
  const category = /\b(?:in|from) the ([a-z]+) category\b/.exec(text);
  if (category) {
    where.push({ property: 'category', op: 'eq', value: capitalise(category[1]) });
    spans.push({ start: category.index, end: category.index + category[0].length });
  }
  const value = /\b(?:worth|over|above|of more than|valued at over|bigger than)\s+\$\s*(\d[\d,]*)/.exec(text);
  if (value) {
    where.push({ property: 'revenue', op: 'gt', value: Number(value[1].replace(/,/g, '')) });
    spans.push({ start: value.index, end: value.index + value[0].length });
  }
  return where.length > 0 ? { where, spans } : { spans };
}

/** Words that never name a product or category ("gear", "something"). */
const NOT_PRODUCT = new Set(['gear', 'things', 'goods', 'merch', 'merchandise', 'online', 'again', 'recently', 'lately', 'often', 'frequently', 'page', 'site', 'website', 'store', 'shop', 'app', 'email', 'emails']);

/** "jackets" → "jacket", "accessories" → "accessor": a stem that a category name contains, whatever its number. */
function singular(word: string): string {
  if (/ies$/.test(word) && word.length > 4) return word.slice(0, -3);
  if (/(?:ch|sh|ss|x)es$/.test(word)) return word.slice(0, -2);
  if (/[^su]s$/.test(word) && word.length > 3) return word.slice(0, -1);
  return word;
}

/**
 * The product words of a clause ("jackets" in "bought jackets"): words next to the event's phrase or inside
 * it that name neither the event, a time, a count nor a filler.
 */
function productWords(clause: string, link: { start: number; end: number; event: string }): string[] {
  const eventWords = new Set(link.event.toLowerCase().split(/\s+/).map(stem));
  const inside = clause.slice(link.start, link.end).split(/[^a-z']+/);
  const after = clause.slice(link.end).trim().split(/[^a-z']+/);
  const runAfter: string[] = [];
  for (const word of after) {
    if (!word || isStopword(word) || FILLER.has(word) || NOT_PRODUCT.has(word) || word.length <= 2) break;
    runAfter.push(word);
  }
  const words = [...inside, ...runAfter].filter(
    (w) => w.length > 2 && !isStopword(w) && !FILLER.has(w) && !NOT_PRODUCT.has(w) && !eventWords.has(stem(w)) && !EVENT_VERBS.has(w),
  );
  return words;
}

/** Words of the everyday event phrases ("added ... to cart", "bought") that are not product words. */
const EVENT_VERBS = new Set(
  'add adds added adding cart carts basket bag wishlist wishlists wish bought buy buys buying purchase purchased purchases purchasing order orders ordered placed viewed view views saved later favorited favourited removed checked check out searched search looked'.split(
    ' ',
  ),
);

/** Splits a description into clauses at "and", "but", "or", "who", commas; each knows how it is joined. */
function splitClauses(text: string): Array<{ text: string; joiner: 'and' | 'or' }> {
  const parts = text.split(/\s*\b(and|but|or|yet|who|that|whereas|while|although|though|plus)\b\s*|\s*,\s*/);
  const clauses: Array<{ text: string; joiner: 'and' | 'or' }> = [];
  let joiner: 'and' | 'or' = 'and';
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part === undefined) continue;
    if (i % 2 === 1) {
      if (part === 'or') joiner = 'or';
      continue;
    }
    if (part.trim() === '') continue;
    clauses.push({ text: part.trim(), joiner });
    joiner = 'and';
  }
  return clauses;
}

/** The clause's own window; "recently" reads as the last 30 days. */
function windowOf(text: string, today: string): TimeWindow | undefined {
  const window = findTimeExpressions(text, today)[0]?.window;
  if (window) return window;
  return /\brecent(?:ly)?\b|\blately\b/.test(text) ? { type: 'relative', last: 30, unit: 'days' } : undefined;
}

function leftovers(text: string, spans: Array<{ start: number; end: number }>, today: string): string[] {
  const rest = blank(text, [...spans, ...findTimeExpressions(text, today)]);
  return rest
    .replace(/\brecent(?:ly)?\b|\blately\b/g, ' ')
    .replace(/\b(?:at least|more than|fewer than|less than|at most|exactly|\d+)\b/g, ' ')
    .split(/[^a-z']+/)
    .filter((w) => w.length > 2 && !isStopword(w) && !FILLER.has(w));
}

/** Gives windowless clauses the window of the nearest clause that has one (the following first); "never" stays ever. */
function shareWindows(clauses: Clause[]): void {
  const sources = clauses.map((c, i) => (c.explicitWindow ? i : -1)).filter((i) => i >= 0);
  for (let i = 0; i < clauses.length; i++) {
    const clause = clauses[i];
    if (clause.explicitWindow || clause.never || sources.length === 0) continue;
    const source = sources.find((s) => s > i) ?? sources.findLast((s) => s < i);
    if (source === undefined) continue;
    for (const condition of clause.conditions) condition.window = clauses[source].conditions[0]?.window;
  }
}

const NOUNS: Record<string, [string, string]> = {
  'Order Completed': ['Buyers', 'Purchase'],
  'Product Added to Wishlist': ['Wishlisters', 'Wishlist'],
  'Product Added': ['Cart Adders', 'Cart Add'],
  'Product Viewed': ['Product Viewers', 'Product View'],
  'Page Viewed': ['Visitors', 'Visit'],
  'Checkout Started': ['Checkout Starters', 'Checkout'],
  'Signed Up': ['Signups', 'Signup'],
  'Email Opened': ['Email Openers', 'Email Open'],
  'Email Clicked': ['Email Clickers', 'Email Click'],
  'Products Searched': ['Searchers', 'Search'],
  'Cart Viewed': ['Cart Viewers', 'Cart View'],
  'Product Removed': ['Cart Removers', 'Cart Removal'],
};

function suggestName(positives: EventCondition[], negatives: EventCondition[], tags: string[], products: string[] = []): string {
  const first = positives[0];
  const words = [...tags];
  if (first) {
    if (first.window?.type === 'relative' || first.window?.type === 'absolute') words.push('Recent');
    if (first.count && first.count.value >= 2 && first.count.op.startsWith('>')) words.push('Frequent');
    words.push(...products);
    words.push(NOUNS[first.event]?.[0] ?? `${first.event} Users`);
  } else {
    words.push('Users');
  }
  const name = negatives.length > 0 ? `${words.join(' ')} Without ${negatives.map((n) => NOUNS[n.event]?.[1] ?? n.event).join(' or ')}` : words.join(' ');
  return name.length > 80 ? `${name.slice(0, 77)}...` : name;
}

const PROPER = /\b(?:us|usa|uk|germany|france|canada|spain|italy|netherlands|holland|australia|japan|brazil|mexico|india|sweden|ireland|switzerland|austria|poland|belgium|denmark|norway|portugal|german|american|british|french|canadian|spanish|italian|dutch|january|february|march|april|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/g;

/** Restores the capitals normalising took away from names of countries, months and days. */
function properCase(text: string): string {
  return text.replace(PROPER, (w) => (w.length <= 3 ? w.toUpperCase() : capitalise(w)));
}

/**
 * Drafts a segment definition from a normalised plain-English description: events performed or not (with
 * count, window and simple property filters), traits, membership of other segments, and and/or.
 */
export function draftSegment(text: string, catalog: DraftCatalog): Draft {
  const stripped = (REQUEST.test(text) ? text.replace(REQUEST, '') : text.replace(LEAD_IN, '')).replace(/^(?:new\s+)?(?:segment|audience|cohort)\b\s*[:,-]?\s*(?:of|for|with)?\s*/, '');
  const population = POPULATION.exec(stripped);
  const description = (population && population.index > 0 && /^(?:a|an|the|some|all)\b/.test(stripped) ? stripped.slice(population.index) : stripped)
    .replace(/\s+,/g, ',')
    .trim();
  const traits = extractTraits(description);
  const spans: Array<{ start: number; end: number }> = traits.map((t) => ({ start: t.start, end: t.end }));
  const segmentConditions: Condition[] = [];
  const segmentLink = linkSegment(description, catalog.segments.map((s) => s.name));
  if (segmentLink.kind === 'one' && segmentLink.score >= 2) {
    const segment = catalog.segments.find((s) => s.name === segmentLink.name);
    const at = description.indexOf(segment?.name.toLowerCase().replace(/[-_]+/g, ' ') ?? '\u0000');
    if (segment && at >= 0) {
      const before = description.slice(Math.max(0, at - 24), at);
      segmentConditions.push({ type: 'segment', segment: segment.id, member: !/\b(?:not|n't|outside|excluding|except)\b/.test(before) });
      spans.push({ start: Math.max(0, at - (/(?:(?:not |n't )?(?:in|of|from) (?:the )?)$/.exec(before)?.[0].length ?? 0)), end: at + segment.name.length });
    }
  }
  const rest = blank(description, spans);
  const clauses: Clause[] = [];
  const ignored: string[] = [];
  const tags: string[] = [];
  const unfiltered: Draft['unfiltered'] = [];
  for (const part of splitClauses(rest)) {
    const links = linkEvents(part.text, catalog.events);
    const negative = NEGATIVE.test(part.text);
    const window = windowOf(part.text, catalog.today);
    const timeSpans = findTimeExpressions(part.text, catalog.today);
    const withoutTime = blank(part.text, timeSpans);
    const count = countOf(withoutTime);
    const { where, spans: filterSpans } = filtersOf(withoutTime);
    const never = /\b(?:never|ever|at any time)\b/.test(part.text) && !window;
    let unexpressed = [...leftovers(part.text, [...links, ...filterSpans], catalog.today), ...links.flatMap((l) => l.extra.filter((w) => !FILLER.has(w)))];
    if (links.length === 0) {
      ignored.push(...unexpressed);
      continue;
    }
    const products = where ? [] : productWords(withoutTime, links[0]);
    let productFilter: NonNullable<EventCondition['where']> | undefined;
    const known = catalog.properties?.[links[0].event];
    if (products.length > 0 && known) {
      if (known.includes('category')) {
        const value = singular(products[products.length - 1]);
        productFilter = [{ property: 'category', op: 'contains', value }];
        tags.push(capitalise(value));
        unexpressed = unexpressed.filter((w) => !products.includes(w));
      } else if (known.some((p) => /^(?:product_id|items|order_id|revenue|price)$/.test(p))) {
        const withCategory = Object.entries(catalog.properties ?? {}).filter(([, props]) => props.includes('category')).map(([name]) => name);
        const instead = withCategory.find((name) => /\badded\b/i.test(name) && !/wish/i.test(name)) ?? withCategory[0];
        unfiltered.push({ event: links[0].event, words: products.join(' '), ...(instead ? { instead } : {}) });
        unexpressed = unexpressed.filter((w) => !products.includes(w));
      }
    }
    ignored.push(...unexpressed);
    const conditions = links.map((link, i): EventCondition => {
      const filter = where ?? (i === 0 ? productFilter : undefined);
      return {
        type: 'event',
        event: link.event,
        performed: !negative,
        ...(negative ? {} : { count: count ?? { op: '>=', value: 1 } }),
        window: never ? { type: 'ever' } : (window ?? { type: 'ever' }),
        ...(filter ? { where: filter } : {}),
      };
    });
    clauses.push({ joiner: part.joiner, conditions, explicitWindow: window !== undefined && window.type !== 'ever', never });
  }
  shareWindows(clauses);
  const groups: Condition[][] = [];
  for (const clause of clauses) {
    if (clause.joiner === 'or' && groups.length > 0) groups[groups.length - 1].push(...clause.conditions);
    else groups.push([...clause.conditions]);
  }
  const eventConditions: Condition[] = groups.map((g) => (g.length === 1 ? g[0] : { type: 'group', match: 'any', conditions: g }));
  const fixed: Condition[] = [...traits.flatMap((t) => [t.condition, ...(t.more ?? [])]), ...segmentConditions];
  const onlyOr = eventConditions.length === 1 && eventConditions[0].type === 'group' && fixed.length === 0;
  const definition: SegmentDefinition = onlyOr
    ? { match: 'any', conditions: (eventConditions[0] as { conditions: Condition[] }).conditions }
    : { match: 'all', conditions: [...fixed, ...eventConditions] };
  const events = clauses.flatMap((c) => c.conditions);
  return {
    definition,
    suggestedName: suggestName(events.filter((e) => e.performed), events.filter((e) => !e.performed), traits.map((t) => t.tag), tags),
    description: capitalise(properCase(description.replace(/\s+/g, ' '))),
    ignored: [...new Set(ignored)],
    unfiltered,
  };
}
