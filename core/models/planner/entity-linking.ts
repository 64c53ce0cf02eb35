import { isStopword, sameWord, stem } from './text.ts';

/**
 * Everyday words for the common e-commerce events, keyed by the event's usual name. They only count when
 * the live catalog has that event (or one whose name matches the words); nothing assumes an event exists.
 */
const EVENT_SYNONYMS: Record<string, string[]> = {
  'Order Completed': [
    'purchas(?:e|es|ed|ing|ers?)',
    'bought',
    'buy(?:s|ing|ers?)?',
    'orders?',
    'ordered',
    'placed (?:an? )?orders?',
    'check(?:ed|s)? out',
    'completed (?:a |the )?checkouts?',
    'transactions?',
    'conversions?',
    'sales',
  ],
  'Product Added to Wishlist': [
    'add(?:s|ed|ing)? (?:\\w+ ){0,3}?to (?:a |the |their |his |her |my )?wish ?lists?',
    'wish ?lists?', 'wish ?listed', 'wishlist adds?', 'saved (?:\\w+ )?for later', 'favou?rited?'],
  'Product Added': [
    'add(?:s|ed|ing)? (?:\\w+ ){0,3}?to (?:the |their |a |his |her |my )?(?:cart|basket|bag)',
    'cart adds?',
    'add[- ]to[- ]carts?',
    'carted',
  ],
  'Product Viewed': ['product views?', 'product page views?', 'product detail views?', 'looked at (?:an? |the )?products?', 'browsed (?:the )?products?'],
  'Page Viewed': ['page ?views?', 'pageviews?', 'visits?', 'visited (?:the |our )?(?:site|website|store|shop)', 'site visits?'],
  'Checkout Started': ['checkouts?', 'checkout starts?', '(?:started|began|begun|initiated|start|begin|initiate)(?:ed)? (?:a |the )?checkouts?'],
  'Signed Up': ['sign[- ]?ups?', 'registrations?', 'new accounts?', 'created (?:an |their )?accounts?', 'joined'],
  'Email Opened': ['email opens?', 'opened (?:an? |the |our |their )?(?:\\w+ )?emails?', 'opens? (?:an? |the |our )?emails?', 'opened (?:an? |the |our )?newsletters?', 'open rate'],
  'Email Clicked': ['email clicks?', 'clicked (?:on )?(?:an? |the |our )?(?:link in (?:an? |the )?)?emails?', 'click(?:ed)? through'],
  'Products Searched': ['search(?:ed|es|ing)?', 'looked for'],
  'Cart Viewed': ['viewed (?:the |their )?carts?', 'cart views?', 'looked at (?:the |their )?carts?'],
  'Product Removed': ['removed (?:\\w+ ){0,3}?from (?:the |their )?carts?', 'cart removals?'],
};

const COMPILED = Object.entries(EVENT_SYNONYMS).map(
  ([event, phrases]) => [event, new RegExp(`\\b(?:${phrases.join('|')})\\b`, 'g')] as const,
);

/** A phrase of a text linked to an event of the catalog. */
export interface EventLink {
  event: string;
  /** The words of the text that named it. */
  phrase: string;
  start: number;
  end: number;
  score: number;
  /** Words inside the phrase that are not part of the event's name (e.g. "pricing" in "viewed the pricing page"). */
  extra: string[];
}

interface Token {
  word: string;
  stem: string;
  start: number;
  end: number;
}

