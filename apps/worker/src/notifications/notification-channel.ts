import type { DeliverNotificationPayload, NotifyChannel } from '@hotline/queue';

/**
 * One way of getting a message to a person. Three channels exist:
 *
 * 1. **in-app** — rows in the `notifications` table, written by `caseStore.notify` inside the business
 *    transaction that causes them (dispatch, reply, escalation …) and read by the API. It is not a
 *    NotificationChannel and never goes through a queue: it is a fact committed with the change.
 * 2. **webhook** (`WebhookChannel`) — a signed HTTP POST to the city's SMS gateway (or any receiver).
 * 3. **log** (`LogChannel`) — a structured log line, phone masked: the default, for development and
 *    for deployments without a gateway yet.
 *
 * External channels (2, 3) are enabled by `NOTIFY_CHANNELS`; the producer writes one outbox row per
 * enabled channel with `enqueueOutbound` in its transaction, and the `notifications` processor calls
 * `deliver` once per job.
 *
 * `deliver` contract: resolve when the message was accepted; throw to have BullMQ retry with
 * exponential backoff (transient: network, timeout, 5xx); throw bullmq's `UnrecoverableError` when a
 * retry cannot help (the receiver refused the request). It may run more than once for one message
 * (a timeout after the receiver accepted it), so receivers dedupe on `message.key`.
 */
export interface NotificationChannel {
  readonly name: NotifyChannel;
  deliver(message: NotificationMessage): Promise<void>;
}

/** What a channel delivers: the job's payload (minus the channel) plus the rendered text. */
export interface NotificationMessage extends Omit<DeliverNotificationPayload, 'channel'> {
  /** The rendered template, signed (【12345热线】). */
  text: string;
}

/** DI token of the enabled channels (`NotificationChannel[]`, built from NOTIFY_CHANNELS). */
export const NOTIFICATION_CHANNELS = Symbol('NOTIFICATION_CHANNELS');
