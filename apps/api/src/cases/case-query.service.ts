import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '@hotline/config';
import { CaseEntity, CategoryEntity, caseStore } from '@hotline/persistence';
import { ApiError } from '../common/api-error.js';
import type { AuthUser } from '../auth/auth-user.js';
import { assertCanSee, CITY_WIDE_ROLES } from './case-access.js';
import { caseListItem, caseView, type CaseParts, type CaseView } from './case-view.js';
import type { ListCasesQuery } from './case-actions.dto.js';

export interface CaseEventView {
  type: string;
  at: string;
  actor: { id: string | null; username: string; role: string | null } | null;
  fromStatus: string | null;
  toStatus: string | null;
  data: Record<string, unknown>;
}

@Injectable()
export class CaseQueryService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  async get(id: string, user: AuthUser, m: EntityManager = this.ds.manager): Promise<CaseView> {
    const c = await m.getRepository(CaseEntity).findOne({ where: { id } });
    if (!c) throw ApiError.notFound('案件不存在 / case not found');
    await assertCanSee(m, user, c);
    return this.view(m, c);
  }

  async view(m: EntityManager, c: CaseEntity): Promise<CaseView> {
    const assignments: CaseParts['assignments'] = await m.query(
      `SELECT department_id AS "departmentId", role, opinion, opinion_at AS "opinionAt", waived_at AS "waivedAt"
       FROM case_assignments WHERE case_id = $1 AND active ORDER BY assigned_at`,
      [c.id],
    );
    const ids = [c.leadDepartmentId, c.firstResponderDepartmentId, ...assignments.map((a) => a.departmentId)].filter((x): x is string => !!x);
    const departments = await caseStore.departmentsById(m, [...new Set(ids)]);
    const category = c.categoryCode ? await m.getRepository(CategoryEntity).findOne({ where: { code: c.categoryCode } }) : null;
    return caseView(c, { departments, assignments, categoryName: category ? { zh: category.nameZh, en: category.nameEn } : null }, this.clock.now());
  }

  async list(q: ListCasesQuery, user: AuthUser) {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const qb = this.ds.getRepository(CaseEntity).createQueryBuilder('c');
    if (!CITY_WIDE_ROLES.has(user.role)) {
      // Department users see what their department holds a part in, nothing else.
      qb.andWhere('EXISTS (SELECT 1 FROM case_assignments a WHERE a.case_id = c.id AND a.active AND a.department_id = :own)', { own: user.departmentId });
    }
    if (q.status) qb.andWhere('c.status = :status', { status: q.status });
    if (q.assignee === 'me') qb.andWhere('c.assignee_user_id = :me', { me: user.id });
    if (q.departmentId) qb.andWhere('c.lead_department_id = :dep', { dep: q.departmentId });
    if (q.overdue !== undefined) {
      // The SQL twin of computeOverdue (libs/persistence/src/time/deadlines.ts): flagged by an
      // escalation step, or a running stage already past its deadline between two timer passes.
      const overdueSql = `(c.status NOT IN ('closed','answered','rejected','merged','replied') AND (c.overdue
        OR (c.status IN ('dispatched','reopened','return_requested') AND c.signed_at IS NULL AND c.sign_due_at < :now)
        OR (c.status IN ('dispatched','signed','reopened','return_requested') AND c.first_contacted_at IS NULL AND c.first_contact_due_at < :now)
        OR (c.status IN ('dispatched','signed','reopened','return_requested') AND c.reply_due_at < :now)))`;
      qb.andWhere(q.overdue === 'true' ? overdueSql : `NOT ${overdueSql}`, { now: this.clock.now() });
    }
    qb.orderBy('c.created_at', 'DESC').addOrderBy('c.id', 'DESC').skip((page - 1) * pageSize).take(pageSize);
    const [rows, total] = await qb.getManyAndCount();
    const leads = await caseStore.departmentsById(this.ds.manager, [...new Set(rows.map((r) => r.leadDepartmentId).filter((x): x is string => !!x))]);
    const now = this.clock.now();
    return { items: rows.map((c) => caseListItem(c, c.leadDepartmentId ? leads.get(c.leadDepartmentId) : undefined, now)), total, page, pageSize };
  }

  async events(id: string, user: AuthUser): Promise<CaseEventView[]> {
    const c = await this.ds.getRepository(CaseEntity).findOne({ where: { id } });
    if (!c) throw ApiError.notFound('案件不存在 / case not found');
    await assertCanSee(this.ds.manager, user, c);
    const rows: { type: string; at: Date; actor_id: string | null; username: string | null; actor_role: string | null; from_status: string | null; to_status: string | null; data: Record<string, unknown> }[] =
      await this.ds.query(
        `SELECT e.type, e.at, e.actor_id, u.username, e.actor_role, e.from_status, e.to_status, e.data
         FROM case_events e LEFT JOIN users u ON u.id = e.actor_id WHERE e.case_id = $1 ORDER BY e.id`,
        [id],
      );
    return rows.map((r) => ({
      type: r.type,
      at: r.at.toISOString(),
      actor: r.actor_id ? { id: r.actor_id, username: r.username ?? '', role: r.actor_role } : r.actor_role ? { id: null, username: r.actor_role, role: r.actor_role } : null,
      fromStatus: r.from_status,
      toStatus: r.to_status,
      data: r.data,
    }));
  }
}
