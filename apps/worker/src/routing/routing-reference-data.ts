import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { matchRegionInText, type RegionEntry, type RegionMatch, type RegionRef, type ResponsibilityRule } from '@hotline/domain';
import { ResponsibilityRuleEntity } from '@hotline/persistence';

/** Admin edits to rules and regions reach the router within this many ms. */
const CACHE_TTL_MS = 30_000;

interface Cached<T> { at: number; value: T }

/**
 * Read-mostly data the router needs for every case (responsibility list, regions, department names),
 * cached briefly in memory: Postgres stays the source of truth, and routing does not re-read 3,500
 * regions per case.
 */
@Injectable()
export class RoutingReferenceData {
  private rulesCache: Cached<ResponsibilityRule[]> | null = null;
  private regionsCache: Cached<RegionEntry[]> | null = null;
  private deptNamesCache: Cached<{ code: string; name: string }[]> | null = null;

  constructor(private readonly ds: DataSource) {}

  async rules(): Promise<ResponsibilityRule[]> {
    this.rulesCache = await this.fresh(this.rulesCache, async () => {
      const rows = await this.ds.getRepository(ResponsibilityRuleEntity).find({ where: { active: true }, order: { priority: 'ASC', id: 'ASC' } });
      return rows.map((r) => ({
        id: r.id,
        categoryCode: r.categoryCode,
        regionLevel: r.regionLevel,
        target: r.targetType === 'territorial' ? { type: 'territorial' as const } : { type: 'department' as const, departmentCode: r.targetDepartmentCode! },
        assistingDepartmentCodes: r.assistingDepartmentCodes,
        priority: r.priority,
        explanation: r.explanation,
      }));
    });
    return this.rulesCache.value;
  }

  async regions(): Promise<RegionEntry[]> {
    this.regionsCache = await this.fresh(this.regionsCache, async () => {
      const rows: { code: string; name: string; level: 'district' | 'street'; parent_code: string | null }[] = await this.ds.query(
        `SELECT code, name, level, parent_code FROM regions WHERE level IN ('district', 'street')`,
      );
      return rows.map((r) => ({ code: r.code, name: r.name, level: r.level, districtCode: r.level === 'street' ? r.parent_code : null }));
    });
    return this.regionsCache.value;
  }

  /** District/street of a region code at any level (a community maps up to its street). */
  async regionRef(code: string): Promise<RegionRef | null> {
    const rows: { level: string; code: string; parent_code: string | null; grand: string | null }[] = await this.ds.query(
      `SELECT r.level, r.code, r.parent_code, p.parent_code AS grand FROM regions r LEFT JOIN regions p ON p.code = r.parent_code WHERE r.code = $1`,
      [code],
    );
    const r = rows[0];
    if (!r) return null;
    if (r.level === 'district') return { districtCode: r.code, streetCode: null };
    if (r.level === 'street') return { districtCode: r.parent_code, streetCode: r.code };
    return { districtCode: r.grand, streetCode: r.parent_code };
  }

  async matchText(text: string): Promise<RegionMatch | null> {
    return matchRegionInText(text, await this.regions());
  }

  /**
   * Departments an accusation names (信访工作条例 第30条: never sent to the accused). v1 compares names;
   * the routing-intelligence work adds aliases and staff.
   */
  async departmentsNamed(unit: string): Promise<string[]> {
    this.deptNamesCache = await this.fresh(this.deptNamesCache, async () => {
      const rows: { code: string; name_zh: string }[] = await this.ds.query(`SELECT code, name_zh FROM departments WHERE active`);
      return rows.map((r) => ({ code: r.code, name: r.name_zh }));
    });
    const needle = unit.trim();
    if (needle.length < 2) return [];
    return this.deptNamesCache.value.filter((d) => d.name.includes(needle) || needle.includes(d.name)).map((d) => d.code);
  }

  private async fresh<T>(cached: Cached<T> | null, load: () => Promise<T>): Promise<Cached<T>> {
    if (cached && Date.now() - cached.at < CACHE_TTL_MS) return cached;
    return { at: Date.now(), value: await load() };
  }
}
