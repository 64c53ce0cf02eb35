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

describe('normalizeMessage fast path', () => {
  /** A small deterministic generator (mulberry32), so a failure replays. */
  function random(seed: number) {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  it('gives exactly what zod alone gives, for random valid and invalid messages', () => {
    const next = random(20261125);
    const pick = <T>(options: readonly T[]): T => options[Math.floor(next() * options.length)];
    const maybe = (value: () => unknown) => (next() < 0.5 ? value() : undefined);
    const odd = () =>
      pick<unknown>([null, undefined, 0, 7, -1.5, '', ' ', 'x', 'u-1', true, [], ['a'], {}, { a: 1 }, NaN, Infinity, 'a'.repeat(257), '2025-01-01T00:00:00Z', 'not a date']);
    const id = () => (next() < 0.7 ? pick(['u1', ' u2 ', 42, '', null]) : odd());
    const text = () => (next() < 0.7 ? pick(['Order Completed', ' Signed Up ', '', '  ']) : odd());
    const time = () => (next() < 0.7 ? pick(['2025-03-01T10:00:00.000Z', '2025-03-01', '1960-01-01T00:00:00Z', 'garbage']) : odd());
    const record = () =>
      next() < 0.7
        ? pick<unknown>([{ price: 1, tags: ['a'] }, {}, JSON.parse('{"__proto__":{"x":1},"y":2}'), Object.create(null), { constructor: 'c' }])
        : odd();
    const fields: Record<string, () => unknown> = {
      type: () => (next() < 0.8 ? pick(['track', 'identify', 'page', 'screen', 'group', 'alias']) : odd()),
      messageId: () => (next() < 0.8 ? pick(['m-1', 'x'.repeat(256), 'y'.repeat(257), '']) : odd()),
      userId: id,
      anonymousId: id,
      groupId: id,
      previousId: id,
      event: text,
      name: text,
      category: text,
      properties: record,
      traits: record,
      context: record,
      timestamp: time,
      originalTimestamp: time,
      extra: () => odd(),
    };
    const receivedAt = new Date('2025-03-01T12:00:00.000Z');
    let valid = 0;
    for (let i = 0; i < 5000; i++) {
      const message: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(fields)) {
        const v = maybe(value);
        if (v !== undefined || next() < 0.1) message[key] = v;
      }
      const raw: unknown = next() < 0.03 ? odd() : message;
      const envelope = { receivedAt, type: next() < 0.1 ? ('track' as const) : undefined, sentAt: maybe(() => pick(['2025-03-01T12:00:01.000Z', 'bad', 5])) };
      const withFast = normalizeMessage(raw, envelope);
      const withZod = normalizeMessage(raw, envelope, { zodOnly: true });
      if (withFast.ok && withZod.ok && (raw as Record<string, unknown>)?.messageId == null) {
        withFast.event.messageId = withZod.event.messageId = 'generated';
      }
      expect(withFast).toEqual(withZod);
      if (withZod.ok) valid++;
    }
    expect(valid).toBeGreaterThan(100);
  });
});
