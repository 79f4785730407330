import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UnrecoverableError } from 'bullmq';
import type { NotificationMessage } from './notification-channel.js';
import { WebhookChannel, isRetryableStatus } from './webhook.channel.js';
import { signWebhook } from './webhook-signature.js';

const SECRET = 'unit-test-secret-0123456789abcdef0123';
const NOW_MS = 1_764_000_000_123;

function message(key: string): NotificationMessage {
  return {
    key,
    kind: 'petitioner_sms',
    recipient: { phone: '13800001234' },
    template: 'reply',
    params: { caseNo: '20261125-000001' },
    caseId: '0193a1b2-0000-7000-8000-000000000001',
    text: '【12345热线】您的诉求20261125-000001已答复，请凭查询码在12345网站查看并评价办理结果。',
  };
}

/** A loopback receiver whose answer depends on the delivery key: `status-<code>` or `slow`. */
describe('WebhookChannel', () => {
  let server: Server;
  let url: string;
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];

  beforeAll(async () => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        const key = String(req.headers['x-hotline-delivery']);
        if (key === 'slow') return void setTimeout(() => res.end('late'), 1000);
        const status = Number(/^status-(\d{3})$/.exec(key)?.[1] ?? 200);
        res.writeHead(status, status === 302 ? { location: 'http://127.0.0.1:1/' } : {}).end(status === 400 ? '{"error":"bad phone"}' : 'ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const channel = (timeoutMs = 2000, target = () => url) => new WebhookChannel({ url: target(), secret: SECRET, timeoutMs }, () => NOW_MS);

  it('POSTs the message as JSON with timestamp, signature and delivery key', async () => {
    await channel().deliver(message('status-200'));
    const { headers, body } = received.at(-1)!;
    expect(headers['content-type']).toBe('application/json; charset=utf-8');
    expect(headers['x-hotline-timestamp']).toBe('1764000000');
    expect(headers['x-hotline-delivery']).toBe('status-200');
    expect(headers['x-hotline-signature']).toBe(signWebhook(SECRET, '1764000000', body));
    expect(JSON.parse(body)).toEqual({ version: 1, ...message('status-200'), caseId: '0193a1b2-0000-7000-8000-000000000001' });
  });

  it.each([202, 204])('treats %i as delivered', async (status) => {
    await expect(channel().deliver(message(`status-${status}`))).resolves.toBeUndefined();
  });

  it.each([500, 503, 408, 429])('throws a retryable error on %i', async (status) => {
    const err = await channel().deliver(message(`status-${status}`)).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(UnrecoverableError);
    expect((err as Error).message).toMatch(new RegExp(`HTTP ${status} .*will retry$`));
  });

  it.each([400, 401, 404, 422, 302])('gives up on %i (UnrecoverableError, not retried)', async (status) => {
    const err = await channel().deliver(message(`status-${status}`)).catch((e: Error) => e);
    expect(err).toBeInstanceOf(UnrecoverableError);
    expect((err as Error).message).toMatch(new RegExp(`HTTP ${status}.*not retried$`));
  });

  it('keeps the receiver\'s reason in the error, but never the phone number', async () => {
    const err = (await channel().deliver(message('status-400')).catch((e: Error) => e)) as Error;
    expect(err.message).toBe('webhook status-400: HTTP 400 {"error":"bad phone"}; not retried');
    expect(err.message).not.toContain('13800001234');
  });

  it('retries a timeout', async () => {
    const err = (await channel(200).deliver(message('slow')).catch((e: Error) => e)) as Error;
    expect(err).not.toBeInstanceOf(UnrecoverableError);
    expect(err.message).toBe('webhook slow: no response within 200 ms; will retry');
  });

  it('retries when nobody listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const err = (await channel(2000, () => `http://127.0.0.1:${port}/`).deliver(message('down')).catch((e: Error) => e)) as Error;
    expect(err).not.toBeInstanceOf(UnrecoverableError);
    expect(err.message).toMatch(/^webhook down: .*ECONNREFUSED.*will retry$/);
  });

  it.each([
    [200, false],
    [399, false],
    [400, false],
    [408, true],
    [429, true],
    [499, false],
    [500, true],
    [599, true],
  ])('isRetryableStatus(%i) = %p', (status, retry) => {
    expect(isRetryableStatus(status)).toBe(retry);
  });
});
