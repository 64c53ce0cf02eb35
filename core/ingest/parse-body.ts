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

/**
 * Whether a parsed JSON value nests deeper than `max`; iterative, so a hostile body cannot overflow the
 * stack. Only objects and arrays are stacked (primitives, most of a body, are skipped in place).
 */
function nestsDeeperThan(value: unknown, max: number): boolean {
  const values: object[] = [];
  const depths: number[] = [];
  if (typeof value === 'object' && value !== null) {
    values.push(value);
    depths.push(0);
  }
  while (values.length > 0) {
    const next = values.pop()!;
    const depth = depths.pop()!;
    if (depth >= max) return true;
    if (Array.isArray(next)) {
      for (let i = 0; i < next.length; i++) {
        const child: unknown = next[i];
        if (typeof child === 'object' && child !== null) {
          values.push(child);
          depths.push(depth + 1);
        }
      }
      continue;
    }
    for (const key in next) {
      const child: unknown = (next as Record<string, unknown>)[key];
      if (typeof child === 'object' && child !== null) {
        values.push(child);
        depths.push(depth + 1);
      }
    }
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
