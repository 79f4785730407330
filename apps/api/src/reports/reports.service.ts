import { Injectable } from '@nestjs/common';
import { Clock } from '@hotline/config';
import { ApiError } from '../common/api-error.js';
import type { AuthUser } from '../auth/auth-user.js';
import { ESCALATION_LABELS, countsFromRow, emptyCounts, metricLabels, withRates, type Metrics } from './report-metrics.js';
import { PeriodError, isoShanghai, parseDateRange, parseMonth, type ReportPeriod } from './report-period.js';
import { DEFAULT_MIN_VOLUME, SCORE_FORMULA, SCORE_WEIGHTS, rankDepartments } from './report-ranking.js';
import type { DepartmentReportQuery, MonthlyReportQuery } from './report-query.dto.js';
import { brief, toEscalationItem, toOverdueItem, type DepartmentMetricsRow, type EscalationItem, type OverdueItem, type PeriodView, type RankingRow } from './report.view.js';
import { ReportsRepository } from './reports.repository.js';

export interface DepartmentReport extends PeriodView {
  generatedAt: string;
  labels: ReturnType<typeof metricLabels>;
  cityWide: Metrics;
  departments: DepartmentMetricsRow[];
}

export interface MonthlyReport {
  month: string;
  period: PeriodView;
  generatedAt: string;
  labels: ReturnType<typeof metricLabels>;
  scoring: { formula: string; weights: typeof SCORE_WEIGHTS; minVolume: number };
  cityWide: Metrics;
  ranking: RankingRow[];
  overdue: { items: OverdueItem[]; truncated: boolean };
  escalations: { items: EscalationItem[]; truncated: boolean };
}

/**
 * 督查督办 reports: department metrics for any Beijing date range and the 月度通报 (ranking, 超期清单,
 * 督办问责), computed by SQL aggregation over case_events. Supervisors and admins see every department;
 * a department head sees the city-wide figures and only their own department's rows.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly repo: ReportsRepository,
    private readonly clock: Clock,
  ) {}

  async departments(q: DepartmentReportQuery, user: AuthUser): Promise<DepartmentReport> {
    const period = this.period(() => parseDateRange(q.from, q.to));
    const scope = this.scope(user);
    const generatedAt = this.clock.now();
    const { cityWide, rows } = await this.metrics(period, scope);
    return {
      ...periodView(period),
      generatedAt: generatedAt.toISOString(),
      labels: metricLabels(),
      cityWide,
      departments: scope ? rows.filter((r) => r.department.id === scope) : rows,
    };
  }

  async monthly(q: MonthlyReportQuery, user: AuthUser): Promise<MonthlyReport> {
    const period = this.period(() => parseMonth(q.month));
    const scope = this.scope(user);
    const minVolume = q.minVolume ?? DEFAULT_MIN_VOLUME;
    const generatedAt = this.clock.now();
    const [{ cityWide, rows }, overdue, escalations] = await Promise.all([
      this.metrics(period, scope),
      this.repo.overdueList(period.start, period.end, scope),
      this.repo.escalationList(period.start, period.end, scope),
    ]);
    // Rank everyone, then cut to what the caller may see: a department head keeps their own rank.
    const ranking: RankingRow[] = rankDepartments(rows, minVolume)
      .map(({ rank, score, unrankedReason, row }) => ({ rank, score, unrankedReason, ...row }))
      .filter((r) => !scope || r.department.id === scope);
    const deptIds = [...overdue.rows.map((r) => r.departmentId), ...escalations.rows.map((r) => r.departmentId)].filter((id): id is string => !!id);
    const departments = await this.repo.departments(deptIds);
    return {
      month: period.month,
      period: periodView(period),
      generatedAt: generatedAt.toISOString(),
      labels: metricLabels(),
      scoring: { formula: SCORE_FORMULA, weights: SCORE_WEIGHTS, minVolume },
      cityWide,
      ranking,
      overdue: {
        items: overdue.rows.map((r) => toOverdueItem(r, period.end, departments)).sort((a, b) => b.lateMinutes - a.lateMinutes || cmp(a.caseNo, b.caseNo)),
        truncated: overdue.truncated,
      },
      escalations: { items: escalations.rows.map((r) => toEscalationItem(r, departments, ESCALATION_LABELS)), truncated: escalations.truncated },
    };
  }

  /**
   * City-wide metrics and one row per department that had events in the period or has open overdue
   * cases now, ordered by department code. Events naming no (known) department count city-wide only.
   */
  private async metrics(period: ReportPeriod, scope: string | null): Promise<{ cityWide: Metrics; rows: DepartmentMetricsRow[] }> {
    const [counts, overdueOpen] = await Promise.all([this.repo.eventCounts(period.start, period.end), this.repo.overdueOpen()]);
    const byDept = new Map(counts.departments.map((r) => [r.dept!, r]));
    const ids = new Set([...byDept.keys(), ...overdueOpen.byDepartment.keys(), ...(scope ? [scope] : [])]);
    const departments = await this.repo.departments([...ids]);
    const rows: DepartmentMetricsRow[] = [];
    for (const id of ids) {
      const ref = departments.get(id);
      if (!ref) continue;
      const row = byDept.get(id);
      const c = row ? countsFromRow(row) : emptyCounts();
      c.overdueOpen = overdueOpen.byDepartment.get(id) ?? 0;
      rows.push({ department: brief(ref)!, ...withRates(c) });
    }
    rows.sort((a, b) => cmp(a.department.code, b.department.code));
    const city = counts.cityWide ? countsFromRow(counts.cityWide) : emptyCounts();
    city.overdueOpen = overdueOpen.cityWide;
    return { cityWide: withRates(city), rows };
  }

  /** null: every department; a department id: only that one (dept_head). */
  private scope(user: AuthUser): string | null {
    if (user.role !== 'dept_head') return null;
    if (!user.departmentId) throw ApiError.forbidden('账号未关联单位 / this account belongs to no department');
    return user.departmentId;
  }

  private period<T extends ReportPeriod>(parse: () => T): T {
    try {
      return parse();
    } catch (e) {
      if (e instanceof PeriodError) throw ApiError.badRequest(e.problem.field, e.problem.message, e.problem.rule);
      throw e;
    }
  }
}

function periodView(p: ReportPeriod): PeriodView {
  return { from: p.from, to: p.to, timezone: 'Asia/Shanghai', start: isoShanghai(p.start), end: isoShanghai(p.end) };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
