import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobName, QueueName, parseJobPayload } from '@hotline/queue';
import { RoutingService } from './routing.service.js';

/** Job names this processor handles; the worker refuses to start if any JobName lacks a handler. */
export const ROUTING_JOBS: readonly JobName[] = [JobName.RouteCase];

/** Routing jobs are mostly Postgres-bound; this many run at once per worker process. */
const ROUTING_CONCURRENCY = 16;

@Processor(QueueName.Routing, { concurrency: ROUTING_CONCURRENCY })
export class RoutingProcessor extends WorkerHost {
  private readonly logger = new Logger(RoutingProcessor.name);

  constructor(private readonly routing: RoutingService) {
    super();
  }

  async process(job: Job): Promise<string> {
    switch (job.name as JobName) {
      case JobName.RouteCase: {
        const { caseId } = parseJobPayload(JobName.RouteCase, job.data);
        return this.routing.route(caseId);
      }
      default:
        this.logger.error(`no handler for job ${job.name} (${job.id})`);
        throw new Error(`no handler for job ${job.name}`);
    }
  }
}
