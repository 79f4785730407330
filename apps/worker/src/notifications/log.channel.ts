import { Logger } from '@nestjs/common';
import { maskPhone, maskTrackingCode } from '@hotline/domain';
import type { NotificationChannel, NotificationMessage } from './notification-channel.js';

/**
 * Writes the message as one structured log line instead of sending it. Logs are read by more people
 * than the handling department, so the phone is masked, and so is a tracking code in the text (the
 * code plus the phone's last 4 digits would open the public status page).
 */
export class LogChannel implements NotificationChannel {
  readonly name = 'log' as const;
  private readonly logger = new Logger(LogChannel.name);

  async deliver(message: NotificationMessage): Promise<void> {
    this.logger.log({
      msg: 'notification',
      key: message.key,
      kind: message.kind,
      template: message.template,
      caseId: message.caseId ?? null,
      recipient: {
        userId: message.recipient.userId ?? null,
        departmentId: message.recipient.departmentId ?? null,
        phone: message.recipient.phone ? maskPhone(message.recipient.phone) : null,
      },
      text: redactText(message),
    });
  }
}

function redactText(message: NotificationMessage): string {
  const code = message.params.trackingCode;
  return typeof code === 'string' && code.trim() ? message.text.split(code.trim()).join(maskTrackingCode(code)) : message.text;
}
