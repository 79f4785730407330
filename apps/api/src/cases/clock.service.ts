import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig, Clock } from '@hotline/config';
import {
  DEFAULT_SUPPLEMENT_TIMEOUT,
  DomainError,
  EXTENDABLE_STATUSES,
  addDuration,
  computeDeadlines,
  computeOverdue,
  extendDeadline,
  formatShanghaiIso,
  remainingAt,
  planReview,
  resumeFrom,
  stageRunning,
  transition,
  type ReviewPlan,
  type TimedStage,
} from '@hotline/domain';
import {
  CalendarStore,
  CaseEntity,
  TimeLimitPolicyEntity,
  cancelTimers,
  caseStore,
  notifyPetitioner,
  planSingleTimer,
  policyFor,
  policyFromRow,
  renewDeadlines,
} from '@hotline/persistence';
import { ApiError } from '../common/api-error.js';
import type { AuthUser } from '../auth/auth-user.js';
import { assertLeadDepartment } from './case-access.js';
import type { CallbackDto, ExtensionDecisionDto, ExtensionRequestDto, FirstContactDto, ReviewRequestDto, SupplementDto, SupplementRequestDto } from './clock.dto.js';
import { CaseQueryService } from './case-query.service.js';
import type { CaseView } from './case-view.js';

/** Who acts: a signed-in user, or the petitioner (no account) rating the answer on the public page. */
type Actor = { id: string | null; role: string };


export interface ExtensionRequestView {
  id: string;
  caseId: string;
  caseNo?: string;
  amount: number;
  unit: string;
  reason: string;
  status: 'pending' | 'approved' | 'denied';
  requestedAt: string;
  previousDue: string | null;
  newDue: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
}

/**
 * Clock control (限时办结制, domain.md §4): 一次性告知 supplement requests pause the clock, 延期
 * extensions move the reply deadline, 首次联系 meets the first-contact stage, and 回访 closes or
 * reopens (重办, fresh deadlines). Each change of deadlines is a new deadline version with an event.
 */
