import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

const backend = 'http://127.0.0.1:3000';

/** The dashboard: built to ui/dist (served by the Koa server); `vite` serves it with the API proxied. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [svelte({ configFile: false, compilerOptions: { runes: true } })],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 300 },
  server: {
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/login': { target: backend, changeOrigin: false },
      '/v1': { target: backend, changeOrigin: false },
    },
  },
});
