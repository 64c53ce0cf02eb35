import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { chatReducer, emptyChat, type Turn } from '../../lib/chat-reducer.ts';
import { fixtureEvents } from '../../lib/test-support.ts';
import ChatTurn from './ChatTurn.svelte';
import SuggestedQuestions from './SuggestedQuestions.svelte';
import ToolChip from './ToolChip.svelte';

const finishedTurn = (): Turn =>
  fixtureEvents('high-ltv-run.sse').reduce(chatReducer, chatReducer(emptyChat, { type: 'ask', turnId: 't1', question: 'How many users are in the High LTV segment?' }))
    .turns[0];

describe('ChatTurn', () => {
  it('renders the question, the answer text, the tool chips and the inline component in order', () => {
    const body = render(ChatTurn, { props: { turn: finishedTurn() } }).body;
    const order = ['data-role="user"', 'Let me look up', 'data-tool="get_segment_detail"', 'data-tool="display_metric_card"', 'has 1,284 members', 'data-testid="metric-card"'].map((text) => body.indexOf(text));
    expect(order.every((index) => index >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(body).toContain('href="/inspector?run=run_7f3a"');
    expect(body).toContain('data-status="done"');
  });

  it('shows progress while running, and how to log in after a 401', () => {
    const running: Turn = { id: 't', question: 'q', status: 'running', step: 'act', parts: [], lastSeq: 3, runId: 'r' };
    expect(render(ChatTurn, { props: { turn: running } }).body).toContain('Running tools…');
    const failed: Turn = { ...running, status: 'error', error: { message: 'authentication required', code: 'UNAUTHORIZED' } };
    expect(render(ChatTurn, { props: { turn: failed } }).body).toContain('data-testid="login-hint"');
  });
});

describe('ToolChip', () => {
  it('shows name, duration, pretty arguments and the error of a failed call', () => {
    const body = render(ToolChip, {
      props: { call: { kind: 'tool', id: 'c', name: 'get_segment_detail', args: '{"segment":"Hi LTV"}', status: 'error', result: '"No segment named Hi LTV"', durationMs: 1250, startedAt: 0 } },
    }).body;
    expect(body).toContain('get_segment_detail');
    expect(body).toContain('1.3 s');
    expect(body).toContain('"segment": "Hi LTV"');
    expect(body).toMatch(/>Error<\/h4>\s*<pre class="[^"]*error[^"]*">No segment named Hi LTV<\/pre>/);
  });
});

describe('SuggestedQuestions', () => {
  it('offers the product description examples', () => {
    const body = render(SuggestedQuestions, { props: { onpick: () => undefined } }).body;
    expect(body.match(/data-testid="suggested-question"/g)).toHaveLength(9);
    expect(body).toContain('How many users are in the High LTV segment?');
  });
});
