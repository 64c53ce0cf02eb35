import type { z } from 'zod';
import type { DefinitionProblem } from './segment-validation-error.ts';

type PathKey = PropertyKey;

/** `conditions[0].conditions[2].where[0].value` for a zod path. */
export function jsonPath(path: readonly PathKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `${out ? '.' : ''}${String(key)}`;
  return out;
}

/**
 * Where a path points, in words: `condition 1.3, filter 2` (conditions and filters numbered from 1),
 * or '' at the root. The field the path ends in (`count value`), if any, is returned apart.
 */
export function describePosition(path: readonly PathKey[]): { where: string; field?: string } {
  const numbers: number[] = [];
  let filter: number | undefined;
  let fields: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    const next = path[i + 1];
    if (key === 'conditions' && typeof next === 'number') {
      numbers.push(next + 1);
      fields = [];
      i++;
    } else if (key === 'where' && typeof next === 'number') {
      filter = next + 1;
      fields = [];
      i++;
    } else if (typeof key === 'string') {
      fields.push(key);
    }
  }
  const parts = [];
  if (numbers.length > 0) parts.push(`condition ${numbers.join('.')}`);
  if (filter !== undefined) parts.push(`filter ${filter}`);
  return { where: parts.join(', '), field: fields.length > 0 ? fields.join(' ') : undefined };
}

/** Prefixes a message with the position it concerns ("condition 2: ..."). */
export function atPosition(path: readonly PathKey[], message: string): DefinitionProblem {
  const { where } = describePosition(path);
  return { path: jsonPath(path), message: where ? `${where}: ${message}` : message };
}

const quote = (text: string) => `'${text.length > 40 ? `${text.slice(0, 40)}…` : text}'`;

function issueText(issue: z.core.$ZodIssue, field: string | undefined): string {
  const subject = field ?? 'the definition';
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.slice(0, 5).map(quote).join(', ')}`;
    case 'too_small':
      if (!issue.message.startsWith('Too small')) return issue.message;
      return issue.origin === 'string'
        ? `${subject} must not be empty`
        : issue.origin === 'array'
          ? `${subject} needs at least ${issue.minimum} item${Number(issue.minimum) === 1 ? '' : 's'}`
          : `${subject} must be at least ${issue.minimum}`;
    case 'too_big':
      if (!issue.message.startsWith('Too big')) return issue.message;
      return issue.origin === 'string'
        ? `${subject} is too long (at most ${issue.maximum} characters)`
        : issue.origin === 'array'
          ? `${subject} holds at most ${issue.maximum} items`
          : `${subject} must be at most ${issue.maximum}`;
    default:
      return issue.message.startsWith('Invalid') ? `${subject} is not valid` : issue.message;
  }
}

/** Turns zod's issues into problems a user reads, one per place and kind (the tighter bound wins). */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): DefinitionProblem[] {
  const byPlace = new Map<string, DefinitionProblem>();
  for (const issue of issues) {
    const { field } = describePosition(issue.path);
    const problem = atPosition(issue.path, issueText(issue, field));
    byPlace.set(`${problem.path}\u0000${issue.code}`, problem);
  }
  return [...byPlace.values()];
}
