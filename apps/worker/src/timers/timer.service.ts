import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { AppConfig, Clock } from '@hotline/config';
import { ESCALATION_AUDIENCE, type EscalationLevel } from '@hotline/domain';
import { CalendarStore, EscalationEngine, enqueueOutbound, notifyPetitioner, type StepHook } from '@hotline/persistence';
import { JobName, QueueName, jobIdFor, redisOptionsFromUrl, type AnyJob } from '@hotline/queue';
import { RETRAIN_SCHEDULE } from '../maintenance/maintenance.processor.js';

/** Cases looked at per sweep round; a round repeats at once while it finds a full batch. */
const SWEEP_BATCH = 500;
/** Timer jobs added per Redis round trip when the queue is rebuilt from Postgres. */
const REBUILD_CHUNK = 1000;

export const RECONCILE_SCHEDULE = { id: 'reconcile-timers', every: 30_000 } as const;

/**
 * 限时办结 timers. BullMQ delayed jobs wake the worker when a case's next escalation step is due;
 * Postgres (case_timers) is the source of truth. Three safety nets make "nothing lost" hold:
 * - a sweep every TIMER_SWEEP_MS fires steps that are due but unfired (a job lost or a worker that was
 *   down for hours), found by a partial index;
 * - a sentinel key in Redis: when it is gone, Redis lost its data (FLUSHALL, a restart without
 *   persistence) and every pending wake-up is re-added from Postgres; the job schedulers too;
 * - a BullMQ job scheduler runs the same reconciliation every 30 s from Redis' side.
 * Steps are claimed row by row in Postgres, so all of these can race and each step still fires once.
 */
