import type { Usage } from '../../../core/models/model.ts';

const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3, hour12: false, timeZone: 'UTC' });

/** "09:04:50.667": the UTC time of day of an event, to the millisecond. */
export const formatClock = (ms: number): string => clock.format(ms);

/** "+1.2 s": how long after the run's start something happened. */
export function formatOffset(ms: number): string {
  if (ms < 1000) return `+${Math.round(ms)} ms`;
  return `+${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** "16,582 in · 50 out · $0.0123": token usage and cost, or '' when unknown. */
export function formatUsage(usage: Usage | null | undefined): string {
  if (!usage) return '';
  const count = (value: number) => value.toLocaleString('en-US');
  const parts = [`${count(usage.inputTokens)} in`, `${count(usage.outputTokens)} out`];
  if (usage.cacheReadTokens) parts.push(`${count(usage.cacheReadTokens)} cached`);
  if (usage.costUsd !== undefined) parts.push(usage.costUsd === 0 ? '$0' : `$${usage.costUsd.toFixed(usage.costUsd >= 1 ? 2 : 4)}`);
  return parts.join(' · ');
}
