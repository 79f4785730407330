import type { Provider } from '@nestjs/common';
import { AppConfig, Clock } from '@hotline/config';
import { LogChannel } from './log.channel.js';
import { NOTIFICATION_CHANNELS, type NotificationChannel } from './notification-channel.js';
import { WebhookChannel } from './webhook.channel.js';

/** The channels NOTIFY_CHANNELS enables (AppConfig has already checked the webhook's URL and secret). */
export const notificationChannelsProvider: Provider = {
  provide: NOTIFICATION_CHANNELS,
  inject: [AppConfig, Clock],
  useFactory: (config: AppConfig, clock: Clock): NotificationChannel[] =>
    config.NOTIFY_CHANNELS.map((name) =>
      name === 'webhook'
        ? new WebhookChannel({ url: config.NOTIFY_WEBHOOK_URL!, secret: config.NOTIFY_WEBHOOK_SECRET!, timeoutMs: config.NOTIFY_WEBHOOK_TIMEOUT_MS }, () => clock.now().getTime())
        : new LogChannel(),
    ),
};
