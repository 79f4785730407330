// The package's own functions are not used: at load time it builds its tables by parsing
// 'YYYY-MM-DD' as UTC and formatting with process-local getters, so on a server west of Greenwich
// every holiday and 调休 day is filed under the previous date. Its published JSON (documented in its README) has no such issue.
import officialDaysJson from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { DomainError } from './errors.js';

/**
 * All calendar logic runs in Asia/Shanghai (domain.md §4). China has had no daylight saving time
 * since 1991, so a fixed +08:00 offset is exact and we need no time-zone database.
 */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const YMD_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Decides whether a Shanghai calendar day is a working day (工作日). */
export interface WorkCalendar {
  /** @param ymd 'YYYY-MM-DD' in Asia/Shanghai */
  isWorkingDay(ymd: string): boolean;
}

function parseYmd(ymd: string): { year: number; month: number; day: number } {
  const match = YMD_PATTERN.exec(ymd);
  if (match) {
    const year = Number(match[1]);
    const month = Number(match[2]);
    const day = Number(match[3]);
    const probe = new Date(Date.UTC(year, month - 1, day));
    // Rejects 2025-02-30 and friends, which Date.UTC would silently roll over.
    if (probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day) {
      return { year, month, day };
    }
  }
  throw new DomainError('INVALID_DATE', `Invalid calendar date "${ymd}" (expected YYYY-MM-DD)`, { value: ymd });
}

function assertValidInstant(instant: Date): void {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new DomainError('INVALID_DATE', 'Invalid instant', { value: String(instant) });
  }
}

/** True for a well-formed, existing 'YYYY-MM-DD' date. */
export function isYmd(value: string): boolean {
  try {
    parseYmd(value);
    return true;
  } catch {
    return false;
  }
}

/** The Asia/Shanghai calendar day ('YYYY-MM-DD') of an instant. */
export function shanghaiYmd(instant: Date): string {
  assertValidInstant(instant);
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** 00:00:00.000 +08:00 of a Shanghai day. */
export function startOfShanghaiDay(ymd: string): Date {
  const { year, month, day } = parseYmd(ymd);
  return new Date(Date.UTC(year, month - 1, day) - SHANGHAI_OFFSET_MS);
}

/** 23:59:59.000 +08:00 of a Shanghai day: the moment a day-based time limit expires. */
export function endOfShanghaiDay(ymd: string): Date {
  return new Date(startOfShanghaiDay(ymd).getTime() + DAY_MS - 1000);
}

/** Calendar arithmetic on 'YYYY-MM-DD' strings (n may be negative). */
export function addDaysYmd(ymd: string, n: number): string {
  if (!Number.isInteger(n)) {
    throw new DomainError('INVALID_DAYS', `Day offset must be an integer, got ${n}`, { value: n });
  }
  const { year, month, day } = parseYmd(ymd);
  return new Date(Date.UTC(year, month - 1, day + n)).toISOString().slice(0, 10);
}

/** Day of week of a Shanghai day, 0 = Sunday … 6 = Saturday. */
export function weekdayOfYmd(ymd: string): number {
  const { year, month, day } = parseYmd(ymd);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/** 'YYYY-MM-DDTHH:mm:ss+08:00' — how instants are shown to people and in exports. */
export function formatShanghaiIso(instant: Date): string {
  assertValidInstant(instant);
  const shifted = new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString();
  return `${shifted.slice(0, 19)}+08:00`;
}

/** Official schedule published by the State Council, as shipped by chinese-days: date → "name,名称,days". */
const OFFICIAL_DAYS = officialDaysJson as {
  /** Official rest days (节假日), weekends inside a holiday block included. */
  holidays: Readonly<Record<string, string>>;
  /** 调休 make-up working days on weekends (补班). */
  workdays: Readonly<Record<string, string>>;
};

const YEARS_WITH_OFFICIAL_DATA: ReadonlySet<number> = new Set(
  Object.keys(OFFICIAL_DAYS.holidays).map((ymd) => Number(ymd.slice(0, 4))),
);

/**
 * Working-day calendar backed by the `chinese-days` package (official holidays and 调休 make-up
 * working days, as published by the State Council each November), with admin-entered overrides.
 */
export class ChineseDaysCalendar implements WorkCalendar {
  /**
   * @param overrides 'YYYY-MM-DD' → true (working day) / false (rest day); wins over chinese-days,
   *   so admins can enter next year's schedule before the package is updated.
   */
  constructor(private readonly overrides: ReadonlyMap<string, boolean> = new Map()) {}

  isWorkingDay(ymd: string): boolean {
    parseYmd(ymd);
    const override = this.overrides.get(ymd);
    if (override !== undefined) {
      return override;
    }
    if (Object.hasOwn(OFFICIAL_DAYS.workdays, ymd)) {
      return true; // 调休 补班
    }
    if (Object.hasOwn(OFFICIAL_DAYS.holidays, ymd)) {
      return false;
    }
    const weekday = weekdayOfYmd(ymd);
    return weekday >= 1 && weekday <= 5;
  }

  /**
   * Whether chinese-days ships the official holiday schedule for `year`. Without it every weekday
   * counts as a working day, which is wrong around 春节/国庆, so the system warns (domain.md §4).
   * Detected as "some date of the year is a holiday in the package data".
   */
  hasOfficialData(year: number): boolean {
    return YEARS_WITH_OFFICIAL_DATA.has(year);
  }

  /** Of the current and the next Shanghai year, those without official data (for the admin warning). */
  yearsMissingOfficialData(now: Date): number[] {
    const year = Number(shanghaiYmd(now).slice(0, 4));
    return [year, year + 1].filter((y) => !this.hasOfficialData(y));
  }
}
