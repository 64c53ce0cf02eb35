import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadGoldenCases, parseGoldenCase } from './golden-schema.ts';

const minimal = `id: tiny-case
category: data
question: How many users are in High LTV?
tools:
  must_call: [list_segments]
judge_notes: one number
`;

describe('golden cases', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('has 15 valid cases covering every kind of question of the product description', () => {
    const cases = loadGoldenCases();
    expect(cases).toHaveLength(15);
    expect(new Set(cases.map((c) => c.category))).toEqual(new Set(['data', 'segment', 'platform', 'follow_up', 'clarify', 'unanswerable']));
    const questions = cases.map((c) => c.question);
    for (const asked of [
      'Show me my top 5 events by volume this week',
      'How many users are in the High LTV segment?',
      "What's the membership trend for Churn Risk over the last 30 days?",
      'Create a segment for users who purchased in the last 7 days but never added to a wishlist',
      'Which segments are the largest?',
      'Show me the conditions for the VIP Buyers segment',
      'What connectors are active?',
      'List my event schemas',
      'What events have been ingested today?',
    ]) {
      expect(questions).toContain(asked);
    }
    expect(cases.find((c) => c.category === 'follow_up')?.turns.length).toBeGreaterThan(0);
  });

  it('writes facts as queries, never as pasted numbers', () => {
    for (const c of loadGoldenCases()) for (const fact of c.facts) expect(fact.sql).toMatch(/\bselect\b/i);
  });

  it('applies defaults to a minimal case', () => {
    const parsed = parseGoldenCase(minimal, 'tiny-case.yaml');
    expect(parsed).toMatchObject({ turns: [], components: [], facts: [], max_words: 60, tools: { must_not_call: [] } });
  });

  it('refuses unknown tools, incomplete component facts and a file named after another id', () => {
    expect(() => parseGoldenCase(minimal.replace('list_segments', 'drop_tables'), 'tiny-case.yaml')).toThrow(/tools\.must_call\.0/);
    const componentFact = `${minimal}facts:\n  - { name: n, kind: postgres, sql: select 1, expect: equals_component_prop }\n`;
    expect(() => parseGoldenCase(componentFact, 'tiny-case.yaml')).toThrow(/needs a component and a path/);
    expect(() => parseGoldenCase(minimal, 'other.yaml')).toThrow(/name the file tiny-case\.yaml/);
  });

  it('refuses two files with the same id', () => {
    const dir = mkdtempSync(join(tmpdir(), 'golden-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'tiny-case.yaml'), minimal);
    writeFileSync(join(dir, 'tiny-case.yml'), minimal);
    expect(() => loadGoldenCases(dir)).toThrow(/used twice/);
  });
});
