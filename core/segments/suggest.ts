/** Words people use for an event that the tracking plan names differently (by stem). */
const SYNONYMS: Record<string, string[]> = {
  purchas: ['order', 'complet'],
  buy: ['order', 'complet'],
  bought: ['order', 'complet'],
  pay: ['order', 'complet'],
  cart: ['product', 'add'],
  basket: ['product', 'add'],
  register: ['sign', 'up'],
  signup: ['sign', 'up'],
  login: ['sign', 'in'],
  visit: ['page', 'view'],
};

function stem(word: string): string {
  for (const suffix of ['ing', 'ed', 'es', 's', 'e']) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) return word.slice(0, -suffix.length);
  }
  return word;
}

function tokens(text: string, expand: boolean): Set<string> {
  const out = new Set<string>();
  for (const word of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (!word) continue;
    const base = stem(word);
    out.add(base);
    if (expand) for (const synonym of SYNONYMS[base] ?? []) out.add(synonym);
  }
  return out;
}

/** Levenshtein distance (two rows, O(a·b) time). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
    }
    previous = current;
  }
  return previous[b.length];
}

/** Similarity of what a user typed to a known name, 0..1: the better of spelling and shared words. */
export function similarity(typed: string, known: string): number {
  const a = typed.toLowerCase().slice(0, 200);
  const b = known.toLowerCase().slice(0, 200);
  const spelling = 1 - editDistance(a, b) / Math.max(a.length, b.length, 1);
  const typedTokens = tokens(typed, true);
  const knownTokens = tokens(known, false);
  let shared = 0;
  for (const token of knownTokens) if (typedTokens.has(token)) shared++;
  const overlap = knownTokens.size === 0 ? 0 : shared / new Set([...typedTokens, ...knownTokens]).size;
  return Math.max(spelling, overlap);
}

/** The known name closest to `typed`, or undefined when none is close enough to be a useful hint. */
export function closestName(typed: string, known: readonly string[], threshold = 0.4): string | undefined {
  let best: string | undefined;
  let bestScore = threshold;
  for (const name of known) {
    const score = similarity(typed, name);
    if (score > bestScore) {
      best = name;
      bestScore = score;
    }
  }
  return best;
}
