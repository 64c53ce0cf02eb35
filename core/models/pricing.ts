import type { Usage } from './model.ts';

/** US dollars per million tokens. Cache writes (5-minute TTL) cost 1.25× input, cache reads 0.1× input. */
const PRICES: Record<string, { input: number; output: number }> = {
  'claude-opus-4-5': { input: 5, output: 25 },
  'claude-opus-4-1': { input: 15, output: 75 },
  'claude-opus-4-0': { input: 15, output: 75 },
  'claude-sonnet-4-6': { input: 3, output: 15 },
  'claude-sonnet-4-5': { input: 3, output: 15 },
  'claude-sonnet-4-0': { input: 3, output: 15 },
  'claude-haiku-4-5': { input: 1, output: 5 },
  'claude-3-5-haiku': { input: 0.8, output: 4 },
};

const ALIASES: Record<string, string> = { 'claude-opus-4': 'claude-opus-4-0', 'claude-sonnet-4': 'claude-sonnet-4-0' };

/** The cost of `usage` on `model` (dated snapshots such as `claude-sonnet-4-5-20250929` included), or undefined if unknown. */
export function costUsd(model: string, usage: Usage): number | undefined {
  const base = model.replace(/-\d{8}$/, '');
  const price = PRICES[ALIASES[base] ?? base];
  if (price === undefined) return undefined;
  const input =
    usage.inputTokens * price.input +
    (usage.cacheWriteTokens ?? 0) * price.input * 1.25 +
    (usage.cacheReadTokens ?? 0) * price.input * 0.1;
  return (input + usage.outputTokens * price.output) / 1_000_000;
}
