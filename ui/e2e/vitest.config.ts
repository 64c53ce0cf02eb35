import { defineConfig } from 'vitest/config';

/** Browser tests: real server, real Chromium; one file at a time (each seeds its own server). */
export default defineConfig({
  test: {
    include: ['ui/e2e/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 240_000,
  },
});
