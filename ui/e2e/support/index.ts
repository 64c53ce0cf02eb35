/** The browser tests' harness: a real server on a fresh data dir, Debian's Chromium, login and screenshots. */
export { ROOT, startServer, type StartServerOptions, type TestServer } from './server.ts';
export { ARTIFACTS_DIR, CHROMIUM_PATH, launchBrowser, openDashboard, saveScreenshot } from './browser.ts';
export { FAKE_ANSWER, startFakeClaude, type FakeClaude } from './fake-claude.ts';
