import type { Context, Next } from 'koa';
import { SegOpsError } from '../core/errors.ts';

/** How deeply a JSON body may nest; the deepest legitimate body (a segment definition) stays far below. */
export const MAX_JSON_DEPTH = 64;

/** NUL (which Postgres text refuses) or a UTF-16 surrogate without its pair (which no store keeps as sent). */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a text cannot be stored as sent, or undefined when it can. */
export function unstorable(text: string): string | undefined {
  const match = UNSTORABLE.exec(text);
  if (!match) return undefined;
  return match[0] === '\u0000' ? 'contains a NUL character (\\u0000)' : 'contains an unpaired UTF-16 surrogate (invalid Unicode)';
}

/**
 * Refuses a parsed JSON body nested deeper than `maxDepth` or holding a key or string that cannot be stored
 * as sent, naming where. Walks iteratively, so a hostile body cannot overflow the stack here.
 */
export function checkJsonBody(body: unknown, maxDepth = MAX_JSON_DEPTH): void {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: body, path: '(body)', depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      const problem = unstorable(value);
      if (problem) throw new SegOpsError('INVALID_INPUT', `${path} ${problem}; send valid UTF-8 text without NUL`, [{ path, message: problem }]);
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= maxDepth) {
      const at = path.length > 80 ? `${path.slice(0, 80)}…` : path;
      throw new SegOpsError('INVALID_INPUT', `the JSON body nests deeper than ${maxDepth} levels (at ${at})`, [{ path: at, message: 'nested too deeply' }]);
    }
    for (const [key, child] of Object.entries(value)) {
      const childPath = Array.isArray(value) ? `${path}[${key}]` : path === '(body)' ? key : `${path}.${key}`;
      const problem = unstorable(key);
      if (problem) throw new SegOpsError('INVALID_INPUT', `a key at ${path} ${problem}`, [{ path, message: problem }]);
      stack.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
}

/**
 * Refuses, with a 400 JSON error, a request whose path is not valid percent-encoded UTF-8 or whose path or
 * query carries text no store can keep (NUL, unpaired surrogates): such ids and filters would otherwise
 * reach the stores and fail there as a 500.
 */
export function guardRequestText() {
  return async (ctx: Context, next: Next) => {
    let path: string;
    try {
      path = decodeURIComponent(ctx.path);
    } catch {
      throw new SegOpsError('INVALID_INPUT', 'the URL path is not valid percent-encoded UTF-8');
    }
    const pathProblem = unstorable(path);
    if (pathProblem) throw new SegOpsError('INVALID_INPUT', `the URL path ${pathProblem}`);
    for (const [name, value] of Object.entries(ctx.query)) {
      for (const text of [name, ...(Array.isArray(value) ? value : [value ?? ''])]) {
        const problem = unstorable(text);
        if (problem) throw new SegOpsError('INVALID_INPUT', `the query parameter '${name.replace(UNSTORABLE, '?')}' ${problem}`);
      }
    }
    return next();
  };
}
