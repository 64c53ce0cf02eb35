import { describe, expect, it } from 'vitest';
import type { ModelStreamEvent, TranscriptMessage } from '../model.ts';
import { plannerModel } from './planner-model.ts';
import { runTurn, step, TOOL_SPECS, ungroundedNumbers } from './testing/drive.ts';

const model = plannerModel();
const ask = (text: string): TranscriptMessage[] => [{ role: 'user', content: [{ type: 'text', text }] }];

describe('plannerModel: a ReAct turn', () => {
  it('lists, queries, displays, then answers with numbers taken from the results', async () => {
    const q = 'How has membership of the churn-risk audience moved over the past 3 weeks?';
    const turn = await runTurn(model, q);
    expect(turn.calls.map((c) => c.name)).toEqual(['list_segments', 'query_segment_membership_trend', 'display_event_chart']);
    expect(turn.calls[1].input).toEqual({ segment: 'Churn Risk', days: 21 });
    expect(turn.calls[2].input).toMatchObject({ metric: 'members', title: 'Churn Risk membership in the last 3 weeks' });
    const trend = JSON.parse(turn.results[1]) as { first: number; last: number };
    expect(turn.text).toContain(trend.first.toLocaleString('en-US'));
    expect(turn.text).toContain(trend.last.toLocaleString('en-US'));
    expect(ungroundedNumbers(turn, q)).toEqual([]);
  });

  it.each([
    'Which five events did we see most this week?',
    'how many people are in VIP Buyers',
    'orders per day in October',
    'which of my segments are the three smallest',
    'users who signed up last month but never opened an email',
    'are any connectors failing?',
    'what came in today?',
    'what properties does Checkout Started have?',
    'show me the rules behind High LTV',
    'how many wishlist adds yesterday?',
  ])('grounds every number of the answer: %s', async (q) => {
    const turn = await runTurn(model, q);
    expect(turn.text.length).toBeGreaterThan(20);
    expect(turn.text.split(/(?<=[.?!])\s+(?=[A-Z])/).length).toBeLessThanOrEqual(4);
    expect(ungroundedNumbers(turn, q)).toEqual([]);
  });

  it('emits the display component that fits: metric card, table, chart, CTA', async () => {
    const names = async (q: string) => (await runTurn(model, q)).calls.map((c) => c.name).filter((n) => n.startsWith('display_'));
    expect(await names('how many members does high ltv have')).toEqual(['display_metric_card']);
    expect(await names('biggest segments')).toEqual(['display_segment_table']);
    expect(await names('signups trend over the last 30 days')).toEqual(['display_event_chart']);
    expect(await names('create an audience of pro plan users who opened an email this week')).toEqual(['display_create_segment_cta']);
  });

  it('drafts a segment, previews it with the CTA tool and says how many users match', async () => {
    const turn = await runTurn(model, 'Could you put together a segment of shoppers who bought in the last 7 days but never added anything to a wishlist?');
    const cta = turn.calls.find((c) => c.name === 'display_create_segment_cta');
    expect(cta?.input).toMatchObject({
      name: 'Recent Buyers Without Wishlist',
      definition: {
        match: 'all',
        conditions: [
          { type: 'event', event: 'Order Completed', performed: true, window: { type: 'relative', last: 7, unit: 'days' } },
          { type: 'event', event: 'Product Added to Wishlist', performed: false, window: { type: 'ever' } },
        ],
      },
    });
    expect(turn.text).toContain('1,348 users');
    expect(turn.text).toMatch(/Create segment/);
  });
});

describe('plannerModel: follow-ups', () => {
  it('reuses the previous intent and entities with the new period', async () => {
    const first = await runTurn(model, 'top 5 events this week');
    const second = await runTurn(model, 'and for last month?', first.messages);
    expect(second.calls[0]).toMatchObject({ name: 'query_top_events', input: { limit: 5, from: '2026-10-01', to: '2026-11-01' } });
    expect(second.text).toContain('in October');
  });

  it('swaps the entity and keeps the period', async () => {
    const first = await runTurn(model, 'How many orders did we get yesterday?');
    const second = await runTurn(model, 'what about signups?', first.messages);
    expect(second.calls.map((c) => c.name)).toEqual(['query_event_volume', 'display_metric_card']);
    expect(second.calls[0].input).toEqual({ event: 'Signed Up', from: '2026-11-24', to: '2026-11-25' });
    const third = await runTurn(model, 'same for last week', second.messages);
    expect(third.calls[0].input).toEqual({ event: 'Signed Up', from: '2026-11-16', to: '2026-11-23' });
  });

  it('switches the segment of a trend question', async () => {
    const first = await runTurn(model, 'Churn Risk membership over the last 30 days');
    const second = await runTurn(model, 'and VIP Buyers?', first.messages);
    expect(second.calls[0]).toMatchObject({ name: 'query_segment_membership_trend', input: { segment: 'VIP Buyers', days: 30 } });
  });

  it('refines a drafted segment', async () => {
    const first = await runTurn(model, 'create a segment of users who purchased in the last 7 days');
    const second = await runTurn(model, 'and only those from Germany', first.messages);
    const cta = second.calls.find((c) => c.name === 'display_create_segment_cta');
    expect((cta?.input.definition as { conditions: unknown[] }).conditions).toEqual([
      { type: 'trait', trait: 'country', op: 'eq', value: 'DE' },
      { type: 'event', event: 'Order Completed', performed: true, count: { op: '>=', value: 1 }, window: { type: 'relative', last: 7, unit: 'days' } },
    ]);
  });
});

