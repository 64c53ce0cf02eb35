import { render } from 'svelte/server';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../../core/agent/events.ts';
import { layoutGraph } from '../../lib/inspector-layout.ts';
import type { RunSummary } from '../../lib/inspector-runs.ts';
import { copilotGraph, parallelRunWithError } from '../../lib/inspector-test-runs.ts';
import { buildTimeline } from '../../lib/inspector-timeline.ts';
import { edgeOf, travel } from '../../lib/inspector-travel.ts';
import App from '../../App.svelte';
import Inspector from '../../pages/Inspector.svelte';
import RunFilters from './RunFilters.svelte';
import RunHeader from './RunHeader.svelte';
import RunList from './RunList.svelte';
import RunTimeline from './RunTimeline.svelte';
import StateChart from './StateChart.svelte';
import StepControls from './StepControls.svelte';
import { noFilters } from '../../lib/inspector-runs.ts';

let events: RunEvent[];
beforeAll(async () => {
  events = await parallelRunWithError();
});

const attributeOf = (body: string, testid: string, attribute: string) =>
  [...body.matchAll(new RegExp(`<[^>]*data-testid="${testid}"[^>]*>`, 'g'))].map((tag) => new RegExp(`${attribute}="([^"]*)"`).exec(tag[0])?.[1]);

const stored: RunSummary = {
  id: 'run_parallel',
  conversation_id: 'conv_12345678',
  machine: 'react',
  model: 'segops-planner',
  status: 'done',
  started_at: '2026-11-25T09:04:50.594Z',
  finished_at: '2026-11-25T09:04:50.731Z',
  usage: { inputTokens: 3600, outputTokens: 120, costUsd: 0.0126 },
  error: null,
  duration_ms: 137,
  question: 'How many signups last week?',
};

describe('StateChart', () => {
  it('draws every state, marks the final ones, and highlights the current state and the edge it came by', () => {
    const graph = copilotGraph();
    const view = travel(buildTimeline(events), 1)!;
    const body = render(StateChart, { props: { layout: layoutGraph(graph), machine: 'copilot', active: view.state, activeEdge: edgeOf(graph, view.transition), visited: view.visited } }).body;
    expect(attributeOf(body, 'chart-state', 'data-state').sort()).toEqual(['act', 'cancelled', 'done', 'failed', 'observe', 'render', 'think']);
    expect(attributeOf(body, 'chart-state', 'data-active').filter(Boolean)).toEqual(['true']);
    expect(body).toMatch(/class="node node-state[^"]*active[^"]*"[^>]*data-state="act"/);
    expect(body).toMatch(/class="node node-state[^"]*visited[^"]*"[^>]*data-state="think"/);
    expect(body.match(/<rect class="inner[ "]/g)).toHaveLength(3);
    expect(body).toMatch(/class="edge edge-invoke-done[^"]*active[^"]*"[^>]*data-edge="edge-2"/);
    expect(attributeOf(body, 'chart-edge', 'data-kind').filter((kind) => kind === 'always')).toHaveLength(4);
    expect(body).toContain('the highlighted state is act');
  });
});

describe('RunTimeline', () => {
  it('lists the state visits with their model output, parallel tool calls and components, dimming what comes after the cursor', () => {
    const timeline = buildTimeline(events);
    const body = render(RunTimeline, { props: { timeline, view: travel(timeline, 1), onselect: () => undefined } }).body;
    expect(attributeOf(body, 'timeline-segment', 'data-state')).toEqual(['think', 'act', 'observe', 'think', 'act', 'observe', 'think', 'render', 'done']);
    expect(attributeOf(body, 'timeline-segment', 'data-phase').slice(0, 3)).toEqual(['past', 'current', 'future']);
    expect(attributeOf(body, 'timeline-tool-call', 'data-status')).toEqual(['done', 'error', 'done']);
    expect(body).toContain('2 in parallel');
    expect(body).toContain('warehouse offline');
    expect(body).toContain('Let me look.');
    expect(body).toMatch(/data-testid="timeline-component"[\s\S]*MetricCard/);
    expect(body).toMatch(/data-testid="final-answer">There were 7 signups; the warehouse was down.</);
    expect(body).toMatch(/class="outcome outcome-done[^"]* future"/);
  });
});

