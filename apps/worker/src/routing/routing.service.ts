import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig, Clock } from '@hotline/config';
import { decideDispatch, transition, type RegionRef } from '@hotline/domain';
import { CalendarStore, RoutingEngine, caseStore, notifyPetitioner, dispatchCase, type CaseEntity } from '@hotline/persistence';

export type RouteOutcome = 'dispatched' | 'pending_dispatch' | 'skipped';

/** Case types and categories whose content accuses someone (信访工作条例 第30条: never sent to the accused). */
const ACCUSATION_TYPES = new Set(['accusation']);
const ACCUSATION_CATEGORIES = new Set(['integrity']);

/**
 * 分拨: classify (an operator-given category wins; a classifier guess below the confidence threshold
 * goes to a dispatcher), resolve the place, and let the responsibility list pick the lead department.
 * Every dispatch records why. Idempotent: a case no longer `registered` is left alone.
 */
@Injectable()
export class RoutingService {
  private readonly logger = new Logger(RoutingService.name);

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly engine: RoutingEngine,
    private readonly calendars: CalendarStore,
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
    // 受理告知 (GB/T 33358-2016: acknowledge promptly): case number and tracking code by SMS. Sent
    // here, milliseconds after intake, to keep the intake transaction at one statement.
    await notifyPetitioner(m, c, 'acknowledgement', { caseNo: c.caseNo, trackingCode: c.trackingCode }, 'acknowledgement', this.config.NOTIFY_CHANNELS);
    const text = [c.content, c.address].filter(Boolean).join('\n');
    const classified = this.engine.classify(text);
    const threshold = this.config.CLASSIFIER_MIN_CONFIDENCE;
    const confident = classified.category.confidence >= threshold;
    const categoryCode = c.categoryCode ?? (confident ? classified.category.code : null);
    const urgency = c.urgency ?? classified.urgency;

    const given = c.regionCode ? this.engine.describeRegion(c.regionCode) : null;
    const found = given ?? this.engine.resolveRegion(text);
    const region: RegionRef = { districtCode: found?.districtCode ?? null, streetCode: found?.streetCode ?? null };

    // The accused: a unit the operator named, and for accusations any department the text names.
    const accusation = ACCUSATION_TYPES.has(c.type) || (categoryCode !== null && ACCUSATION_CATEGORIES.has(categoryCode));
    const accused = [
      ...new Set([...(c.accusedUnit ? this.engine.departmentsNamed(c.accusedUnit) : []), ...(accusation ? this.engine.departmentsMentioned(text) : [])]),
    ];
    const decision = decideDispatch({ categoryCode, region, rules: this.engine.rules(), accusedDepartmentCodes: accused });
    const lowConfidence = !c.categoryCode && !confident;
    const reason =
      lowConfidence
        ? `分类置信度 ${classified.category.confidence} 低于阈值 ${threshold}，转人工派单 / classifier confidence below ${threshold}: a dispatcher decides`
        : decision.reason;

    const routing = {
      decidedAt: now.toISOString(),
      category: c.categoryCode
        ? { code: c.categoryCode, source: 'operator', confidence: 1, evidence: [] }
        : { code: classified.category.code, source: 'classifier', confidence: classified.category.confidence, evidence: classified.evidence, accepted: confident },
      alternatives: classified.alternatives,
      classifierModel: { version: this.engine.modelVersion, id: classified.modelId },
      urgency: { level: urgency, source: c.urgency ? 'operator' : 'classifier', evidence: classified.urgencyEvidence },
      region: found
        ? { districtCode: found.districtCode, districtName: found.districtName, streetCode: found.streetCode, streetName: found.streetName, source: given ? 'operator' : 'text', ambiguous: found.ambiguous, candidates: found.candidates, evidence: found.evidence }
        : { source: 'none' },
      ruleId: decision.kind === 'dispatch' ? decision.ruleId : null,
      reason,
      // Who must not see it; kept so a dispatcher cannot miss it either.
      accusedDepartmentCodes: accused,
    };
    const patch: Partial<CaseEntity> = {
      categoryCode,
      categorySource: c.categoryCode ? c.categorySource : categoryCode ? 'classifier' : null,
      urgency,
      districtCode: region.districtCode,
      streetCode: region.streetCode,
    };

    const lead = decision.kind === 'dispatch' && !lowConfidence ? decision.leadDepartmentCode : null;
    const depts = decision.kind === 'dispatch' ? await caseStore.departmentsByCode(m, [decision.leadDepartmentCode, ...decision.assistingDepartmentCodes, ...decision.copyDepartmentCodes]) : new Map();
    if (decision.kind === 'pending' || !lead || !depts.get(lead)) {
      const toStatus = transition(c.status, 'route_pending');
      const why = lead && !depts.get(lead) ? `lead department ${lead} does not exist` : reason;
      await caseStore.update(m, c.id, { ...patch, status: toStatus, routing: { ...routing, reason: why }, version: c.version + 1, updatedAt: now });
      await caseStore.appendEvent(m, { caseId: c.id, type: 'pending_dispatch', at: now, actorId: null, actorRole: 'system', fromStatus: c.status, toStatus, data: { reason: why } });
      return 'pending_dispatch';
    }
    await caseStore.update(m, c.id, patch);
    const idsOf = (codes: string[]) => codes.map((code) => depts.get(code)?.id).filter((id): id is string => !!id);
    await dispatchCase(
      m,
      { ...c, ...patch },
      { leadDepartmentId: depts.get(lead)!.id, assistingDepartmentIds: idsOf(decision.assistingDepartmentCodes), copyDepartmentIds: idsOf(decision.copyDepartmentCodes) },
      { now, actor: { id: null, role: 'system' }, calendar: await this.calendars.calendar(), routing },
    );
    return 'dispatched';
  }
}
