import type { EntityManager } from 'typeorm';
import type { CaseEntity } from '@hotline/persistence';
import { ApiError } from '../common/api-error.js';
import type { AuthUser } from '../auth/auth-user.js';

/** Roles that see every case: the hotline centre, supervision and administration. */
export const CITY_WIDE_ROLES = new Set(['operator', 'dispatcher', 'supervisor', 'admin']);
/** Roles that work inside one department. */
export const DEPARTMENT_ROLES = new Set(['handler', 'dept_head']);

/** A department user may see a case their department holds an active part in (lead/assisting/copy). */
export async function assertCanSee(m: EntityManager, user: AuthUser, c: CaseEntity): Promise<void> {
  if (CITY_WIDE_ROLES.has(user.role)) return;
  if (DEPARTMENT_ROLES.has(user.role) && user.departmentId) {
    if (c.leadDepartmentId === user.departmentId) return;
    const rows = await m.query(`SELECT 1 FROM case_assignments WHERE case_id = $1 AND department_id = $2 AND active LIMIT 1`, [c.id, user.departmentId]);
    if (rows.length) return;
  }
  throw ApiError.forbidden('此案件不属于您的单位 / this case is not assigned to your department');
}

/** 签收/答复/退单 are the lead department's acts (主办单位). */
export function assertLeadDepartment(user: AuthUser, c: CaseEntity): void {
  if (!DEPARTMENT_ROLES.has(user.role)) {
    throw ApiError.forbidden(`只有承办单位人员可以办理 / only the lead department's handler or head may do this (your role: ${user.role})`);
  }
  if (!user.departmentId || c.leadDepartmentId !== user.departmentId) {
    throw ApiError.forbidden('此案件不由您的单位主办 / your department is not the lead department of this case');
  }
}
