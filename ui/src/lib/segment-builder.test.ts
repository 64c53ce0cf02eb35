import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { newCondition } from './builder-reducer.ts';
import { PREVIEW_DELAY_MS, SegmentBuilder } from './segment-builder.svelte.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('SegmentBuilder', () => {
  it('asks for one preview after a burst of edits, with the cleaned definition', async () => {
    const fetch = vi.fn(async () => Response.json({ count: 312, sample: [], conditions: ['performed Order Completed at least once in the last 30 days'], elapsedMs: 12 }));
    vi.stubGlobal('fetch', fetch);
    const builder = new SegmentBuilder();
    builder.dispatch({ type: 'add', group: [], condition: newCondition('event', { event: 'Order Completed' }) });
    builder.dispatch({ type: 'set-match', group: [], match: 'any' });
    builder.dispatch({ type: 'set-name', name: 'Buyers' });
    await vi.advanceTimersByTimeAsync(PREVIEW_DELAY_MS);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(JSON.parse((fetch.mock.calls[0] as unknown as [string, RequestInit])[1].body as string).definition).toMatchObject({ match: 'any', conditions: [{ event: 'Order Completed' }] });
    expect(builder.preview?.count).toBe(312);
  });

  it('files validation problems of the preview under their conditions', async () => {
    const error = { error: { code: 'INVALID_SEGMENT', message: 'invalid', details: [{ path: 'conditions[0].count.value', message: 'condition 1: count value must be at least 0' }] } };
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify(error), { status: 400 }));
    const builder = new SegmentBuilder();
    builder.dispatch({ type: 'add', group: [], condition: { type: 'event', event: 'Order Completed', performed: true, count: { op: '>=', value: -1 } } });
    await vi.advanceTimersByTimeAsync(PREVIEW_DELAY_MS);
    expect(builder.preview).toBeUndefined();
    expect(builder.byCondition.get('0')).toEqual(['count value must be at least 0']);
  });

  it('saves a new segment with POST and an edit with PUT', async () => {
    const fetch = vi.fn(async () => Response.json({ segment: { id: 'seg_9', name: 'Buyers' } }, { status: 201 }));
    vi.stubGlobal('fetch', fetch);
    const created = new SegmentBuilder();
    created.dispatch({ type: 'set-name', name: ' Buyers ' });
    expect(await created.save()).toMatchObject({ id: 'seg_9' });
    await new SegmentBuilder('seg_9').save();
    const [post, put] = fetch.mock.calls as unknown as Array<[string, RequestInit]>;
    expect([post[0], post[1].method, JSON.parse(post[1].body as string).name]).toEqual(['/api/segments', 'POST', 'Buyers']);
    expect([put[0], put[1].method]).toEqual(['/api/segments/seg_9', 'PUT']);
  });
});
