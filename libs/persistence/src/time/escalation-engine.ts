import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import {
  DEFAULT_LADDER,
  ESCALATION_AUDIENCE,
  ESCALATION_LABELS,
  STAGE_LABELS,
  addDuration,
  computeOverdue,
  stageRunning,
  escalationRank,
  formatShanghaiIso,
  isOpen,
  maxEscalation,
  type EscalationLevel,
  type TimedStage,
  type WorkCalendar,
} from '@hotline/domain';
import { caseStore } from '../cases/case-store.js';
import type { CaseEntity } from '../entities/case.entity.js';
import { nextFireAt } from './timers.js';

/** Which stage names a step shared by stages due at the same instant. */
const STAGE_PRIORITY = ['reply', 'firstContact', 'sign', 'supplement'];

interface TimerRow {
  id: string;
  deadline_version: number;
  stage: string;
  level: string;
  due_at: Date;
  fire_at: Date;
}

export interface FireResult {
  fired: { stage: string; level: string; dueAt: Date; fireAt: Date }[];
  cancelled: number;
  /** The case's next pending step, for the next wake-up job. */
  next: Date | null;
}

/** Called after commit with what was fired (e.g. to hand external notifications to channels). */
export type StepHook = (
  m: EntityManager,
  c: CaseEntity,
  step: { stage: string; level: string; dueAt: Date; now: Date; deadlineVersion: number; data: Record<string, unknown> },
) => Promise<void>;

/**
 * 督查督办: fires due escalation steps, each exactly once per deadline version. A step is claimed by
 * setting `fired_at` on its row while the case row is locked, in the same transaction as its event,
 * the case flags and notifications — so a BullMQ job, a retried job and the reconciliation sweep can
 * all try the same step and only one of them writes it.
 */
export class EscalationEngine {
  constructor(
    private readonly ds: DataSource,
    private readonly calendar: () => Promise<WorkCalendar>,
    private readonly onStep: StepHook | null = null,
  ) {}

  /** Fires the steps of one case that are due at `now` (in order), cancels the ones that no longer apply. */
  async fireDue(caseId: string, now: Date): Promise<FireResult> {
    const calendar = await this.calendar();
    return this.ds.transaction(async (m) => {
      const result: FireResult = { fired: [], cancelled: 0, next: null };
      const c = await caseStore.lock(m, caseId);
      if (!c) return result;
      const due: TimerRow[] = await m.query(
        `SELECT id, deadline_version, stage, level, due_at, fire_at FROM case_timers
         WHERE case_id = $1 AND fired_at IS NULL AND cancelled_at IS NULL AND fire_at <= $2
         ORDER BY fire_at, id`,
        [caseId, now],
      );
      // Steps of one deadline fire in ladder order even when several are due at once (after an outage).
      due.sort((a, b) => a.fire_at.getTime() - b.fire_at.getTime() || escalationRank(a.level) - escalationRank(b.level));
      let state: CaseEntity = c;
      const firing: TimerRow[] = [];
      for (const t of due) {
        if (!this.applies(state, t)) {
          await m.query(`UPDATE case_timers SET cancelled_at = $2 WHERE id = $1`, [t.id, now]);
          result.cancelled++;
        } else {
          firing.push(t);
        }
      }
      // Stages whose deadlines fall on the same instant (a policy giving sign-for and reply the same
      // limit) reach the same step together: one event and one round of notifications for the case,
      // naming the main stage (reply > first contact > sign) and listing all of them.
      const groups = new Map<string, TimerRow[]>();
      for (const t of firing) {
        const key = `${t.level}|${t.due_at.getTime()}`;
        groups.set(key, [...(groups.get(key) ?? []), t]);
      }
      for (const group of groups.values()) {
        group.sort((a, b) => STAGE_PRIORITY.indexOf(a.stage) - STAGE_PRIORITY.indexOf(b.stage));
        await m.query(`UPDATE case_timers SET fired_at = $2 WHERE id = ANY($1::bigint[])`, [group.map((t) => t.id), now]);
        const main = group[0];
        state = await this.fire(m, state, main, now, calendar, group.map((t) => t.stage));
        for (const t of group) result.fired.push({ stage: t.stage, level: t.level, dueAt: t.due_at, fireAt: t.fire_at });
      }
      result.next = await nextFireAt(m, caseId);
      // The caller books this wake-up right after commit (or the sweep finds the step if it cannot).
      await m.query(`UPDATE cases SET timer_wake_at = $2 WHERE id = $1`, [caseId, result.next]);
      return result;
    });
  }

