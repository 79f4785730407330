import { randomUUID } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import type { DataSource, EntityManager } from 'typeorm';
import {
  CITY_DEPARTMENTS,
  DEFAULT_CATEGORIES,
  DEFAULT_POLICIES,
  cityDepartmentName,
  defaultResponsibilityRules,
  districtGovernmentCode,
  streetOfficeCode,
  type DepartmentKind,
} from '@hotline/domain';
import { cityName, loadCityRegions, type RegionRow } from './region-source.js';

/** The demo password of every seeded account (api-contract.md); change it in production. */
export const DEMO_PASSWORD = 'demo-password';

export interface SeedSummary {
  regions: number;
  departments: number;
  users: number;
  categories: number;
  rules: number;
  policies: number;
}

interface DeptRow { code: string; nameZh: string; nameEn: string; kind: DepartmentKind; parentCode: string | null; regionCode: string | null }

/**
 * Loads the demo city idempotently: every insert is ON CONFLICT DO NOTHING, so re-running the seed
 * never overwrites what an admin has since edited, and a partial run can simply be repeated.
 */
export async function seedDemoData(ds: DataSource, cityCode: string): Promise<SeedSummary> {
  const city = cityName(cityCode);
  const regions = await loadCityRegions(cityCode);
  const depts = departmentRows(city, regions);
  // One argon2 hash shared by all demo accounts: they share the demo password anyway, and hashing
  // ~450 accounts one by one would make every fresh start and test run take tens of seconds.
  const demoHash = await hash(DEMO_PASSWORD);

  return ds.transaction(async (m) => {
    const summary: SeedSummary = { regions: 0, departments: 0, users: 0, categories: 0, rules: 0, policies: 0 };
    summary.regions = await insertRegions(m, cityCode, regions);
    summary.departments = await insertDepartments(m, depts);
    summary.categories = await insertCategories(m);
    summary.rules = await insertRules(m);
    summary.policies = await insertPolicies(m);
    summary.users = await insertUsers(m, depts, demoHash);
    return summary;
  });
}

function departmentRows(city: string, regions: RegionRow[]): DeptRow[] {
  const rows: DeptRow[] = CITY_DEPARTMENTS.map((d) => ({
    code: d.code, nameZh: cityDepartmentName(d, city), nameEn: d.nameEn, kind: d.kind, parentCode: null, regionCode: null,
  }));
  const districtName = new Map<string, string>();
  for (const r of regions) {
    if (r.level === 'district') {
      districtName.set(r.code, r.name);
      rows.push({ code: districtGovernmentCode(r.code), nameZh: `${r.name}人民政府`, nameEn: `${r.name} District Government`, kind: 'district', parentCode: null, regionCode: r.code });
    }
  }
  for (const r of regions) {
    if (r.level === 'street') {
      const suffix = r.name.endsWith('街道') ? '办事处' : '人民政府';
      rows.push({
        code: streetOfficeCode(r.code),
        nameZh: `${districtName.get(r.parentCode ?? '') ?? ''}${r.name}${suffix}`,
        nameEn: `${r.name} Office`,
        kind: 'street',
        parentCode: districtGovernmentCode(r.parentCode ?? ''),
        regionCode: r.code,
      });
    }
  }
  return rows;
}

async function insertRegions(m: EntityManager, cityCode: string, regions: RegionRow[]): Promise<number> {
  let inserted = 0;
  // Parents first (districts, streets, communities are already in that order); chunks keep each
  // statement well under Postgres' 65,535-parameter limit.
  for (let i = 0; i < regions.length; i += 1000) {
    const chunk = regions.slice(i, i + 1000);
    const res = await m.query(
      `INSERT INTO regions (code, name, level, parent_code, city_code)
       SELECT * FROM unnest($1::varchar[], $2::text[], $3::varchar[], $4::varchar[], $5::varchar[])
       ON CONFLICT (code) DO NOTHING RETURNING code`,
      [chunk.map((r) => r.code), chunk.map((r) => r.name), chunk.map((r) => r.level), chunk.map((r) => r.parentCode), chunk.map(() => cityCode)],
    );
    inserted += res.length;
  }
  return inserted;
}

