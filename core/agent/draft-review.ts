import type { TranscriptMessage } from '../models/model.ts';
import type { UiComponent } from '../registry/index.ts';

/** What a draft answer is checked against: the run's transcript (questions, tool results), its prompt and components. */
export interface DraftEvidence {
  draft: string;
  transcript: readonly TranscriptMessage[];
  system: string;
  components: readonly UiComponent[];
}

const NUMBER_IN_ANSWER = /\d[\d,]*(?:\.\d+)?/g;
const NUMBER_IN_EVIDENCE = /\d+(?:\.\d+)?/g;

/** Components an answer may refer to, by the words it would use and the component names that back them. */
const COMPONENT_WORDS = [
  { word: /\b(?:charts?|graphs?|plots?)\b/i, kind: 'chart', component: /chart/i },
  { word: /\btables?\b/i, kind: 'table', component: /table/i },
  { word: /\bcards?\b/i, kind: 'card', component: /card/i },
];
const SHOWN = /\b(?:below|above|shown|showing|displayed|display|plotted|here is|here's|see)\b/i;

/**
 * Checks a draft answer against what the run observed: every number it states must appear in a tool result,
 * the user's messages or the system prompt (allowing for rounding), and a chart, table or card it says it shows
 * must have been emitted. Returns one line per problem; none means the draft is grounded.
 */
export function reviewDraft(evidence: DraftEvidence): string[] {
  const problems: string[] = [];
  const known = knownNumbers(evidence);
  const unknown = [...new Set([...evidence.draft.matchAll(NUMBER_IN_ANSWER)].map((match) => match[0].replace(/,/g, '')))].filter(
    (text) => !isKnown(text, known),
  );
  if (unknown.length > 0) problems.push(`it states ${unknown.join(', ')}, which no tool result contains`);
  for (const sentence of evidence.draft.split(/(?<=[.!?])\s+/)) {
    if (!SHOWN.test(sentence)) continue;
    for (const { word, kind, component } of COMPONENT_WORDS) {
      if (word.test(sentence) && !evidence.components.some((shown) => component.test(shown.component))) {
        problems.push(`it refers to a ${kind} that was not shown (no display tool emitted one)`);
      }
    }
  }
  return [...new Set(problems)];
}

/** The transcript note that sends a draft back to the model, naming what the review found. */
export function revisionNote(problems: readonly string[]): string {
  return (
    `Review of your draft answer: ${problems.join('; ')}. ` +
    'Revise it so that every number comes from a tool result above (call a tool if you need a figure you do not have) ' +
    'and mention only components that were shown. Reply with the corrected answer.'
  );
}

function knownNumbers(evidence: DraftEvidence): number[] {
  const texts = [evidence.system];
  for (const message of evidence.transcript) {
    for (const block of message.content) {
      if (block.type === 'tool_result') texts.push(block.content);
      else if (block.type === 'text' && message.role === 'user') texts.push(block.text);
    }
  }
  const numbers = new Set<number>();
  for (const text of texts) for (const match of text.matchAll(NUMBER_IN_EVIDENCE)) numbers.add(Number(match[0]));
  return [...numbers];
}

/** A number is known when some evidence number shows as it at the answer's precision (12.34 → "12.3"). */
function isKnown(text: string, known: readonly number[]): boolean {
  const value = Number(text);
  const decimals = text.includes('.') ? text.length - text.indexOf('.') - 1 : 0;
  const tolerance = 0.5 * 10 ** -decimals;
  return known.some((number) => Math.abs(number - value) < tolerance || number === value);
}
