import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { decideDispatch } from '@hotline/domain';
import { RoutingEngine } from '@hotline/persistence';
import { Roles } from '../auth/auth-user.js';
import { ClassifyDto } from './classify.dto.js';

/**
 * POST /classify: what the router would decide for a text, for operators as they type (api-contract.md,
 * Routing). Read-only; the same engine as the worker's.
 */
@Controller()
export class RoutingController {
  constructor(private readonly engine: RoutingEngine) {}

  @Post('classify')
  @HttpCode(200)
  @Roles('operator', 'dispatcher', 'supervisor', 'admin')
  classify(@Body() dto: ClassifyDto) {
    const text = [dto.content, dto.address].filter(Boolean).join('\n');
    const r = this.engine.classify(text);
    const named = (c: { code: string; confidence: number }) => ({ code: c.code, name: this.engine.category(c.code)?.name ?? c.code, nameEn: this.engine.category(c.code)?.nameEn ?? c.code, confidence: c.confidence });
    const region = this.engine.resolveRegion(text);
    const decision = decideDispatch({
      categoryCode: r.category.code,
      region: { districtCode: region?.districtCode ?? null, streetCode: region?.streetCode ?? null },
      rules: this.engine.rules(),
    });
    const department = decision.kind === 'dispatch' ? this.engine.department(decision.leadDepartmentCode) : null;
    return {
      category: named(r.category),
      alternatives: r.alternatives.map(named),
      urgency: r.urgency,
      urgencyConfidence: r.urgencyConfidence,
      region: region && (region.districtCode || region.streetCode)
        ? { districtCode: region.districtCode, districtName: region.districtName, streetCode: region.streetCode, streetName: region.streetName, communityCode: region.communityCode, communityName: region.communityName, ambiguous: region.ambiguous }
        : null,
      regionCandidates: region?.ambiguous ? region.candidates : [],
      department: department ? { code: department.code, name: department.name } : null,
      ruleId: decision.kind === 'dispatch' ? decision.ruleId : null,
      evidence: r.evidence,
      urgencyEvidence: r.urgencyEvidence,
      model: { version: this.engine.modelVersion, id: r.modelId },
    };
  }
}
