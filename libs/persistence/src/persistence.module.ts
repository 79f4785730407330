import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@hotline/config';
import { dataSourceOptions } from './data-source.js';

/** TypeORM wired from the validated config. Migrations are run by the db CLI, not on boot. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => dataSourceOptions({ url: config.DATABASE_URL, poolSize: config.DB_POOL_SIZE }),
    }),
  ],
  exports: [TypeOrmModule],
})
export class PersistenceModule {}
