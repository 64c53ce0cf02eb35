import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Builds the dashboard (ui/dist) when it is missing or older than its sources, so `npm start` serves it. */
const ui = join(import.meta.dirname, '..', 'ui');
const built = join(ui, 'dist', 'index.html');

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

const sources = [join(ui, 'src'), join(ui, 'index.html'), join(ui, 'vite.config.ts')].filter(existsSync);
if (!existsSync(built) || Math.max(...sources.map(newest)) > statSync(built).mtimeMs) {
  console.log('Building the dashboard (ui/dist)...');
  const { build } = await import('vite');
  await build({ configFile: join(ui, 'vite.config.ts'), logLevel: 'warn' });
}
