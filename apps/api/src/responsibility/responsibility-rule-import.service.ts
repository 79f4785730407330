import { HttpException, HttpStatus, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { RoutingEngine } from '@hotline/persistence';
import type { ErrorBody } from '../common/api-error.js';
import type { AuthUser } from '../auth/auth-user.js';
import { checkReferences, loadReferences, newRuleId } from './responsibility-rule-checks.js';
import { parseRuleCsv, type ImportProblem } from './responsibility-rule-csv.js';
import type { IMPORT_MODES } from './responsibility-rule.dto.js';
import { changedFields, ruleStore, type ResponsibilityRuleView } from './responsibility-rule.view.js';

export type ImportMode = (typeof IMPORT_MODES)[number];
export type ImportAction = 'create' | 'update' | 'unchanged' | 'deactivate';

export interface ImportReport {
  dryRun: boolean;
  /** True when no row has a problem (and, unless dryRun, the file was applied). */
  valid: boolean;
  summary: Record<'created' | 'updated' | 'deactivated' | 'unchanged', number>;
  errors: ImportProblem[];
  /**
   * What each valid row does; `deactivate` entries (replace mode: active rules missing from the file)
   * have `row: null`. Ids of new rows without one are generated afresh when the file is applied.
   */
  preview: { row: number | null; action: ImportAction; rule: ResponsibilityRuleView }[];
}

/** Thrown when dryRun=false meets invalid rows: 422 with the error shape and the whole report. */
class ImportRejected extends HttpException {
  constructor(report: ImportReport) {
    const message = `导入文件有 ${report.errors.length} 处错误，未写入任何数据 / the file has ${report.errors.length} problem(s); nothing was written`;
    const details = report.errors.map((e) => ({ field: `row ${e.row}: ${e.field}`, message: e.message }));
    super({ statusCode: 422, error: 'Unprocessable Entity', code: 'IMPORT_INVALID', message, details, ...report } satisfies ErrorBody & ImportReport, HttpStatus.UNPROCESSABLE_ENTITY);
  }
}

/**
 * CSV import of the 权责清单: every row checked (shape, then catalogue), a plan of what each row does,
 * and — only when every row is valid and the caller asked for it — the plan applied in one transaction
 * with the table locked against concurrent edits, so the plan is exactly what gets written.
 */
@Injectable()
export class ResponsibilityRuleImportService {
  private readonly logger = new Logger('responsibility-rules');

  constructor(
    private readonly ds: DataSource,
    private readonly engine: RoutingEngine,
  ) {}

  async import(csv: string, mode: ImportMode, dryRun: boolean, user: AuthUser): Promise<ImportReport> {
    if (dryRun) return this.plan(this.ds.manager, csv, mode, true);
    const report = await this.ds.transaction(async (m) => {
      // EXCLUSIVE: blocks other writers (API edits, a second import) but not routing's reads.
      await m.query(`LOCK TABLE responsibility_rules IN EXCLUSIVE MODE`);
      const planned = await this.plan(m, csv, mode, false);
      if (!planned.valid) throw new ImportRejected(planned);
      for (const p of planned.preview) {
        if (p.action === 'create') await ruleStore.insert(m, p.rule);
        else if (p.action === 'update') await ruleStore.update(m, p.rule);
      }
      await ruleStore.deactivate(m, planned.preview.filter((p) => p.action === 'deactivate').map((p) => p.rule.id));
      return planned;
    });
    const ids = (action: ImportAction) => report.preview.filter((p) => p.action === action).map((p) => p.rule.id);
    this.logger.log({
      event: 'responsibility_rule.imported',
      by: { userId: user.id, username: user.username, role: user.role },
      mode,
      summary: report.summary,
      created: ids('create'),
      updated: ids('update'),
      deactivated: ids('deactivate'),
    });
    await this.engine.reload();
    return report;
  }

  private async plan(m: EntityManager, csv: string, mode: ImportMode, dryRun: boolean): Promise<ImportReport> {
    const parsed = await parseRuleCsv(csv);
    const errors: ImportProblem[] = [...parsed.fileProblems];
    const [refs, existingRules] = await Promise.all([loadReferences(m), ruleStore.list(m)]);
    const existing = new Map(existingRules.map((r) => [r.id, r]));
    const preview: ImportReport['preview'] = [];
    const inFile = new Map<string, number>();

    for (const { row, rule, problems } of parsed.rows) {
      const rowProblems = [...problems];
      if (!rowProblems.some((p) => p.field === 'row')) {
        rowProblems.push(...checkReferences(rule, refs, new Set(problems.map((p) => p.field))));
        if (rule.id && inFile.has(rule.id)) {
          rowProblems.push({ field: 'id', message: `id 与第 ${inFile.get(rule.id)} 行重复 / id ${rule.id} already appears on row ${inFile.get(rule.id)}` });
        }
      }
      if (rule.id && !inFile.has(rule.id)) inFile.set(rule.id, row);
      if (rowProblems.length) {
        errors.push(...rowProblems.map((p) => ({ row, field: p.field, message: p.message })));
        continue;
      }
      const before = rule.id ? existing.get(rule.id) : undefined;
      if (!before) {
        const created = { ...rule, id: rule.id || newRuleId((id) => existing.has(id) || inFile.has(id)) };
        inFile.set(created.id, row);
        preview.push({ row, action: 'create', rule: created });
      } else {
        preview.push({ row, action: changedFields(before, rule).length ? 'update' : 'unchanged', rule });
      }
    }

    if (mode === 'replace') {
      // An empty file in replace mode would switch every rule off: almost certainly a mistake.
      if (parsed.rows.length === 0 && parsed.fileProblems.length === 0) {
        errors.push({ row: 0, field: 'csv', message: '替换模式下文件不能没有数据行 / in replace mode the file must have at least one data row' });
      }
      for (const r of existingRules) {
        if (r.active && !inFile.has(r.id)) preview.push({ row: null, action: 'deactivate', rule: { ...r, active: false } });
      }
    }

    const count = (a: ImportAction) => preview.filter((p) => p.action === a).length;
    errors.sort((a, b) => a.row - b.row);
    return {
      dryRun,
      valid: errors.length === 0,
      summary: { created: count('create'), updated: count('update'), deactivated: count('deactivate'), unchanged: count('unchanged') },
      errors,
      preview,
    };
  }
}
