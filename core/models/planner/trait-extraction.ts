import type { TraitCondition } from '../../segments/dsl.ts';

/** A trait condition found in a description, with the span of words it came from. */
export interface FoundTrait {
  condition: TraitCondition;
  /** Further conditions the same words imply ("not from Germany or France": one `neq` per country). */
  more?: TraitCondition[];
  /** Short words for a suggested segment name ("DE", "Pro Plan", "High-Value"). */
  tag: string;
  start: number;
  end: number;
}

/** Country names, adjectives and codes as users write them, to ISO-2 codes (the `country` trait's values). */
const COUNTRIES: Record<string, string> = {
  germany: 'DE', german: 'DE', 'united states': 'US', usa: 'US', 'u s a': 'US', 'u s': 'US', us: 'US', america: 'US', american: 'US', 'the us': 'US',
  'united kingdom': 'GB', uk: 'GB', 'u k': 'GB', britain: 'GB', 'great britain': 'GB', england: 'GB', british: 'GB',
  france: 'FR', french: 'FR', canada: 'CA', canadian: 'CA', spain: 'ES', spanish: 'ES', italy: 'IT', italian: 'IT',
  netherlands: 'NL', 'the netherlands': 'NL', holland: 'NL', dutch: 'NL', australia: 'AU', australian: 'AU', japan: 'JP', japanese: 'JP',
  brazil: 'BR', brazilian: 'BR', mexico: 'MX', mexican: 'MX', india: 'IN', indian: 'IN', sweden: 'SE', swedish: 'SE',
  ireland: 'IE', irish: 'IE', switzerland: 'CH', swiss: 'CH', austria: 'AT', austrian: 'AT', poland: 'PL', polish: 'PL',
  belgium: 'BE', belgian: 'BE', denmark: 'DK', danish: 'DK', norway: 'NO', norwegian: 'NO', 'new zealand': 'NZ', portugal: 'PT', portuguese: 'PT',
};

const COUNTRY = `(?:${Object.keys(COUNTRIES)
  .sort((a, b) => b.length - a.length)
  .map((k) => k.replace(/ /g, '\\s+'))
  .join('|')})`;
