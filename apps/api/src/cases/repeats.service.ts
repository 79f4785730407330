import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@hotline/config';
import { findRepeats, isOpen, transition } from '@hotline/domain';
import { CaseEntity, caseStore } from '@hotline/persistence';
import { ApiError } from '../common/api-error.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CaseQueryService } from './case-query.service.js';
import type { CaseView } from './case-view.js';

/** Open cases this many days back are compared with a new one (configurable per deployment later). */
export const REPEAT_WINDOW_DAYS = 30;
/** Candidates read per look-up; same phone or same street inside the window is a small set. */
const CANDIDATE_LIMIT = 200;

/**
 * 并单: find likely repeats of a case among open cases (same phone, or same street + similar text,
 * within the window) and fold a repeat into its master, so the citizen follows one case instead of
 * a department answering the same matter twice.
 */
@Injectable()
export class RepeatsService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly query: CaseQueryService,
  ) {}

  async repeatsOf(caseId: string) {
    const c = await this.ds.getRepository(CaseEntity).findOne({ where: { id: caseId } });
    if (!c) throw ApiError.notFound('案件不存在 / case not found');
    const since = new Date(this.clock.now().getTime() - REPEAT_WINDOW_DAYS * 86_400_000);
    const rows: { id: string; case_no: string; status: string; petitioner_phone: string | null; street_code: string | null; content: string; created_at: Date }[] =
      await this.ds.query(
        `SELECT id, case_no, status, petitioner_phone, street_code, content, created_at FROM cases
         WHERE id <> $1 AND created_at >= $2 AND merged_into IS NULL
           AND status NOT IN ('closed', 'answered', 'rejected', 'merged')
           AND ((petitioner_phone IS NOT NULL AND petitioner_phone = $3) OR (street_code IS NOT NULL AND street_code = $4))
         ORDER BY created_at DESC LIMIT $5`,
        [c.id, since, c.petitionerPhone, c.streetCode, CANDIDATE_LIMIT],
      );
    const matches = findRepeats(
      { id: c.id, phone: c.petitionerPhone, streetCode: c.streetCode, content: c.content },
      rows.map((r) => ({ id: r.id, phone: r.petitioner_phone, streetCode: r.street_code, content: r.content })),
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return matches.map((m) => {
      const r = byId.get(m.id)!;
      return { id: r.id, caseNo: r.case_no, status: r.status, createdAt: r.created_at.toISOString(), reasons: m.reasons, similarity: m.similarity, summary: r.content.slice(0, 80) };
    });
  }

  /** Folds `repeatId` into `masterId`: the repeat closes as `merged` and follows the master's progress. */
  async merge(repeatId: string, masterId: string, user: AuthUser): Promise<CaseView> {
    if (repeatId === masterId) throw ApiError.badRequest('masterId', '不能与自身并单 / a case cannot be merged into itself', 'notSelf');
    return this.ds.transaction(async (m) => {
      // Lock both rows in a fixed order so two opposite merges cannot deadlock.
      const [first, second] = [repeatId, masterId].sort();
      const a = await caseStore.lock(m, first);
      const b = await caseStore.lock(m, second);
      // Fix: pick each row by its id. Falling back to "the other one" made a missing master resolve to
      // the repeat itself, which was then merged into itself.
      const repeat = [a, b].find((x) => x?.id === repeatId) ?? null;
      const master = [a, b].find((x) => x?.id === masterId) ?? null;
      if (!repeat) throw ApiError.notFound('案件不存在 / case not found');
      if (!master) throw ApiError.badRequest('masterId', '主案件不存在 / no such master case', 'exists');
      if (!isOpen(master.status) || master.mergedInto) {
        throw ApiError.conflict('MASTER_NOT_OPEN', `主案件 ${master.caseNo} 已结束或已被并单（${master.status}）/ the master case is ${master.status}`);
      }
      const now = this.clock.now();
      const toStatus = transition(repeat.status, 'merge');
      await caseStore.replaceAssignments(m, repeat.id, now, []);
      await caseStore.update(m, repeat.id, { status: toStatus, mergedInto: master.id, closedAt: now, version: repeat.version + 1, updatedAt: now });
      // Fix: repeats already folded into this case follow it to the new master (their citizens would
      // otherwise see "merged" instead of the progress of the case actually being handled).
      await m.query(`UPDATE cases SET merged_into = $2, updated_at = $3 WHERE merged_into = $1`, [repeat.id, master.id, now]);
      await caseStore.appendEvent(m, { caseId: repeat.id, type: 'merged', at: now, actorId: user.id, actorRole: user.role, fromStatus: repeat.status, toStatus, data: { masterId: master.id, masterCaseNo: master.caseNo } });
      await caseStore.appendEvent(m, { caseId: master.id, type: 'repeat_merged', at: now, actorId: user.id, actorRole: user.role, fromStatus: master.status, toStatus: master.status, data: { repeatId: repeat.id, repeatCaseNo: repeat.caseNo } });
      if (repeat.leadDepartmentId) {
        await caseStore.notify(m, { recipientDepartmentId: repeat.leadDepartmentId, caseId: repeat.id, type: 'case_merged', title: `案件 ${repeat.caseNo} 已并入 ${master.caseNo}，无需重复办理`, at: now });
      }
      return this.query.view(m, await m.getRepository(CaseEntity).findOneByOrFail({ id: repeat.id }));
    });
  }
}
