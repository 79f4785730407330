import { STATUS_LABELS, allowedActions, computeOverdue, formatShanghaiIso, isOpen, type CaseStatus } from '@hotline/domain';
import type { CaseEntity, DepartmentEntity } from '@hotline/persistence';

export interface DepartmentBrief { id: string; code: string; name: string; nameEn: string }

export const briefOf = (d: DepartmentEntity): DepartmentBrief => ({ id: d.id, code: d.code, name: d.nameZh, nameEn: d.nameEn });

const iso = (d: Date | null): string | null => (d ? formatShanghaiIso(d) : null);

/**
 * Overdue while open: stored by escalation (issue "time limits") or visible at once from the
 * deadlines, so lists never show a late case as on time between two escalation passes.
 */
export function isOverdue(c: CaseEntity, now: Date): boolean {
  if (!isOpen(c.status)) return false;
  return c.overdue || computeOverdue(c, now);
}

export interface CaseParts {
  departments: Map<string, DepartmentEntity>;
  assignments: { departmentId: string; role: 'lead' | 'assisting' | 'copy'; opinion: string | null; opinionAt: Date | null; waivedAt: Date | null }[];
  categoryName: { zh: string; en: string } | null;
}

/** The case as staff see it (GET /cases/:id). */
export function caseView(c: CaseEntity, parts: CaseParts, now: Date) {
  const dept = (id: string | null) => (id && parts.departments.get(id) ? briefOf(parts.departments.get(id)!) : null);
  const byRole = (role: 'assisting' | 'copy') => parts.assignments.filter((a) => a.role === role).map((a) => dept(a.departmentId)).filter((d) => d !== null);
  return {
    id: c.id,
    caseNo: c.caseNo,
    trackingCode: c.trackingCode,
    channel: c.channel,
    type: c.type,
    status: c.status,
    statusLabel: STATUS_LABELS[c.status as CaseStatus]?.zh ?? c.status,
    statusLabelEn: STATUS_LABELS[c.status as CaseStatus]?.en ?? c.status,
    content: c.content,
    address: c.address,
    regionCode: c.regionCode,
    districtCode: c.districtCode,
    streetCode: c.streetCode,
    categoryCode: c.categoryCode,
    categoryName: parts.categoryName?.zh ?? null,
    categoryNameEn: parts.categoryName?.en ?? null,
    urgency: c.urgency,
    anonymous: c.anonymous,
    petitioner: c.anonymous ? null : { name: c.petitionerName, phone: c.petitionerPhone },
    accusedUnit: c.accusedUnit,
    firstResponderDepartment: dept(c.firstResponderDepartmentId),
    leadDepartment: dept(c.leadDepartmentId),
    assistingDepartments: byRole('assisting'),
    copyDepartments: byRole('copy'),
    /** 协办: each assisting department's part, and whether the lead is still waiting for it. */
    assistingParts: parts.assignments
      .filter((a) => a.role === 'assisting')
      .map((a) => ({ department: dept(a.departmentId), opinion: a.opinion, opinionAt: iso(a.opinionAt), waived: a.waivedAt !== null, pending: a.opinionAt === null && a.waivedAt === null })),
    assigneeUserId: c.assigneeUserId,
    mergedInto: c.mergedInto,
    policyCode: c.policyCode,
    deadlineVersion: c.deadlineVersion,
    deadlines: {
      sign: iso(c.signDueAt),
      firstContact: iso(c.firstContactDueAt),
      reply: iso(c.replyDueAt),
      returnWindow: iso(c.returnDueAt),
    },
    overdue: isOverdue(c, now),
    escalationLevel: c.escalationLevel,
    /** 限时办结 clock state: paused while waiting for the petitioner's supplement (一次性告知). */
    clock: {
      policyVersion: c.policyVersion,
      startedAt: iso(c.clockStartedAt),
      paused: c.status === 'awaiting_supplement',
      pausedAt: iso(c.pausedAt),
      remainingMs: c.pausedRemaining,
      firstContactedAt: iso(c.firstContactedAt),
      extensionCount: c.extensionCount,
      supplementRequestCount: c.supplementRequestCount,
      reopenCount: c.reopenCount,
    },
    satisfaction: c.satisfaction,
    routing: c.routing,
    reply: c.reply,
    resolved: c.resolved,
    returnCount: c.returnCount,
    bindingAssignment: c.bindingAssignment,
    allowedActions: allowedActions(c.status as CaseStatus),
    createdAt: iso(c.createdAt),
    dispatchedAt: iso(c.dispatchedAt),
    signedAt: iso(c.signedAt),
    repliedAt: iso(c.repliedAt),
    closedAt: iso(c.closedAt),
    version: c.version,
  };
}

export type CaseView = ReturnType<typeof caseView>;

/** One row of GET /cases: what a work queue needs, without the full text. */
export function caseListItem(c: CaseEntity, lead: DepartmentEntity | undefined, now: Date) {
  return {
    id: c.id,
    caseNo: c.caseNo,
    status: c.status,
    statusLabel: STATUS_LABELS[c.status as CaseStatus]?.zh ?? c.status,
    channel: c.channel,
    type: c.type,
    categoryCode: c.categoryCode,
    urgency: c.urgency,
    summary: c.content.length > 80 ? `${c.content.slice(0, 80)}…` : c.content,
    leadDepartment: lead ? briefOf(lead) : null,
    deadlines: { sign: iso(c.signDueAt), reply: iso(c.replyDueAt) },
    overdue: isOverdue(c, now),
    escalationLevel: c.escalationLevel,
    createdAt: iso(c.createdAt),
  };
}
