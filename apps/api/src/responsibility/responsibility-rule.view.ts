import type { EntityManager } from 'typeorm';
import type { REGION_LEVELS, TARGET_TYPES } from './responsibility-rule.dto.js';

/** One rule of the 权责清单 / 派单目录 as the API shows it (and as a CSV row holds it). */
export interface ResponsibilityRuleView {
  id: string;
  categoryCode: string;
  regionLevel: (typeof REGION_LEVELS)[number];
  targetType: (typeof TARGET_TYPES)[number];
  /** The lead (主办) department for `department` rules; null for territorial (属地) ones. */
  targetDepartmentCode: string | null;
  /** 协办 departments, in the order given. */
  assistingDepartmentCodes: string[];
  /** Lower is tried first. */
  priority: number;
  explanation: string;
  active: boolean;
}

interface RuleRow {
  id: string;
  category_code: string;
  region_level: ResponsibilityRuleView['regionLevel'];
  target_type: ResponsibilityRuleView['targetType'];
  target_department_code: string | null;
  assisting_department_codes: string[];
  priority: number;
  explanation: string;
  active: boolean;
}

const COLUMNS = `id, category_code, region_level, target_type, target_department_code, assisting_department_codes, priority, explanation, active`;
/** The list's order: by category, then the order routing tries them in. */
const ORDER = `ORDER BY category_code, priority, id`;

function toView(r: RuleRow): ResponsibilityRuleView {
  return {
    id: r.id,
    categoryCode: r.category_code,
    regionLevel: r.region_level,
    targetType: r.target_type,
    targetDepartmentCode: r.target_department_code,
    assistingDepartmentCodes: r.assisting_department_codes ?? [],
    priority: r.priority,
    explanation: r.explanation,
    active: r.active,
  };
}

/** SQL access to `responsibility_rules`, on whatever manager (transaction) the caller holds. */
export const ruleStore = {
  async list(m: EntityManager, filter: { categoryCode?: string; active?: boolean } = {}): Promise<ResponsibilityRuleView[]> {
    const rows: RuleRow[] = await m.query(
      `SELECT ${COLUMNS} FROM responsibility_rules
       WHERE ($1::varchar IS NULL OR category_code = $1) AND ($2::boolean IS NULL OR active = $2) ${ORDER}`,
      [filter.categoryCode ?? null, filter.active ?? null],
    );
    return rows.map(toView);
  },

  /** The rule, locked against concurrent edits until the transaction ends when `forUpdate`. */
  async get(m: EntityManager, id: string, forUpdate = false): Promise<ResponsibilityRuleView | null> {
    const rows: RuleRow[] = await m.query(`SELECT ${COLUMNS} FROM responsibility_rules WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
    return rows[0] ? toView(rows[0]) : null;
  },

  async exists(m: EntityManager, id: string): Promise<boolean> {
    const rows: unknown[] = await m.query(`SELECT 1 FROM responsibility_rules WHERE id = $1`, [id]);
    return rows.length > 0;
  },

  /** Inserts; false when the id is taken (a concurrent create won). */
  async insert(m: EntityManager, r: ResponsibilityRuleView): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO responsibility_rules (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [r.id, r.categoryCode, r.regionLevel, r.targetType, r.targetDepartmentCode, r.assistingDepartmentCodes, r.priority, r.explanation, r.active],
    );
    return rows.length > 0;
  },

  async update(m: EntityManager, r: ResponsibilityRuleView): Promise<void> {
    await m.query(
      `UPDATE responsibility_rules SET category_code = $2, region_level = $3, target_type = $4, target_department_code = $5,
         assisting_department_codes = $6, priority = $7, explanation = $8, active = $9 WHERE id = $1`,
      [r.id, r.categoryCode, r.regionLevel, r.targetType, r.targetDepartmentCode, r.assistingDepartmentCodes, r.priority, r.explanation, r.active],
    );
  },

  async deactivate(m: EntityManager, ids: string[]): Promise<void> {
    if (ids.length) await m.query(`UPDATE responsibility_rules SET active = false WHERE id = ANY($1::varchar[])`, [ids]);
  },
};

/** The fields that differ between two versions of a rule (for the audit log and "unchanged"). */
export function changedFields(before: ResponsibilityRuleView, after: ResponsibilityRuleView): (keyof ResponsibilityRuleView)[] {
  return (Object.keys(after) as (keyof ResponsibilityRuleView)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}