describe('plannerModel: ambiguity, limits and failures', () => {
  it('asks one clarifying question with options for a vague question, without tools', async () => {
    const turn = await runTurn(model, 'so how are things going?');
    expect(turn.calls).toEqual([]);
    expect(turn.text).toMatch(/\?$/);
    expect(turn.text).toMatch(/top events/);
  });

  it('asks which segment when none is named and many exist', async () => {
    const turn = await runTurn(model, 'show me the segment');
    expect(turn.calls.map((c) => c.name)).toEqual(['list_segments']);
    expect(turn.text).toMatch(/^Which segment do you mean\?/);
    expect(turn.text).toContain('"High LTV"');
  });

  it('says what is not in the catalog and offers what is', async () => {
    const turn = await runTurn(model, 'how many logins last week');
    expect(turn.calls.map((c) => c.name)).toEqual(['list_event_schemas']);
    expect(turn.text).toMatch(/couldn't find an event matching "logins"/);
    const segment = await runTurn(model, 'how many users are in the Big Spenders segment?');
    expect(segment.text).toMatch(/couldn't find a segment matching "Big Spenders"/);
  });

  it.each(['Will revenue grow next quarter?', 'what is the weather tomorrow', 'how is our biggest competitor doing?'])(
    'answers honestly that %s is outside SegOps data',
    async (q) => {
      const turn = await runTurn(model, q);
      expect(turn.calls).toEqual([]);
      expect(turn.text).toMatch(/^I can't answer that from SegOps data/);
      expect(turn.text).toMatch(/I can show/);
    },
  );

  it('acknowledges a tool error without inventing numbers', async () => {
    const turn = await runTurn(model, 'top events yesterday', [], { query_top_events: () => ({ error: 'ClickHouse is unreachable' }) });
    expect(turn.text).toMatch(/couldn't get the top events.*ClickHouse is unreachable/);
    expect(turn.text).not.toMatch(/\d/);
  });

  it('still answers when a display tool fails', async () => {
    const turn = await runTurn(model, 'how big is VIP Buyers', [], { display_metric_card: () => ({ error: 'bad props' }) });
    expect(turn.text).toContain('812 members');
  });

  it('does not call tools it is not offered', async () => {
    const events: ModelStreamEvent[] = [];
    for await (const e of model.stream({ system: 'Today is 2026-11-25.', messages: ask('top events today'), tools: [] }, new AbortController().signal)) events.push(e);
    expect(events.some((e) => e.type === 'tool-call-start')).toBe(false);
    expect(events.at(-1)).toMatchObject({ type: 'finish', stopReason: 'end_turn' });
  });
});

describe('plannerModel: the Model contract', () => {
  it('streams tool calls as start, JSON delta, end, then finish with tool_use', async () => {
    const events: ModelStreamEvent[] = [];
    for await (const e of model.stream({ system: 'Today is 2026-11-25.', messages: ask('top 3 events today'), tools: TOOL_SPECS }, new AbortController().signal)) events.push(e);
    expect(events.map((e) => e.type)).toEqual(['tool-call-start', 'tool-call-delta', 'tool-call-end', 'finish']);
    const delta = events[1] as { delta: string };
    expect(JSON.parse(delta.delta)).toEqual({ limit: 3, days: 1 });
    expect(events[3]).toMatchObject({ stopReason: 'tool_use' });
  });

  it('takes today from the system prompt, else from the newest date in the tool results', async () => {
    const fromSystem = await step(model, ask('signups yesterday'), 'Today is 2026-03-02.');
    expect(fromSystem.calls[0].name).toBe('list_event_schemas');
    const withSchemas: TranscriptMessage[] = [
      ...ask('signups yesterday'),
      { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'list_event_schemas', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: JSON.stringify({ schemas: [{ name: 'Signed Up', property_count: 1, properties: ['plan'], updated_at: '2026-07-09T10:00:00Z' }], total: 1 }) }] },
    ];
    expect((await step(model, withSchemas, 'Today is 2026-03-02.')).calls[0].input).toEqual({ event: 'Signed Up', from: '2026-03-01', to: '2026-03-02' });
    expect((await step(model, withSchemas, 'No date here.')).calls[0].input).toEqual({ event: 'Signed Up', from: '2026-07-08', to: '2026-07-09' });
  });

  it('is deterministic: the same transcript gives the same step', async () => {
    const a = await runTurn(model, 'users from France who opened an email at least twice this month');
    const b = await runTurn(plannerModel(), 'users from France who opened an email at least twice this month');
    expect(b.calls).toEqual(a.calls);
    expect(b.text).toBe(a.text);
  });

  it('refuses to start on an aborted signal', async () => {
    const controller = new AbortController();
    controller.abort();
    const iterator = model.stream({ system: '', messages: ask('hi'), tools: [] }, controller.signal)[Symbol.asyncIterator]();
    await expect(iterator.next()).rejects.toMatchObject({ code: 'MODEL_ABORTED' });
  });
});
