import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { TABLE_KEYS, type TableKey } from './report-tables.js';

const DATE_MESSAGE = (field: string) => `${field} 格式应为 YYYY-MM-DD（北京时间日期）/ ${field} must be a date as YYYY-MM-DD (Beijing)`;
export const REPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/**
 * GET /reports/departments. The shape is checked here; real dates, order and the maximum span in
 * report-period.ts (400 naming the field either way).
 */
export class DepartmentReportQuery {
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: DATE_MESSAGE('from') })
  from: string;

  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: DATE_MESSAGE('to') })
  to: string;
}

/** GET /reports/monthly: the 月度通报 of one Beijing calendar month. */
export class MonthlyReportQuery {
  @IsString()
  @Matches(/^\d{4}-\d{2}$/, { message: 'month 格式应为 YYYY-MM / month must be YYYY-MM' })
  month: string;

  /** json (default), csv (one table, see `table`) or xlsx (every table, one sheet each). */
  @IsOptional()
  @IsIn(REPORT_FORMATS, { message: `format 必须是以下之一 / must be one of: ${REPORT_FORMATS.join(', ')}` })
  format?: ReportFormat;

  /** For csv: which table (a CSV file holds one); default ranking. */
  @IsOptional()
  @IsIn(TABLE_KEYS, { message: `table 必须是以下之一 / must be one of: ${TABLE_KEYS.join(', ')}` })
  table?: TableKey;

  /** Minimum dispatches in the month for a department to be ranked (default 10). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  minVolume?: number;
}
