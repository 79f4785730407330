import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { AppConfig } from '@hotline/config';
import { JOB_QUEUE, JobName, QueueName, delayFor, jobIdFor, type AnyJob } from '@hotline/queue';

/** Rows published per round; one transaction and one Redis pipeline per round. */
const BATCH = 500;
/** Published rows are kept this long for inspection, then purged. */
const RETENTION_DAYS = 7;
/** Purge at most this often, in ms. */
const PURGE_EVERY_MS = 3_600_000;

interface OutboxRow { id: string; job_name: JobName; job_id: string; payload: Record<string, unknown> }

/**
 * The transactional outbox relay: turns committed outbox rows into BullMQ jobs. It publishes first
 * and marks the rows afterwards, inside one transaction that holds their row locks; a crash in between
 * publishes them again, and the deterministic jobId makes BullMQ keep a single job. So an
 * acknowledged case is routed late at worst, never lost. SKIP LOCKED lets several workers relay.
 */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelayService.name);
  private readonly queues: Map<QueueName, Queue>;
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private lastPurge = 0;

  constructor(
    private readonly ds: DataSource,
    private readonly config: AppConfig,
    @InjectQueue(QueueName.Routing) routing: Queue,
    @InjectQueue(QueueName.Maintenance) maintenance: Queue,
    @InjectQueue(QueueName.Timers) timers: Queue,
    @InjectQueue(QueueName.Notifications) notifications: Queue,
  ) {
    this.queues = new Map([
      [QueueName.Routing, routing],
      [QueueName.Maintenance, maintenance],
      [QueueName.Timers, timers],
      [QueueName.Notifications, notifications],
    ]);
  }

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Publishes one batch; returns how many rows it published. */
  async relayOnce(): Promise<number> {
    return this.ds.transaction(async (m) => {
      const rows: OutboxRow[] = await m.query(
        `SELECT id, job_name, job_id, payload FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [BATCH],
      );
      if (rows.length === 0) return 0;
      const byQueue = new Map<QueueName, OutboxRow[]>();
      for (const row of rows) {
        const queueName = JOB_QUEUE[row.job_name];
        if (!queueName) throw new Error(`outbox row ${row.id} names unknown job "${row.job_name}"`);
        byQueue.set(queueName, [...(byQueue.get(queueName) ?? []), row]);
      }
      for (const [queueName, list] of byQueue) {
        const queue = this.queues.get(queueName)!;
        // A moved timer: take the replaced wake-up out of the delayed set first. Failing that (it is
        // running, or already gone) is harmless: a stale wake-up re-checks Postgres and does nothing.
        for (const r of list) {
          const replaces = r.job_name === JobName.EscalationTimer ? (r.payload as { replaces?: string }).replaces : undefined;
          if (replaces) {
            const old = jobIdFor({ name: JobName.EscalationTimer, data: { caseId: String(r.payload.caseId), fireAt: replaces } });
            if (old !== r.job_id) await queue.remove(old).catch(() => 0);
          }
        }
        const now = Date.now();
        await queue.addBulk(
          // Timer jobs wait in BullMQ's delayed set until their step is due.
          list.map((r) => ({ name: r.job_name, data: r.payload, opts: { jobId: r.job_id, delay: delayFor({ name: r.job_name, data: r.payload } as unknown as AnyJob, now) } })),
        );
      }
      await m.query(`UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
      return rows.length;
    });
  }

  private async run(): Promise<void> {
    while (this.running) {
      let published = 0;
      try {
        published = await this.relayOnce();
        await this.purgeIfDue();
      } catch (err) {
        // Postgres or Redis away: keep trying; nothing is lost, the rows stay unpublished.
        this.logger.warn(`outbox relay round failed: ${(err as Error).message}`);
      }
      if (published < BATCH && this.running) await this.sleep(this.config.OUTBOX_POLL_MS);
    }
  }

  private async purgeIfDue(): Promise<void> {
    if (Date.now() - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = Date.now();
    await this.ds.query(`DELETE FROM outbox WHERE published_at < now() - make_interval(days => $1)`, [RETENTION_DAYS]);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }
}