@Injectable()
export class TimerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TimerService.name);
  readonly engine: EscalationEngine;
  private interval: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;
  private stopped = false;
  /** Own connection for the sentinel (BullMQ's client interface has no SET NX). */
  private readonly redis: Redis;

  constructor(
    ds: DataSource,
    calendars: CalendarStore,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    @InjectQueue(QueueName.Timers) private readonly queue: Queue,
    @InjectQueue(QueueName.Maintenance) private readonly maintenance: Queue,
  ) {
    this.engine = new EscalationEngine(ds, () => calendars.calendar(), this.outbound);
    this.redis = new Redis({ ...redisOptionsFromUrl(config.REDIS_URL), maxRetriesPerRequest: 1, lazyConnect: true });
    // A reconnect may mean a Redis that restarted empty: check at once instead of at the next tick.
    this.redis.on('ready', () => void this.tick('redis-ready'));
  }

  /**
   * Each step also goes out on the external channels (SMS gateway webhook, log), in the step's own
   * transaction, to the unit ESCALATION_AUDIENCE names (the lead department or the supervision office).
   */
  private readonly outbound: StepHook = async (m, c, step) => {
    const channels = this.config.NOTIFY_CHANNELS;
    if (step.level === 'auto_close') {
      await notifyPetitioner(m, c, 'auto_closed', { caseNo: c.caseNo }, `auto-closed-v${step.deadlineVersion}`, channels);
      return;
    }
    const level = step.level as EscalationLevel;
    const departmentId = ESCALATION_AUDIENCE[level].external === 'supervision' ? await this.engine.supervisionDepartment(m) : c.leadDepartmentId;
    if (!departmentId) return;
    // 督办/问责 messages name the order's own deadline; the others the stage deadline.
    const dueAt = typeof step.data.orderDueAt === 'string' ? step.data.orderDueAt : step.dueAt.toISOString();
    await enqueueOutbound(
      m,
      {
        key: `esc-${c.id}-v${step.deadlineVersion}-${step.stage}-${step.level}`,
        kind: 'staff',
        recipient: { departmentId },
        template: `escalation_${step.level}`,
        params: { caseNo: c.caseNo, stage: step.stage, dueAt },
        caseId: c.id,
      },
      channels,
    );
  };

  private get sentinelKey(): string {
    return `${this.config.QUEUE_PREFIX}:timers:sentinel`;
  }

  async onApplicationBootstrap(): Promise<void> {
    // Start-up pass: whatever came due while no worker ran fires now — in the background, so a long
    // backlog after an outage does not hold up the rest of the worker.
    void this.tick('startup');
    this.interval = setInterval(() => void this.tick('interval'), this.config.TIMER_SWEEP_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.interval) clearInterval(this.interval);
    await this.sweeping;
    this.redis.disconnect();
  }

  /** One reconciliation pass; overlapping calls share the running one. */
  tick(reason: string): Promise<void> {
    this.sweeping ??= this.reconcile(reason)
      .catch((err: Error) => this.logger.warn(`timer reconciliation (${reason}) failed: ${err.message}`))
      .finally(() => {
        this.sweeping = null;
      });
    return this.sweeping;
  }

  /** Fires one case's due steps and books the wake-up for its next one. */
  async fireCase(caseId: string): Promise<number> {
    const result = await this.engine.fireDue(caseId, this.clock.now());
    if (result.next) await this.wakeAt(caseId, result.next);
    return result.fired.length;
  }

  async wakeAt(caseId: string, fireAt: Date): Promise<void> {
    const job: AnyJob = { name: JobName.EscalationTimer, data: { caseId, fireAt: fireAt.toISOString() } };
    await this.queue.add(job.name, job.data, { jobId: jobIdFor(job), delay: Math.max(0, fireAt.getTime() - Date.now()) });
  }

  private async reconcile(reason: string): Promise<void> {
    await this.rebuildIfRedisLost(reason);
    let total = 0;
    while (!this.stopped) {
      const cases = await this.engine.dueCases(this.clock.now(), SWEEP_BATCH);
      for (const caseId of cases) total += await this.fireCase(caseId);
      if (cases.length < SWEEP_BATCH) break;
    }
    if (total > 0) this.logger.log(`timer reconciliation (${reason}) fired ${total} overdue step(s) found in Postgres`);
  }

  /**
   * Redis keeps nothing on disk here: after a wipe the delayed jobs and job schedulers are gone. The
   * sentinel tells; the worker that re-creates it re-adds every pending wake-up from Postgres.
   */
  private async rebuildIfRedisLost(reason: string): Promise<void> {
    if (this.redis.status === 'wait') await this.redis.connect();
    const created = await this.redis.set(this.sentinelKey, new Date().toISOString(), 'NX');
    if (created !== 'OK') return;
    await this.queue.upsertJobScheduler(RECONCILE_SCHEDULE.id, { every: RECONCILE_SCHEDULE.every }, { name: JobName.ReconcileTimers, data: { reason: 'schedule' } });
    // The other schedules lived in the same Redis: put the nightly retrain back too.
    await this.maintenance.upsertJobScheduler(
      RETRAIN_SCHEDULE.id,
      { pattern: RETRAIN_SCHEDULE.pattern, tz: RETRAIN_SCHEDULE.tz },
      { name: JobName.RetrainClassifier, data: { requestedBy: null, requestId: RETRAIN_SCHEDULE.id } },
    );
    let added = 0;
    for await (const batch of this.engine.pendingWakeUps()) {
      for (let i = 0; i < batch.length; i += REBUILD_CHUNK) {
        const now = Date.now();
        const jobs = batch.slice(i, i + REBUILD_CHUNK).map(({ caseId, fireAt }) => {
          const job: AnyJob = { name: JobName.EscalationTimer, data: { caseId, fireAt: fireAt.toISOString() } };
          return { name: job.name, data: job.data, opts: { jobId: jobIdFor(job), delay: Math.max(0, fireAt.getTime() - now) } };
        });
        await this.queue.addBulk(jobs);
        added += jobs.length;
      }
    }
    this.logger.log(`timer queue (re)built from Postgres (${reason}): ${added} pending wake-up(s)`);
  }
}
