import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '@hotline/config';
import {
  ChineseDaysCalendar,
  classifyByKeywords,
  decideDispatch,
  detectUrgency,
  transition,
  type RegionRef,
  type ResponsibilityRule,
} from '@hotline/domain';
import { caseStore, dispatchCase, type CaseEntity } from '@hotline/persistence';
import { RoutingReferenceData } from './routing-reference-data.js';

export type RouteOutcome = 'dispatched' | 'pending_dispatch' | 'skipped';

/**
 * Routing v1 (分拨): an operator-given category wins, otherwise a keyword match; the responsibility list
 * picks the lead department; no match goes to `pending_dispatch` for a dispatcher. Idempotent: a case
 * no longer `registered` (already routed, merged, a replayed job) is left alone.
 */
@Injectable()
export class RoutingService {
  private readonly logger = new Logger(RoutingService.name);
  private readonly calendar = new ChineseDaysCalendar();

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly reference: RoutingReferenceData,
  ) {}

  async route(caseId: string): Promise<RouteOutcome> {
    const outcome = await this.ds.transaction(async (m) => {
      const c = await caseStore.lock(m, caseId);
      if (!c || c.status !== 'registered') return 'skipped' as const;
      return this.routeLocked(m, c);
    });
    this.logger.debug(`case ${caseId}: ${outcome}`);
    return outcome;
  }

  private async routeLocked(m: EntityManager, c: CaseEntity): Promise<RouteOutcome> {
    const now = this.clock.now();
    const text = [c.content, c.address].filter(Boolean).join('\n');
    const classified = c.categoryCode ? null : classifyByKeywords(text);
    const categoryCode = c.categoryCode ?? classified?.categoryCode ?? null;
    const urgency = c.urgency ?? detectUrgency(text);
    const region = await this.region(c, text);
    const rules: ResponsibilityRule[] = await this.reference.rules();
    const accused = c.accusedUnit ? await this.reference.departmentsNamed(c.accusedUnit) : [];
    const decision = decideDispatch({ categoryCode, region, rules, accusedDepartmentCodes: accused });

    const routing = {
      decidedAt: now.toISOString(),
      category: c.categoryCode
        ? { code: c.categoryCode, source: 'operator', confidence: 1, evidence: [] }
        : classified
          ? { code: classified.categoryCode, source: 'classifier', confidence: classified.confidence, evidence: classified.evidence }
          : null,
      urgency,
      region: { districtCode: region.districtCode, streetCode: region.streetCode, source: region.source, evidence: region.evidence },
      ruleId: decision.kind === 'dispatch' ? decision.ruleId : null,
      reason: decision.reason,
      accusedDepartmentCodes: accused,
    };
    const classifiedPatch: Partial<CaseEntity> = {
      categoryCode,
      categorySource: c.categoryCode ? c.categorySource : classified ? 'classifier' : null,
      urgency,
      districtCode: region.districtCode,
      streetCode: region.streetCode,
    };
    const routed: CaseEntity = { ...c, ...classifiedPatch };

    if (decision.kind === 'pending') {
      const toStatus = transition(c.status, 'route_pending');
      await caseStore.update(m, c.id, { ...classifiedPatch, status: toStatus, routing, version: c.version + 1, updatedAt: now });
      await caseStore.appendEvent(m, { caseId: c.id, type: 'pending_dispatch', at: now, actorId: null, actorRole: 'system', fromStatus: c.status, toStatus, data: { reason: decision.reason, routing } });
      return 'pending_dispatch';
    }
    const depts = await caseStore.departmentsByCode(m, [decision.leadDepartmentCode, ...decision.assistingDepartmentCodes, ...decision.copyDepartmentCodes]);
    const lead = depts.get(decision.leadDepartmentCode);
    if (!lead) {
      // A rule names a department that does not exist (yet): a person must decide.
      const toStatus = transition(c.status, 'route_pending');
      const reason = `lead department ${decision.leadDepartmentCode} does not exist`;
      await caseStore.update(m, c.id, { ...classifiedPatch, status: toStatus, routing: { ...routing, reason }, version: c.version + 1, updatedAt: now });
      await caseStore.appendEvent(m, { caseId: c.id, type: 'pending_dispatch', at: now, actorId: null, actorRole: 'system', fromStatus: c.status, toStatus, data: { reason, routing } });
      return 'pending_dispatch';
    }
    await caseStore.update(m, c.id, classifiedPatch);
    const idsOf = (codes: string[]) => codes.map((code) => depts.get(code)?.id).filter((id): id is string => !!id);
    await dispatchCase(
      m,
      routed,
      { leadDepartmentId: lead.id, assistingDepartmentIds: idsOf(decision.assistingDepartmentCodes), copyDepartmentIds: idsOf(decision.copyDepartmentCodes) },
      { now, actor: { id: null, role: 'system' }, calendar: this.calendar, routing },
    );
    return 'dispatched';
  }

  /** The case's place: the operator's regionCode if given, else the names found in the text. */
  private async region(c: CaseEntity, text: string): Promise<RegionRef & { source: string; evidence: string[] }> {
    if (c.regionCode) {
      const ref = await this.reference.regionRef(c.regionCode);
      if (ref) return { ...ref, source: 'operator', evidence: [] };
    }
    const found = await this.reference.matchText(text);
    if (found) return { districtCode: found.districtCode, streetCode: found.streetCode, source: 'text', evidence: found.evidence };
    return { districtCode: null, streetCode: null, source: 'none', evidence: [] };
  }
}
