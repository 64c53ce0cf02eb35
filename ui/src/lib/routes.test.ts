import { describe, expect, it } from 'vitest';
import { isAppNavigation, matchRoute, runHref, segmentHref } from './routes.ts';

describe('matchRoute', () => {
  it('matches every page, decoding ids and ignoring a trailing slash', () => {
    expect(matchRoute('/')).toEqual({ page: 'overview' });
    expect(matchRoute('/segments/')).toEqual({ page: 'segments' });
    expect(matchRoute('/segments/new')).toEqual({ page: 'segment-new' });
    expect(matchRoute('/segments/seg%201')).toEqual({ page: 'segment', id: 'seg 1' });
    expect(matchRoute('/segments/seg_1/edit')).toEqual({ page: 'segment-edit', id: 'seg_1' });
    expect(matchRoute('/events')).toEqual({ page: 'events' });
    expect(matchRoute('/activations')).toEqual({ page: 'activations' });
    expect(matchRoute('/segments/a/b/c')).toEqual({ page: 'not-found', path: '/segments/a/b/c' });
  });

  it('builds the links it matches', () => {
    expect(matchRoute(segmentHref('a/b'))).toEqual({ page: 'segment', id: 'a/b' });
    expect(runHref('run 1')).toBe('/inspector?run=run%201');
  });
});

describe('isAppNavigation', () => {
  const click = { button: 0, metaKey: false, ctrlKey: false, shiftKey: false, altKey: false, defaultPrevented: false };
  const link = (href: string, extra: Partial<{ target: string; hasDownload: boolean }> = {}) => ({ href, target: '', hasDownload: false, ...extra });
  const origin = 'http://127.0.0.1:3000';

  it('routes plain clicks on links of the app', () => {
    expect(isAppNavigation(click, link('http://127.0.0.1:3000/segments/x'), origin)).toBe(true);
  });

  it('leaves modified clicks, new tabs, downloads, other sites and server routes to the browser', () => {
    expect(isAppNavigation({ ...click, ctrlKey: true }, link('/segments'), origin)).toBe(false);
    expect(isAppNavigation({ ...click, button: 1 }, link('/segments'), origin)).toBe(false);
    expect(isAppNavigation(click, link('/segments', { target: '_blank' }), origin)).toBe(false);
    expect(isAppNavigation(click, link('/export.csv', { hasDownload: true }), origin)).toBe(false);
    expect(isAppNavigation(click, link('https://example.com/'), origin)).toBe(false);
    expect(isAppNavigation(click, link('/login?token=x'), origin)).toBe(false);
    expect(isAppNavigation(click, link('/api/overview'), origin)).toBe(false);
  });
});
