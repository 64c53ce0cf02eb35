import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import type { Context, Next } from 'koa';
import { SegOpsError } from '../core/errors.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** Paths the dashboard never owns: the API, ingestion and login. */
const NOT_UI = /^\/(api|v1|login|logout)(\/|$)/;

/**
 * Serves the built dashboard from `dir` (ui/dist): hashed assets cached for a year, and `index.html`
 * for any other GET path so deep links and reloads work with client-side routing. A path with a '..'
 * segment (encoded or not, '/' or '\\') is refused with a 400 instead of being answered with the page.
 */
export function serveDashboard(dir: string) {
  const root = normalize(dir + sep);
  const index = join(root, 'index.html');
  return async (ctx: Context, next: Next) => {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || NOT_UI.test(ctx.path)) return next();
    let path: string;
    try {
      path = decodeURIComponent(ctx.path);
    } catch {
      return next();
    }
    if (path.split(/[\\/]/).includes('..')) {
      throw new SegOpsError('INVALID_INPUT', `the path '${ctx.path}' climbs out of the dashboard with '..'; ask for a page or an asset under /`);
    }
    const file = normalize(join(root, path));
    if (file.startsWith(root) && existsSync(file) && statSync(file).isFile()) {
      ctx.type = TYPES[extname(file)] ?? 'application/octet-stream';
      ctx.set('Cache-Control', file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      ctx.body = createReadStream(file);
      return;
    }
    if (extname(ctx.path) !== '' || !existsSync(index)) return next();
    ctx.type = TYPES['.html'];
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = createReadStream(index);
  };
}
