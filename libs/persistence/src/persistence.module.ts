import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig, Clock } from '@hotline/config';
import { dataSourceOptions } from './data-source.js';
import { RoutingEngine } from './routing/routing-engine.js';
import { CalendarStore } from './time/calendar-store.js';

/**
 * TypeORM wired from the validated config, and the routing engine built on it. Migrations are run by
 * the db CLI, not on boot.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => dataSourceOptions({ url: config.DATABASE_URL, poolSize: config.DB_POOL_SIZE }),
    }),
  ],
  providers: [
    { provide: RoutingEngine, inject: [DataSource, Clock], useFactory: (ds: DataSource, clock: Clock) => RoutingEngine.create(ds, () => clock.now()) },
    { provide: CalendarStore, inject: [DataSource], useFactory: (ds: DataSource) => new CalendarStore(ds) },
  ],
  exports: [TypeOrmModule, RoutingEngine, CalendarStore],
})
export class PersistenceModule {}
