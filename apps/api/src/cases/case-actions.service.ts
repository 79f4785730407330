import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig, Clock } from '@hotline/config';
import { computeOverdue, isTerminal, transition } from '@hotline/domain';
import { CalendarStore, CaseEntity, DepartmentEntity, RoutingEngine, cancelTimers, caseStore, dispatchCase, notifyPetitioner } from '@hotline/persistence';
import { ApiError } from '../common/api-error.js';
import type { AuthUser } from '../auth/auth-user.js';
import { assertLeadDepartment } from './case-access.js';
import type { DispatchDto, ReplyDto, ReturnDecisionDto, ReturnDto, SetCategoryDto } from './case-actions.dto.js';
import { CaseQueryService } from './case-query.service.js';
import type { CaseView } from './case-view.js';

/** Returns after which a dispatcher's assignment binds (指定办理) and cannot be returned again (domain.md §5). */
export const RETURNS_BEFORE_BINDING = 2;

/**
 * Department work and dispatcher decisions. Each action locks the case row, checks who may act and
 * whether the transition is legal, then writes the new state and its event in one transaction — so two
 * concurrent signs serialise on the lock and the second meets `signed` (409).
 */
@Injectable()
export class CaseActionsService {

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly query: CaseQueryService,
    private readonly calendars: CalendarStore,
    private readonly config: AppConfig,
    private readonly engine: RoutingEngine,
  ) {}

  /** 签收 sign-for by the lead department. */
  sign(id: string, user: AuthUser): Promise<CaseView> {
    return this.act(id, async (m, c, now) => {
      assertLeadDepartment(user, c);
      const toStatus = transition(c.status, 'sign');
      // The signer works the case (AB岗 may move it to their backup while they are away).
      // The sign-for stage is met: its pending escalation steps lapse; the case stays overdue only if
      // another running stage (first contact, reply) is already late.
      await cancelTimers(m, c.id, now, ['sign']);
      const overdue = computeOverdue({ ...c, status: toStatus, signedAt: now }, now);
      await caseStore.update(m, c.id, { status: toStatus, signedAt: now, overdue, assigneeUserId: user.id, originalAssigneeId: null, version: c.version + 1, updatedAt: now });
      await this.event(m, c, user, now, 'signed', toStatus, { departmentId: user.departmentId, onTime: !c.signDueAt || now <= c.signDueAt });
    });
  }

  /** 办结/答复 reply to the petitioner. */
  reply(id: string, dto: ReplyDto, user: AuthUser): Promise<CaseView> {
    return this.act(id, async (m, c, now) => {
      assertLeadDepartment(user, c);
      const toStatus = transition(c.status, 'reply');
      // 协办: the lead answers for everyone, so every assisting department must have given its part
      // (or the dispatcher waived it) first.
      const waiting: { code: string; name_zh: string }[] = await m.query(
        `SELECT d.code, d.name_zh FROM case_assignments a JOIN departments d ON d.id = a.department_id
         WHERE a.case_id = $1 AND a.active AND a.role = 'assisting' AND a.opinion_at IS NULL AND a.waived_at IS NULL`,
        [c.id],
      );
      if (waiting.length) {
        throw ApiError.conflict('ASSISTING_PENDING', `协办单位尚未反馈：${waiting.map((w) => w.name_zh).join('、')} / waiting for the assisting departments: ${waiting.map((w) => w.code).join(', ')}`);
      }
      // 办结: every clock of this version stops; an open 督办 order is met (late, but met).
      await cancelTimers(m, c.id, now);
      await m.query(`UPDATE supervision_orders SET status = 'met' WHERE case_id = $1 AND status = 'open'`, [c.id]);
      await caseStore.update(m, c.id, { status: toStatus, reply: dto.reply, resolved: dto.resolved, repliedAt: now, overdue: false, version: c.version + 1, updatedAt: now });
      await this.event(m, c, user, now, 'replied', toStatus, { resolved: dto.resolved, onTime: !c.replyDueAt || now <= c.replyDueAt, departmentId: user.departmentId });
      await notifyPetitioner(m, c, 'reply', { caseNo: c.caseNo }, `reply-${c.version + 1}`, this.config.NOTIFY_CHANNELS);
      if (c.firstResponderDepartmentId && c.firstResponderDepartmentId !== c.leadDepartmentId) {
        // 首问负责制: the first unit hears the outcome too.
        await caseStore.notify(m, { recipientDepartmentId: c.firstResponderDepartmentId, caseId: c.id, type: 'case_replied', title: `案件 ${c.caseNo} 已答复`, body: dto.resolved ? '已解决' : '未解决', data: { resolved: dto.resolved }, at: now });
      }
    });
  }

  /** 退单 return a mis-dispatched case: reason code + text, inside the return window, never after 指定办理. */
  returnCase(id: string, dto: ReturnDto, user: AuthUser): Promise<CaseView> {
    return this.act(id, async (m, c, now) => {
      assertLeadDepartment(user, c);
      const toStatus = transition(c.status, 'request_return');
      if (c.bindingAssignment) {
        throw ApiError.conflict('BINDING_ASSIGNMENT', '该案件为指定办理，不能退回 / this case was assigned bindingly (指定办理) and cannot be returned');
      }
      if (c.returnDueAt && now > c.returnDueAt) {
        throw ApiError.conflict('RETURN_WINDOW_CLOSED', `退单期限已过（${c.returnDueAt.toISOString()}）/ the return window closed at ${c.returnDueAt.toISOString()}`);
      }
      await caseStore.update(m, c.id, { status: toStatus, returnCount: c.returnCount + 1, version: c.version + 1, updatedAt: now });
      await this.event(m, c, user, now, 'return_requested', toStatus, { reasonCode: dto.reasonCode, reason: dto.reason, departmentId: user.departmentId });
    });
  }

  /** The dispatcher approves a return (back to the pool, or straight to another department) or denies it. */
  decideReturn(id: string, dto: ReturnDecisionDto, user: AuthUser): Promise<CaseView> {
    return this.act(id, async (m, c, now) => {
      if (!dto.approve) {
        // Denied: the department keeps the case and its original clock (no fresh deadlines for a refused return).
        const toStatus = transition(c.status, 'deny_return');
        await caseStore.update(m, c.id, { status: toStatus, signedAt: null, version: c.version + 1, updatedAt: now });
        await this.event(m, c, user, now, 'return_denied', toStatus, { note: dto.note ?? null });
        return;
      }
      const toStatus = transition(c.status, 'approve_return');
      // The case leaves the department: its clocks stop until the next dispatch starts new ones.
      await cancelTimers(m, c.id, now);
      await caseStore.replaceAssignments(m, c.id, now, []);
      await caseStore.update(m, c.id, { status: toStatus, leadDepartmentId: null, signedAt: null, overdue: false, version: c.version + 1, updatedAt: now });
      await this.event(m, c, user, now, 'return_approved', toStatus, { note: dto.note ?? null, returnCount: c.returnCount });
      if (dto.departmentId) {
        const pending = { ...c, status: toStatus, leadDepartmentId: null, version: c.version + 1 };
        await this.dispatchTo(m, pending, dto.departmentId, [], user, now, dto.note);
      }
    });
  }

  /**
   * An operator or dispatcher sets, corrects or confirms the category. The text and the decision are
   * kept as a labelled example: the next retrain learns from the people who know.
   */
  setCategory(id: string, dto: SetCategoryDto, user: AuthUser): Promise<CaseView> {
    return this.act(id, async (m, c, now) => {
      if (isTerminal(c.status)) throw ApiError.conflict('CASE_CLOSED', `案件已结束（${c.status}），不能修改分类 / the case is ${c.status}; its category can no longer change`);
      const exists: unknown[] = await m.query(`SELECT 1 FROM categories WHERE code = $1 AND active`, [dto.categoryCode]);
      if (!exists.length) throw ApiError.badRequest('categoryCode', '诉求分类不存在 / no such category', 'exists');
      const suggested = (c.routing as { category?: { code?: string } } | null)?.category?.code ?? c.categoryCode;
      const kind = suggested === dto.categoryCode ? 'confirmed' : 'corrected';
      const urgency = dto.urgency ?? c.urgency ?? 'normal';
      await caseStore.update(m, c.id, { categoryCode: dto.categoryCode, categorySource: user.role === 'dispatcher' ? 'dispatcher' : 'operator', urgency, version: c.version + 1, updatedAt: now });
      await m.query(
        `INSERT INTO classification_feedback (case_id, text, category_code, urgency, predicted_category, kind, actor_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (case_id) DO UPDATE SET category_code = EXCLUDED.category_code, urgency = EXCLUDED.urgency, kind = EXCLUDED.kind,
           actor_id = EXCLUDED.actor_id, created_at = EXCLUDED.created_at`,
        [c.id, [c.content, c.address].filter(Boolean).join('\n'), dto.categoryCode, urgency, suggested ?? null, kind, user.id, now],
      );
      await this.event(m, c, user, now, 'category_set', c.status, { from: c.categoryCode, to: dto.categoryCode, suggested: suggested ?? null, kind, urgency });
    });
  }

  /** 派单 by hand: from pending_dispatch (or re-dispatch of a dispatched case). */
  dispatch(id: string, dto: DispatchDto, user: AuthUser): Promise<CaseView> {
    return this.act(id, async (m, c, now) => {
      await this.dispatchTo(m, c, dto.departmentId, dto.assistingDepartmentIds ?? [], user, now, dto.note);
    });
  }

  private async dispatchTo(m: EntityManager, c: CaseEntity, departmentId: string, assisting: string[], user: AuthUser, now: Date, note?: string): Promise<void> {
    const ids = [...new Set([departmentId, ...assisting])];
    const found = await m.getRepository(DepartmentEntity).createQueryBuilder('d').where('d.id = ANY(:ids) AND d.active', { ids }).getMany();
    if (!found.some((d) => d.id === departmentId)) throw ApiError.badRequest('departmentId', '承办单位不存在 / no such active department', 'exists');
    const missing = assisting.filter((a) => !found.some((d) => d.id === a));
    if (missing.length) throw ApiError.badRequest('assistingDepartmentIds', `协办单位不存在 / no such department: ${missing.join(', ')}`, 'exists');
    // Fix (信访工作条例 第30条): a dispatcher's hand must not give a case to the unit it accuses either.
    const accused = accusedCodes(c, this.engine);
    const accusedMessage = '该单位是被反映对象，不能办理此案件 / this department is accused in the case and may not receive it';
    if (found.some((d) => d.id === departmentId && accused.includes(d.code))) throw ApiError.badRequest('departmentId', accusedMessage, 'notAccused');
    if (found.some((d) => d.id !== departmentId && assisting.includes(d.id) && accused.includes(d.code))) {
      throw ApiError.badRequest('assistingDepartmentIds', accusedMessage, 'notAccused');
    }
    // After two returns the dispatcher's decision binds (指定办理): it cannot be returned again.
    const binding = c.returnCount >= RETURNS_BEFORE_BINDING;
    const routing = { manual: true, dispatcherId: user.id, note: note ?? null, binding, accusedDepartmentCodes: accused, previous: c.routing ?? null };
    const dispatched = await dispatchCase(
      m,
      c,
      { leadDepartmentId: departmentId, assistingDepartmentIds: assisting.filter((a) => a !== departmentId), copyDepartmentIds: [] },
      { now, actor: { id: user.id, role: user.role }, calendar: await this.calendars.calendar(), routing },
    );
    if (binding) await caseStore.update(m, c.id, { bindingAssignment: true, updatedAt: now, version: dispatched.version });
  }

  private async act(id: string, fn: (m: EntityManager, c: CaseEntity, now: Date) => Promise<void>): Promise<CaseView> {
    return this.ds.transaction(async (m) => {
      const c = await caseStore.lock(m, id);
      if (!c) throw ApiError.notFound('案件不存在 / case not found');
      await fn(m, c, this.clock.now());
      const fresh = await m.getRepository(CaseEntity).findOneOrFail({ where: { id } });
      return this.query.view(m, fresh);
    });
  }

  private event(m: EntityManager, c: CaseEntity, user: AuthUser, at: Date, type: string, toStatus: string, data: Record<string, unknown>): Promise<void> {
    return caseStore.appendEvent(m, { caseId: c.id, type, at, actorId: user.id, actorRole: user.role, fromStatus: c.status, toStatus, data });
  }
}

/** Units a case accuses: what routing recorded (across earlier manual dispatches) and the named accused unit. */
function accusedCodes(c: CaseEntity, engine: RoutingEngine): string[] {
  const codes = new Set(c.accusedUnit ? engine.departmentsNamed(c.accusedUnit) : []);
  let r = c.routing as { accusedDepartmentCodes?: unknown; previous?: unknown } | null;
  for (let depth = 0; r && depth < 50; depth++, r = r.previous as typeof r) {
    if (Array.isArray(r.accusedDepartmentCodes)) for (const code of r.accusedDepartmentCodes) if (typeof code === 'string') codes.add(code);
  }
  return [...codes];
}
