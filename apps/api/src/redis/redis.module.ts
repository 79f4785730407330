import { Global, Module, type OnApplicationShutdown, Inject } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '@hotline/config';
import { redisOptionsFromUrl } from '@hotline/queue';

/** The API's own Redis connection (throttling, health); BullMQ keeps its own. */
export const API_REDIS = Symbol('API_REDIS');

@Global()
@Module({
  providers: [
    {
      provide: API_REDIS,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        new Redis({
          ...redisOptionsFromUrl(config.REDIS_URL),
          // Fail fast instead of queueing commands while Redis is away: health must say 503 at once,
          // and a throttle check must not hang a request.
          maxRetriesPerRequest: 1,
          enableOfflineQueue: false,
          connectTimeout: 2000,
        }),
    },
  ],
  exports: [API_REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(API_REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
  }
}
