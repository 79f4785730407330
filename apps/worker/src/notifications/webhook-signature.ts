import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header names of the webhook channel (a receiver needs exactly these to verify a delivery). */
export const WEBHOOK_HEADERS = {
  /** Unix time in seconds when the request was signed. */
  timestamp: 'X-Hotline-Timestamp',
  /** `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">` with the shared secret. */
  signature: 'X-Hotline-Signature',
  /** The message's idempotency key: the same on every retry, so the receiver can drop duplicates. */
  delivery: 'X-Hotline-Delivery',
} as const;

/**
 * `sha256=<hex>` of HMAC-SHA256("<timestamp>.<body>", secret). Signing the timestamp with the body
 * lets a receiver refuse replays of an old captured request (see verifyWebhookSignature).
 */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

/**
 * What a receiver does (reference implementation): recompute, compare in constant time, and refuse a
 * timestamp further than `toleranceSeconds` from its own clock.
 * @param nowSeconds the receiver's Unix time in seconds
 */
export function verifyWebhookSignature(secret: string, timestamp: string, body: string, signature: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
