import { describe, expect, it } from '@jest/globals';
import { UnrecoverableError, type Job } from 'bullmq';
import { JobName } from '@hotline/queue';
import type { NotificationChannel, NotificationMessage } from './notification-channel.js';
import { NotificationsProcessor } from './notifications.processor.js';

class FakeChannel implements NotificationChannel {
  readonly sent: NotificationMessage[] = [];
  constructor(
    readonly name: 'webhook' | 'log',
    private readonly fail?: Error,
  ) {}
  async deliver(message: NotificationMessage): Promise<void> {
    if (this.fail) throw this.fail;
    this.sent.push(message);
  }
}

const payload = {
  key: 'escalated-0193a1b2-0000-7000-8000-000000000001-v3-reply-overdue',
  channel: 'webhook',
  kind: 'staff',
  recipient: { departmentId: '0193a1b2-0000-7000-8000-0000000000d1' },
  template: 'escalation_overdue',
  params: { caseNo: '20261125-000001', stage: 'reply', dueAt: '2026-11-25T15:59:59Z' },
  caseId: '0193a1b2-0000-7000-8000-000000000001',
};
const job = (data: unknown, attemptsMade = 0) => ({ name: JobName.DeliverNotification, id: 'j', data, attemptsMade }) as unknown as Job;

describe('NotificationsProcessor', () => {
  it('renders the template and hands the message to the channel the job names', async () => {
    const webhook = new FakeChannel('webhook');
    const log = new FakeChannel('log');
    const result = await new NotificationsProcessor([webhook, log]).process(job(payload, 2));
    expect(result).toEqual({ channel: 'webhook', key: payload.key, attempt: 3 });
    expect(log.sent).toEqual([]);
    expect(webhook.sent).toEqual([
      {
        key: payload.key,
        kind: 'staff',
        recipient: payload.recipient,
        template: 'escalation_overdue',
        params: payload.params,
        caseId: payload.caseId,
        text: '【12345热线】超期：案件20261125-000001办结时限已于11月25日23:59届满，请督促办理。',
      },
    ]);
  });

  it('lets a channel error through as it is, so BullMQ retries it', async () => {
    const down = new Error('webhook x: HTTP 503; will retry');
    await expect(new NotificationsProcessor([new FakeChannel('webhook', down)]).process(job(payload))).rejects.toBe(down);
  });

  it.each([
    ['a channel this worker has not enabled', payload, /channel "webhook" is not enabled in this worker \(NOTIFY_CHANNELS: log\)/],
    ['a malformed payload', { ...payload, key: 'has:colon' }, /invalid deliver-notification payload: key must be/],
    ['a petitioner SMS without a phone', { ...payload, kind: 'petitioner_sms', template: 'reply' }, /recipient\.phone is required for petitioner_sms/],
    ['an unknown template', { ...payload, template: 'escalation_overdu' }, /Unknown SMS template "escalation_overdu"/],
    ['a missing parameter', { ...payload, params: { caseNo: '20261125-000001', stage: 'reply' } }, /needs parameter "dueAt"/],
    ['a template for the other audience', { ...payload, template: 'reply' }, /template "reply" is not for staff/],
  ])('fails at once, without retries, on %s', async (_what, data, message) => {
    const channels = _what.startsWith('a channel') ? [new FakeChannel('log')] : [new FakeChannel('webhook')];
    const err = await new NotificationsProcessor(channels).process(job(data)).catch((e: Error) => e);
    expect(err).toBeInstanceOf(UnrecoverableError);
    expect((err as Error).message).toMatch(message);
  });

  it('does not put the phone number of a bad payload into the error', async () => {
    const bad = { ...payload, kind: 'petitioner_sms', recipient: { phone: '13800001234' }, params: 'x' };
    const err = (await new NotificationsProcessor([new FakeChannel('webhook')]).process(job(bad)).catch((e: Error) => e)) as Error;
    expect(err.message).not.toContain('13800001234');
  });
});
