import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { AppConfig } from '@hotline/config';
import { QueueName } from './queue-names.js';
import { DEFAULT_JOB_OPTIONS, notificationJobOptions } from './retry.js';

/** BullMQ wired from the validated config; registers every queue of QueueName. */
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        // BullMQ workers block on Redis; they must retry forever rather than fail a command.
        connection: { url: config.REDIS_URL, maxRetriesPerRequest: null },
        prefix: config.QUEUE_PREFIX,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      }),
    }),
    BullModule.registerQueue(...Object.values(QueueName).filter((name) => name !== QueueName.Notifications).map((name) => ({ name }))),
    // Its own retry policy: the backoff base is configurable (NOTIFY_RETRY_BASE_MS).
    BullModule.registerQueueAsync({
      name: QueueName.Notifications,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ defaultJobOptions: notificationJobOptions(config.NOTIFY_RETRY_BASE_MS) }),
    }),
  ],
  exports: [BullModule],
})
export class QueueModule {}