  /** Cases with a step due at `now` that nobody has fired yet, oldest first (by the partial index). */
  async dueCases(now: Date, limit: number): Promise<string[]> {
    const rows: { case_id: string }[] = await this.ds.query(
      `SELECT case_id FROM (
         SELECT case_id, fire_at FROM case_timers WHERE fired_at IS NULL AND cancelled_at IS NULL AND fire_at <= $1 ORDER BY fire_at LIMIT $2
       ) due GROUP BY case_id ORDER BY min(fire_at)`,
      [now, limit],
    );
    return rows.map((r) => r.case_id);
  }

  /** Every case with a pending step and when it is next due (to rebuild BullMQ after a Redis wipe). */
  async *pendingWakeUps(batch = 5000): AsyncGenerator<{ caseId: string; fireAt: Date }[]> {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows: { case_id: string; next: Date }[] = await this.ds.query(
        `SELECT case_id, min(fire_at) AS next FROM case_timers WHERE fired_at IS NULL AND cancelled_at IS NULL AND case_id > $1
         GROUP BY case_id ORDER BY case_id LIMIT $2`,
        [after, batch],
      );
      if (rows.length === 0) return;
      yield rows.map((r) => ({ caseId: r.case_id, fireAt: r.next }));
      after = rows[rows.length - 1].case_id;
    }
  }

  /** Re-checks state at fire time: the plan was made earlier and the case may have moved on. */
  private applies(c: CaseEntity, t: TimerRow): boolean {
    if (t.deadline_version !== c.deadlineVersion || !isOpen(c.status)) return false;
    if (t.stage === 'supplement') return c.status === 'awaiting_supplement';
    return stageRunning(c, t.stage as TimedStage);
  }

  private async fire(m: EntityManager, c: CaseEntity, t: TimerRow, now: Date, calendar: WorkCalendar, stages: string[]): Promise<CaseEntity> {
    if (t.stage === 'supplement') return this.autoClose(m, c, t, now);
    const level = t.level as EscalationLevel;
    const stage = t.stage as TimedStage;
    const escalationLevel = maxEscalation(c.escalationLevel, level);
    const overdue = escalationRank(level) >= escalationRank('overdue') ? true : computeOverdue(c, now) || c.overdue;
    const patch: Partial<CaseEntity> = { escalationLevel, overdue, updatedAt: now };
    await caseStore.update(m, c.id, patch);
    const data: Record<string, unknown> = {
      level,
      stage,
      stages,
      deadlineVersion: t.deadline_version,
      dueAt: t.due_at.toISOString(),
      scheduledAt: t.fire_at.toISOString(),
      lagMs: now.getTime() - t.fire_at.getTime(),
      departmentId: c.leadDepartmentId,
      handlerUserId: c.assigneeUserId,
    };
    const label = `${STAGE_LABELS[stage].zh}${ESCALATION_LABELS[level].zh}`;
    const title = `【${label}】案件 ${c.caseNo}`;
    const body = `${STAGE_LABELS[stage].zh}期限 ${formatShanghaiIso(t.due_at)}`;
    let message = body;
    if (level === 'supervision') {
      // 督办 → a supervision order with its own deadline to the department head.
      const orderId = randomUUID();
      const orderDue = addDuration(t.fire_at, DEFAULT_LADDER.supervisionOrderLimit, calendar);
      await m.query(
        `INSERT INTO supervision_orders (id, case_id, department_id, deadline_version, issued_at, due_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (case_id, deadline_version) DO NOTHING`,
        [orderId, c.id, c.leadDepartmentId, t.deadline_version, now, orderDue],
      );
      data.supervisionOrderId = orderId;
      data.orderDueAt = orderDue.toISOString();
      message = `${body}；督办期限 ${formatShanghaiIso(orderDue)}`;
    } else if (level === 'accountability') {
      // 问责: the supervision order's deadline passed with the reply still missing.
      const orders: { id: string }[] = await m.query(`SELECT id FROM supervision_orders WHERE case_id = $1 AND deadline_version = $2`, [c.id, t.deadline_version]);
      await m.query(`UPDATE supervision_orders SET status = 'missed' WHERE case_id = $1 AND deadline_version = $2 AND status = 'open'`, [c.id, t.deadline_version]);
      const recordId = randomUUID();
      await m.query(
        `INSERT INTO accountability_records (id, case_id, department_id, handler_user_id, supervision_order_id, deadline_version, reason, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (case_id, deadline_version) DO NOTHING`,
        [recordId, c.id, c.leadDepartmentId, c.assigneeUserId, orders[0]?.id ?? null, t.deadline_version, `督办期限届满仍未办结（办结期限 ${formatShanghaiIso(t.due_at)}）`, now],
      );
      data.accountabilityRecordId = recordId;
      data.orderDueAt = t.fire_at.toISOString();
    }
    // 通报 needs no record of its own: the monthly report is computed from this step's event.
    const type = `escalation_${level}`;
    for (const audience of ESCALATION_AUDIENCE[level].inApp) {
      const note = { caseId: c.id, type, title, body: message, data, at: now };
      if (audience === 'handler' && c.assigneeUserId) await caseStore.notify(m, { ...note, recipientUserId: c.assigneeUserId });
      if (audience === 'department' && c.leadDepartmentId) await caseStore.notify(m, { ...note, recipientDepartmentId: c.leadDepartmentId });
      if (audience === 'heads' && c.leadDepartmentId) for (const h of await this.heads(m, c.leadDepartmentId)) await caseStore.notify(m, { ...note, recipientUserId: h });
      if (audience === 'supervision') {
        const supervision = await this.supervisionDepartment(m);
        if (supervision) await caseStore.notify(m, { ...note, recipientDepartmentId: supervision });
      }
    }
    await caseStore.appendEvent(m, { caseId: c.id, type: 'escalated', at: now, actorId: null, actorRole: 'system', fromStatus: c.status, toStatus: c.status, data });
    if (this.onStep) await this.onStep(m, c, { stage, level, dueAt: t.due_at, now, deadlineVersion: t.deadline_version, data });
    return { ...c, ...patch };
  }

  /** 一次性告知: the petitioner never answered; the case closes after the policy's period, with notice. */
  private async autoClose(m: EntityManager, c: CaseEntity, t: TimerRow, now: Date): Promise<CaseEntity> {
    const patch: Partial<CaseEntity> = { status: 'closed', closedAt: now, overdue: false, pausedAt: null, version: c.version + 1, updatedAt: now };
    await caseStore.update(m, c.id, patch);
    await m.query(`UPDATE supplement_requests SET closed_at = $2 WHERE case_id = $1 AND answered_at IS NULL AND closed_at IS NULL`, [c.id, now]);
    await m.query(`UPDATE case_timers SET cancelled_at = $2 WHERE case_id = $1 AND fired_at IS NULL AND cancelled_at IS NULL AND id <> $3`, [c.id, now, t.id]);
    await caseStore.appendEvent(m, {
      caseId: c.id,
      type: 'closed',
      at: now,
      actorId: null,
      actorRole: 'system',
      fromStatus: c.status,
      toStatus: 'closed',
      data: { reason: 'supplement_timeout', requestedUntil: t.due_at.toISOString() },
    });
    if (c.leadDepartmentId) {
      await caseStore.notify(m, { recipientDepartmentId: c.leadDepartmentId, caseId: c.id, type: 'case_auto_closed', title: `案件 ${c.caseNo} 补正超期未补充，已自动办结`, at: now });
    }
    if (c.firstResponderDepartmentId && c.firstResponderDepartmentId !== c.leadDepartmentId) {
      await caseStore.notify(m, { recipientDepartmentId: c.firstResponderDepartmentId, caseId: c.id, type: 'case_auto_closed', title: `案件 ${c.caseNo} 补正超期未补充，已自动办结`, at: now });
    }
    if (this.onStep) await this.onStep(m, c, { stage: 'supplement', level: 'auto_close', dueAt: t.due_at, now, deadlineVersion: t.deadline_version, data: {} });
    return { ...c, ...patch };
  }

  private async heads(m: EntityManager, departmentId: string): Promise<string[]> {
    const rows: { id: string }[] = await m.query(`SELECT id FROM users WHERE department_id = $1 AND role = 'dept_head' AND active ORDER BY username`, [departmentId]);
    return rows.map((r) => r.id);
  }

  private supervisionId: Promise<string | null> | null = null;

  /** The supervision office (督查), which supervisors belong to; looked up once per process. */
  supervisionDepartment(m: EntityManager = this.ds.manager): Promise<string | null> {
    this.supervisionId ??= m.query(`SELECT id FROM departments WHERE code = 'supervision'`).then((rows: { id: string }[]) => rows[0]?.id ?? null);
    return this.supervisionId;
  }
}
