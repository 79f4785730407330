import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { FieldProblem } from '../common/api-error.js';
import type { ResponsibilityRuleView } from './responsibility-rule.view.js';

/** What a rule may refer to: category codes and the codes of active departments. */
export interface RuleReferences {
  categories: ReadonlySet<string>;
  departments: ReadonlySet<string>;
}

export async function loadReferences(m: EntityManager): Promise<RuleReferences> {
  const cats: { code: string }[] = await m.query(`SELECT code FROM categories`);
  const depts: { code: string }[] = await m.query(`SELECT code FROM departments WHERE active`);
  return { categories: new Set(cats.map((c) => c.code)), departments: new Set(depts.map((d) => d.code)) };
}

/**
 * The checks a well-formed rule must pass against the catalogue (shape is the DTO's job): the category
 * exists; a `department` rule names an active lead department and a territorial (属地) one names none;
 * every assisting (协办) department exists and is not the lead. Fields in `skip` already failed their
 * shape check and are not reported twice.
 */
export function checkReferences(rule: ResponsibilityRuleView, refs: RuleReferences, skip: ReadonlySet<string> = new Set()): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, message: string, rule: string) => {
    if (!skip.has(field)) problems.push({ field, message, rule });
  };
  if (!refs.categories.has(rule.categoryCode)) add('categoryCode', `分类不存在 / no such category: ${rule.categoryCode}`, 'exists');
  if (rule.targetType === 'department') {
    if (!rule.targetDepartmentCode) {
      add('targetDepartmentCode', '按部门派单时必须指定主办单位 / required when targetType is "department"', 'isDefined');
    } else if (!refs.departments.has(rule.targetDepartmentCode)) {
      add('targetDepartmentCode', `主办单位不存在或已停用 / no such active department: ${rule.targetDepartmentCode}`, 'exists');
    }
  } else if (!skip.has('targetType') && rule.targetDepartmentCode) {
    add('targetDepartmentCode', '属地派单不能指定主办单位（属地由案件地点决定） / must be empty (null) when targetType is "territorial": the place of the case decides', 'isEmpty');
  }
  const unknown = rule.assistingDepartmentCodes.filter((c) => !refs.departments.has(c));
  if (unknown.length) add('assistingDepartmentCodes', `协办单位不存在或已停用 / no such active department: ${unknown.join(', ')}`, 'exists');
  if (rule.targetDepartmentCode && rule.assistingDepartmentCodes.includes(rule.targetDepartmentCode)) {
    add('assistingDepartmentCodes', `协办单位不能是主办单位 / must not include the lead department ${rule.targetDepartmentCode}`, 'differs');
  }
  return problems;
}

/** A new rule id, `rule-` and 8 hex digits, not in `taken`. */
export function newRuleId(taken: (id: string) => boolean): string {
  for (;;) {
    const id = `rule-${randomUUID().slice(0, 8)}`;
    if (!taken(id)) return id;
  }
}
