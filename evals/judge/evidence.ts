import type { UiComponent } from '../../core/registry/index.ts';
import { copilotComponent } from '../../tools/components.ts';
import type { ResolvedFact } from '../facts.ts';
import type { CaseRun } from '../run-case.ts';

/** A number as written in a text: its value and how precisely it was written (1 for "1,234", 100 for "1.2k"). */
export interface WrittenNumber {
  text: string;
  value: number;
  precision: number;
}

const MONTHS = 'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const DATES = new RegExp(
  [
    String.raw`\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?`,
    String.raw`\b(?:${MONTHS})\.? \d{1,2}(?:st|nd|rd|th)?(?:,? \d{4})?\b`,
    String.raw`\b\d{1,2}(?:st|nd|rd|th)? (?:${MONTHS})\b(?: \d{4})?`,
    String.raw`\b\d{1,2}:\d{2}\b`,
    String.raw`\b\d+ (?:hours?|days?|weeks?|months?|years?)\b`,
  ].join('|'),
  'gi',
);
const NUMBER = /(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s?(k|m|%)?(?![\w])/gi;

/**
 * The numbers a text states, dates, times and time windows ("30 days") left out (they are read off the clock
 * or the question, not the data), and numbers inside identifiers (user_004742, act_1029) ignored.
 */
export function numbersIn(text: string): WrittenNumber[] {
  const withoutDates = text.replace(DATES, ' ');
  const found: WrittenNumber[] = [];
  for (const match of withoutDates.matchAll(NUMBER)) {
    const [whole, integer, decimals = '', suffix = ''] = match;
    const scale = suffix.toLowerCase() === 'k' ? 1_000 : suffix.toLowerCase() === 'm' ? 1_000_000 : 1;
    const value = Number(`${integer.replace(/,/g, '')}.${decimals || '0'}`) * scale;
    found.push({ text: whole.trim(), value, precision: 10 ** -decimals.length * scale });
  }
  return found;
}

/** Every number in a JSON value or JSON text (numbers inside strings included), for grounding. */
export function numbersOfData(data: unknown, into = new Set<number>()): Set<number> {
  if (typeof data === 'number') into.add(data);
  else if (typeof data === 'string') {
    const parsed = tryJson(data);
    if (parsed !== undefined && typeof parsed !== 'string') numbersOfData(parsed, into);
    else for (const n of numbersIn(data)) into.add(n.value);
  } else if (Array.isArray(data)) for (const item of data) numbersOfData(item, into);
  else if (data && typeof data === 'object') for (const value of Object.values(data)) numbersOfData(value, into);
  return into;
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** True when a written number is the reference value, to the precision it was written with. */
export function matchesNumber(written: WrittenNumber, value: number): boolean {
  return Math.abs(written.value - value) <= written.precision / 2 + 1e-9;
}

/**
 * The numbers of an answer that no tool result, question or component supports. A number that is the sum,
 * difference or ratio (as a percentage) of two supported numbers of the same answer counts as supported.
 */
export function ungroundedNumbers(run: CaseRun): WrittenNumber[] {
  const sources = new Set<number>();
  for (const call of run.toolCalls) if (!call.isError) numbersOfData(call.output, sources);
  for (const text of [run.question, ...run.earlierTurns.map((t) => t.question)]) for (const n of numbersIn(text)) sources.add(n.value);
  const supported = (w: WrittenNumber) => [...sources].some((s) => matchesNumber(w, s));
  const written = numbersIn(run.text);
  const grounded = written.filter(supported);
  const derived = (w: WrittenNumber) =>
    grounded.some((a) =>
      grounded.some((b) => a !== b && (matchesNumber(w, a.value - b.value) || matchesNumber(w, a.value + b.value) || (b.value !== 0 && matchesNumber(w, (100 * a.value) / b.value)))),
    );
  return written.filter((w) => !supported(w) && !derived(w));
}

/** One fact checked against a run, with what was expected and what was found. */
export interface FactCheck {
  name: string;
  ok: boolean;
  detail: string;
}

/** Checks each fact: its values appear in the answer, or equal the component prop at its path. */
export function checkFacts(facts: ResolvedFact[], run: CaseRun): FactCheck[] {
  return facts.map((fact) => {
    if (fact.expect === 'appears_in_answer') {
      const missing = fact.values.filter((v) => !appearsIn(run.text, v));
      return {
        name: fact.name,
        ok: missing.length === 0,
        detail: missing.length === 0 ? `${fact.values.length}/${fact.values.length} in answer` : `missing ${missing.map(String).join(', ')}`,
      };
    }
    const component = run.components.find((c) => c.component === fact.component);
    if (!component) return { name: fact.name, ok: false, detail: `no ${fact.component}` };
    const actual = readPath(component.props, fact.path ?? '');
    const expected = fact.values.length === 1 && !fact.path?.includes('[*]') ? fact.values[0] : fact.values;
    const ok = sameValue(actual, expected);
    return { name: fact.name, ok, detail: `${fact.component}.${fact.path} = ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}` };
  });
}

/** True when a value is stated in a text: a number to its written precision, a string case-insensitively. */
export function appearsIn(text: string, value: string | number): boolean {
  if (typeof value === 'number') return numbersIn(text).some((w) => matchesNumber(w, value) && (w.precision <= 1 || Math.abs(value) >= 1_000));
  return text.toLowerCase().includes(value.toLowerCase());
}

function sameValue(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(expected)) return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => sameValue(actual[i], e));
  if (typeof expected === 'number') return Number(actual) === expected;
  return String(actual) === String(expected);
}

/** Reads `a.b[0].c`, `series[-1]` (from the end) or `rows[*].name` (every element) from a value. */
export function readPath(value: unknown, path: string): unknown {
  let current: unknown[] = [value];
  let many = false;
  for (const [, key, index] of path.matchAll(/\.?([A-Za-z_]\w*)|\[(-?\d+|\*)\]/g)) {
    current = current.flatMap((item) => {
      if (key !== undefined) return [item && typeof item === 'object' ? (item as Record<string, unknown>)[key] : undefined];
      if (!Array.isArray(item)) return [undefined];
      if (index === '*') return item;
      const i = Number(index);
      return [item[i < 0 ? item.length + i : i]];
    });
    if (index === '*') many = true;
  }
  return many ? current : current[0];
}

/** The components of a run whose props are valid for their component, and the invalid ones. */
export function validComponents(components: UiComponent[]): { valid: UiComponent[]; invalid: UiComponent[] } {
  const valid: UiComponent[] = [];
  const invalid: UiComponent[] = [];
  for (const c of components) (copilotComponent.safeParse(c).success ? valid : invalid).push(c);
  return { valid, invalid };
}
