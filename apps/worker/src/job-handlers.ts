import { JobName } from '@hotline/queue';
import { MAINTENANCE_JOBS } from './maintenance/maintenance.processor.js';
import { NOTIFICATION_JOBS } from './notifications/notifications.processor.js';
import { ROUTING_JOBS } from './routing/routing.processor.js';
import { TIMER_JOBS } from './timers/timers.processor.js';

/** Every job name some processor of this worker handles. */
export const HANDLED_JOBS: ReadonlySet<JobName> = new Set([...ROUTING_JOBS, ...MAINTENANCE_JOBS, ...TIMER_JOBS, ...NOTIFICATION_JOBS]);

/** Job names nobody would process: the worker refuses to start while this is non-empty. */
export function unhandledJobNames(): JobName[] {
  return Object.values(JobName).filter((name) => !HANDLED_JOBS.has(name));
}