describe('RunTimeline model steps', () => {
  it('show each step’s model, latency, tokens and cost, and its input messages collapsed until asked for', () => {
    const timeline = buildTimeline(events);
    const messages = [
      { seq: 1, role: 'user' as const, content: [{ type: 'text' as const, text: 'How many signups last week?' }] },
      { seq: 2, role: 'assistant' as const, content: [{ type: 'tool_use' as const, id: 't1', name: 'slow', input: { ms: 40 } }] },
      { seq: 3, role: 'user' as const, content: [{ type: 'tool_result' as const, tool_use_id: 't1', content: 'warehouse offline', is_error: true }] },
    ];
    const transcript = { messages, loading: false, load: () => undefined };
    const body = render(RunTimeline, { props: { timeline, transcript, onselect: () => undefined } }).body;
    expect(attributeOf(body, 'step-usage', 'class')).toHaveLength(3);
    expect(body.match(/data-testid="step-usage">· 1,200 in · 40 out · \$0.0042</g)).toHaveLength(3);
    expect(attributeOf(body, 'step-latency', 'class')).toHaveLength(3);
    expect(body).toContain('· scripted');
    expect(body).toContain('· end_turn');
    expect(body.match(/<details class="input[^"]*" data-testid="step-input">/g)).toHaveLength(3);
    expect(attributeOf(body, 'step-input-message', 'data-role')).toEqual(['user', 'user', 'assistant', 'user']);
    expect(body).toContain('warehouse offline');

    const unasked = render(RunTimeline, { props: { timeline, transcript: { loading: false, load: () => undefined }, onselect: () => undefined } }).body;
    expect(unasked).not.toContain('data-testid="step-input-message"');
    const unstored = render(RunTimeline, { props: { timeline, transcript: { messages: [], loading: false, load: () => undefined }, onselect: () => undefined } }).body;
    expect(unstored).toContain('only finished runs store their messages');
  });
});

describe('StepControls', () => {
  it('tells where the cursor is and disables the moves that go nowhere', () => {
    const timeline = buildTimeline(events);
    const first = render(StepControls, { props: { view: travel(timeline, 0), onmove: () => undefined } }).body;
    expect(first).toMatch(/<strong>1<\/strong> of 9/);
    expect(first).toMatch(/<button[^>]*disabled[^>]*data-testid="step-back"/);
    expect(first).not.toMatch(/<button[^>]*disabled[^>]*data-testid="step-forward"/);
    const last = render(StepControls, { props: { view: travel(timeline, null), live: true, onmove: () => undefined } }).body;
    expect(last).toMatch(/<button[^>]*disabled[^>]*data-testid="step-forward"/);
    expect(last).toContain('following live');
  });
});

describe('RunHeader, RunList and RunFilters', () => {
  it('summarise a run with its model, tokens and cost', () => {
    const body = render(RunHeader, { props: { runId: 'run_parallel', run: stored, timeline: buildTimeline(events), onconversation: () => undefined } }).body;
    expect(body).toContain('How many signups last week?');
    expect(body).toContain('3,600 in · 120 out · $0.0126');
    expect(body).toMatch(/data-testid="run-status" data-status="done"/);
  });

  it('list live runs in their current state and stored runs, the selected one marked', () => {
    const live = [{ runId: 'run_live', status: 'running' as const, state: 'observe', seenAt: 0, updatedAt: 0, lastSeq: 9 }];
    const body = render(RunList, { props: { live, connected: true, runs: [stored], loading: false, selected: 'run_parallel', onretry: () => undefined } }).body;
    expect(body).toMatch(/href="\/inspector\?run=run_live"[^>]*data-testid="live-run"[^>]*data-state="observe"/);
    expect(body).toMatch(/href="\/inspector\?run=run_parallel" aria-current="page"[^>]*data-testid="run-row"/);
    expect(body).toContain('>connected<');
  });

  it('show a live run’s question, model and machine from its RUN_STARTED', () => {
    const live = [{ runId: 'run_live', question: 'Top events this week?', model: 'claude-sonnet-4-5', machine: 'react-reflect', status: 'running' as const, seenAt: 0, updatedAt: 0, lastSeq: 1 }];
    const body = render(RunList, { props: { live, connected: true, loading: false, onretry: () => undefined } }).body;
    expect(body).toMatch(/data-testid="live-run-question">Top events this week\?</);
    expect(body).toMatch(/data-testid="live-run-machine">react-reflect</);
    expect(body).toContain('claude-sonnet-4-5');
  });

  it('show the chosen filters and a way to clear them', () => {
    const plain = render(RunFilters, { props: { filters: noFilters, machines: ['react'], onchange: () => undefined } }).body;
    expect(plain).not.toContain('Clear filters');
    const filtered = render(RunFilters, { props: { filters: { ...noFilters, status: 'failed', errors: true }, machines: ['react'], onchange: () => undefined } }).body;
    expect(filtered).toContain('Clear filters');
    expect(filtered).toMatch(/<option value="failed" selected/);
    expect(filtered).toMatch(/<input type="checkbox" checked[^>]*data-testid="filter-errors"/);
  });
});

describe('Inspector page before its data arrives', () => {
  it('renders its heading, the run filters and the hint to pick a run', () => {
    const body = render(Inspector).body;
    expect(body).toContain('<h1>Inspector</h1>');
    expect(body).toContain('data-testid="run-filters"');
    expect(body).toContain('data-testid="no-run-selected"');
  });

  it('is linked from the main navigation', () => {
    expect(render(App).body).toMatch(/<nav[^>]*aria-label="Main"[\s\S]*<a href="\/inspector"[^>]*>Inspector<\/a>/);
  });
});
