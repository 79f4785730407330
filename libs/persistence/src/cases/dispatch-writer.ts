import type { EntityManager } from 'typeorm';
import {
  computeDeadlines,
  selectPolicyCode,
  transition,
  type TimeLimitPolicy,
  type Urgency,
  type WorkCalendar,
} from '@hotline/domain';
import type { CaseEntity } from '../entities/case.entity.js';
import { TimeLimitPolicyEntity } from '../entities/time-limit-policy.entity.js';
import { caseStore } from './case-store.js';
import { cancelTimers, planTimers } from '../time/timers.js';

export interface DispatchTarget {
  leadDepartmentId: string;
  assistingDepartmentIds: string[];
  /** Read-only copies (抄送), e.g. the district government for a territorial matter. */
  copyDepartmentIds: string[];
}

export interface Actor {
  id: string | null;
  role: string | null;
}

export interface DispatchContext {
  now: Date;
  actor: Actor;
  calendar: WorkCalendar;
  /** Why: rule id, classifier evidence and confidence, resolved region (shown on GET /cases/:id). */
  routing: Record<string, unknown>;
}

/** Loads the time-limit policy a case falls under (policy as data; edits apply from now on). */
export async function policyFor(m: EntityManager, c: Pick<CaseEntity, 'urgency' | 'categoryCode' | 'channel' | 'type'>): Promise<TimeLimitPolicy> {
  const code = selectPolicyCode({ urgency: (c.urgency ?? 'normal') as Urgency, categoryCode: c.categoryCode, channel: c.channel, type: c.type });
  const row = await m.getRepository(TimeLimitPolicyEntity).findOne({ where: { code } });
  if (!row) throw new Error(`time-limit policy "${code}" is missing; run the seed`);
  return policyFromRow(row);
}

export function policyFromRow(row: TimeLimitPolicyEntity): TimeLimitPolicy {
  return { code: row.code, nameZh: row.nameZh, nameEn: row.nameEn, stages: row.stages, extension: row.extension, supplementTimeout: row.supplementTimeout, version: row.version };
}

/**
 * 派单: hands a case to its lead department with fresh deadlines (a new deadline version), records
 * the assignments and a `dispatched` event. Shared by automatic routing and a dispatcher's hand.
 */
export async function dispatchCase(m: EntityManager, c: CaseEntity, target: DispatchTarget, ctx: DispatchContext): Promise<CaseEntity> {
  const toStatus = transition(c.status, 'dispatch');
  const policy = await policyFor(m, c);
  const due = computeDeadlines(ctx.now, policy, ctx.calendar);
  const depts = await caseStore.departmentsById(m, [target.leadDepartmentId, ...target.assistingDepartmentIds, ...target.copyDepartmentIds]);
  const lead = depts.get(target.leadDepartmentId);
  if (!lead) throw new Error(`lead department ${target.leadDepartmentId} does not exist`);

  await caseStore.replaceAssignments(m, c.id, ctx.now, [
    { departmentId: lead.id, role: 'lead' },
    ...target.assistingDepartmentIds.map((id) => ({ departmentId: id, role: 'assisting' as const })),
    ...target.copyDepartmentIds.map((id) => ({ departmentId: id, role: 'copy' as const })),
  ]);
  const patch: Partial<CaseEntity> = {
    status: toStatus,
    leadDepartmentId: lead.id,
    policyCode: policy.code,
    policyVersion: policy.version ?? null,
    deadlineVersion: c.deadlineVersion + 1,
    clockStartedAt: ctx.now,
    firstContactedAt: null,
    pausedAt: null,
    pausedRemaining: null,
    signDueAt: due.sign,
    firstContactDueAt: due.firstContact,
    replyDueAt: due.reply,
    returnDueAt: due.returnWindow,
    dispatchedAt: ctx.now,
    signedAt: null,
    routing: ctx.routing,
    overdue: false,
    escalationLevel: null,
    version: c.version + 1,
    updatedAt: ctx.now,
  };
  await caseStore.update(m, c.id, patch);
  // 限时办结: a fresh plan of escalation steps for the new version; the old version's steps lapse.
  await cancelTimers(m, c.id, ctx.now);
  await planTimers(
    m,
    c.id,
    c.deadlineVersion + 1,
    [
      { stage: 'sign', startedAt: ctx.now, dueAt: due.sign },
      { stage: 'firstContact', startedAt: ctx.now, dueAt: due.firstContact },
      { stage: 'reply', startedAt: ctx.now, dueAt: due.reply },
    ],
    ctx.calendar,
    ctx.now,
  );
  const brief = (id: string) => {
    const d = depts.get(id);
    return d ? { id: d.id, code: d.code, name: d.nameZh } : { id };
  };
  await caseStore.appendEvent(m, {
    caseId: c.id,
    type: 'dispatched',
    at: ctx.now,
    actorId: ctx.actor.id,
    actorRole: ctx.actor.role,
    fromStatus: c.status,
    toStatus,
    data: {
      leadDepartment: brief(lead.id),
      assistingDepartments: target.assistingDepartmentIds.map(brief),
      copyDepartments: target.copyDepartmentIds.map(brief),
      policyCode: policy.code,
      policyVersion: policy.version ?? null,
      deadlineVersion: c.deadlineVersion + 1,
      deadlines: { sign: due.sign, firstContact: due.firstContact, reply: due.reply, returnWindow: due.returnWindow },
      routing: ctx.routing,
    },
  });
  // The lead department learns it has a case to sign for; 首问负责制: the unit that first took the
  // request is told where it went (and, later, of the outcome), and stays the citizen's contact.
  await caseStore.notify(m, { recipientDepartmentId: lead.id, caseId: c.id, type: 'case_dispatched', title: `新案件待签收：${c.caseNo}`, body: `签收期限 ${due.sign.toISOString()}`, data: { deadlines: due }, at: ctx.now });
  if (c.firstResponderDepartmentId && c.firstResponderDepartmentId !== lead.id) {
    await caseStore.notify(m, { recipientDepartmentId: c.firstResponderDepartmentId, caseId: c.id, type: 'case_transferred', title: `案件 ${c.caseNo} 已转交 ${lead.nameZh}`, data: { leadDepartment: brief(lead.id) }, at: ctx.now });
  }
  return { ...c, ...patch };
}