function wordTokens(text: string): Token[] {
  return [...text.matchAll(/[a-z0-9']+/g)].map((m) => ({ word: m[0], stem: stem(m[0]), start: m.index, end: m.index + m[0].length }));
}

const nameStems = (name: string) => name.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w && !isStopword(w)).map(stem);

/** Whether the text mentions any common event in everyday words (no catalog needed). */
export function mentionsKnownEvent(text: string): boolean {
  return COMPILED.some(([, pattern]) => new RegExp(pattern.source).test(text));
}

/** Links a usual event name to the catalog: the same name, else the catalog name sharing most words. */
function resolveName(usual: string, catalog: readonly string[]): string | undefined {
  const exact = catalog.find((name) => name.toLowerCase() === usual.toLowerCase());
  if (exact) return exact;
  const want = nameStems(usual);
  let best: { name: string; score: number } | undefined;
  for (const name of catalog) {
    const have = nameStems(name);
    const shared = want.filter((w) => have.some((h) => sameWord(w, h))).length;
    const score = shared / Math.max(want.length, have.length);
    if (score >= 0.5 && (!best || score > best.score)) best = { name, score };
  }
  return best?.name;
}

/** Spans where all (or, for long names, all but one) of a catalog name's words appear close together. */
function nameMatches(name: string, tokens: Token[]): EventLink[] {
  const want = nameStems(name);
  if (want.length === 0) return [];
  const needed = want.length >= 3 ? want.length - 1 : want.length;
  const width = want.length + 3;
  const links: EventLink[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const found = new Set<number>();
    let last = i;
    for (let j = i; j < Math.min(tokens.length, i + width); j++) {
      const k = want.findIndex((w, index) => !found.has(index) && sameWord(w, tokens[j].stem));
      if (k >= 0) {
        if (found.size === 0 && j !== i) break;
        found.add(k);
        last = j;
      }
    }
    if (found.size >= needed) {
      const span = tokens.slice(i, last + 1);
      const exact = found.size === want.length && span.length === want.length;
      const extra = span.filter((t) => !isStopword(t.word) && !want.some((w) => sameWord(w, t.stem))).map((t) => t.word);
      links.push({ event: name, phrase: '', start: tokens[i].start, end: tokens[last].end, score: (exact ? 1.2 : found.size / want.length) + 0.05 * found.size, extra });
    }
  }
  return links;
}

/**
 * Every event named in a normalised text, linked against the catalog's event names, in text order and
 * without overlaps (the best-scoring, then the longest phrase wins).
 */
export function linkEvents(text: string, catalog: readonly string[]): EventLink[] {
  const tokens = wordTokens(text);
  const candidates: EventLink[] = catalog.flatMap((name) => nameMatches(name, tokens));
  for (const [usual, pattern] of COMPILED) {
    const event = resolveName(usual, catalog);
    if (!event) continue;
    for (const m of text.matchAll(pattern)) {
      const words = m[0].split(/\s+/).length;
      candidates.push({ event, phrase: '', start: m.index, end: m.index + m[0].length, score: 1 + 0.05 * words, extra: [] });
    }
  }
  candidates.sort((a, b) => b.score - a.score || b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: EventLink[] = [];
  for (const c of candidates) {
    if (kept.every((k) => c.start >= k.end || c.end <= k.start)) kept.push({ ...c });
  }
  for (const k of kept) {
    for (const c of candidates) {
      const overlaps = c.start < k.end && c.end > k.start;
      const free = kept.every((o) => o === k || c.end <= o.start || c.start >= o.end);
      if (c.event === k.event && overlaps && free) {
        [k.start, k.end] = [Math.min(k.start, c.start), Math.max(k.end, c.end)];
        k.extra = [...new Set([...k.extra, ...c.extra])];
      }
    }
    k.phrase = text.slice(k.start, k.end);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/** The best single event named in a text, or undefined. */
export function linkEvent(text: string, catalog: readonly string[]): EventLink | undefined {
  return linkEvents(text, catalog).reduce<EventLink | undefined>((best, l) => (!best || l.score > best.score ? l : best), undefined);
}

/** Words that say "a group of people" and never tell one segment from another. */
const GENERIC = new Set(['segment', 'segments', 'users', 'user', 'customers', 'customer', 'people', 'members', 'member', 'audience', 'audiences', 'cohort', 'group', 'list']);
const ALIASES: Record<string, string> = { 'lifetime value': 'ltv', 'life time value': 'ltv', 'very important': 'vip' };

/** The outcome of linking a segment name: one segment, several equally good, or nothing. */
export type SegmentLink = { kind: 'one'; name: string; score: number } | { kind: 'ambiguous'; names: string[] } | { kind: 'none' };

function segmentWords(text: string): string[] {
  let t = text.toLowerCase().replace(/[-_]+/g, ' ');
  for (const [phrase, alias] of Object.entries(ALIASES)) t = t.replaceAll(phrase, alias);
  return t.split(/[^a-z0-9']+/).filter((w) => w && !isStopword(w));
}

/**
 * Links a question to one of the catalog's segment names: case-insensitive, hyphens as spaces ("high-LTV"),
 * plural and typo tolerant, and at least half of the name's distinctive words must appear.
 */
export function linkSegment(text: string, names: readonly string[]): SegmentLink {
  const words = segmentWords(text);
  const joined = ` ${words.join(' ')} `;
  const scored = names.map((name) => {
    const nameWords = segmentWords(name);
    if (nameWords.length > 0 && joined.includes(` ${nameWords.join(' ')} `)) return { name, score: 2 + 0.1 * nameWords.length };
    const distinctive = nameWords.filter((w) => !GENERIC.has(w));
    const shared = distinctive.filter((w) => words.some((t) => !GENERIC.has(t) && sameWord(w, t))).length;
    return { name, score: distinctive.length === 0 ? 0 : shared / distinctive.length + 0.01 * shared };
  });
  const best = Math.max(0, ...scored.map((s) => s.score));
  if (best < 0.5) return { kind: 'none' };
  const top = scored.filter((s) => best - s.score < 0.005);
  return top.length === 1 ? { kind: 'one', name: top[0].name, score: best } : { kind: 'ambiguous', names: top.map((s) => s.name) };
}