const COUNTRY_LIST = `${COUNTRY}(?:\\s*(?:,|or|and|,\\s*or|,\\s*and)\\s+(?:the\\s+)?${COUNTRY})*`;
const ADJECTIVES = 'us|usa|uk|u s|u k|german|american|british|french|canadian|spanish|italian|dutch|australian|japanese|brazilian|mexican|indian|swedish|irish|swiss|austrian|polish|belgian|danish|norwegian|portuguese';
const NEGATION = /\b(?:not|n't|outside(?: of)?|except|excluding|other than)\s*$/;

const AMOUNT = '\\$?\\s*(\\d[\\d,]*(?:\\.\\d+)?)\\s*(k)?\\s*(?:dollars|usd|\\$)?';
const COMPARATOR = '(over|more than|above|greater than|at least|min(?:imum)?(?: of)?|under|less than|below|at most|no more than|>=|>|<=|<)';

function comparator(word: string | undefined): TraitCondition['op'] {
  if (!word) return 'gte';
  if (/^(over|more than|above|greater than|>)$/.test(word)) return 'gt';
  if (/^(under|less than|below|<)$/.test(word)) return 'lt';
  if (/^(at most|no more than|<=)$/.test(word)) return 'lte';
  return 'gte';
}

function countryCodes(list: string): string[] {
  const codes: string[] = [];
  const pattern = new RegExp(COUNTRY, 'g');
  for (const m of list.matchAll(pattern)) {
    const code = COUNTRIES[m[0].replace(/\s+/g, ' ')];
    if (code && !codes.includes(code)) codes.push(code);
  }
  return codes;
}

function isNegated(text: string, start: number): boolean {
  return NEGATION.test(text.slice(Math.max(0, start - 16), start));
}

function country(codes: string[], negated: boolean): TraitCondition {
  if (codes.length === 1) return { type: 'trait', trait: 'country', op: negated ? 'neq' : 'eq', value: codes[0] };
  return { type: 'trait', trait: 'country', op: 'in', value: codes };
}

type Rule = { pattern: RegExp; build: (m: RegExpExecArray, text: string) => Omit<FoundTrait, 'start' | 'end'> | undefined };

const RULES: Rule[] = [
  {
    pattern: new RegExp(`\\b(?:from|in|based in|located in|living in|who live in|that live in|outside(?: of)?)\\s+(?:the\\s+)?(${COUNTRY_LIST})\\b`, 'g'),
    build: (m, text) => {
      const codes = countryCodes(m[1]);
      const negated = /^outside/.test(m[0]) || isNegated(text, m.index);
      if (codes.length === 0) return undefined;
      if (m[1] === 'us' && !/\bthe\s+us$/.test(m[0])) return undefined;
      const tag = `${negated ? 'Non-' : ''}${codes.join('/')}`;
      if (negated && codes.length > 1) {
        const [first, ...rest] = codes.map((code) => country([code], true));
        return { condition: first, more: rest, tag };
      }
      return { condition: country(codes, negated), tag };
    },
  },
  {
    pattern: new RegExp(`\\b((?:${ADJECTIVES})(?:\\s*(?:,|or|and|,\\s*or|,\\s*and)\\s+(?:${ADJECTIVES}))*)\\s+(?=users|customers|people|shoppers|buyers|visitors|members|accounts|subscribers)`, 'g'),
    build: (m) => {
      const codes = countryCodes(m[1]);
      return codes.length === 0 ? undefined : { condition: country(codes, false), tag: codes.join('/') };
    },
  },
  {
    pattern: /\b(?:(?:on|in|with|using|have|has|having|subscribed to)\s+(?:the\s+|a\s+)?)?(free|plus|pro|paid|paying)\s*-?\s*(?:plans?|tiers?|subscriptions?)\b|\b(free|plus|pro|paying|paid)\s+(?=users|customers|subscribers|members|accounts|plan)/g,
    build: (m) => {
      const plan = m[1] ?? m[2];
      const condition: TraitCondition =
        plan === 'paid' || plan === 'paying' ? { type: 'trait', trait: 'plan', op: 'in', value: ['plus', 'pro'] } : { type: 'trait', trait: 'plan', op: 'eq', value: plan };
      return { condition, tag: plan === 'paid' || plan === 'paying' ? 'Paying' : `${plan.charAt(0).toUpperCase()}${plan.slice(1)}-Plan` };
    },
  },
  {
    pattern: new RegExp(`\\b(?:(?:who\\s+|that\\s+|have\\s+|has\\s+)?(?:spent|spend|spending)(?:\\s+a\\s+total\\s+of|\\s+in\\s+total)?|(?:with\\s+(?:an?\\s+)?|whose\\s+)?(?:lifetime value|ltv|clv|total spend|lifetime spend)(?:\\s+(?:is|of))?)\\s+${COMPARATOR}?\\s*${AMOUNT}`, 'g'),
    build: (m) => {
      const value = Number(m[2].replace(/,/g, '')) * (m[3] ? 1000 : 1);
      if (!Number.isFinite(value)) return undefined;
      const op = comparator(m[1]);
      return { condition: { type: 'trait', trait: 'lifetime_value', op, value }, tag: op.startsWith('g') ? 'High-Value' : 'Low-Value' };
    },
  },
  {
    pattern: /\b(?:who\s+|that\s+|have\s+|has\s+)?(opted[- ]in|opt[- ]in|subscribed|opted[- ]out|opt[- ]out|unsubscribed)(?:\s+(?:to|from|of)\s+(?:email|emails|marketing|the newsletter|newsletters?)(?:\s+emails?)?)?\b/g,
    build: (m) => {
      const optIn = !/out|unsub/.test(m[1]);
      return { condition: { type: 'trait', trait: 'email_opt_in', op: 'eq', value: optIn }, tag: optIn ? 'Opted-In' : 'Opted-Out' };
    },
  },
];

/**
 * Finds the user traits a plain-English description names: country ("from Germany", "in the US", "German
 * users"), plan ("on the pro plan", "paying users"), lifetime value ("spent over $500") and email opt-in.
 */
export function extractTraits(text: string): FoundTrait[] {
  const found: FoundTrait[] = [];
  for (const rule of RULES) {
    for (const m of text.matchAll(rule.pattern)) {
      let start = m.index;
      const end = m.index + m[0].length;
      if (found.some((f) => start < f.end && end > f.start)) continue;
      const trait = rule.build(m as RegExpExecArray, text);
      if (!trait) continue;
      const negation = /\b(?:not|except|excluding|other than)\s*$/.exec(text.slice(0, start));
      if (trait.condition.op === 'neq' && negation) start -= negation[0].length;
      found.push({ ...trait, start, end });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}
