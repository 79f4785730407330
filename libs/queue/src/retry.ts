import type { JobsOptions } from 'bullmq';

/** Attempts for a routing job before it stays in the failed set for a person to look at. */
export const ROUTING_ATTEMPTS = 8;
/** First retry delay in ms; exponential backoff doubles it (1 s, 2 s, 4 s … ≈ 2 min in all). */
export const ROUTING_BACKOFF_MS = 1000;
/** Completed jobs kept for inspection (count); the case history lives in Postgres anyway. */
export const KEEP_COMPLETED = 1000;

export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: ROUTING_ATTEMPTS,
  backoff: { type: 'exponential', delay: ROUTING_BACKOFF_MS },
  removeOnComplete: KEEP_COMPLETED,
  // Failures stay visible (house style rule 4).
  removeOnFail: false,
};

/**
 * Attempts for one outbound notification: with the default 1 s base, exponential backoff retries for
 * ≈ 2 min in all (1+2+…+64 s), long enough to ride out a gateway restart; then it stays failed, visible.
 */
export const NOTIFY_ATTEMPTS = 8;
/** Completed notification jobs are kept this long (s) so a republished outbox row dedupes on its jobId. */
export const NOTIFY_KEEP_COMPLETED_SECONDS = 24 * 3600;
/** …and at most this many, to bound Redis memory at peak volume. */
export const NOTIFY_KEEP_COMPLETED_MAX = 20_000;

/**
 * Job options of the `notifications` queue. A citizen who gets the same SMS twice notices, so completed
 * jobs are kept longer than routing's (dedupe window); the first retry delay comes from config
 * (NOTIFY_RETRY_BASE_MS) so tests can keep it small.
 */
export function notificationJobOptions(retryBaseMs: number): JobsOptions {
  return {
    attempts: NOTIFY_ATTEMPTS,
    backoff: { type: 'exponential', delay: retryBaseMs },
    removeOnComplete: { age: NOTIFY_KEEP_COMPLETED_SECONDS, count: NOTIFY_KEEP_COMPLETED_MAX },
    removeOnFail: false,
  };
}
