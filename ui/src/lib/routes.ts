/** A page of the dashboard, matched from the URL path. */
export type Route =
  | { page: 'overview' }
  | { page: 'segments' }
  | { page: 'segment'; id: string }
  | { page: 'segment-new' }
  | { page: 'segment-edit'; id: string }
  | { page: 'events' }
  | { page: 'activations' }
  | { page: 'inspector' }
  | { page: 'not-found'; path: string };

const patterns: Array<[RegExp, (match: RegExpExecArray) => Route]> = [
  [/^\/$/, () => ({ page: 'overview' })],
  [/^\/segments$/, () => ({ page: 'segments' })],
  [/^\/segments\/new$/, () => ({ page: 'segment-new' })],
  [/^\/segments\/([^/]+)\/edit$/, (m) => ({ page: 'segment-edit', id: decodeURIComponent(m[1]) })],
  [/^\/segments\/([^/]+)$/, (m) => ({ page: 'segment', id: decodeURIComponent(m[1]) })],
  [/^\/events$/, () => ({ page: 'events' })],
  [/^\/activations$/, () => ({ page: 'activations' })],
  [/^\/inspector$/, () => ({ page: 'inspector' })],
];

/** The page for a URL path (a trailing slash is ignored). */
export function matchRoute(pathname: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  for (const [pattern, route] of patterns) {
    const match = pattern.exec(path);
    if (match) return route(match);
  }
  return { page: 'not-found', path: pathname };
}

/** The URL of a segment's page. */
export const segmentHref = (id: string): string => `/segments/${encodeURIComponent(id)}`;

/** The inspector's URL for one run. */
export const runHref = (runId: string): string => `/inspector?run=${encodeURIComponent(runId)}`;

/** Paths the server handles itself: links to them load a real page instead of switching routes. */
const SERVER_PATHS = /^\/(api|login|logout|v1)(\/|$)/;

/**
 * Whether a click on a link should switch pages in the app (same origin, a plain left click, no target or
 * download, not a server route) rather than let the browser load the URL.
 */
export function isAppNavigation(
  click: { button: number; metaKey: boolean; ctrlKey: boolean; shiftKey: boolean; altKey: boolean; defaultPrevented: boolean },
  link: { href: string; target: string; hasDownload: boolean },
  origin: string,
): boolean {
  if (click.defaultPrevented || click.button !== 0 || click.metaKey || click.ctrlKey || click.shiftKey || click.altKey) return false;
  if ((link.target && link.target !== '_self') || link.hasDownload) return false;
  const url = new URL(link.href, origin);
  return url.origin === origin && !SERVER_PATHS.test(url.pathname);
}
