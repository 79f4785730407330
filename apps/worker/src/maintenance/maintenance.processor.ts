import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { Clock } from '@hotline/config';
import { ClassifierStore, RoutingEngine } from '@hotline/persistence';
import { JobName, QueueName, parseJobPayload } from '@hotline/queue';

export const MAINTENANCE_JOBS: readonly JobName[] = [JobName.RetrainClassifier];

/** Nightly retrain at 03:30 Beijing time, when the hotline is quietest. */
export const RETRAIN_SCHEDULE = { id: 'nightly-classifier-retrain', pattern: '0 30 3 * * *', tz: 'Asia/Shanghai' } as const;

/** Retraining is CPU-heavy and rare: one at a time. */
@Processor(QueueName.Maintenance, { concurrency: 1 })
export class MaintenanceProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly engine: RoutingEngine,
    @InjectQueue(QueueName.Maintenance) private readonly queue: Queue,
  ) {
    super();
  }

  /** The schedule lives in Redis; upserting it at every start recreates it after a Redis wipe. */
  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      RETRAIN_SCHEDULE.id,
      { pattern: RETRAIN_SCHEDULE.pattern, tz: RETRAIN_SCHEDULE.tz },
      { name: JobName.RetrainClassifier, data: { requestedBy: null, requestId: RETRAIN_SCHEDULE.id } },
    );
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name as JobName) {
      case JobName.RetrainClassifier: {
        const { requestedBy } = parseJobPayload(JobName.RetrainClassifier, job.data);
        const v = await new ClassifierStore(this.ds).retrain(this.clock.now(), requestedBy);
        await this.engine.reload();
        this.logger.log(`classifier retrained: version ${v.version} (${v.modelId}) on ${v.trainedOn.corpus} corpus + ${v.trainedOn.feedback} confirmed texts`);
        return v;
      }
      default:
        throw new Error(`no handler for job ${job.name}`);
    }
  }
}
