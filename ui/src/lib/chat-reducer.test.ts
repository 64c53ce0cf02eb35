import { describe, expect, it } from 'vitest';
import { activeTurn, answerBlocks, chatReducer, emptyChat, type ChatAction, type ChatState, type ToolPart } from './chat-reducer.ts';
import { eventFactory, fixtureEvents } from './test-support.ts';

const reduce = (actions: ChatAction[], start: ChatState = emptyChat) => actions.reduce(chatReducer, start);
const ask = (question = 'How many users are in the High LTV segment?'): ChatAction => ({ type: 'ask', turnId: 't1', question });

describe('chatReducer over a recorded run', () => {
  const events = fixtureEvents('high-ltv-run.sse');
  const state = reduce([ask(), ...events]);
  const [turn] = state.turns;

  it('ends the turn done, with the run and conversation ids', () => {
    expect(turn).toMatchObject({ status: 'done', runId: 'run_7f3a', step: undefined, lastSeq: 44 });
    expect(state.conversationId).toBe('conv_42');
    expect(activeTurn(state)).toBeUndefined();
  });

  it('keeps text, tool calls and the component in the order they arrived', () => {
    expect(turn.parts.map((part) => part.kind)).toEqual(['text', 'tool', 'tool', 'text', 'component']);
    expect(turn.parts[0]).toMatchObject({ text: 'Let me look up the High LTV segment.', streaming: false });
    expect(turn.parts[3]).toMatchObject({ text: 'The High LTV segment has 1,284 members.' });
    expect(turn.parts[4]).toMatchObject({ component: 'MetricCard', props: { value: 1284, formatted: '1,284' } });
  });

  it('assembles streamed tool arguments and takes the result and duration from the result event', () => {
    const call = turn.parts[1] as ToolPart;
    expect(call).toMatchObject({ name: 'get_segment_detail', args: '{"segment":"High LTV"}', status: 'done', durationMs: 42.5 });
    expect(JSON.parse(call.result ?? '')).toMatchObject({ segment: { member_count: 1284 } });
  });

  it('shows the machine step while the run is going', () => {
    const midway = reduce([ask(), ...events.slice(0, 14)]);
    expect(midway.turns[0]).toMatchObject({ status: 'running', step: 'act' });
    expect(midway.turns[0].parts[1]).toMatchObject({ status: 'running' });
  });

  it('applies an event once, however often a replay delivers it', () => {
    const twice = reduce([ask(), ...events.slice(0, 6), ...events.slice(3, 6), ...events.slice(6)]);
    expect(twice).toEqual(state);
  });

  it('groups consecutive tool calls into one row of chips', () => {
    expect(answerBlocks(turn.parts).map((block) => (block.kind === 'tools' ? block.calls.length : block.kind))).toEqual(['text', 2, 'text', 'component']);
  });
});

describe('chatReducer endings', () => {
  it('marks a failed tool call as an error and keeps its message', () => {
    const ev = eventFactory();
    const state = reduce([
      ask(),
      ev('RUN_STARTED', { threadId: 'c', runId: 'run_t' }),
      ev('TOOL_CALL_START', { toolCallId: 'x', toolCallName: 'get_segment_detail' }),
      ev('TOOL_CALL_END', { toolCallId: 'x' }),
      ev('TOOL_CALL_RESULT', { messageId: 'x-r', toolCallId: 'x', content: '"No segment named Hi LTV; did you mean High LTV?"', role: 'tool' }, { isError: true }),
    ]);
    expect(state.turns[0].parts[0]).toMatchObject({ status: 'error', result: '"No segment named Hi LTV; did you mean High LTV?"', durationMs: 10 });
  });

  it('ends the turn with the run error, closing what was still streaming', () => {
    const ev = eventFactory();
    const state = reduce([
      ask(),
      ev('RUN_STARTED', { threadId: 'c', runId: 'run_t' }),
      ev('TEXT_MESSAGE_START', { messageId: 'm', role: 'assistant' }),
      ev('TEXT_MESSAGE_CONTENT', { messageId: 'm', delta: 'Looking' }),
      ev('TOOL_CALL_START', { toolCallId: 'x', toolCallName: 'query_top_events' }),
      ev('RUN_ERROR', { message: 'The model is overloaded.', code: 'MODEL_OVERLOADED' }),
    ]);
    expect(state.turns[0]).toMatchObject({ status: 'error', error: { message: 'The model is overloaded.', code: 'MODEL_OVERLOADED' } });
    expect(state.turns[0].parts).toMatchObject([{ streaming: false }, { status: 'error' }]);
  });

  it('takes a server failure outside the run (its own numbering) even after the run started', () => {
    const ev = eventFactory();
    const serverFailure = { type: 'RUN_ERROR', message: 'the run failed', code: 'INTERNAL', timestamp: 9, metadata: { runId: '', seq: 1 } } as ChatAction;
    const state = reduce([ask(), ev('RUN_STARTED', { threadId: 'c', runId: 'run_t' }), ev('STEP_STARTED', { stepName: 'think' }), serverFailure]);
    expect(state.turns[0]).toMatchObject({ status: 'error', error: { code: 'INTERNAL' }, lastSeq: 2 });
  });

  it('reads a run finished as cancelled as a stopped turn', () => {
    const ev = eventFactory();
    const state = reduce([ask(), ev('RUN_STARTED', { threadId: 'c', runId: 'run_t' }), ev('RUN_FINISHED', { threadId: 'c', runId: 'run_t', result: { status: 'cancelled' } })]);
    expect(state.turns[0].status).toBe('cancelled');
  });

  it('stops the active turn on the stop button and ignores the events that still arrive', () => {
    const ev = eventFactory();
    const stopped = reduce([ask(), ev('RUN_STARTED', { threadId: 'c', runId: 'run_t' }), ev('TOOL_CALL_START', { toolCallId: 'x', toolCallName: 'list_segments' }), { type: 'stopped' }]);
    expect(stopped.turns[0]).toMatchObject({ status: 'cancelled', parts: [{ status: 'error', result: 'The run ended before this tool call finished.' }] });
    expect(chatReducer(stopped, ev('TEXT_MESSAGE_START', { messageId: 'late', role: 'assistant' }))).toBe(stopped);
  });

  it('records a transport failure on the turn, with its code', () => {
    const state = reduce([ask(), { type: 'failed', message: 'authentication required', code: 'UNAUTHORIZED' }]);
    expect(state.turns[0]).toMatchObject({ status: 'error', error: { code: 'UNAUTHORIZED' } });
  });

  it('starts over on reset and rebuilds a stored conversation from its events', () => {
    const events = fixtureEvents('high-ltv-run.sse');
    const loaded = chatReducer(emptyChat, { type: 'loaded', conversationId: 'conv_42', turns: [{ runId: 'run_7f3a', question: 'How many?', events }] });
    expect(loaded.conversationId).toBe('conv_42');
    expect(loaded.turns[0]).toMatchObject({ question: 'How many?', status: 'done', runId: 'run_7f3a' });
    expect(loaded.turns[0].parts).toHaveLength(5);
    expect(chatReducer(loaded, { type: 'reset' })).toEqual(emptyChat);
  });

  it('shows a stored run that never ended as stopped', () => {
    const loaded = chatReducer(emptyChat, { type: 'loaded', conversationId: 'c', turns: [{ runId: 'run_7f3a', question: 'q', events: fixtureEvents('high-ltv-run.sse').slice(0, 10) }] });
    expect(loaded.turns[0].status).toBe('cancelled');
  });
});
