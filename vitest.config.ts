import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [svelte({ configFile: false, compilerOptions: { runes: true } })],
  test: {
    include: ['core/**/*.test.ts', 'tools/**/*.test.ts', 'server/**/*.test.ts', 'evals/**/*.test.ts', 'scripts/**/*.test.ts', 'ui/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'ui/e2e/**'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
