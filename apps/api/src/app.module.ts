import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AppConfig, ConfigModule, loadApiConfig } from '@hotline/config';
import { PersistenceModule } from '@hotline/persistence';
import { AuthController } from './auth/auth.controller.js';
import { AuthGuard } from './auth/auth.guard.js';
import { AuthService } from './auth/auth.service.js';
import { CasesModule } from './cases/cases.module.js';
import { CatalogueModule } from './catalogue/catalogue.module.js';
import { PeopleModule } from './people/people.module.js';
import { AllExceptionsFilter } from './common/all-exceptions.filter.js';
import { HealthController } from './health/health.controller.js';
import { PublicCasesController } from './public/public-cases.controller.js';
import { PublicCasesService } from './public/public-cases.service.js';
import { RedisModule } from './redis/redis.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { ResponsibilityModule } from './responsibility/responsibility.module.js';
import { ClassifierAdminController } from './routing/classifier-admin.controller.js';
import { RoutingController } from './routing/routing.controller.js';
import { TimeModule } from './time/time.module.js';

@Module({
  imports: [
    ConfigModule.forRoot(() => loadApiConfig()),
    PersistenceModule,
    RedisModule,
    JwtModule.registerAsync({
      global: true,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        // A KeyObject, not the string: jsonwebtoken otherwise tries createPublicKey() on every verify,
        // fails, and falls back to createSecretKey() — a fifth of the API's CPU under load.
        secret: createSecretKey(Buffer.from(config.JWT_SECRET!, 'utf8')) as unknown as string,
        signOptions: { algorithm: 'HS256', expiresIn: config.JWT_TTL_SECONDS },
      }),
    }),
    CasesModule,
    CatalogueModule,
    PeopleModule,
    ResponsibilityModule,
    TimeModule,
    ReportsModule,
  ],
  controllers: [AuthController, HealthController, PublicCasesController, RoutingController, ClassifierAdminController],
  providers: [AuthService, PublicCasesService, { provide: APP_GUARD, useClass: AuthGuard }, { provide: APP_FILTER, useClass: AllExceptionsFilter }],
})
export class AppModule {}
