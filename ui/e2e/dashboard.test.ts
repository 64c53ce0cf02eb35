import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openDashboard, saveScreenshot, startServer, type TestServer } from './support/index.ts';

/**
 * The dashboard in a real browser against a real server (offline planner, a small demo workspace): the
 * copilot answers with inline components that match the API, a drafted segment goes through the builder
 * into the segments list, every page deep-links and reloads cleanly, and the chat works from the keyboard.
 */
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ env: { SEGOPS_SEED_EVENTS: '200000' } }), launchBrowser()]);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

interface ApiSegment {
  id: string;
  name: string;
  member_count: number;
}

/** GET on the server's API with the test token. */
async function api<T>(path: string): Promise<T> {
  const response = await fetch(new URL(path, server.baseUrl), { headers: { authorization: `Bearer ${server.token}` } });
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

const listSegments = async () => (await api<{ segments: ApiSegment[] }>('/api/segments')).segments;

/** POST /api/segments/preview: how many users a definition matches now. */
async function previewCount(definition: unknown): Promise<number> {
  const response = await fetch(new URL('/api/segments/preview', server.baseUrl), {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ definition }),
  });
  if (!response.ok) throw new Error(`POST /api/segments/preview: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { count: number }).count;
}

/** The drafted segment's conditions: ordered in the last `days` days, and never added to a wishlist. */
const ordersInLast = (days: number) => ({
  type: 'event',
  event: 'Order Completed',
  performed: true,
  count: { op: '>=', value: 1 },
  window: { type: 'relative', last: days, unit: 'days' },
});
const neverWishlisted = { type: 'event', event: 'Product Added to Wishlist', performed: false, window: { type: 'ever' } };

/** Asks the copilot panel a question and waits until its answer is done; returns the answer. */
async function ask(page: Page, question: string): Promise<Locator> {
  const answers = page.locator('[data-role="assistant"]');
  const before = await answers.count();
  await page.getByTestId('chat-input').fill(question);
  await page.getByTestId('chat-send').click();
  const answer = answers.nth(before);
  await answer.and(page.locator('[data-status="done"]')).waitFor({ timeout: 30_000 });
  return answer;
}

/** Whether a canvas has any painted pixel. */
const canvasPainted = (canvas: Locator) =>
  canvas.evaluate((node: HTMLCanvasElement) => {
    const { data } = node.getContext('2d')!.getImageData(0, 0, node.width, node.height);
    return data.some((channel, index) => index % 4 === 3 && channel > 0);
  });

describe('the dashboard', () => {
  it('answers a member count with a MetricCard equal to the segment’s member count', async () => {
    const { page, errors } = await openDashboard(browser, server);
    const answer = await ask(page, 'How many users are in the High LTV segment?');
    const highLtv = (await listSegments()).find((segment) => segment.name === 'High LTV');
    expect(highLtv, 'the demo workspace has a High LTV segment').toBeDefined();
    expect(highLtv!.member_count).toBeGreaterThan(0);

    const card = answer.getByTestId('metric-card');
    await expect.poll(() => card.count()).toBe(1);
    expect(Number(await card.getAttribute('data-value'))).toBe(highLtv!.member_count);
    expect(await card.locator('.value').textContent()).toContain(highLtv!.member_count.toLocaleString('en-US'));
    expect(errors).toEqual([]);
  });

  it('charts the top 5 events by volume as a ranking of 5 bars', async () => {
    const { page, errors } = await openDashboard(browser, server);
    const answer = await ask(page, 'Show me my top 5 events by volume this week');
    const chart = answer.getByTestId('event-volume-chart');
    await answer.locator('[data-testid="event-volume-chart"][data-drawn="true"]').waitFor();
    expect(await chart.getAttribute('data-bars')).toBe('5');
    expect(await canvasPainted(chart.locator('canvas'))).toBe(true);
    const ranking = (await chart.locator('[role="img"]').getAttribute('aria-label')) ?? '';
    const ranks = [...ranking.matchAll(/(\d+)\. ([^:]+): ([\d,]+)/g)];
    expect(ranks.map((rank) => Number(rank[1]))).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(ranks.map((rank) => rank[2])).size).toBe(5);
    const counts = ranks.map((rank) => Number(rank[3].replaceAll(',', '')));
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    await saveScreenshot(page, 'copilot-top-events');
    expect(errors).toEqual([]);
  });

  it('creates the drafted purchased-but-never-wishlisted segment through the builder', async () => {
    const { page, errors } = await openDashboard(browser, server);
    const answer = await ask(page, 'Create a segment for users who purchased in the last 7 days but never added to a wishlist');
    const suggestedName = (await answer.getByTestId('create-segment-cta').getByRole('heading').textContent())!;
    await answer.getByTestId('create-segment-button').click();
    await page.waitForURL((url) => url.pathname === '/segments/new');
    await page.getByTestId('draft-note').waitFor();
    expect(await page.getByTestId('builder-name').inputValue()).toBe(suggestedName);

    const conditions = page.getByTestId('builder-condition');
    await expect.poll(() => conditions.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-path')))).toEqual(['0', '1']);
    const readCondition = (condition: Locator) =>
      condition.evaluate((node) => ({
        type: node.getAttribute('data-type'),
        performed: (node.querySelector('[aria-label="Performed or not"]') as HTMLSelectElement | null)?.value,
        event: (node.querySelector('[aria-label="Event"]') as HTMLSelectElement | null)?.value,
        when: (node.querySelector('[aria-label="When"]') as HTMLSelectElement | null)?.value,
        last: (node.querySelector('[aria-label="How many"]') as HTMLInputElement | null)?.value,
        unit: (node.querySelector('[aria-label="Unit"]') as HTMLSelectElement | null)?.value,
      }));
    const shown = () => Promise.all([readCondition(conditions.nth(0)), readCondition(conditions.nth(1))]);
    const drafted = [
      { type: 'event', performed: 'true', event: 'Order Completed', when: 'relative', last: '7', unit: 'days' },
      { type: 'event', performed: 'false', event: 'Product Added to Wishlist', when: 'ever', last: undefined, unit: undefined },
    ];
    expect(await shown()).toEqual(drafted);

    // The preview is live: it counts the conditions on screen, and counts again when they change.
    const draft = { match: 'all', conditions: [ordersInLast(7), neverWishlisted] };
    const expected = await previewCount(draft);
    expect(expected).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('preview-count').getAttribute('data-count')).toBe(String(expected));
    const wider = await previewCount({ ...draft, conditions: [ordersInLast(30), neverWishlisted] });
    expect(wider, 'more buyers in 30 days than in 7').toBeGreaterThan(expected);
    await conditions.nth(0).getByLabel('How many').fill('30');
    await expect.poll(() => page.getByTestId('preview-count').getAttribute('data-count')).toBe(String(wider));
    await conditions.nth(0).getByLabel('How many').fill('7');
    await expect.poll(() => page.getByTestId('preview-count').getAttribute('data-count')).toBe(String(expected));
    await saveScreenshot(page, 'segment-builder-draft');

    // Saving without a name says so and puts the cursor in the name field.
    await page.getByTestId('builder-name').fill('');
    await page.getByTestId('save-segment').click();
    await page.locator('#segment-name-problem', { hasText: 'Give the segment a name.' }).waitFor();
    expect(await page.getByTestId('builder-name').evaluate((node) => node === document.activeElement)).toBe(true);
    expect(new URL(page.url()).pathname).toBe('/segments/new');

    const name = `Recent buyers, no wishlist ${Date.now()}`;
    await page.getByTestId('builder-name').fill(name);
    await page.getByTestId('save-segment').click();
    await page.waitForURL((url) => /^\/segments\/seg_/.test(url.pathname));
    const id = decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1)!);
    await page.getByTestId('segment-name').filter({ hasText: name }).waitFor();
    const saved = async () => (await api<{ segment: ApiSegment & { refreshed_at: string | null; definition: unknown } }>(`/api/segments/${encodeURIComponent(id)}`)).segment;
    await expect.poll(async () => (await saved()).refreshed_at, { timeout: 20_000 }).not.toBeNull();
    expect((await saved()).definition).toEqual(draft);
    expect((await saved()).member_count).toBe(expected);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Segments' }).click();
    await page.waitForURL((url) => url.pathname === '/segments');
    const row = page.getByTestId('segment-row').filter({ has: page.getByRole('link', { name, exact: true }) });
    await row.waitFor();
    const members = (await saved()).member_count;
    expect(Number(await row.getAttribute('data-members'))).toBe(members);
    expect(await row.locator('td.num').textContent()).toBe(members.toLocaleString('en-US'));
    expect(await page.getByTestId('segment-row').count()).toBe((await listSegments()).length);

    // Saving used up the draft: a new segment starts empty, until Create segment is clicked again, which
    // opens the draft even though the builder is the page already shown.
    await page.getByTestId('new-segment').click();
    await page.waitForURL((url) => url.pathname === '/segments/new');
    await page.getByTestId('builder-conditions').waitFor();
    expect(await conditions.count()).toBe(0);
    expect(await page.getByTestId('builder-name').inputValue()).toBe('');
    await answer.getByTestId('create-segment-button').click();
    await expect.poll(() => conditions.count()).toBe(2);
    expect(await shown()).toEqual(drafted);
    expect(await page.getByTestId('builder-name').inputValue()).toBe(suggestedName);
    expect(errors).toEqual([]);
  });

  it('deep-links and reloads every page, which renders its main content without console errors', async () => {
    const { page, errors } = await openDashboard(browser, server);
    const segment = (await listSegments())[0];
    const chartDrawn = (page: Page) => page.locator('[data-testid="event-volume-chart"][data-drawn="true"]').waitFor();
    const pages: Array<{ name: string; path: string; title: string; ready: (page: Page) => Promise<unknown> }> = [
      {
        name: 'overview',
        path: '/',
        title: 'Overview',
        ready: async (page) => {
          await expect.poll(() => page.getByTestId('metric-card').count()).toBe(4);
          await chartDrawn(page);
        },
      },
      { name: 'segments', path: '/segments', title: 'Segments', ready: (page) => page.getByTestId('segment-row').first().waitFor() },
      {
        name: 'segment-detail',
        path: `/segments/${encodeURIComponent(segment.id)}`,
        title: segment.name,
        ready: async (page) => {
          await page.getByTestId('segment-name').filter({ hasText: segment.name }).waitFor();
          await page.getByTestId('segment-conditions').waitFor();
          await chartDrawn(page);
        },
      },
      {
        name: 'segment-builder',
        path: '/segments/new',
        title: 'New segment',
        ready: (page) => Promise.all([page.getByTestId('builder-conditions').waitFor(), page.getByTestId('builder-name').waitFor()]),
      },
      {
        name: 'events',
        path: '/events',
        title: 'Events',
        ready: (page) =>
          Promise.all([page.getByTestId('recent-events').locator('tbody tr').first().waitFor(), page.getByTestId('event-schemas').locator('li, tr').first().waitFor()]),
      },
      { name: 'activations', path: '/activations', title: 'Activations', ready: (page) => page.getByTestId('activation-row').first().waitFor() },
      { name: 'inspector', path: '/inspector', title: 'Inspector', ready: (page) => page.getByTestId('no-run-selected').waitFor() },
    ];
    for (const { name, path, title, ready } of pages) {
      await page.goto(path);
      await ready(page);
      await page.reload();
      await ready(page);
      expect(new URL(page.url()).pathname, name).toBe(path);
      expect(await page.title()).toBe(`${title} · SegOps`);
      expect(await page.getByRole('heading', { level: 1 }).count(), `${name} has one h1`).toBe(1);
      await saveScreenshot(page, `page-${name}`);
      expect(errors, `console errors on ${name}`).toEqual([]);
    }
  });

  it('is usable with the keyboard only, with visible focus', async () => {
    const { page, errors } = await openDashboard(browser, server);
    const input = page.getByTestId('chat-input');
    const unseen: string[] = [];
    for (let tabs = 0; !(await input.evaluate((node) => node === document.activeElement)); tabs++) {
      expect(tabs, 'Tab reaches the chat input').toBeLessThan(60);
      await page.keyboard.press('Tab');
      const focus = await page.evaluate(focusIndicator);
      if (!focus.shown) unseen.push(focus.element);
    }
    expect(unseen, 'elements focused by Tab without a visible focus indicator').toEqual([]);

    const question = 'How many users are in the High LTV segment?';
    await page.keyboard.type(question);
    await page.keyboard.press('Enter');
    await page.locator('[data-role="assistant"][data-status="done"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-role="user"]').allTextContents()).toEqual([question]);
    expect(await input.inputValue()).toBe('');
    expect(await input.evaluate((node) => node === document.activeElement), 'focus stays in the chat input').toBe(true);
    await expect.poll(() => page.locator('[data-role="assistant"] [data-testid="metric-card"]').count()).toBe(1);
    await saveScreenshot(page, 'copilot-keyboard');
    expect(errors).toEqual([]);
  });
});

/** In the page: whether the focused element shows a focus indicator (outline or ring) inside the viewport. */
function focusIndicator(): { shown: boolean; element: string } {
  const element = document.activeElement as HTMLElement | null;
  if (!element || element === document.body) return { shown: false, element: 'body' };
  const style = getComputedStyle(element);
  const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
  const box = element.getBoundingClientRect();
  const onScreen = box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0 && box.top < innerHeight && box.left < innerWidth;
  const name = `${element.tagName.toLowerCase()}${element.dataset.testid ? `[data-testid=${element.dataset.testid}]` : ''} "${(element.textContent ?? '').trim().slice(0, 40)}"`;
  return { shown: element.matches(':focus-visible') && ring && onScreen, element: name };
}
