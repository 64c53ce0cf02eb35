import type { Context, Next } from 'koa';
import { SegOpsError } from '../core/errors.ts';

/** A token bucket per key: `capacity` requests at once, refilled at `perMinute`. */
export function rateLimit(options: { capacity: number; perMinute: number; key: (ctx: Context) => string }) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refillPerMs = options.perMinute / 60_000;
  return async (ctx: Context, next: Next) => {
    const key = options.key(ctx);
    const now = Date.now();
    const bucket = buckets.get(key) ?? { tokens: options.capacity, at: now };
    bucket.tokens = Math.min(options.capacity, bucket.tokens + (now - bucket.at) * refillPerMs);
    bucket.at = now;
    if (bucket.tokens < 1) {
      const waitS = Math.ceil((1 - bucket.tokens) / refillPerMs / 1000);
      ctx.set('Retry-After', String(waitS));
      throw new SegOpsError('RATE_LIMITED', `too many copilot requests; try again in ${waitS} s`);
    }
    bucket.tokens -= 1;
    buckets.set(key, bucket);
    if (buckets.size > 50_000) buckets.clear();
    return next();
  };
}