async function insertDepartments(m: EntityManager, rows: DeptRow[]): Promise<number> {
  // Parents (city departments, districts) come before streets in `rows`.
  const res = await m.query(
    `INSERT INTO departments (id, code, name_zh, name_en, kind, parent_id, region_code)
     SELECT r.id, r.code, r.name_zh, r.name_en, r.kind, NULL, r.region_code
     FROM unnest($1::uuid[], $2::varchar[], $3::text[], $4::text[], $5::varchar[], $6::varchar[])
       AS r(id, code, name_zh, name_en, kind, region_code)
     ON CONFLICT (code) DO NOTHING RETURNING code`,
    [rows.map(() => randomUUID()), rows.map((r) => r.code), rows.map((r) => r.nameZh), rows.map((r) => r.nameEn), rows.map((r) => r.kind), rows.map((r) => r.regionCode)],
  );
  // Hierarchy: street offices report to their district government.
  await m.query(
    `UPDATE departments d SET parent_id = p.id
     FROM unnest($1::varchar[], $2::varchar[]) AS x(code, parent_code)
     JOIN departments p ON p.code = x.parent_code
     WHERE d.code = x.code AND d.parent_id IS NULL`,
    [rows.filter((r) => r.parentCode).map((r) => r.code), rows.filter((r) => r.parentCode).map((r) => r.parentCode)],
  );
  return res.length;
}

async function insertCategories(m: EntityManager): Promise<number> {
  const res = await m.query(
    `INSERT INTO categories (code, name_zh, name_en, territorial, owner_department_code)
     SELECT * FROM unnest($1::varchar[], $2::text[], $3::text[], $4::boolean[], $5::varchar[])
     ON CONFLICT (code) DO NOTHING RETURNING code`,
    [
      DEFAULT_CATEGORIES.map((c) => c.code),
      DEFAULT_CATEGORIES.map((c) => c.nameZh),
      DEFAULT_CATEGORIES.map((c) => c.nameEn),
      DEFAULT_CATEGORIES.map((c) => c.territorial),
      DEFAULT_CATEGORIES.map((c) => c.ownerDepartmentCode),
    ],
  );
  return res.length;
}

async function insertRules(m: EntityManager): Promise<number> {
  let inserted = 0;
  for (const r of defaultResponsibilityRules()) {
    const res = await m.query(
      `INSERT INTO responsibility_rules (id, category_code, region_level, target_type, target_department_code, assisting_department_codes, priority, explanation)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [r.id, r.categoryCode, r.regionLevel, r.target.type, r.target.type === 'department' ? r.target.departmentCode : null, r.assistingDepartmentCodes, r.priority, r.explanation],
    );
    inserted += res.length;
  }
  return inserted;
}

async function insertPolicies(m: EntityManager): Promise<number> {
  let inserted = 0;
  for (const p of DEFAULT_POLICIES) {
    const res = await m.query(
      `INSERT INTO time_limit_policies (code, name_zh, name_en, stages, extension) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (code) DO NOTHING RETURNING code`,
      [p.code, p.nameZh, p.nameEn, JSON.stringify(p.stages), p.extension ? JSON.stringify(p.extension) : null],
    );
    inserted += res.length;
  }
  return inserted;
}

async function insertUsers(m: EntityManager, depts: DeptRow[], passwordHash: string): Promise<number> {
  const users: { username: string; displayName: string; role: string; deptCode: string | null }[] = [
    { username: 'operator1', displayName: '话务员一号', role: 'operator', deptCode: 'hotline' },
    { username: 'dispatcher1', displayName: '派单员一号', role: 'dispatcher', deptCode: 'hotline' },
    { username: 'supervisor1', displayName: '督查员一号', role: 'supervisor', deptCode: 'supervision' },
    { username: 'admin', displayName: '系统管理员', role: 'admin', deptCode: null },
  ];
  for (const d of depts) {
    users.push({ username: `handler.${d.code}`, displayName: `${d.nameZh}承办人`, role: 'handler', deptCode: d.code });
    users.push({ username: `head.${d.code}`, displayName: `${d.nameZh}负责人`, role: 'dept_head', deptCode: d.code });
  }
  const res = await m.query(
    `INSERT INTO users (id, username, password_hash, display_name, role, department_id)
     SELECT x.id, x.username, $5, x.display_name, x.role, d.id
     FROM unnest($1::uuid[], $2::varchar[], $3::text[], $4::varchar[], $6::varchar[]) AS x(id, username, display_name, role, dept_code)
     LEFT JOIN departments d ON d.code = x.dept_code
     ON CONFLICT (username) DO NOTHING RETURNING username`,
    [users.map(() => randomUUID()), users.map((u) => u.username), users.map((u) => u.displayName), users.map((u) => u.role), passwordHash, users.map((u) => u.deptCode)],
  );
  // AB岗 demo: each department's head backs up its handler.
  await m.query(
    `UPDATE users h SET backup_user_id = b.id FROM users b
     WHERE h.role = 'handler' AND b.role = 'dept_head' AND b.department_id = h.department_id AND h.backup_user_id IS NULL`,
  );
  return res.length;
}
