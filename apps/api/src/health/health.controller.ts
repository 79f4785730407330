import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { Clock } from '@hotline/config';
import { CalendarStore } from '@hotline/persistence';
import { yearWarning } from '../time/calendar.controller.js';
import { Public } from '../auth/auth-user.js';
import { API_REDIS } from '../redis/redis.module.js';

/** A dependency check gives up after this many ms, so health never hangs. */
const CHECK_TIMEOUT_MS = 1500;

function withTimeout<T>(p: Promise<T>): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS))]);
}

@Controller('health')
export class HealthController {
  constructor(
    private readonly ds: DataSource,
    @Inject(API_REDIS) private readonly redis: Redis,
    private readonly calendars: CalendarStore,
    private readonly clock: Clock,
  ) {}

  /** 200 when Postgres and Redis answer, 503 otherwise, with each component's state. */
  @Public()
  @Get()
  async health(@Res({ passthrough: true }) reply: FastifyReply) {
    const check = async (fn: () => Promise<unknown>) => {
      const started = Date.now();
      try {
        await withTimeout(fn());
        return { status: 'up', latencyMs: Date.now() - started };
      } catch (err) {
        return { status: 'down', error: (err as Error).message };
      }
    };
    const [postgres, redis] = await Promise.all([check(() => this.ds.query('SELECT 1')), check(() => this.redis.ping())]);
    const ok = postgres.status === 'up' && redis.status === 'up';
    void reply.status(ok ? 200 : 503);
    // A year without the State Council's holiday schedule makes every working-day deadline wrong
    // around 春节/国庆: warn (domain.md §4), without failing the health check.
    const calendar = await this.calendars.calendar().catch(() => null);
    const warnings = calendar ? calendar.yearsMissingOfficialData(this.clock.now()).map((y) => ({ component: 'calendar', ...yearWarning(y) })) : [];
    return { status: ok ? 'ok' : 'degraded', components: { postgres, redis }, warnings };
  }
}
