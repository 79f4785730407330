import { Body, Controller, Get, Param, Patch } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, POLICY_CODES, assertValidDuration, describeDuration, type Duration, type StageKey } from '@hotline/domain';
import { TimeLimitPolicyEntity } from '@hotline/persistence';
import { ApiError } from '../common/api-error.js';
import { Roles } from '../auth/auth-user.js';
import { PolicyPatchDto } from './time.dto.js';

const STAGES: readonly StageKey[] = ['sign', 'firstContact', 'reply', 'returnWindow'];

function view(p: TimeLimitPolicyEntity) {
  const withText = (d: Duration) => ({ amount: d.amount, unit: d.unit, text: describeDuration(d).zh, textEn: describeDuration(d).en });
  return {
    code: p.code,
    name: p.nameZh,
    nameEn: p.nameEn,
    stages: Object.fromEntries(STAGES.map((s) => [s, withText(p.stages[s])])),
    extension: p.extension ? { maxCount: p.extension.maxCount, maxAmount: withText(p.extension.maxAmount) } : null,
    supplementTimeout: withText(p.supplementTimeout),
    version: p.version,
    updatedAt: p.updatedAt,
  };
}

function checkDuration(field: string, d: Duration | undefined): void {
  if (!d) return;
  try {
    assertValidDuration(d);
  } catch (err) {
    if (err instanceof DomainError) throw ApiError.badRequest(`${field}.amount`, err.message, 'isValidDuration');
    throw err;
  }
}

/**
 * 限时办结 policies as data (domain.md §4). An edit bumps the policy's version and applies to
 * deadlines computed afterwards; deadlines already on cases keep the version they were made with.
 */
@Controller('admin/time-limit-policies')
export class PoliciesController {
  constructor(private readonly ds: DataSource) {}

  @Get()
  @Roles('admin', 'supervisor', 'dispatcher')
  async list() {
    const rows = await this.ds.getRepository(TimeLimitPolicyEntity).find();
    const order = (code: string) => (POLICY_CODES.includes(code as never) ? POLICY_CODES.indexOf(code as never) : 99);
    return rows.sort((a, b) => order(a.code) - order(b.code) || a.code.localeCompare(b.code)).map(view);
  }

  @Get(':code')
  @Roles('admin', 'supervisor', 'dispatcher')
  async one(@Param('code') code: string) {
    return view(await this.find(code));
  }

  @Patch(':code')
  @Roles('admin')
  async patch(@Param('code') code: string, @Body() dto: PolicyPatchDto) {
    for (const s of STAGES) checkDuration(`stages.${s}`, dto.stages?.[s]);
    checkDuration('extension.maxAmount', dto.extension?.maxAmount);
    checkDuration('supplementTimeout', dto.supplementTimeout);
    return this.ds.transaction(async (m) => {
      const repo = m.getRepository(TimeLimitPolicyEntity);
      const p = await repo.findOne({ where: { code }, lock: { mode: 'pessimistic_write' } });
      if (!p) throw ApiError.notFound(`时限规则不存在 / no time-limit policy "${code}"`);
      const stages = { ...p.stages };
      for (const s of STAGES) {
        const d = dto.stages?.[s];
        if (d) stages[s] = { amount: d.amount, unit: d.unit };
      }
      await repo.update(
        { code },
        {
          nameZh: dto.name ?? p.nameZh,
          nameEn: dto.nameEn ?? p.nameEn,
          stages,
          extension: dto.extension === undefined ? p.extension : dto.extension && { maxCount: dto.extension.maxCount, maxAmount: { amount: dto.extension.maxAmount.amount, unit: dto.extension.maxAmount.unit } },
          supplementTimeout: dto.supplementTimeout ? { amount: dto.supplementTimeout.amount, unit: dto.supplementTimeout.unit } : p.supplementTimeout,
          version: p.version + 1,
          updatedAt: new Date(),
        },
      );
      return view(await repo.findOneOrFail({ where: { code } }));
    });
  }

  private async find(code: string): Promise<TimeLimitPolicyEntity> {
    const p = await this.ds.getRepository(TimeLimitPolicyEntity).findOne({ where: { code } });
    if (!p) throw ApiError.notFound(`时限规则不存在 / no time-limit policy "${code}"`);
    return p;
  }
}