@Injectable()
export class ClockService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly calendars: CalendarStore,
    private readonly query: CaseQueryService,
    private readonly config: AppConfig,
  ) {}

  /** 一次性告知: list every missing item at once; the clock pauses until the petitioner answers. */
  requestSupplement(id: string, dto: SupplementRequestDto, user: AuthUser): Promise<CaseView> {
    return this.act(id, async (m, c, now) => {
      if (dto.override) {
        if (user.role !== 'supervisor' && user.role !== 'admin') throw ApiError.forbidden('只有督查人员可以批准再次告知 / only a supervisor may override the one-request rule');
      } else {
        assertLeadDepartment(user, c);
      }
      const toStatus = transition(c.status, 'request_supplement');
      if (c.supplementRequestCount > 0 && !dto.override) {
        throw ApiError.conflict(
          'SUPPLEMENT_ALREADY_REQUESTED',
          '一次性告知：本案已发出过补正告知，不能再次要求补充材料（须经督查人员批准）/ a supplement was already requested for this case; a second request needs a supervisor (override)',
        );
      }
      const policy = await this.policyRow(m, c.policyCode);
      const calendar = await this.calendars.calendar();
      const timeout = policy?.supplementTimeout ?? DEFAULT_SUPPLEMENT_TIMEOUT;
      const autoCloseAt = addDuration(now, timeout, calendar);
      const running: Partial<Record<TimedStage, Date | null>> = {};
      if (stageRunning({ ...c, status: 'signed' }, 'firstContact')) running.firstContact = c.firstContactDueAt;
      running.reply = c.replyDueAt;
      const remaining = remainingAt(now, running);
      const version = c.deadlineVersion + 1;
      await cancelTimers(m, c.id, now);
      await caseStore.update(m, c.id, {
        status: toStatus,
        pausedAt: now,
        pausedRemaining: remaining,
        supplementRequestCount: c.supplementRequestCount + 1,
        deadlineVersion: version,
        overdue: false,
        version: c.version + 1,
        updatedAt: now,
      });
      const requestId = randomUUID();
      await m.query(
        `INSERT INTO supplement_requests (id, case_id, items, note, requested_by, requested_at, override, auto_close_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [requestId, c.id, JSON.stringify(dto.items), dto.note ?? null, user.id, now, dto.override ?? false, autoCloseAt],
      );
      // Unanswered for the policy's period → closed, with notice.
      await planSingleTimer(m, c.id, version, 'supplement', 'auto_close', autoCloseAt);
      await this.event(m, c, user, now, 'supplement_requested', toStatus, {
        requestId,
        items: dto.items,
        note: dto.note ?? null,
        override: dto.override ?? false,
        autoCloseAt: formatShanghaiIso(autoCloseAt),
        deadlineVersion: version,
        remainingMs: remaining,
      });
      // 一次性告知: the petitioner hears every missing item at once, and by when.
      await notifyPetitioner(m, c, 'supplement_request', { caseNo: c.caseNo, items: dto.items.join('；'), dueDate: autoCloseAt.toISOString() }, `supplement-${requestId}`, this.config.NOTIFY_CHANNELS);
      if (c.firstResponderDepartmentId && c.firstResponderDepartmentId !== c.leadDepartmentId) {
        await caseStore.notify(m, { recipientDepartmentId: c.firstResponderDepartmentId, caseId: c.id, type: 'supplement_requested', title: `案件 ${c.caseNo} 需诉求人补充材料`, body: dto.items.join('；'), at: now });
      }
    });
  }

  /** The petitioner's supplement is recorded: the clock resumes with exactly the time that was left. */
  recordSupplement(id: string, dto: SupplementDto, user: AuthUser): Promise<CaseView> {
    return this.act(id, async (m, c, now) => {
      if (user.role === 'handler' || user.role === 'dept_head') assertLeadDepartment(user, c);
      const toStatus = transition(c.status, 'receive_supplement');
      const remaining = c.pausedRemaining ?? {};
      const resumed = resumeFrom(now, remaining);
      const pausedFor = c.pausedAt ? now.getTime() - c.pausedAt.getTime() : 0;
      const startedAt = new Date((c.clockStartedAt ?? c.dispatchedAt ?? now).getTime() + pausedFor);
      await m.query(`UPDATE supplement_requests SET answered_at = $2, answered_by = $3, answer = $4 WHERE case_id = $1 AND answered_at IS NULL AND closed_at IS NULL`, [c.id, now, user.id, dto.content]);
      await this.event(m, c, user, now, 'supplement_received', toStatus, { content: dto.content, pausedMs: pausedFor });
      const after = { status: toStatus, signedAt: c.signedAt, firstContactedAt: c.firstContactedAt };
      await renewDeadlines(m, c, {
        now,
        reason: 'resumed',
        deadlines: { sign: c.signDueAt, firstContact: resumed.firstContact ?? c.firstContactDueAt, reply: resumed.reply ?? c.replyDueAt, returnWindow: c.returnDueAt },
        clockStartedAt: startedAt,
        after,
        actor: { id: user.id, role: user.role },
        calendar: await this.calendars.calendar(),
        data: { pausedMs: pausedFor, remainingMs: remaining },
        patch: { status: toStatus, pausedAt: null, pausedRemaining: null },
      });
    });
  }

  /** 延期申请: checked against the policy at once (count and length), decided by a supervisor. */
  async requestExtension(id: string, dto: ExtensionRequestDto, user: AuthUser): Promise<ExtensionRequestView> {
    return this.ds.transaction(async (m) => {
      const c = await this.lockCase(m, id);
      assertLeadDepartment(user, c);
      if (!EXTENDABLE_STATUSES.includes(c.status) || !c.replyDueAt) {
        throw ApiError.conflict('CASE_NOT_EXTENDABLE', `当前状态（${c.status}）不能申请延期 / a case in status ${c.status} cannot be extended`);
      }
      const pending: unknown[] = await m.query(`SELECT 1 FROM extension_requests WHERE case_id = $1 AND status = 'pending'`, [c.id]);
      if (pending.length) throw ApiError.conflict('EXTENSION_PENDING', '已有待审批的延期申请 / an extension request is already pending');
      const now = this.clock.now();
      const newDue = this.checkExtension(c, dto, await this.policyRow(m, c.policyCode), await this.calendars.calendar());
      const requestId = randomUUID();
      await m.query(
        `INSERT INTO extension_requests (id, case_id, amount, unit, reason, status, requested_by, requested_at, previous_due, new_due)
         VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7, $8, $9)`,
        [requestId, c.id, dto.amount, dto.unit, dto.reason, user.id, now, c.replyDueAt, newDue],
      );
      await this.event(m, c, user, now, 'extension_requested', c.status, { requestId, amount: dto.amount, unit: dto.unit, reason: dto.reason, proposedDue: formatShanghaiIso(newDue) });
      const supervision: { id: string }[] = await m.query(`SELECT id FROM departments WHERE code = 'supervision'`);
      if (supervision[0]) {
        await caseStore.notify(m, { recipientDepartmentId: supervision[0].id, caseId: c.id, type: 'extension_requested', title: `延期申请待审批：${c.caseNo}`, body: `${dto.amount} ${dto.unit}：${dto.reason}`, data: { requestId }, at: now });
      }
      return this.extensionView(m, requestId);
    });
  }

  /** A supervisor approves (new reply deadline, new version, petitioner told why) or denies. */
  async decideExtension(requestId: string, dto: ExtensionDecisionDto, user: AuthUser): Promise<ExtensionRequestView & { case: CaseView }> {
    return this.ds.transaction(async (m) => {
      const rows: { case_id: string }[] = await m.query(`SELECT case_id FROM extension_requests WHERE id = $1`, [requestId]);
      if (!rows[0]) throw ApiError.notFound('延期申请不存在 / extension request not found');
      const c = await this.lockCase(m, rows[0].case_id);
      const reqs: { status: string; amount: string; unit: string; reason: string }[] = await m.query(`SELECT status, amount, unit, reason FROM extension_requests WHERE id = $1 FOR UPDATE`, [requestId]);
      const req = reqs[0];
      if (req.status !== 'pending') throw ApiError.conflict('EXTENSION_DECIDED', `该申请已处理（${req.status}）/ this request was already ${req.status}`);
      const now = this.clock.now();
      if (!dto.approve) {
        await m.query(`UPDATE extension_requests SET status = 'denied', decided_by = $2, decided_at = $3, decision_note = $4 WHERE id = $1`, [requestId, user.id, now, dto.note ?? null]);
        await this.event(m, c, user, now, 'extension_denied', c.status, { requestId, note: dto.note ?? null });
        if (c.leadDepartmentId) await caseStore.notify(m, { recipientDepartmentId: c.leadDepartmentId, caseId: c.id, type: 'extension_denied', title: `延期申请未获批准：${c.caseNo}`, body: dto.note ?? '', at: now });
      } else {
        if (!EXTENDABLE_STATUSES.includes(c.status) || !c.replyDueAt) {
          throw ApiError.conflict('CASE_NOT_EXTENDABLE', `当前状态（${c.status}）不能延期 / a case in status ${c.status} cannot be extended`);
        }
        const calendar = await this.calendars.calendar();
        const duration = { amount: Number(req.amount), unit: req.unit as ExtensionRequestDto['unit'], reason: req.reason };
        const newDue = this.checkExtension(c, duration, await this.policyRow(m, c.policyCode), calendar);
        await m.query(`UPDATE extension_requests SET status = 'approved', decided_by = $2, decided_at = $3, decision_note = $4, previous_due = $5, new_due = $6 WHERE id = $1`, [
          requestId,
          user.id,
          now,
          dto.note ?? null,
          c.replyDueAt,
          newDue,
        ]);
        await renewDeadlines(m, c, {
          now,
          reason: 'extension',
          deadlines: { sign: c.signDueAt, firstContact: c.firstContactDueAt, reply: newDue, returnWindow: c.returnDueAt },
          clockStartedAt: c.clockStartedAt ?? c.dispatchedAt ?? now,
          after: c,
          actor: { id: user.id, role: user.role },
          calendar,
          data: { requestId },
          patch: { extensionCount: c.extensionCount + 1 },
        });
        // 信访工作条例 第34条: the petitioner is told the new date and the reason.
        await this.event(m, c, user, now, 'extension_approved', c.status, {
          requestId,
          previousDue: c.replyDueAt ? formatShanghaiIso(c.replyDueAt) : null,
          newDue: formatShanghaiIso(newDue),
          reason: req.reason,
          petitionerNotice: `您的诉求（${c.caseNo}）办理期限延长至 ${formatShanghaiIso(newDue).slice(0, 10)}，原因：${req.reason}`,
        });
        await notifyPetitioner(m, c, 'extension', { caseNo: c.caseNo, reason: req.reason, newDueDate: newDue.toISOString() }, `extension-${requestId}`, this.config.NOTIFY_CHANNELS);
        if (c.leadDepartmentId) await caseStore.notify(m, { recipientDepartmentId: c.leadDepartmentId, caseId: c.id, type: 'extension_approved', title: `延期已批准：${c.caseNo}`, body: `新办结期限 ${formatShanghaiIso(newDue)}`, at: now });
      }
      const view = await this.extensionView(m, requestId);
      const fresh = await m.getRepository(CaseEntity).findOneOrFail({ where: { id: c.id } });
      return { ...view, case: await this.query.view(m, fresh) };
    });
  }

  async listExtensions(status: string | undefined, limit: number): Promise<ExtensionRequestView[]> {
    const rows: { id: string }[] = await this.ds.query(
      `SELECT id FROM extension_requests WHERE ($1::varchar IS NULL OR status = $1) ORDER BY requested_at DESC LIMIT $2`,
      [status ?? null, limit],
    );
    return Promise.all(rows.map((r) => this.extensionView(this.ds.manager, r.id)));
  }

  /** 首次联系: the handler reached the petitioner; the first-contact stage is met. */
  recordFirstContact(id: string, dto: FirstContactDto, user: AuthUser): Promise<CaseView> {
    return this.act(id, async (m, c, now) => {
      assertLeadDepartment(user, c);
      if (!['dispatched', 'signed', 'reopened', 'awaiting_supplement'].includes(c.status)) {
        throw ApiError.conflict('CASE_NOT_OPEN_FOR_CONTACT', `当前状态（${c.status}）不能登记首次联系 / cannot record first contact in status ${c.status}`);
      }
      if (c.firstContactedAt) throw ApiError.conflict('FIRST_CONTACT_RECORDED', `已于 ${formatShanghaiIso(c.firstContactedAt)} 登记首次联系 / first contact was already recorded`);
      await cancelTimers(m, c.id, now, ['firstContact']);
      const overdue = computeOverdue({ ...c, firstContactedAt: now }, now);
      await caseStore.update(m, c.id, { firstContactedAt: now, overdue, version: c.version + 1, updatedAt: now });
      await this.event(m, c, user, now, 'first_contacted', c.status, {
        departmentId: user.departmentId,
        method: dto.method,
        note: dto.note ?? null,
        onTime: !c.firstContactDueAt || now <= c.firstContactDueAt,
      });
    });
  }

  /** 回访: satisfied → closed; unsatisfied → 重办 (reopened) with fresh deadlines for the same department. */
  callback(id: string, dto: CallbackDto, user: Actor): Promise<CaseView> {
    return this.act(id, async (m, c, now) => {
      const reopen = dto.satisfaction === 'unsatisfied';
      const toStatus = transition(c.status, reopen ? 'reopen' : 'close');
      await this.event(m, c, user, now, 'callback_recorded', c.status, { satisfaction: dto.satisfaction, resolved: dto.resolved, note: dto.note ?? null, departmentId: c.leadDepartmentId, source: user.role === 'petitioner' ? 'citizen' : 'hotline' });
      if (!reopen) {
        await caseStore.update(m, c.id, { status: toStatus, closedAt: now, satisfaction: dto.satisfaction, overdue: false, version: c.version + 1, updatedAt: now });
        await this.event(m, c, user, now, 'closed', toStatus, { reason: 'callback', satisfaction: dto.satisfaction });
        return;
      }
      const policy = await policyFor(m, c);
      const calendar = await this.calendars.calendar();
      const due = computeDeadlines(now, policy, calendar);
      await this.event(m, c, user, now, 'reopened', toStatus, { departmentId: c.leadDepartmentId, reopenCount: c.reopenCount + 1, note: dto.note ?? null });
      await renewDeadlines(m, c, {
        now,
        reason: 'reopened',
        deadlines: { sign: due.sign, firstContact: due.firstContact, reply: due.reply, returnWindow: due.returnWindow },
        clockStartedAt: now,
        after: { status: toStatus, signedAt: null, firstContactedAt: null },
        actor: { id: user.id, role: user.role },
        calendar,
        data: { policyCode: policy.code, policyVersion: policy.version ?? null },
        patch: {
          status: toStatus,
          signedAt: null,
          firstContactedAt: null,
          repliedAt: null,
          reopenCount: c.reopenCount + 1,
          satisfaction: dto.satisfaction,
          policyCode: policy.code,
          policyVersion: policy.version ?? null,
          extensionCount: 0,
        },
      });
      if (c.leadDepartmentId) await caseStore.notify(m, { recipientDepartmentId: c.leadDepartmentId, caseId: c.id, type: 'case_reopened', title: `案件 ${c.caseNo} 回访不满意，需重办`, body: dto.note ?? '', at: now });
    });
  }

  /**
   * 信访 复查 then 复核 (信访工作条例 第35、36条): asked within 30 days of the reply, answered within 30
   * days; after 复核 the same matter is not accepted again. The case goes back to its department with a
   * fresh 30-day clock (new deadline version). A closed petition case may still be reviewed within the
   * window: that is the one way out of `closed`, and it is taken here rather than in the transition table
   * so every other rule keeps treating `closed` as final.
   */
  requestReview(id: string, dto: ReviewRequestDto, user: AuthUser): Promise<CaseView> {
    return this.act(id, async (m, c, now) => {
      const calendar = await this.calendars.calendar();
      const done: { n: number }[] = await m.query(`SELECT count(*)::int AS n FROM case_events WHERE case_id = $1 AND type = 'review_requested'`, [c.id]);
      let plan: ReviewPlan;
      try {
        plan = planReview({ policyCode: c.policyCode, status: c.status, answeredAt: c.repliedAt ?? c.closedAt ?? now }, done[0].n, now, calendar);
      } catch (err) {
        if (err instanceof DomainError) throw ApiError.conflict(err.code, err.message);
        throw err;
      }
      const { level, replyDue: due } = plan;
      const toStatus = 'reopened' as const;
      await this.event(m, c, user, now, 'review_requested', toStatus, { level, levelLabel: level === 'review' ? '复查' : '复核', reason: dto.reason, departmentId: c.leadDepartmentId, dueAt: formatShanghaiIso(due) });
      await renewDeadlines(m, c, {
        now,
        reason: level,
        deadlines: { sign: addDuration(now, { amount: 1, unit: 'working_days' }, calendar), firstContact: null, reply: due, returnWindow: null },
        clockStartedAt: now,
        after: { status: toStatus, signedAt: null, firstContactedAt: now },
        actor: { id: user.id, role: user.role },
        calendar,
        patch: { status: toStatus, signedAt: null, repliedAt: null, closedAt: null, reopenCount: c.reopenCount + 1, extensionCount: 0 },
      });
      if (c.leadDepartmentId) await caseStore.notify(m, { recipientDepartmentId: c.leadDepartmentId, caseId: c.id, type: 'review_requested', title: `信访事项 ${c.caseNo} 申请${level === 'review' ? '复查' : '复核'}`, body: dto.reason, at: now });
    });
  }

  private checkExtension(c: CaseEntity, dto: { amount: number; unit: ExtensionRequestDto['unit'] }, policy: TimeLimitPolicyEntity | null, calendar: Awaited<ReturnType<CalendarStore['calendar']>>): Date {
    try {
      const rule = policy ? policyFromRow(policy).extension : null;
      return extendDeadline(c.replyDueAt!, { amount: dto.amount, unit: dto.unit }, rule, c.extensionCount, calendar);
    } catch (err) {
      if (err instanceof DomainError) {
        if (err.code === 'INVALID_DURATION') throw ApiError.badRequest('amount', err.message, 'isValidDuration');
        throw ApiError.conflict(err.code, err.message);
      }
      throw err;
    }
  }

  private async policyRow(m: EntityManager, code: string | null): Promise<TimeLimitPolicyEntity | null> {
    return code ? m.getRepository(TimeLimitPolicyEntity).findOne({ where: { code } }) : null;
  }

  private async extensionView(m: EntityManager, requestId: string): Promise<ExtensionRequestView> {
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT r.*, c.case_no FROM extension_requests r JOIN cases c ON c.id = r.case_id WHERE r.id = $1`,
      [requestId],
    );
    const r = rows[0];
    const iso = (d: unknown) => (d ? formatShanghaiIso(d as Date) : null);
    return {
      id: r.id as string,
      caseId: r.case_id as string,
      caseNo: r.case_no as string,
      amount: Number(r.amount),
      unit: r.unit as string,
      reason: r.reason as string,
      status: r.status as ExtensionRequestView['status'],
      requestedAt: iso(r.requested_at)!,
      previousDue: iso(r.previous_due),
      newDue: iso(r.new_due),
      decidedAt: iso(r.decided_at),
      decisionNote: (r.decision_note as string | null) ?? null,
    };
  }

  private async lockCase(m: EntityManager, id: string): Promise<CaseEntity> {
    const c = await caseStore.lock(m, id);
    if (!c) throw ApiError.notFound('案件不存在 / case not found');
    return c;
  }

  private async act(id: string, fn: (m: EntityManager, c: CaseEntity, now: Date) => Promise<void>): Promise<CaseView> {
    return this.ds.transaction(async (m) => {
      const c = await this.lockCase(m, id);
      await fn(m, c, this.clock.now());
      const fresh = await m.getRepository(CaseEntity).findOneOrFail({ where: { id } });
      return this.query.view(m, fresh);
    });
  }

  private event(m: EntityManager, c: CaseEntity, user: Actor, at: Date, type: string, toStatus: string, data: Record<string, unknown>): Promise<void> {
    return caseStore.appendEvent(m, { caseId: c.id, type, at, actorId: user.id, actorRole: user.role, fromStatus: c.status, toStatus, data });
  }
}
