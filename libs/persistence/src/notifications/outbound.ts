import type { EntityManager } from 'typeorm';
import { TemplateError, renderTemplate, smsTemplate } from '@hotline/domain';
import { JobName, deliverNotificationProblem, type DeliverNotificationPayload, type NotifyChannel } from '@hotline/queue';
import { caseStore } from '../cases/case-store.js';

export type OutboundMessage = Omit<DeliverNotificationPayload, 'channel'>;

/**
 * Queues an outbound notification (SMS gateway webhook, log) in the caller's transaction: one outbox
 * row per enabled external channel (`config.NOTIFY_CHANNELS`), so the message is sent if and only if
 * the change it announces commits. The in-app channel is `caseStore.notify` in the same transaction.
 *
 * Checked here, where a bug can still roll the transaction back: the payload, the template's audience
 * against `kind`, and every template parameter (renderTemplate throws naming a missing one).
 * AB岗: a `recipient.userId` who is absent is replaced by their present backup, as for in-app rows.
 *
 * Idempotent per (channel, key): the jobId is `notify-<channel>-<key>`, so writing the same key twice,
 * or the relay publishing a row twice, delivers once (while BullMQ still holds the completed job).
 */
export async function enqueueOutbound(m: EntityManager, msg: OutboundMessage, channels: readonly NotifyChannel[]): Promise<void> {
  if (channels.length === 0) return;
  let recipient = { ...msg.recipient };
  if (recipient.userId) recipient = { ...recipient, userId: (await caseStore.presentUser(m, recipient.userId)).userId };
  const base = { ...msg, recipient };

  for (const channel of channels) {
    const problem = deliverNotificationProblem({ ...base, channel });
    if (problem) throw new Error(`enqueueOutbound: ${problem}`);
  }
  const template = smsTemplate(msg.template);
  const audience = msg.kind === 'petitioner_sms' ? 'petitioner' : 'staff';
  if (template.audience !== audience) {
    throw new TemplateError('TEMPLATE_AUDIENCE_MISMATCH', `SMS template "${msg.template}" is for ${template.audience}, not for a ${msg.kind} message`, { template: msg.template, kind: msg.kind });
  }
  renderTemplate(msg.template, msg.params);

  for (const channel of new Set(channels)) {
    await caseStore.enqueue(m, { name: JobName.DeliverNotification, data: { ...base, channel } });
  }
}

/**
 * An SMS to the petitioner about their case (受理, 一次性告知, 延期, 答复, 补正超期), through the same
 * outbox. Anonymous cases and cases without a phone get none. `event` makes the idempotency key, so
 * each fact is texted once however often the transaction's caller retries.
 */
export async function notifyPetitioner(
  m: EntityManager,
  c: { id: string; anonymous: boolean; petitionerPhone: string | null },
  template: string,
  params: Record<string, string | number>,
  event: string,
  channels: readonly NotifyChannel[],
): Promise<void> {
  if (c.anonymous || !c.petitionerPhone) return;
  await enqueueOutbound(m, { key: `sms-${c.id}-${event}`, kind: 'petitioner_sms', recipient: { phone: c.petitionerPhone }, template, params, caseId: c.id }, channels);
}
