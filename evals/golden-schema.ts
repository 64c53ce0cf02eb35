import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { copilotTools } from '../tools/index.ts';
import { componentPropsSchemas } from '../tools/components.ts';

/** Where the golden cases live: one YAML file per case, named `<id>.yaml`. */
export const GOLDEN_DIR = fileURLToPath(new URL('../golden/', import.meta.url));

const toolNames = copilotTools.map((tool) => tool.name) as [string, ...string[]];
const toolName = z.enum(toolNames).describe('A copilot tool name.');
const componentName = z.enum(Object.keys(componentPropsSchemas) as [string, ...string[]]);

/** A tool that must be called: one name, or any one of several (`{ any_of: [...] }`). */
const requiredTool = z.union([toolName, z.strictObject({ any_of: z.array(toolName).min(2) })]);

/**
 * A fact checked against the seeded data. The query runs on the fresh dataset; its first column (every row)
 * gives the reference values. ClickHouse SQL binds `{ws:String}`, `{today:Date}` and `{now:DateTime64(3)}`;
 * Postgres SQL binds `$1` = workspace id and `$2` = now. Never paste a number here: query it.
 */
const fact = z
  .strictObject({
    name: z.string().min(1).describe('What the fact is, in words (shown in reports and to the judge).'),
    kind: z.enum(['clickhouse', 'postgres']),
    sql: z.string().min(1),
    expect: z.enum(['appears_in_answer', 'equals_component_prop']),
    component: componentName.optional(),
    path: z
      .string()
      .regex(/^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*|\[(?:-?\d+|\*)\])*$/, { error: "a prop path like 'value', 'series[-1].count' or 'rows[*].name'" })
      .optional(),
  })
  .refine((f) => f.expect !== 'equals_component_prop' || (f.component !== undefined && f.path !== undefined), {
    error: 'equals_component_prop needs a component and a path',
  });

/** A pattern the answer text must match (or must not, with `negate`), case-insensitive. */
const answerCheck = z.strictObject({
  name: z.string().min(1),
  pattern: z.string().min(1).refine((p) => isRegExp(p), { error: 'not a valid regular expression' }),
  negate: z.boolean().default(false),
});

/** One golden case: a question (after optional earlier turns) and what a good run does and says. */
export const goldenCase = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: 'a kebab-case id' }),
  category: z.enum(['data', 'segment', 'platform', 'follow_up', 'clarify', 'unanswerable']),
  question: z.string().min(1),
  turns: z.array(z.string().min(1)).default([]).describe('Earlier user turns, replayed through the agent before the question.'),
  tools: z.strictObject({
    must_call: z.array(requiredTool).default([]),
    must_not_call: z.array(toolName).default([]),
  }),
  components: z.array(componentName).default([]).describe('Components that must appear, with valid props.'),
  facts: z.array(fact).default([]),
  answer_checks: z.array(answerCheck).default([]),
  max_words: z.int().min(5).max(400).default(60).describe('Word budget of the answer text for conciseness.'),
  judge_notes: z.string().min(1),
});

/** A validated golden case. */
export type GoldenCase = z.infer<typeof goldenCase>;
/** A fact of a golden case, before it is resolved against the data. */
export type GoldenFact = GoldenCase['facts'][number];
/** A required tool of a golden case: a name, or any one of several. */
export type RequiredTool = GoldenCase['tools']['must_call'][number];

function isRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern, 'i');
    return true;
  } catch {
    return false;
  }
}

/** Parses and validates one golden file; the error names the file and every bad field. */
export function parseGoldenCase(text: string, file: string): GoldenCase {
  const parsed = goldenCase.safeParse(parse(text));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(case)'}: ${issue.message}`).join('; ');
    throw new Error(`golden case ${file} is invalid: ${problems}`);
  }
  if (basename(file).replace(/\.ya?ml$/, '') !== parsed.data.id) {
    throw new Error(`golden case ${file} has id '${parsed.data.id}': name the file ${parsed.data.id}.yaml`);
  }
  return parsed.data;
}

/** Loads every golden case of `dir`, sorted by file name; duplicate ids are refused. */
export function loadGoldenCases(dir = GOLDEN_DIR): GoldenCase[] {
  const files = readdirSync(dir).filter((name) => /\.ya?ml$/.test(name)).sort();
  const cases = files.map((name) => parseGoldenCase(readFileSync(join(dir, name), 'utf8'), name));
  const seen = new Set<string>();
  for (const c of cases) {
    if (seen.has(c.id)) throw new Error(`golden case id '${c.id}' is used twice: give each case its own id`);
    seen.add(c.id);
  }
  return cases;
}
