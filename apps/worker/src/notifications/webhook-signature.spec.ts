import { describe, expect, it } from '@jest/globals';
import { signWebhook, verifyWebhookSignature } from './webhook-signature.js';

const SECRET = 'hotline-test-secret-0123456789abcdef';
const TIMESTAMP = '1764000000';
const BODY = '{"version":1,"key":"acknowledged-1"}';
/**
 * Known vector, computed independently of this code:
 *   printf '%s' '1764000000.{"version":1,"key":"acknowledged-1"}' | openssl dgst -sha256 -hmac 'hotline-test-secret-0123456789abcdef'
 */
const EXPECTED = 'sha256=95f83264a118df29490594f776234a349c6274f9329cf53ec76bf4502f09fbf3';

describe('webhook signature', () => {
  it('is sha256=<hex HMAC-SHA256 of "<timestamp>.<body>"> (known vector)', () => {
    expect(signWebhook(SECRET, TIMESTAMP, BODY)).toBe(EXPECTED);
  });

  it('signs the UTF-8 bytes of a Chinese body', () => {
    // printf '%s' '1.{"text":"【12345热线】"}' | openssl dgst -sha256 -hmac 'k'
    expect(signWebhook('k', '1', '{"text":"【12345热线】"}')).toBe('sha256=cdc748973bc9e0c2bb4162f4f829656abc769778172cefa88a2e5c728a328a38');
  });

  it('verifies a genuine request and refuses a tampered, re-timed or stale one', () => {
    const now = Number(TIMESTAMP) + 10;
    expect(verifyWebhookSignature(SECRET, TIMESTAMP, BODY, EXPECTED, now)).toBe(true);
    expect(verifyWebhookSignature(SECRET, TIMESTAMP, BODY.replace('1', '2'), EXPECTED, now)).toBe(false);
    expect(verifyWebhookSignature(SECRET, String(Number(TIMESTAMP) + 1), BODY, EXPECTED, now)).toBe(false);
    expect(verifyWebhookSignature(`${SECRET}x`, TIMESTAMP, BODY, EXPECTED, now)).toBe(false);
    expect(verifyWebhookSignature(SECRET, TIMESTAMP, BODY, EXPECTED, Number(TIMESTAMP) + 301)).toBe(false);
    expect(verifyWebhookSignature(SECRET, TIMESTAMP, BODY, 'sha256=00', now)).toBe(false);
  });
});
