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
