import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth-user.js';
import { ESCALATION_LABELS, METRIC_LABELS } from './report-metrics.js';
import { DepartmentReportQuery, MonthlyReportQuery } from './report-query.dto.js';
import { monthlyTables, tableToCsv } from './report-tables.js';
import { XLSX_CONTENT_TYPE, tablesToXlsx } from './report-workbook.js';
import { ReportsService, type MonthlyReport } from './reports.service.js';

/**
 * 督查督办 reports (domain.md §6; 一月一通报, §5). Supervisors and admins see every department; a
 * department head sees the city-wide figures and only their own department's rows. Other roles → 403.
 */
@Controller('reports')
@Roles('supervisor', 'admin', 'dept_head')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  /** Metrics per department and city-wide for Beijing days from..to (inclusive, ≤ 366 days). */
  @Get('departments')
  departments(@Query() q: DepartmentReportQuery, @CurrentUser() user: AuthUser) {
    return this.reports.departments(q, user);
  }

  /** The 月度通报 of a month: JSON (default), CSV (one table, UTF-8 with BOM) or XLSX (all sheets). */
  @Get('monthly')
  async monthly(@Query() q: MonthlyReportQuery, @CurrentUser() user: AuthUser): Promise<MonthlyReport | StreamableFile> {
    const report = await this.reports.monthly(q, user);
    const format = q.format ?? 'json';
    if (format === 'json') return report;
    const tables = monthlyTables({ cityWide: report.cityWide, ranking: report.ranking, overdue: report.overdue.items, escalations: report.escalations.items });
    if (format === 'csv') {
      const table = tables.find((t) => t.key === (q.table ?? 'ranking'))!;
      return new StreamableFile(Buffer.from(tableToCsv(table), 'utf8'), {
        type: 'text/csv; charset=utf-8',
        disposition: attachment(`monthly-report-${report.month}-${table.key}.csv`, `月度通报-${report.month}-${table.sheet}.csv`),
      });
    }
    const xlsx = await tablesToXlsx(tables, { title: `月度通报 Monthly report ${report.month}`, notes: workbookNotes(report), created: new Date(report.generatedAt) });
    return new StreamableFile(xlsx, { type: XLSX_CONTENT_TYPE, disposition: attachment(`monthly-report-${report.month}.xlsx`, `月度通报-${report.month}.xlsx`) });
  }
}

/** An ASCII file name for old clients and the Chinese one for the rest (RFC 6266 / RFC 5987). */
function attachment(ascii: string, unicode: string): string {
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(unicode)}`;
}

function workbookNotes(r: MonthlyReport): string[] {
  return [
    `统计期 Period: ${r.period.from} — ${r.period.to} (Asia/Shanghai; ${r.period.start} ≤ t < ${r.period.end})`,
    `生成时间 Generated at: ${r.generatedAt}`,
    `综合得分 Score: ${r.scoring.formula} (minVolume = ${r.scoring.minVolume})`,
    ...Object.values(METRIC_LABELS).map((l) => `${l.zh} ${l.en}: ${l.formula}`),
    `督办级别 Escalation levels: ${Object.values(ESCALATION_LABELS).map((l) => `${l.zh} ${l.en}`).join(', ')}`,
    ...r.labels.notes,
  ];
}
