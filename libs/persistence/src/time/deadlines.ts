import type { EntityManager } from 'typeorm';
import { computeOverdue, formatShanghaiIso, stageRunning, type WorkCalendar } from '@hotline/domain';
import type { CaseEntity } from '../entities/case.entity.js';
import { caseStore } from '../cases/case-store.js';
import { cancelTimers, planTimers, type StageClock } from './timers.js';

export type DeadlineSet = { sign: Date | null; firstContact: Date | null; reply: Date | null; returnWindow: Date | null };

export function deadlinesJson(d: DeadlineSet): Record<string, string | null> {
  const iso = (x: Date | null) => (x ? formatShanghaiIso(x) : null);
  return { sign: iso(d.sign), firstContact: iso(d.firstContact), reply: iso(d.reply), returnWindow: iso(d.returnWindow) };
}

/** The clocks of the stages that still run after a change, for the timer plan. */
export function runningClocks(c: Pick<CaseEntity, 'status' | 'signedAt' | 'firstContactedAt'>, due: DeadlineSet, startedAt: Date): StageClock[] {
  const clocks: StageClock[] = [];
  for (const stage of ['sign', 'firstContact', 'reply'] as const) {
    const dueAt = due[stage];
    if (dueAt && stageRunning(c, stage)) clocks.push({ stage, startedAt, dueAt });
  }
  return clocks;
}

export interface DeadlineChange {
  now: Date;
  /** extension | resumed | reopened | … — recorded on the event. */
  reason: string;
  deadlines: DeadlineSet;
  /** Start of the allowed time for the warning step. */
  clockStartedAt: Date;
  /** The case as it will be after the change (status, met stages), to know which clocks run. */
  after: Pick<CaseEntity, 'status' | 'signedAt' | 'firstContactedAt'>;
  actor: { id: string | null; role: string | null };
  calendar: WorkCalendar;
  data?: Record<string, unknown>;
  /** Extra columns to write with the new version. */
  patch?: Partial<CaseEntity>;
}

/**
 * Every change of a case's deadlines makes a new deadline version (issue "time limits"): the old
 * version's pending steps are cancelled, the new plan is written, the case row carries the new dates,
 * and a `deadlines_changed` event records old → new. Escalation steps are "once per version".
 */
export async function renewDeadlines(m: EntityManager, c: CaseEntity, ch: DeadlineChange): Promise<Partial<CaseEntity>> {
  const version = c.deadlineVersion + 1;
  await cancelTimers(m, c.id, ch.now);
  const d = ch.deadlines;
  const patch: Partial<CaseEntity> = {
    ...ch.patch,
    deadlineVersion: version,
    signDueAt: d.sign,
    firstContactDueAt: d.firstContact,
    replyDueAt: d.reply,
    returnDueAt: d.returnWindow,
    clockStartedAt: ch.clockStartedAt,
    escalationLevel: null,
    overdue: computeOverdue({ ...ch.after, signDueAt: d.sign, firstContactDueAt: d.firstContact, replyDueAt: d.reply }, ch.now),
    version: c.version + 1,
    updatedAt: ch.now,
  };
  await caseStore.update(m, c.id, patch);
  await planTimers(m, c.id, version, runningClocks(ch.after, d, ch.clockStartedAt), ch.calendar, ch.now);
  await caseStore.appendEvent(m, {
    caseId: c.id,
    type: 'deadlines_changed',
    at: ch.now,
    actorId: ch.actor.id,
    actorRole: ch.actor.role,
    fromStatus: c.status,
    toStatus: (ch.patch?.status as string | undefined) ?? c.status,
    data: {
      reason: ch.reason,
      deadlineVersion: version,
      previousVersion: c.deadlineVersion,
      previous: deadlinesJson({ sign: c.signDueAt, firstContact: c.firstContactDueAt, reply: c.replyDueAt, returnWindow: c.returnDueAt }),
      deadlines: deadlinesJson(d),
      ...ch.data,
    },
  });
  return patch;
}
