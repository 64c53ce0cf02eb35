import { describe, expect, it } from 'vitest';
import type { ModelStreamEvent, TranscriptMessage } from '../model.ts';
import { plannerModel } from './planner-model.ts';
import { numbersIn, runTurn, step, TOOL_SPECS, ungroundedNumbers, type Turn } from './testing/drive.ts';
import { FAKE_TOOLS, SCHEMAS } from './testing/fake-workspace.ts';

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

/** The tool calls of each assistant step of a turn, by name (to check that calls share one step). */
function stepsOf(turn: Turn): string[][] {
  return turn.messages
    .filter((m) => m.role === 'assistant')
    .map((m) => m.content.flatMap((b) => (b.type === 'tool_use' ? [b.name] : [])))
    .filter((names) => names.length > 0);
}

type DraftInput = { definition: { conditions: Array<Record<string, unknown>> } };
const ctaOf = (turn: Turn) => turn.calls.find((c) => c.name === 'display_create_segment_cta')?.input as DraftInput | undefined;

describe('plannerModel: next steps and conciseness', () => {
  it.each([
    'Which five events did we see most over the past week?',
    'how many orders last month',
    'orders per day over the past 30 days',
    'total events yesterday',
    'biggest segments',
    'show me the rules behind High LTV',
    'which connectors are live right now',
    'what came in today?',
    'how many people are in Churn Risk',
  ])('ends %s with one specific next step, grounded', async (q) => {
    const turn = await runTurn(model, q);
    const sentences = turn.text.split(/(?<=[.?!])\s+(?=[A-Z])/);
    expect(sentences.at(-1)).toMatch(/\?$/);
    expect(turn.text).not.toMatch(/anything else/i);
    expect(turn.text.match(/\?/g)?.length).toBe(1);
    expect(ungroundedNumbers(turn, q)).toEqual([]);
  });

  it('says how to fix each failing connector and where', async () => {
    const turn = await runTurn(model, 'why are my syncs failing?');
    expect(turn.text).toContain('OAuth token expired');
    expect(turn.text).toMatch(/reconnect the Facebook Ads account.*Activations page/);
  });

  it('names the leader and the total of a ranking, not every bar of the chart', async () => {
    const q = 'top 5 events over the past week';
    const turn = await runTurn(model, q);
    expect(turn.text).toMatch(/^Page Viewed led/);
    expect(numbersIn(turn.text)).toHaveLength(2);
    expect(ungroundedNumbers(turn, q)).toEqual([]);
  });

  it('does not quote the errors of connectors nobody asked about', async () => {
    const turn = await runTurn(model, 'list our active connectors');
    expect(turn.text).toContain('Meta Ads churn');
    expect(turn.text).not.toContain('OAuth token expired');
    expect(turn.text).toMatch(/\?$/);
  });
});

