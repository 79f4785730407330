import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { Clock } from '@hotline/config';
import { JobName, QueueName, parseJobPayload } from '@hotline/queue';
import { TimerService } from './timer.service.js';

export const TIMER_JOBS: readonly JobName[] = [JobName.EscalationTimer, JobName.ReconcileTimers];

/** A job that BullMQ promotes a little early waits this long at most instead of being re-queued. */
const MAX_EARLY_WAIT_MS = 10_000;

/** Escalation steps are short Postgres transactions; many cases can come due at the same second. */
@Processor(QueueName.Timers, { concurrency: 32 })
export class TimersProcessor extends WorkerHost {
  constructor(
    private readonly timers: TimerService,
    private readonly clock: Clock,
  ) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name as JobName) {
      case JobName.EscalationTimer: {
        const { caseId, fireAt } = parseJobPayload(JobName.EscalationTimer, job.data);
        const wait = Date.parse(fireAt) - this.clock.now().getTime();
        if (wait > MAX_EARLY_WAIT_MS) {
          // Far too early (clock skew between hosts): book it again rather than hold a slot.
          await this.timers.wakeAt(caseId, new Date(fireAt));
          return { rescheduled: true };
        }
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        return { fired: await this.timers.fireCase(caseId) };
      }
      case JobName.ReconcileTimers:
        parseJobPayload(JobName.ReconcileTimers, job.data);
        await this.timers.tick('job-scheduler');
        return { ok: true };
      default:
        throw new Error(`no handler for job ${job.name}`);
    }
  }
}
