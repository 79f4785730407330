import type { FieldProblem } from '../common/api-error.js';

/**
 * Report periods in Beijing time (domain.md §4: all calendar logic is Asia/Shanghai, UTC+8, no DST).
 * A period is the half-open instant range [start, end): `from` 00:00+08:00 up to, not including,
 * the day after `to` 00:00+08:00 — the same set of instants as "to 23:59:59.999+08:00 inclusive".
 */
export interface ReportPeriod {
  /** First day, YYYY-MM-DD (Beijing). */
  from: string;
  /** Last day, inclusive, YYYY-MM-DD (Beijing). */
  to: string;
  /** `from` 00:00 +08:00 as an instant. */
  start: Date;
  /** The day after `to`, 00:00 +08:00 (exclusive). */
  end: Date;
  /** Number of days, both ends counted. */
  days: number;
}

/** Beijing is UTC+8 all year (no daylight saving since 1991). */
export const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;
/** Longest range one request may ask for, in days with both ends counted (a leap year fits). */
export const MAX_RANGE_DAYS = 366;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;

/** Thrown by the parsers; the controller turns it into a 400 naming the field. */
export class PeriodError extends Error {
  constructor(readonly problem: FieldProblem) {
    super(`${problem.field}: ${problem.message}`);
    this.name = 'PeriodError';
  }
}

/** Days since 1970-01-01 of a real calendar date, or null ("2026-02-30" is not one). */
function dayNumber(text: string): number | null {
  const m = DATE.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1970 || mo < 1 || mo > 12 || d < 1) return null;
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms / DAY_MS;
}

function dayText(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The instant a Beijing day (days since epoch) begins: its UTC midnight minus eight hours. */
export function shanghaiDayStart(day: number): Date {
  return new Date(day * DAY_MS - SHANGHAI_OFFSET_MS);
}

function period(fromDay: number, toDay: number): ReportPeriod {
  return { from: dayText(fromDay), to: dayText(toDay), start: shanghaiDayStart(fromDay), end: shanghaiDayStart(toDay + 1), days: toDay - fromDay + 1 };
}

/**
 * `from`/`to` query values → a period. Both required, real dates, from ≤ to, at most
 * MAX_RANGE_DAYS days; otherwise a PeriodError naming the offending field.
 */
export function parseDateRange(from: string | undefined, to: string | undefined): ReportPeriod {
  const fromDay = parseDay('from', from);
  const toDay = parseDay('to', to);
  if (fromDay > toDay) throw new PeriodError({ field: 'to', rule: 'minDate', message: `结束日期不能早于开始日期 / to (${dayText(toDay)}) must not be before from (${dayText(fromDay)})` });
  const days = toDay - fromDay + 1;
  if (days > MAX_RANGE_DAYS) {
    throw new PeriodError({ field: 'to', rule: 'maxRange', message: `统计区间最长 ${MAX_RANGE_DAYS} 天 / the range may span at most ${MAX_RANGE_DAYS} days (asked for ${days})` });
  }
  return period(fromDay, toDay);
}

function parseDay(field: string, value: string | undefined): number {
  if (value === undefined || value === '') throw new PeriodError({ field, rule: 'isDefined', message: `必填，格式 YYYY-MM-DD / ${field} is required (YYYY-MM-DD, Beijing date)` });
  const day = dayNumber(value);
  if (day === null) throw new PeriodError({ field, rule: 'isDate', message: `不是有效日期，格式 YYYY-MM-DD / ${field} must be a real date as YYYY-MM-DD` });
  return day;
}

/** `month` = YYYY-MM → the whole Beijing calendar month. */
export function parseMonth(month: string | undefined): ReportPeriod & { month: string } {
  if (month === undefined || month === '') throw new PeriodError({ field: 'month', rule: 'isDefined', message: '必填，格式 YYYY-MM / month is required (YYYY-MM)' });
  const m = MONTH.exec(month);
  const y = m ? Number(m[1]) : 0;
  const mo = m ? Number(m[2]) : 0;
  if (!m || y < 1970 || mo < 1 || mo > 12) throw new PeriodError({ field: 'month', rule: 'isMonth', message: '不是有效月份，格式 YYYY-MM / month must be a real month as YYYY-MM' });
  const first = Date.UTC(y, mo - 1, 1) / DAY_MS;
  const last = Date.UTC(y, mo, 1) / DAY_MS - 1;
  return { month, ...period(first, last) };
}

/** An instant as Beijing wall time, "YYYY-MM-DD HH:mm" (for people: CSV and XLSX cells). */
export function formatShanghai(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** An instant as ISO 8601 with the Beijing offset, "YYYY-MM-DDTHH:mm:ss+08:00". */
export function isoShanghai(at: Date): string {
  return `${new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/** A lateness in minutes for people: "2天3小时", "5小时20分", "45分". */
export function formatLateness(minutes: number): string {
  const m = Math.max(0, Math.floor(minutes));
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  const min = m % 60;
  if (d > 0) return h > 0 ? `${d}天${h}小时` : `${d}天`;
  if (h > 0) return min > 0 ? `${h}小时${min}分` : `${h}小时`;
  return `${min}分`;
}
