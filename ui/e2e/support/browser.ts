import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT, type TestServer } from './server.ts';

/** Debian's Chromium (apt-get install chromium); playwright-core never downloads a browser here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where tests save screenshots (gitignored). */
export const ARTIFACTS_DIR = join(ROOT, 'test-artifacts');

/** Launches headless Chromium with the flags that keep it quiet and offline in a sandboxed CI. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/**
 * Opens a page logged in to the server: `/login?token=…` sets the session cookie and redirects to the
 * dashboard. Browser console errors and failed pages are collected in `errors` for the test to check.
 */
export async function openDashboard(browser: Browser, server: TestServer, viewport = { width: 1600, height: 1200 }): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport, baseURL: server.baseUrl });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(`/login?token=${encodeURIComponent(server.token)}`);
  await page.waitForURL((url) => url.pathname === '/');
  return { page, errors };
}

/** Saves a full-page screenshot as test-artifacts/<name>.png and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  return path;
}
