import { isAppNavigation, matchRoute, type Route } from './routes.ts';

/**
 * Client routing with real URLs (History API): the current path and query as `$state`, `navigate()`
 * for code, and one click listener that turns plain clicks on same-origin `<a href>` into route switches.
 */
class Router {
  path = $state('/');
  search = $state('');
  route: Route = $derived(matchRoute(this.path));
  /** Counts `navigate(…, { reopen: true })` calls: App keys the page on it, so the page opens afresh. */
  visit = $state(0);

  /** Reads the URL and starts listening to history changes and link clicks (once, in the browser). */
  start(): void {
    this.#sync();
    window.addEventListener('popstate', () => this.#sync());
    document.addEventListener('click', (event) => {
      const link = (event.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null;
      if (!link) return;
      const target = { href: link.href, target: link.target, hasDownload: link.hasAttribute('download') };
      if (!isAppNavigation(event, target, location.origin)) return;
      event.preventDefault();
      this.navigate(link.pathname + link.search + link.hash);
    });
  }

  /**
   * Switches to a URL of the app, adding (or replacing) a history entry, and scrolls to the top. With
   * `reopen`, the page opens afresh even when it is the one already shown (a new copilot draft for the builder).
   */
  navigate(href: string, options: { replace?: boolean; reopen?: boolean } = {}): void {
    if (typeof window === 'undefined') return;
    if (href !== location.pathname + location.search + location.hash) {
      history[options.replace ? 'replaceState' : 'pushState'](null, '', href);
    }
    if (options.reopen) this.visit++;
    this.#sync();
    window.scrollTo(0, 0);
  }

  /** The value of a query parameter of the current URL. */
  param(name: string): string | null {
    return new URLSearchParams(this.search).get(name);
  }

  #sync(): void {
    this.path = location.pathname;
    this.search = location.search;
  }
}

/** The app's one router. */
export const router = new Router();
