import { SegOpsError } from '../errors.ts';

/** Escapes that decode to text Postgres refuses in jsonb/text: NUL and surrogate halves. */
const RISKY_ESCAPE = /\\u(?:0000|[dD][89a-fA-F])/;

/**
 * Parses a tracking request body (JSON whatever its Content-Type: analytics.js sends text/plain).
 * Strings lose NUL characters and lone surrogates, so that one odd event can never make the
 * shared write of a group commit fail for everybody.
 */
export function parseIngestBody(raw: Buffer): Record<string, unknown> {
  if (raw.length === 0) throw new SegOpsError('INVALID_JSON', 'the request body is empty; send a JSON object');
  const text = raw.toString('utf8');
  let body: unknown;
  try {
    body = RISKY_ESCAPE.test(text) ? JSON.parse(text, cleanValue) : JSON.parse(text);
  } catch (error) {
    throw new SegOpsError('INVALID_JSON', `the request body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new SegOpsError('INVALID_INPUT', 'the request body must be a JSON object');
  }
  if (nestsDeeperThan(body, MAX_BODY_DEPTH)) {
    throw new SegOpsError('INVALID_INPUT', `the request body nests deeper than ${MAX_BODY_DEPTH} levels; send flatter properties and traits`);
  }
  return body as Record<string, unknown>;
}

/** How deeply a tracking body may nest: far beyond real events, and shallow enough to measure and store safely. */
export const MAX_BODY_DEPTH = 64;

/** Whether a parsed JSON value nests deeper than `max`; iterative, so a hostile body cannot overflow the stack. */
function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (typeof next.value !== 'object' || next.value === null) continue;
    if (next.depth >= max) return true;
    for (const child of Object.values(next.value)) stack.push({ value: child, depth: next.depth + 1 });
  }
  return false;
}

function cleanString(value: string): string {
  return value.replaceAll('\0', '').toWellFormed();
}

function cleanValue(_key: string, value: unknown): unknown {
  if (typeof value === 'string') return cleanString(value);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  if (keys.every((key) => cleanString(key) === key)) return value;
  return Object.fromEntries(keys.map((key) => [cleanString(key), (value as Record<string, unknown>)[key]]));
}
