import type { EntityManager } from 'typeorm';
import { DEFAULT_LADDER, planStageSteps, type LadderSettings, type TimedStage, type WorkCalendar } from '@hotline/domain';
import { JobName } from '@hotline/queue';
import { caseStore } from '../cases/case-store.js';

/** The allowed time of one stage of one deadline version. */
export interface StageClock {
  stage: TimedStage;
  /** When the allowed time began (the 80 % warning is measured from here). */
  startedAt: Date;
  dueAt: Date;
}

const PENDING = 'fired_at IS NULL AND cancelled_at IS NULL';

/**
 * Cancels pending escalation steps of a case: all of them (the deadlines changed or the case left the
 * department), or those of the given stages (the stage was met: signed, contacted, replied).
 */
export async function cancelTimers(m: EntityManager, caseId: string, now: Date, stages?: readonly TimedStage[]): Promise<void> {
  if (stages) {
    await m.query(`UPDATE case_timers SET cancelled_at = $2 WHERE case_id = $1 AND ${PENDING} AND stage = ANY($3::varchar[])`, [caseId, now, stages]);
    // A met stage moves the wake-up to the next step still pending.
    await scheduleWakeUp(m, caseId);
  } else {
    await m.query(`UPDATE case_timers SET cancelled_at = $2 WHERE case_id = $1 AND ${PENDING}`, [caseId, now]);
  }
}

/**
 * Writes the escalation plan of a deadline version (one row per step, in the caller's transaction) and
 * asks, through the outbox, for a BullMQ delayed job that wakes the worker at the case's earliest
 * pending step. Postgres holds the plan; the job is only the alarm clock.
 */
export async function planTimers(
  m: EntityManager,
  caseId: string,
  deadlineVersion: number,
  clocks: readonly StageClock[],
  calendar: WorkCalendar,
  now: Date,
  ladder: LadderSettings = DEFAULT_LADDER,
): Promise<void> {
  const steps = clocks.flatMap((c) => planStageSteps(c.stage, c.startedAt, c.dueAt, calendar, { ladder, notBefore: now }).map((s) => ({ ...s, dueAt: c.dueAt })));
  if (steps.length > 0) {
    await m.query(
      `INSERT INTO case_timers (case_id, deadline_version, stage, level, due_at, fire_at)
       SELECT $1, $2, x.stage, x.level, x.due_at, x.fire_at
       FROM unnest($3::varchar[], $4::varchar[], $5::timestamptz[], $6::timestamptz[]) AS x(stage, level, due_at, fire_at)
       ON CONFLICT (case_id, deadline_version, stage, level) DO NOTHING`,
      [caseId, deadlineVersion, steps.map((s) => s.stage), steps.map((s) => s.level), steps.map((s) => s.dueAt), steps.map((s) => s.fireAt)],
    );
  }
  await scheduleWakeUp(m, caseId);
}

/** Adds a single extra step (e.g. the auto-close of an unanswered supplement request). */
export async function planSingleTimer(m: EntityManager, caseId: string, deadlineVersion: number, stage: string, level: string, fireAt: Date): Promise<void> {
  await m.query(
    `INSERT INTO case_timers (case_id, deadline_version, stage, level, due_at, fire_at) VALUES ($1, $2, $3, $4, $5, $5)
     ON CONFLICT (case_id, deadline_version, stage, level) DO NOTHING`,
    [caseId, deadlineVersion, stage, level, fireAt],
  );
  await scheduleWakeUp(m, caseId);
}

/** The earliest pending step of a case, or null. */
export async function nextFireAt(m: EntityManager, caseId: string): Promise<Date | null> {
  const rows: { next: Date | null }[] = await m.query(`SELECT min(fire_at) AS next FROM case_timers WHERE case_id = $1 AND ${PENDING}`, [caseId]);
  return rows[0]?.next ?? null;
}

/**
 * Books the wake-up job of the case's earliest pending step through the outbox (deterministic jobId).
 * When the plan changed that moment, the new job names the one it replaces and the relay removes it
 * from BullMQ's delayed set: the timer is moved, not duplicated. Nothing is written when the moment
 * is unchanged.
 */
export async function scheduleWakeUp(m: EntityManager, caseId: string): Promise<void> {
  const next = await nextFireAt(m, caseId);
  const rows: { timer_wake_at: Date | null }[] = await m.query(`SELECT timer_wake_at FROM cases WHERE id = $1`, [caseId]);
  const current = rows[0]?.timer_wake_at ?? null;
  if ((next?.getTime() ?? null) === (current?.getTime() ?? null)) return;
  await m.query(`UPDATE cases SET timer_wake_at = $2 WHERE id = $1`, [caseId, next]);
  if (next) {
    await caseStore.enqueue(m, {
      name: JobName.EscalationTimer,
      data: { caseId, fireAt: next.toISOString(), ...(current ? { replaces: current.toISOString() } : {}) },
    });
  }
}
