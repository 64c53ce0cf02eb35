import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_ANSWER, launchBrowser, openDashboard, saveScreenshot, startFakeClaude, startServer, type FakeClaude, type TestServer } from './support/index.ts';

/**
 * The inspector in a real browser against a real server whose copilot talks to a fake Claude that thinks
 * for a while: a run shows up on the live feed and its highlighted state moves while it runs; a finished
 * run opens from its answer's link and stepping moves the highlight through think, act, observe and render.
 */
let claude: FakeClaude;
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  claude = await startFakeClaude({ thinkMs: 1500 });
  [server, browser] = await Promise.all([startServer({ env: claude.env }), launchBrowser()]);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await claude?.close();
});

const RUN_STATES = ['think', 'act', 'observe', 'think', 'render', 'done'];

/** The state the chart highlights now. */
const highlighted = (page: Page) => page.getByTestId('state-chart').getAttribute('data-active-state');

/** Presses a key and waits until the chart highlights `state`. */
async function stepTo(page: Page, key: string, state: string): Promise<void> {
  await page.keyboard.press(key);
  await page.locator(`[data-testid="state-chart"][data-active-state="${state}"]`).waitFor({ timeout: 5_000 });
}

/** Asks the copilot panel a question and waits for the answer. */
async function ask(page: Page, question: string) {
  await page.getByTestId('chat-input').fill(question);
  await page.getByTestId('chat-send').click();
  const answer = page.locator('[data-role="assistant"]').last();
  await page.locator('[data-role="assistant"][data-status="done"]').last().waitFor({ timeout: 60_000 });
  return answer;
}

describe('the state-machine inspector', () => {
  it('shows a run on the live feed and highlights its state as it runs', { timeout: 90_000 }, async () => {
    const { page, errors } = await openDashboard(browser, server);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inspector' }).click();
    await page.waitForURL('**/inspector');
    await expect.poll(() => page.getByTestId('chart-state').count(), { timeout: 15_000 }).toBe(7);
    await page.locator('[data-testid="live-status"]', { hasText: 'connected' }).waitFor();

    await page.getByTestId('chat-input').fill('Which segments and connectors do I have?');
    await page.getByTestId('chat-send').click();
    const liveRun = page.getByTestId('live-run').first();
    await liveRun.waitFor({ timeout: 10_000 });
    await expect.poll(() => liveRun.getAttribute('data-state')).toBe('think');
    // The question comes with RUN_STARTED, long before the stored run list knows the run.
    expect(await liveRun.getByTestId('live-run-question').textContent()).toBe('Which segments and connectors do I have?');
    expect(await liveRun.getByTestId('live-run-machine').textContent()).toBe('react');
    const runId = await liveRun.getAttribute('data-run-id');
    await liveRun.click();
    await page.waitForURL(`**/inspector?run=${runId}`);

    // Record every highlighted state while the run goes on, with the number of the transition that led to it.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seen: string[] }).seen = seen;
      setInterval(() => {
        const state = document.querySelector('[data-testid="state-chart"]')?.getAttribute('data-active-state');
        const step = document.querySelector('[data-testid="step-position"]')?.getAttribute('data-step');
        if (state && step && seen.at(-1) !== `${step}:${state}`) seen.push(`${step}:${state}`);
      }, 20);
    });
    await page.locator('[data-testid="step-position"]', { hasText: 'following live' }).waitFor({ timeout: 10_000 });
    await page.locator('[data-testid="run-outcome"][data-status="done"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => liveRun.getAttribute('data-state')).toBe('done');
    const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
    // The first model call, then the second one (after the tools ran, too fast to be drawn), then the end.
    expect(seen[0]).toBe('1:think');
    expect(seen).toContain('4:think');
    expect(seen.at(-1)).toBe('6:done');
    const order = seen.map((entry) => Number(entry.split(':')[0]));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    await expect.poll(() => page.getByTestId('final-answer').textContent()).toBe(FAKE_ANSWER);
    expect(errors).toEqual([]);
  });

  it('opens a run from the answer’s link and steps through think, act, observe and render', { timeout: 90_000 }, async () => {
    const { page, errors } = await openDashboard(browser, server);
    const answer = await ask(page, 'List my segments and connectors, please.');
    const link = answer.getByTestId('run-link');
    const runId = new URL((await link.getAttribute('href'))!, server.baseUrl).searchParams.get('run');
    await link.click();
    await page.waitForURL(`**/inspector?run=${runId}`);
    await page.locator('[data-testid="run-outcome"][data-status="done"]').waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByTestId('run-header').getAttribute('data-run-id')).toBe(runId);
    expect(await highlighted(page)).toBe('done');
    await expect.poll(() => page.locator('[data-testid="run-row"][aria-current="page"]').getAttribute('data-run-id')).toBe(runId);
    // The chart is the run's own machine; each model step shows its tokens and, on demand, what it was sent.
    expect(await page.getByTestId('chart-machine').getAttribute('data-machine')).toBe('react');
    expect(await page.getByTestId('step-usage').count()).toBe(2);
    expect(await page.getByTestId('step-usage').first().textContent()).toMatch(/\d in · \d+ out/);
    expect(await page.getByTestId('step-input-message').count()).toBe(0);
    await page.getByTestId('step-input').nth(1).locator('summary').click();
    const sent = page.getByTestId('step-input').nth(1).getByTestId('step-input-message');
    await expect.poll(() => sent.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-role')))).toEqual(['user', 'assistant', 'user']);
    expect(await sent.first().textContent()).toContain('List my segments and connectors, please.');

    // Time travel: from the first transition, → steps forward to the end of the run.
    await page.getByRole('heading', { name: 'Inspector', level: 1 }).click();
    await stepTo(page, 'Home', 'think');
    const states = [await highlighted(page)];
    for (let i = 1; i < RUN_STATES.length + 2; i++) {
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => page.locator('[data-testid="timeline-segment"][data-phase="current"]').getAttribute('data-state')).toBe(RUN_STATES[Math.min(i, RUN_STATES.length - 1)]);
      states.push(await highlighted(page));
    }
    expect(states).toEqual([...RUN_STATES, 'done', 'done']);

    // The buttons step too; the chart highlights the edge the run took, the timeline the calls of that visit.
    await page.getByTestId('step-back').click();
    expect(await highlighted(page)).toBe('render');
    await stepTo(page, 'ArrowLeft', 'think');
    await stepTo(page, 'ArrowLeft', 'observe');
    await stepTo(page, 'ArrowLeft', 'act');
    expect(await page.getByTestId('step-position').textContent()).toMatch(/2\s+of 6/);
    await expect.poll(() => page.locator('[data-testid="chart-edge"].active').getAttribute('data-kind')).toBe('invoke.done');
    const calls = page.locator('[data-testid="timeline-segment"][data-phase="current"] [data-testid="timeline-tool-call"]');
    await expect.poll(() => calls.evaluateAll((nodes) => nodes.map((node) => `${node.getAttribute('data-tool')}:${node.getAttribute('data-status')}`))).toEqual([
      'list_segments:done',
      'list_activations:done',
    ]);
    await saveScreenshot(page, 'inspector');

    // A deep link opens the same run on a fresh page load.
    await page.goto(`/inspector?run=${runId}`);
    await page.locator('[data-testid="run-outcome"][data-status="done"]').waitFor({ timeout: 15_000 });
    expect(await highlighted(page)).toBe('done');
    expect(await page.getByTestId('final-answer').textContent()).toBe(FAKE_ANSWER);
    expect(errors).toEqual([]);
  });
});
