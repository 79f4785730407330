import { JobName } from './queue-names.js';
import { notificationJobId, parseDeliverNotificationPayload, type DeliverNotificationPayload } from './notification-payload.js';

/**
 * Job payloads carry ids only; the processor re-reads the case from Postgres (the source of truth),
 * so a stale or replayed job can never act on stale data.
 */
export interface RouteCasePayload {
  caseId: string;
  /** The case version the job was produced for; part of the deterministic jobId. */
  version: number;
}

export interface RetrainClassifierPayload {
  /** Who asked (an admin), or null for the nightly schedule. */
  requestedBy: string | null;
  /** Unique per request, so two requests are two jobs and a replayed outbox row is one. */
  requestId: string;
}

export interface EscalationTimerPayload {
  caseId: string;
  /** When the earliest pending step is due (ISO 8601); the job is delayed until then. */
  fireAt: string;
  /** The wake-up this one moves (ISO 8601 of its fireAt): the relay removes that delayed job. */
  replaces?: string;
}

export interface ReconcileTimersPayload {
  /** Who triggered it: the job scheduler, start-up, or a Redis reconnect. */
  reason: string;
}

export interface JobPayloads {
  [JobName.RouteCase]: RouteCasePayload;
  [JobName.RetrainClassifier]: RetrainClassifierPayload;
  [JobName.EscalationTimer]: EscalationTimerPayload;
  [JobName.ReconcileTimers]: ReconcileTimersPayload;
  [JobName.DeliverNotification]: DeliverNotificationPayload;
}

export type AnyJob = { [K in JobName]: { name: K; data: JobPayloads[K] } }[JobName];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Validates a payload read back from Redis (a boundary: Redis content is not trusted blindly). */
export function parseJobPayload<K extends JobName>(name: K, data: unknown): JobPayloads[K] {
  const d = data as Record<string, unknown> | null;
  switch (name) {
    case JobName.RouteCase:
      if (!d || typeof d.caseId !== 'string' || !UUID.test(d.caseId) || !Number.isInteger(d.version)) {
        throw new Error(`invalid ${name} payload: ${JSON.stringify(data)}`);
      }
      return { caseId: d.caseId, version: d.version as number } as JobPayloads[K];
    case JobName.RetrainClassifier:
      if (!d || (d.requestedBy !== null && (typeof d.requestedBy !== 'string' || !UUID.test(d.requestedBy))) || typeof d.requestId !== 'string' || !/^[\w-]{1,64}$/.test(d.requestId)) {
        throw new Error(`invalid ${name} payload: ${JSON.stringify(data)}`);
      }
      return { requestedBy: d.requestedBy, requestId: d.requestId } as JobPayloads[K];
    case JobName.EscalationTimer:
      if (!d || typeof d.caseId !== 'string' || !UUID.test(d.caseId) || typeof d.fireAt !== 'string' || Number.isNaN(Date.parse(d.fireAt))) {
        throw new Error(`invalid ${name} payload: ${JSON.stringify(data)}`);
      }
      if (d.replaces !== undefined && (typeof d.replaces !== 'string' || Number.isNaN(Date.parse(d.replaces)))) {
        throw new Error(`invalid ${name} payload: ${JSON.stringify(data)}`);
      }
      return { caseId: d.caseId, fireAt: d.fireAt, ...(d.replaces !== undefined ? { replaces: d.replaces } : {}) } as JobPayloads[K];
    case JobName.ReconcileTimers:
      if (!d || typeof d.reason !== 'string' || d.reason.length > 64) {
        throw new Error(`invalid ${name} payload: ${JSON.stringify(data)}`);
      }
      return { reason: d.reason } as JobPayloads[K];
    case JobName.DeliverNotification:
      // Its own message: the payload holds a phone number, which must not end up in an error log.
      return parseDeliverNotificationPayload(data) as JobPayloads[K];
    default:
      throw new Error(`unknown job name ${String(name)}`);
  }
}

/**
 * Deterministic job ids make publishing idempotent: the outbox relay may publish the same row twice
 * after a crash and BullMQ keeps one job. BullMQ reserves ":" in keys, so ids use "-" separators.
 */
export function jobIdFor(job: AnyJob): string {
  switch (job.name) {
    case JobName.RouteCase:
      return `route-${job.data.caseId}-${job.data.version}`;
    case JobName.RetrainClassifier:
      return `retrain-${job.data.requestId}`;
    case JobName.EscalationTimer:
      // One job per (case, moment): re-scheduling the same step is a no-op, a moved deadline is a new job.
      return `timer-${job.data.caseId}-${Date.parse(job.data.fireAt)}`;
    case JobName.ReconcileTimers:
      return `reconcile-${job.data.reason}`;
    case JobName.DeliverNotification:
      return notificationJobId(job.data);
  }
}

/** Delay (ms) a job should wait in BullMQ before it runs; 0 = now. */
export function delayFor(job: AnyJob, nowMs: number): number {
  if (job.name === JobName.EscalationTimer) return Math.max(0, Date.parse(job.data.fireAt) - nowMs);
  return 0;
}
