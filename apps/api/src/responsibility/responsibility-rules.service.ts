import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { RoutingEngine } from '@hotline/persistence';
import { ApiError } from '../common/api-error.js';
import type { AuthUser } from '../auth/auth-user.js';
import { formatCsv } from './csv.js';
import { checkReferences, loadReferences, newRuleId } from './responsibility-rule-checks.js';
import { rulesToCsvRecords } from './responsibility-rule-csv.js';
import { DEFAULT_PRIORITY, type CreateResponsibilityRuleDto, type ListResponsibilityRulesQuery, type UpdateResponsibilityRuleDto } from './responsibility-rule.dto.js';
import { changedFields, ruleStore, type ResponsibilityRuleView } from './responsibility-rule.view.js';

/**
 * 权责清单 / 派单目录 administration. Every change is one transaction (the edited row locked), is
 * checked against the catalogue, is logged with who made it, and reloads this process's routing
 * engine; the worker picks changes up within its refresh interval (30 s).
 */
@Injectable()
export class ResponsibilityRulesService {
  private readonly logger = new Logger('responsibility-rules');

  constructor(
    private readonly ds: DataSource,
    private readonly engine: RoutingEngine,
  ) {}

  async list(q: ListResponsibilityRulesQuery): Promise<{ items: ResponsibilityRuleView[]; total: number }> {
    const items = await ruleStore.list(this.ds.manager, { categoryCode: q.categoryCode, active: q.active === undefined ? undefined : q.active === 'true' });
    return { items, total: items.length };
  }

  /** Every rule, inactive ones too, as CSV with a BOM (for Excel). */
  async exportCsv(): Promise<string> {
    return formatCsv(rulesToCsvRecords(await ruleStore.list(this.ds.manager)), { bom: true });
  }

  async create(dto: CreateResponsibilityRuleDto, user: AuthUser): Promise<ResponsibilityRuleView> {
    const rule = await this.ds.transaction(async (m) => {
      if (dto.id !== undefined && (await ruleStore.exists(m, dto.id))) throw ruleExists(dto.id);
      // Collisions of 8 hex digits are unlikely but possible; the insert below is the final word.
      const id = dto.id ?? newRuleId(() => false);
      const candidate: ResponsibilityRuleView = {
        id,
        categoryCode: dto.categoryCode,
        regionLevel: dto.regionLevel,
        targetType: dto.targetType,
        targetDepartmentCode: dto.targetDepartmentCode ?? null,
        assistingDepartmentCodes: dto.assistingDepartmentCodes ?? [],
        priority: dto.priority ?? DEFAULT_PRIORITY,
        explanation: dto.explanation ?? '',
        active: dto.active ?? true,
      };
      await this.assertValid(m, candidate);
      if (!(await ruleStore.insert(m, candidate))) throw ruleExists(id);
      return candidate;
    });
    this.audit(user, 'created', rule.id, { rule });
    await this.engine.reload();
    return rule;
  }

  async update(id: string, dto: UpdateResponsibilityRuleDto, user: AuthUser): Promise<ResponsibilityRuleView> {
    const given = Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)) as Partial<ResponsibilityRuleView>;
    if (Object.keys(given).length === 0) throw ApiError.badRequest('body', '至少提供一个要修改的字段 / give at least one field to change', 'isNotEmpty');
    const result = await this.ds.transaction(async (m) => {
      const before = await ruleStore.get(m, id, true);
      if (!before) throw notFound(id);
      const after: ResponsibilityRuleView = { ...before, ...given, id };
      const changed = changedFields(before, after);
      if (!changed.length) return { after, changed };
      await this.assertValid(m, after);
      await ruleStore.update(m, after);
      return { before, after, changed };
    });
    if (result.changed.length) {
      this.audit(user, 'updated', id, { changed: result.changed, before: pick(result.before!, result.changed), after: pick(result.after, result.changed) });
      await this.engine.reload();
    }
    return result.after;
  }

  /** Soft delete: the rule stays (dispatch records cite its id) but routing no longer uses it. */
  async deactivate(id: string, user: AuthUser): Promise<ResponsibilityRuleView> {
    const result = await this.ds.transaction(async (m) => {
      const before = await ruleStore.get(m, id, true);
      if (!before) throw notFound(id);
      if (before.active) await ruleStore.deactivate(m, [id]);
      return { rule: { ...before, active: false }, wasActive: before.active };
    });
    if (result.wasActive) {
      this.audit(user, 'deactivated', id, {});
      await this.engine.reload();
    }
    return result.rule;
  }

  private async assertValid(m: EntityManager, rule: ResponsibilityRuleView): Promise<void> {
    const problems = checkReferences(rule, await loadReferences(m));
    if (problems.length) {
      const summary = problems.map((p) => `${p.field}: ${p.message}`).join('; ');
      throw new ApiError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', `请求参数有误 / invalid request — ${summary}`, problems);
    }
  }

  /** Who changed which rule how: a structured log line (no audit table, by design). */
  private audit(user: AuthUser, action: string, ruleId: string, detail: Record<string, unknown>): void {
    this.logger.log({ event: `responsibility_rule.${action}`, ruleId, by: { userId: user.id, username: user.username, role: user.role }, ...detail });
  }
}

function notFound(id: string): ApiError {
  return ApiError.notFound(`派单规则不存在 / no such responsibility rule: ${id}`);
}

function ruleExists(id: string): ApiError {
  const message = `派单规则 ${id} 已存在 / responsibility rule ${id} already exists`;
  return new ApiError(HttpStatus.CONFLICT, 'RULE_EXISTS', message, [{ field: 'id', message }]);
}

function pick<T extends object>(o: T, keys: (keyof T)[]): Partial<T> {
  return Object.fromEntries(keys.map((k) => [k, o[k]])) as Partial<T>;
}
