import { Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import type { NotificationChannel, NotificationMessage } from './notification-channel.js';
import { WEBHOOK_HEADERS, signWebhook } from './webhook-signature.js';

export interface WebhookSettings {
  url: string;
  /** HMAC-SHA256 key shared with the receiver (≥ 32 characters, checked by AppConfig). */
  secret: string;
  /** Per-request timeout, in ms. */
  timeoutMs: number;
}

/** The JSON body a receiver gets. Versioned so the gateway can tell a future shape apart. */
export interface WebhookBody {
  version: 1;
  key: string;
  kind: NotificationMessage['kind'];
  /** Template name and raw parameters, for gateways that send carrier-registered templates (短信模板). */
  template: string;
  params: Record<string, string | number>;
  /** The rendered, signed text, for gateways that send free text. */
  text: string;
  recipient: NotificationMessage['recipient'];
  caseId: string | null;
}

/** Longest piece of a refusing receiver's response kept in the error (and so in the failed job). */
const MAX_ERROR_BODY = 200;

/** A response worth retrying: the receiver is busy, down or timed out, not refusing this request. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/**
 * HTTP POST of the message as JSON to the configured URL (typically the city's SMS gateway), signed.
 * 2xx: delivered. 5xx/408/429, a network error or the timeout: throw, BullMQ retries with backoff.
 * Any other status (4xx, or a redirect, which is not followed): UnrecoverableError, no retry — the
 * receiver refused this request and will refuse it again; the job stays in the failed set to look at.
 */
export class WebhookChannel implements NotificationChannel {
  readonly name = 'webhook' as const;
  private readonly logger = new Logger(WebhookChannel.name);

  constructor(
    private readonly settings: WebhookSettings,
    /** Unix time in ms; injected so the signature is testable. */
    private readonly now: () => number = Date.now,
  ) {}

  async deliver(message: NotificationMessage): Promise<void> {
    const payload: WebhookBody = {
      version: 1,
      key: message.key,
      kind: message.kind,
      template: message.template,
      params: message.params,
      text: message.text,
      recipient: message.recipient,
      caseId: message.caseId ?? null,
    };
    const body = JSON.stringify(payload);
    const timestamp = String(Math.floor(this.now() / 1000));
    let res: Response;
    try {
      res = await fetch(this.settings.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          [WEBHOOK_HEADERS.timestamp]: timestamp,
          [WEBHOOK_HEADERS.signature]: signWebhook(this.settings.secret, timestamp, body),
          [WEBHOOK_HEADERS.delivery]: message.key,
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
    } catch (err) {
      const e = err as Error;
      const why = e.name === 'TimeoutError' ? `no response within ${this.settings.timeoutMs} ms` : `${e.message}${e.cause ? ` (${(e.cause as Error).message ?? e.cause})` : ''}`;
      throw new Error(`webhook ${message.key}: ${why}; will retry`);
    }
    const text = await res.text().catch(() => '');
    if (res.status >= 200 && res.status < 300) return;
    const detail = `webhook ${message.key}: HTTP ${res.status} ${text.slice(0, MAX_ERROR_BODY)}`.trim();
    if (isRetryableStatus(res.status)) throw new Error(`${detail}; will retry`);
    this.logger.warn(`${detail}; not retried`);
    throw new UnrecoverableError(`${detail}; not retried`);
  }
}
