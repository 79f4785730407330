import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { renderTemplate, smsTemplate } from '@hotline/domain';
import { JobName, QueueName, parseJobPayload, type DeliverNotificationPayload, type NotifyChannel } from '@hotline/queue';
import { NOTIFICATION_CHANNELS, type NotificationChannel } from './notification-channel.js';

/** Job names this processor handles; the worker refuses to start if any JobName lacks a handler. */
export const NOTIFICATION_JOBS: readonly JobName[] = [JobName.DeliverNotification];

/** Deliveries wait on the gateway's network round trip, not on this process: several at once. */
const NOTIFICATION_CONCURRENCY = 8;

/**
 * Delivers `deliver-notification` jobs: validates the payload, renders the template and hands the
 * message to the channel the job names. Anything a retry cannot fix (bad payload, unknown template or
 * parameter, a channel this worker has not enabled) fails at once with UnrecoverableError and stays
 * in the failed set; the channel decides about everything else (see NotificationChannel).
 */
@Processor(QueueName.Notifications, { concurrency: NOTIFICATION_CONCURRENCY })
export class NotificationsProcessor extends WorkerHost {
  private readonly logger = new Logger(NotificationsProcessor.name);
  private readonly channels: ReadonlyMap<NotifyChannel, NotificationChannel>;

  constructor(@Inject(NOTIFICATION_CHANNELS) channels: NotificationChannel[]) {
    super();
    this.channels = new Map(channels.map((c) => [c.name, c]));
  }

  async process(job: Job): Promise<{ channel: NotifyChannel; key: string; attempt: number }> {
    switch (job.name as JobName) {
      case JobName.DeliverNotification: {
        const p = unrecoverable(() => parseJobPayload(JobName.DeliverNotification, job.data));
        const channel = this.channels.get(p.channel);
        if (!channel) {
          throw new UnrecoverableError(`notification ${p.key}: channel "${p.channel}" is not enabled in this worker (NOTIFY_CHANNELS: ${[...this.channels.keys()].join(',') || 'none'})`);
        }
        const text = unrecoverable(() => render(p));
        await channel.deliver({ key: p.key, kind: p.kind, recipient: p.recipient, template: p.template, params: p.params, caseId: p.caseId, text });
        return { channel: p.channel, key: p.key, attempt: job.attemptsMade + 1 };
      }
      default:
        this.logger.error(`no handler for job ${job.name} (${job.id})`);
        throw new Error(`no handler for job ${job.name}`);
    }
  }
}

/** The text of the message; a template for the wrong audience is a producer bug. */
function render(p: DeliverNotificationPayload): string {
  const audience = p.kind === 'petitioner_sms' ? 'petitioner' : 'staff';
  if (smsTemplate(p.template).audience !== audience) throw new Error(`notification ${p.key}: template "${p.template}" is not for ${p.kind}`);
  return renderTemplate(p.template, p.params);
}

function unrecoverable<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw new UnrecoverableError((err as Error).message);
  }
}
