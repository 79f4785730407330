import { Module } from '@nestjs/common';
import { ConfigModule } from '@hotline/config';
import { PersistenceModule } from '@hotline/persistence';
import { QueueModule } from '@hotline/queue';
import { MaintenanceProcessor } from './maintenance/maintenance.processor.js';
import { notificationChannelsProvider } from './notifications/notification-channels.provider.js';
import { NotificationsProcessor } from './notifications/notifications.processor.js';
import { OutboxRelayService } from './outbox/outbox-relay.service.js';
import { RoutingProcessor } from './routing/routing.processor.js';
import { RoutingService } from './routing/routing.service.js';
import { TimerService } from './timers/timer.service.js';
import { TimersProcessor } from './timers/timers.processor.js';

@Module({
  imports: [ConfigModule.forRoot(), PersistenceModule, QueueModule],
  providers: [OutboxRelayService, RoutingService, RoutingProcessor, MaintenanceProcessor, TimerService, TimersProcessor, notificationChannelsProvider, NotificationsProcessor],
})
export class WorkerModule {}
