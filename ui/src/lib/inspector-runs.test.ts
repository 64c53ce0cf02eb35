import { describe, expect, it } from 'vitest';
import { formatClock, formatOffset, formatUsage } from './inspector-format.ts';
import { machineGraphUrl, noFilters, runEventsUrl, runMessagesUrl, runsUrl } from './inspector-runs.ts';
import { matchRoute, runHref } from './routes.ts';

describe('run list URLs', () => {
  it('asks for the newest runs without filters, and sends each filter the server knows', () => {
    expect(runsUrl(noFilters)).toBe('/api/copilot/runs');
    const url = runsUrl({ status: 'failed', model: ' claude-sonnet ', machine: 'react', conversationId: 'c 1', slow: true, slowMs: 2500, errors: true });
    expect(Object.fromEntries(new URL(url, 'http://x').searchParams)).toEqual({
      status: 'failed',
      model: 'claude-sonnet',
      machine: 'react',
      conversationId: 'c 1',
      slow: '2500',
      errors: '1',
    });
    expect(runsUrl({ ...noFilters, slowMs: 100 })).toBe('/api/copilot/runs');
  });

  it('replays a run from a sequence number and names the machine of a graph', () => {
    expect(runEventsUrl('run/1')).toBe('/api/copilot/runs/run%2F1/events');
    expect(runEventsUrl('r', 42)).toBe('/api/copilot/runs/r/events?after=42');
    expect(machineGraphUrl()).toBe('/api/copilot/machine-graph');
    expect(machineGraphUrl({ machine: 'react' })).toBe('/api/copilot/machine-graph?machine=react');
    expect(machineGraphUrl({ run: 'run/1', machine: 'react' })).toBe('/api/copilot/machine-graph?run=run%2F1');
    expect(runMessagesUrl('run/1')).toBe('/api/copilot/runs/run%2F1/messages');
  });

  it('routes /inspector?run=… to the inspector page', () => {
    const url = new URL(runHref('run_7'), 'http://x');
    expect(matchRoute(url.pathname)).toEqual({ page: 'inspector' });
    expect(url.searchParams.get('run')).toBe('run_7');
  });
});

describe('inspector formats', () => {
  it('shows times to the millisecond, offsets from the start, and usage with cost', () => {
    expect(formatClock(Date.UTC(2026, 10, 25, 9, 4, 50, 667))).toBe('09:04:50.667');
    expect(formatOffset(42.4)).toBe('+42 ms');
    expect(formatOffset(1234)).toBe('+1.23 s');
    expect(formatUsage({ inputTokens: 16582, outputTokens: 50, cacheReadTokens: 1000, costUsd: 0.0123 })).toBe('16,582 in · 50 out · 1,000 cached · $0.0123');
    expect(formatUsage({ inputTokens: 1, outputTokens: 2 })).toBe('1 in · 2 out');
    expect(formatUsage({ inputTokens: 1, outputTokens: 2, costUsd: 0 })).toBe('1 in · 2 out · $0');
    expect(formatUsage({ inputTokens: 1, outputTokens: 2, costUsd: 12.345 })).toBe('1 in · 2 out · $12.35');
    expect(formatUsage(null)).toBe('');
  });
});