describe('plannerModel: phrasings it used to get wrong', () => {
  it('answers about the one connector a question names', async () => {
    const braze = await runTurn(model, 'Is our Braze sync working?');
    expect(braze.text).toMatch(/^Braze VIP sync .* is active/);
    expect(braze.text).not.toMatch(/Meta Ads|HubSpot|Webhook/);
    const meta = await runTurn(model, 'is the meta ads connector ok');
    expect(meta.text).toMatch(/^Meta Ads churn .* is failing: "OAuth token expired"/);
    expect(meta.text).toMatch(/Activations page/);
    expect(meta.text).not.toMatch(/Braze|HubSpot/);
  });

  it.each([
    ['what is a segment?', /group of users/, /list your segments/],
    ['what are connectors', /syncs one segment to a destination/, /list your connectors/],
    ['explain the tracking plan', /event schema/, /list your event schemas/],
  ])('explains %s without tools and offers to show the real ones', async (q, what, offer) => {
    const turn = await runTurn(model, q);
    expect(turn.calls).toEqual([]);
    expect(turn.text).toMatch(what);
    expect(turn.text).toMatch(offer);
    expect(turn.text).not.toMatch(/\d/);
  });

  it('still treats "what is the X segment" as a question about that segment', async () => {
    const turn = await runTurn(model, 'what is the VIP Buyers segment?');
    expect(turn.calls.map((c) => c.name)).toContain('get_segment_detail');
  });

  it('ranks the largest segments by growth with one trend call each, in one step', async () => {
    const q = 'Which of our segments has grown the most since Nov 1?';
    const turn = await runTurn(model, q);
    const steps = stepsOf(turn);
    expect(steps[1]).toEqual(Array(5).fill('query_segment_membership_trend'));
    expect(turn.calls.at(-1)?.name).toBe('display_event_chart');
    const changes = turn.results
      .map((r) => JSON.parse(r) as { segment?: { name: string }; change?: number })
      .filter((r) => r.change !== undefined);
    const best = changes.reduce((a, b) => ((b.change ?? 0) > (a.change ?? 0) ? b : a));
    expect(turn.text).toContain(`${best.segment?.name} grew the most`);
    expect(turn.text).toMatch(/only compared those/);
    expect(ungroundedNumbers(turn, q)).toEqual([]);
  });

  it('compares two periods with both queries in one step and only numbers from the results', async () => {
    const q = 'how many signups this week vs last week?';
    const turn = await runTurn(model, q);
    const volume = turn.calls.filter((c) => c.name === 'query_event_volume');
    expect(volume.map((c) => c.input)).toEqual([
      { event: 'Signed Up', days: 7 },
      { event: 'Signed Up', from: '2026-11-12', to: '2026-11-19' },
    ]);
    expect(stepsOf(turn)).toContainEqual(['query_event_volume', 'query_event_volume']);
    const totals = turn.results.flatMap((r) => {
      const o = JSON.parse(r) as { total?: number; series?: unknown };
      return o.series ? [o.total ?? 0] : [];
    });
    for (const total of totals) expect(turn.text).toContain(total.toLocaleString('en-US'));
    expect(turn.text).toMatch(/(?:up|down) from|the same as/);
    expect(ungroundedNumbers(turn, q)).toEqual([]);
  });

  it('compares rankings of two calendar periods and follows a "vs" follow-up', async () => {
    const q = 'top events this month versus last month';
    const turn = await runTurn(model, q);
    expect(turn.calls.filter((c) => c.name === 'query_top_events').map((c) => c.input)).toEqual([
      { limit: 5, from: '2026-11-01' },
      { limit: 5, from: '2026-10-01', to: '2026-11-01' },
    ]);
    expect(ungroundedNumbers(turn, q)).toEqual([]);
    const first = await runTurn(model, 'how many orders yesterday');
    const second = await runTurn(model, 'vs the day before?', first.messages);
    expect(second.calls.filter((c) => c.name === 'query_event_volume').map((c) => c.input)).toEqual([
      { event: 'Order Completed', from: '2026-11-24', to: '2026-11-25' },
      { event: 'Order Completed', from: '2026-11-23', to: '2026-11-24' },
    ]);
  });

  it('filters on a product category when the event has one, and says so when it has not', async () => {
    const cart = await runTurn(model, 'people who added jackets to their cart this week');
    expect(ctaOf(cart)?.definition.conditions[0]).toMatchObject({ event: 'Product Added', where: [{ property: 'category', op: 'contains', value: 'jacket' }] });
    const withCategory = () => ({
      schemas: SCHEMAS.map((s) => ({ name: s.name, property_count: s.properties.length + 1, properties: s.name === 'Order Completed' ? [...s.properties, 'category'] : s.properties })),
      total: SCHEMAS.length,
    });
    const bought = await runTurn(model, 'customers who purchased boots in the last 30 days', [], { list_event_schemas: withCategory });
    expect(ctaOf(bought)?.definition.conditions[0]).toMatchObject({ event: 'Order Completed', where: [{ property: 'category', op: 'contains', value: 'boot' }] });
    const without = await runTurn(model, 'customers who purchased boots in the last 30 days', [], { list_event_schemas: FAKE_TOOLS.list_event_schemas });
    expect(ctaOf(without)?.definition.conditions[0]).not.toHaveProperty('where');
    expect(without.text).toMatch(/Order Completed has no category property, so I couldn't filter on "boots"/);
  });

  it('drafts "not from Germany or France" as one exclusion per country', async () => {
    const turn = await runTurn(model, 'build an audience of shoppers not from Germany or France who bought this month');
    expect(ctaOf(turn)?.definition.conditions.slice(0, 2)).toEqual([
      { type: 'trait', trait: 'country', op: 'neq', value: 'DE' },
      { type: 'trait', trait: 'country', op: 'neq', value: 'FR' },
    ]);
  });

  it('refines a draft\'s period with "same but ..."', async () => {
    const first = await runTurn(model, 'draft a segment of users who added to a wishlist in the last 7 days');
    const second = await runTurn(model, 'same but over the last 30 days', first.messages);
    expect(ctaOf(second)?.definition.conditions).toEqual([
      { type: 'event', event: 'Product Added to Wishlist', performed: true, count: { op: '>=', value: 1 }, window: { type: 'relative', last: 30, unit: 'days' } },
    ]);
    expect(second.text).not.toMatch(/same|couldn't express/);
    const third = await runTurn(model, 'same but only those from Spain', second.messages);
    expect(ctaOf(third)?.definition.conditions[0]).toEqual({ type: 'trait', trait: 'country', op: 'eq', value: 'ES' });
    expect(third.text).not.toMatch(/couldn't express/);
  });
});
