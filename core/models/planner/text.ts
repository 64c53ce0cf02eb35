/** Small text helpers shared by the planner's parsers: normalising, tokens, stems, number words, edit distance. */

const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  couple: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  fifty: 50,
  ninety: 90,
  hundred: 100,
  dozen: 12,
  once: 1,
  twice: 2,
  thrice: 3,
};

/** A regex fragment matching a number written in digits or as a word ("7", "seven", "a"). */
export const NUMBER_PATTERN = `(?:\\d+|${Object.keys(NUMBER_WORDS).join('|')})`;

/** Reads "7", "seven", "a" or "twice" as a number; undefined when it is not one. */
export function parseNumberWord(word: string): number | undefined {
  const w = word.trim().toLowerCase().replace(/,/g, '');
  if (/^\d+(\.\d+)?$/.test(w)) return Number(w);
  return NUMBER_WORDS[w];
}

/**
 * Lowercases and simplifies a question so patterns can match it: curly quotes and dashes become plain,
 * a comma between words becomes a ` , ` token (a clause break), other punctuation but `$ . - ' : + < = >`
 * becomes a space, whitespace collapses.
 */
export function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/[^a-z0-9$.,:'\-\s>=<+;]/g, ' ')
    .replace(/;/g, ' , ')
    .replace(/,(?!\d)|(?<!\d),/g, ' , ')
    .replace(/\.(?!\d)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const STOPWORDS = new Set(
  (
    'a an the of to in on at for by with from and or but is are was were be been it its this that these those who which what ' +
    'me my our we us you your their they them i do does did have has had any some all per as into out up about than then ' +
    'there how many much show tell give list please can could would will just get see'
  ).split(' '),
);

/** Whether a word carries no meaning of its own for linking ("the", "of", "show"...). */
export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

/** Splits normalised text into word tokens (letters, digits, apostrophes). */
export function tokens(text: string): string[] {
  return text.split(/[^a-z0-9']+/).filter((t) => t.length > 0);
}

/**
 * A crude English stem, enough to make "purchased", "purchases" and "purchase" meet, or "views" and
 * "viewed": strips -ies/-ing/-ed/-es/-s and a final -e, then a doubled final consonant.
 */
export function stem(word: string): string {
  let w = word.toLowerCase().replace(/'s$/, '');
  if (w.length <= 3) return w;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('ing') && w.length > 5) w = w.slice(0, -3);
  else if (w.endsWith('ed') && w.length > 4) w = w.slice(0, -2);
  else if (w.endsWith('es') && w.length > 4 && /(ch|sh|ss|x)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !w.endsWith('ss') && w.length > 3) w = w.slice(0, -1);
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  if (/([bdgklmnprt])\1$/.test(w)) w = w.slice(0, -1);
  return w;
}

/** Optimal-string-alignment edit distance (insert, delete, substitute, swap neighbours). */
function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** Whether two words are the same word give or take a stem or one typo (two for long words). */
export function sameWord(a: string, b: string): boolean {
  if (a === b || stem(a) === stem(b)) return true;
  const shortest = Math.min(a.length, b.length);
  if (shortest < 4) return false;
  return editDistance(a, b) <= (shortest >= 8 ? 2 : 1);
}

/** Blanks out `[start, end)` spans of a text with spaces so later patterns skip them but positions hold. */
export function blank(text: string, spans: ReadonlyArray<{ start: number; end: number }>): string {
  let out = text;
  for (const { start, end } of spans) out = out.slice(0, start) + ' '.repeat(end - start) + out.slice(end);
  return out;
}

/** Upper-cases the first letter. */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
