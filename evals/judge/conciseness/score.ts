import { numbersIn, numbersOfData } from '../evidence.ts';
import { grade, type DimensionScore, type JudgeInput } from '../judge.ts';

const PREAMBLE = /^\s*(?:sure|certainly|of course|great question|absolutely|happy to help|good question)\b/i;

/** The score for a length of `ratio` × the word budget: 5 within it, then 4, 3, 2 up to 1.5×, 2×, 3×. */
function lengthScore(ratio: number): number {
  if (ratio <= 1) return 5;
  if (ratio <= 1.5) return 4;
  if (ratio <= 2) return 3;
  if (ratio <= 3) return 2;
  return 1;
}

/** Word 4-grams said more than once, and sentences said twice. */
function repetitions(text: string): number {
  const words = text.toLowerCase().match(/[a-z0-9']+/g) ?? [];
  const grams = new Map<string, number>();
  for (let i = 0; i + 4 <= words.length; i++) {
    const gram = words.slice(i, i + 4).join(' ');
    grams.set(gram, (grams.get(gram) ?? 0) + 1);
  }
  return [...grams.values()].filter((n) => n > 1).length;
}

/**
 * Offline conciseness score: by length against the case's word budget (5 within it, down to 1 beyond three
 * times it), minus 1 for repetition (a 4-word phrase said twice), 0.5 for a preamble, and 0.5 per number
 * beyond three that recites what a component already shows.
 */
export function scoreConciseness({ golden, run }: JudgeInput): DimensionScore {
  const words = run.text.split(/\s+/).filter(Boolean).length;
  if (run.status !== 'done' || words === 0) return grade(1, `run ${run.status}, ${words} words: nothing to read`);
  const repeated = repetitions(run.text);
  const preamble = PREAMBLE.test(run.text);
  const shown = numbersOfData(run.components.map((c) => c.props));
  const recited = numbersIn(run.text).filter((n) => shown.has(n.value)).length;
  const recitePenalty = Math.min(1, 0.5 * Math.max(0, recited - 3));
  const score = lengthScore(words / golden.max_words) - (repeated > 0 ? 1 : 0) - (preamble ? 0.5 : 0) - recitePenalty;
  const reason =
    `${words} words / budget ${golden.max_words} (${(words / golden.max_words).toFixed(2)}x), repeated phrases ${repeated}, ` +
    `preamble ${preamble ? 'yes' : 'no'}, numbers recited from components ${recited}`;
  return grade(score, reason);
}
