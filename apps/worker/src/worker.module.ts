import { Module } from '@nestjs/common';
import { ConfigModule } from '@hotline/config';
import { PersistenceModule } from '@hotline/persistence';
import { QueueModule } from '@hotline/queue';
import { OutboxRelayService } from './outbox/outbox-relay.service.js';
import { RoutingReferenceData } from './routing/routing-reference-data.js';
import { RoutingProcessor } from './routing/routing.processor.js';
import { RoutingService } from './routing/routing.service.js';

@Module({
  imports: [ConfigModule.forRoot(), PersistenceModule, QueueModule],
  providers: [OutboxRelayService, RoutingReferenceData, RoutingService, RoutingProcessor],
})
export class WorkerModule {}
