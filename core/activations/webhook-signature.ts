import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The header carrying `sha256=<hex>` of the HMAC-SHA256 of the raw body. */
export const SIGNATURE_HEADER = 'X-SegOps-Signature';

/** The header carrying the send time (Unix seconds), also in the signed body as `sent_at`. */
export const TIMESTAMP_HEADER = 'X-SegOps-Timestamp';

/** A new webhook signing secret. */
export function generateSigningSecret(): string {
  return `whsec_${randomBytes(24).toString('base64url')}`;
}

/** The `X-SegOps-Signature` value of a raw body. */
export function signWebhookBody(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Checks a signature header against the raw body in constant time (what a receiver does). */
export function verifyWebhookSignature(secret: string, body: string | Buffer, header: string | null | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signWebhookBody(secret, body));
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
