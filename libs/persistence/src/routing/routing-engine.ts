import type { DataSource } from 'typeorm';
import { RegionResolver, type Classification, type ComplaintClassifier, type RegionRecord, type ResolvedRegion, type ResponsibilityRule } from '@hotline/domain';
import { ClassifierStore } from '../classifier/classifier-store.js';
import { ResponsibilityRuleEntity } from '../entities/responsibility-rule.entity.js';

/** How often a process looks for a newly activated model or edited rules, in ms. */
const REFRESH_MS = 30_000;

/**
 * What routing reads for every case, kept in memory and refreshed from Postgres (the source of truth):
 * the active classifier model, the place resolver over the city's divisions, the responsibility list
 * and department names. Shared by the API (`POST /classify`) and the worker (routing jobs), so both
 * decide alike.
 */
export class RoutingEngine {
  private classifierVersion = 0;
  private classifier!: ComplaintClassifier;
  private resolver!: RegionResolver;
  private ruleList: ResponsibilityRule[] = [];
  private departmentNames = new Map<string, { name: string; nameEn: string }>();
  private categoryNames = new Map<string, { name: string; nameEn: string }>();
  private loadedAt = 0;
  private refreshing: Promise<void> | null = null;

  private constructor(
    private readonly ds: DataSource,
    private readonly now: () => Date,
  ) {}

  static async create(ds: DataSource, now: () => Date): Promise<RoutingEngine> {
    const engine = new RoutingEngine(ds, now);
    await engine.reload();
    return engine;
  }

  get modelVersion(): number {
    return this.classifierVersion;
  }

  classify(text: string): Classification {
    this.refreshSoon();
    return this.classifier.classify(text);
  }

  resolveRegion(text: string): ResolvedRegion | null {
    return this.resolver.resolve(text);
  }

  describeRegion(code: string): ResolvedRegion | null {
    return this.resolver.describe(code);
  }

  rules(): ResponsibilityRule[] {
    this.refreshSoon();
    return this.ruleList;
  }

  category(code: string): { code: string; name: string; nameEn: string } | null {
    const c = this.categoryNames.get(code);
    return c ? { code, ...c } : null;
  }

  department(code: string): { code: string; name: string; nameEn: string } | null {
    const d = this.departmentNames.get(code);
    return d ? { code, ...d } : null;
  }

  /** Departments whose name contains the given unit name, or is contained in it (accusations). */
  departmentsNamed(unit: string): string[] {
    const needle = unit.trim();
    if (needle.length < 2) return [];
    return [...this.departmentNames].filter(([, d]) => d.name.includes(needle) || needle.includes(d.name)).map(([code]) => code);
  }

  /**
   * Departments a text names (full name, or without the city/district prefix, e.g. "翠苑街道办事处"
   * or "城市管理局"): in an accusation these are the accused, who must never receive the case.
   */
  departmentsMentioned(text: string): string[] {
    const found: string[] = [];
    for (const [code, d] of this.departmentNames) {
      const short = d.name.replace(/^.{2,4}?市/, '').replace(/^.{2,4}?(区|县)(人民政府)?/, '');
      // Fix: match the name without its district ("翠苑街道", not "西湖区翠苑街道"): unanchored, the
      // regex started at the district and a text saying just "翠苑街道" named nobody.
      const street = short.match(/^(\S{2,6}?(街道|镇|乡))(办事处|人民政府)$/)?.[1];
      if (text.includes(d.name) || (short.length >= 4 && text.includes(short)) || (street && text.includes(street))) found.push(code);
    }
    return found;
  }

  /** Re-reads everything now (after an admin change in this process, or in tests). */
  async reload(): Promise<void> {
    const store = new ClassifierStore(this.ds);
    const active = await store.activeVersion();
    if (active === null || active !== this.classifierVersion) {
      const { version, classifier } = await store.loadActive(this.now());
      this.classifierVersion = version;
      this.classifier = classifier;
    }
    if (!this.resolver) {
      const rows: { code: string; name: string; level: RegionRecord['level']; parent_code: string | null }[] = await this.ds.query(
        `SELECT code, name, level, parent_code FROM regions`,
      );
      this.resolver = new RegionResolver(rows.map((r) => ({ code: r.code, name: r.name, level: r.level, parentCode: r.parent_code })));
    }
    const rules = await this.ds.getRepository(ResponsibilityRuleEntity).find({ where: { active: true }, order: { priority: 'ASC', id: 'ASC' } });
    this.ruleList = rules.map((r) => ({
      id: r.id,
      categoryCode: r.categoryCode,
      regionLevel: r.regionLevel,
      target: r.targetType === 'territorial' ? { type: 'territorial' as const } : { type: 'department' as const, departmentCode: r.targetDepartmentCode! },
      assistingDepartmentCodes: r.assistingDepartmentCodes,
      priority: r.priority,
      explanation: r.explanation,
    }));
    const depts: { code: string; name_zh: string; name_en: string }[] = await this.ds.query(`SELECT code, name_zh, name_en FROM departments WHERE active`);
    this.departmentNames = new Map(depts.map((d) => [d.code, { name: d.name_zh, nameEn: d.name_en }]));
    const cats: { code: string; name_zh: string; name_en: string }[] = await this.ds.query(`SELECT code, name_zh, name_en FROM categories`);
    this.categoryNames = new Map(cats.map((c) => [c.code, { name: c.name_zh, nameEn: c.name_en }]));
    this.loadedAt = Date.now();
  }

  /** Refreshes in the background when the data is older than REFRESH_MS; callers never wait for it. */
  private refreshSoon(): void {
    if (this.refreshing || Date.now() - this.loadedAt < REFRESH_MS) return;
    this.refreshing = this.reload()
      .catch(() => undefined) // keep serving the data we have; the next call tries again
      .finally(() => {
        this.refreshing = null;
        this.loadedAt = Date.now();
      });
  }
}
