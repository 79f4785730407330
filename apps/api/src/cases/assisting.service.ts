import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@hotline/config';
import { isOpen } from '@hotline/domain';
import { CaseEntity, caseStore } from '@hotline/persistence';
import { ApiError } from '../common/api-error.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CaseQueryService } from './case-query.service.js';
import type { CaseView } from './case-view.js';

/**
 * 协办: assisting departments add their part (协办意见) to a case the lead department answers; the
 * dispatcher may waive a part that is not coming, so the citizen is not kept waiting on it.
 */
@Injectable()
export class AssistingService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly query: CaseQueryService,
  ) {}

  async giveOpinion(caseId: string, opinion: string, user: AuthUser): Promise<CaseView> {
    return this.ds.transaction(async (m) => {
      const c = await caseStore.lock(m, caseId);
      if (!c) throw ApiError.notFound('案件不存在 / case not found');
      if (!isOpen(c.status)) throw ApiError.conflict('CASE_CLOSED', `案件已结束（${c.status}）/ the case is ${c.status}`);
      const now = this.clock.now();
      // TypeORM returns [rows, affectedCount] for an UPDATE … RETURNING (fix: it was used as the rows,
      // so any department could "give an opinion" and any department could be "waived").
      const [rows]: [{ id: string }[], number] = await m.query(
        `UPDATE case_assignments SET opinion = $3, opinion_at = $4, opinion_by = $5
         WHERE case_id = $1 AND department_id = $2 AND active AND role = 'assisting' RETURNING id`,
        [c.id, user.departmentId, opinion, now, user.id],
      );
      if (!rows.length) throw ApiError.forbidden('您的单位不是此案件的协办单位 / your department is not assisting on this case');
      await caseStore.appendEvent(m, { caseId: c.id, type: 'assist_opinion', at: now, actorId: user.id, actorRole: user.role, fromStatus: c.status, toStatus: c.status, data: { departmentId: user.departmentId } });
      if (c.leadDepartmentId) {
        await caseStore.notify(m, { recipientDepartmentId: c.leadDepartmentId, caseId: c.id, type: 'assist_opinion', title: `案件 ${c.caseNo} 收到协办意见`, at: now });
      }
      return this.query.view(m, (await m.getRepository(CaseEntity).findOneByOrFail({ id: c.id })));
    });
  }

  async waive(caseId: string, departmentId: string, note: string | undefined, user: AuthUser): Promise<CaseView> {
    return this.ds.transaction(async (m) => {
      const c = await caseStore.lock(m, caseId);
      if (!c) throw ApiError.notFound('案件不存在 / case not found');
      const now = this.clock.now();
      const [rows]: [{ id: string }[], number] = await m.query(
        `UPDATE case_assignments SET waived_at = $3, waived_by = $4
         WHERE case_id = $1 AND department_id = $2 AND active AND role = 'assisting' AND opinion_at IS NULL AND waived_at IS NULL RETURNING id`,
        [c.id, departmentId, now, user.id],
      );
      if (!rows.length) throw ApiError.notFound('没有待反馈的该协办单位 / that department has no pending assisting part on this case');
      await caseStore.appendEvent(m, { caseId: c.id, type: 'assist_waived', at: now, actorId: user.id, actorRole: user.role, fromStatus: c.status, toStatus: c.status, data: { departmentId, note: note ?? null } });
      return this.query.view(m, (await m.getRepository(CaseEntity).findOneByOrFail({ id: c.id })));
    });
  }
}
