import { describe, expect, it } from 'vitest';
import { SegOpsError } from '../errors.ts';
import { checkEventSizes, MAX_EVENT_BYTES } from './limits.ts';
import { normalizeBatch, normalizeMessage } from './message.ts';
import { parseIngestBody } from './parse-body.ts';

const receivedAt = new Date('2025-03-01T12:00:00.000Z');

describe('normalizeMessage', () => {
  it('maps a track call, keeping its messageId, timestamp and properties', () => {
    const result = normalizeMessage(
      { type: 'track', messageId: 'm1', userId: 42, event: ' Order Completed ', timestamp: '2025-03-01T11:00:00Z', properties: { revenue: 9 } },
      { receivedAt },
    );
    expect(result).toEqual({
      ok: true,
      event: expect.objectContaining({
        messageId: 'm1',
        type: 'track',
        event: 'Order Completed',
        userId: '42',
        anonymousId: '',
        timestamp: new Date('2025-03-01T11:00:00Z'),
        properties: { revenue: 9 },
      }),
    });
  });

  it('takes the type from the endpoint and stamps receivedAt when the message has no timestamp', () => {
    const result = normalizeMessage({ anonymousId: 'a1', name: 'Home', type: 'track' }, { receivedAt, type: 'page' });
    expect(result.ok && result.event).toMatchObject({ type: 'page', event: 'Page Viewed', timestamp: receivedAt, properties: { name: 'Home' } });
  });

  it("corrects originalTimestamp by the client's clock skew (sentAt)", () => {
    const result = normalizeMessage(
      { type: 'track', userId: 'u', event: 'E', originalTimestamp: '2025-03-01T13:59:00.000Z' },
      { receivedAt, sentAt: '2025-03-01T14:00:00.000Z' },
    );
    expect(result.ok && result.event.timestamp.toISOString()).toBe('2025-03-01T11:59:00.000Z');
  });

  it('keeps identify traits for the merge and as the stored properties', () => {
    const result = normalizeMessage({ type: 'identify', userId: 'u', traits: { plan: 'pro' } }, { receivedAt });
    expect(result.ok && result.event).toMatchObject({ event: '', traits: { plan: 'pro' }, properties: { plan: 'pro' } });
  });

  it('lists every problem of a bad message', () => {
    const result = normalizeMessage({ type: 'track', timestamp: 'soon' }, { receivedAt });
    expect(result).toEqual({
      ok: false,
      problems: ['userId or anonymousId is required', "event: a track call needs an 'event' name", expect.stringContaining('is not a date')],
    });
  });
});

describe('normalizeBatch', () => {
  it('refuses the whole batch, naming the bad message by index and messageId', () => {
    const run = () => normalizeBatch([{ type: 'track', userId: 'u', event: 'E' }, { type: 'track', messageId: 'bad', userId: 'u' }], { receivedAt });
    expect(run).toThrow(SegOpsError);
    expect(run).toThrow("batch[1] (messageId 'bad'): event: a track call needs an 'event' name");
  });
});

describe('checkEventSizes', () => {
  it('passes an event at the limit and refuses one byte more', () => {
    const padding = (bytes: number) => ({ p: 'x'.repeat(bytes - JSON.stringify({ p: '' }).length) });
    expect(() => checkEventSizes([padding(MAX_EVENT_BYTES)])).not.toThrow();
    expect(() => checkEventSizes([{}, padding(MAX_EVENT_BYTES + 1)])).toThrow(/batch\[1\] is 32769 bytes/);
  });
});

describe('parseIngestBody', () => {
  it('drops NUL characters and lone surrogates (Postgres refuses them), in values and keys', () => {
    const body = parseIngestBody(Buffer.from('{"a":"x\\u0000y\\ud800","k\\u0000":1,"ok":"\\ud83d\\ude00"}'));
    expect(body).toEqual({ a: 'xy\ufffd', k: 1, ok: '😀' });
  });
});
