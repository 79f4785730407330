import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { Clock } from '@hotline/config';
import { DomainError, addDuration, addDaysYmd, formatShanghaiIso, isYmd, shanghaiYmd, weekdayOfYmd } from '@hotline/domain';
import { CalendarStore } from '@hotline/persistence';
import { ApiError } from '../common/api-error.js';
import { CurrentUser, Roles, type AuthUser } from '../auth/auth-user.js';
import { CalendarDayDto, CalendarRangeQuery, DeadlineQuery } from './time.dto.js';

/** :date must be an existing YYYY-MM-DD date. */
function dayParam(date: string): string {
  if (!isYmd(date)) throw ApiError.badRequest('date', '日期必须是存在的 YYYY-MM-DD / must be an existing date YYYY-MM-DD', 'isDate');
  return date;
}

/**
 * The working-day calendar (domain.md §4): deadline arithmetic for anyone signed in, and the admin
 * overrides of the chinese-days data (the State Council publishes next year's holidays each November).
 */
@Controller()
export class CalendarController {
  constructor(
    private readonly calendars: CalendarStore,
    private readonly clock: Clock,
  ) {}

  /** GET /calendar/deadline?from=&amount=&unit= → {due} in +08:00 (start day not counted, end of day 23:59:59). */
  @Get('calendar/deadline')
  async deadline(@Query() q: DeadlineQuery) {
    const from = new Date(q.from);
    if (Number.isNaN(from.getTime())) throw ApiError.badRequest('from', '不是有效时间 / not a valid instant', 'isISO8601');
    const calendar = await this.calendars.calendar();
    try {
      const due = addDuration(from, { amount: q.amount, unit: q.unit }, calendar);
      return { from: formatShanghaiIso(from), amount: q.amount, unit: q.unit, due: formatShanghaiIso(due) };
    } catch (err) {
      // A bad amount, or an instant whose deadline falls outside the calendar (year 10000): the
      // contract says 400 for bad parameters, naming which one.
      if (err instanceof DomainError && err.code === 'INVALID_DURATION') throw ApiError.badRequest('amount', err.message, 'isValidDuration');
      if (err instanceof DomainError && err.code === 'INVALID_DATE') throw ApiError.badRequest('from', `时间超出可计算范围 / out of the calendar's range: ${err.message}`, 'isDate');
      throw err;
    }
  }

  /** A year of the calendar as people see it: every rest day and 调休 working day, overrides marked. */
  @Get('calendar/days')
  async year(@Query() q: CalendarRangeQuery) {
    const year = q.year ?? Number(shanghaiYmd(this.clock.now()).slice(0, 4));
    const calendar = await this.calendars.calendar();
    const overrides = new Map((await this.calendars.list(`${year}-01-01`, `${year}-12-31`)).map((o) => [o.day, o]));
    const days: { date: string; working: boolean; weekend: boolean; source: 'override' | 'official' }[] = [];
    for (let d = `${year}-01-01`; d.startsWith(String(year)); d = addDaysYmd(d, 1)) {
      const working = calendar.isWorkingDay(d);
      const weekend = weekdayOfYmd(d) === 0 || weekdayOfYmd(d) === 6;
      // Only the days that differ from a plain Mon–Fri week, plus every override.
      if (working === weekend || overrides.has(d)) days.push({ date: d, working, weekend, source: overrides.has(d) ? 'override' : 'official' });
    }
    return { year, hasOfficialData: calendar.hasOfficialData(year), days };
  }

  @Get('admin/calendar/status')
  @Roles('admin', 'supervisor')
  async status() {
    const calendar = await this.calendars.calendar();
    const missing = calendar.yearsMissingOfficialData(this.clock.now());
    return { yearsMissingOfficialData: missing, warnings: missing.map(yearWarning) };
  }

  @Get('admin/calendar/days')
  @Roles('admin', 'supervisor')
  async overrides(@Query() q: CalendarRangeQuery) {
    const year = q.year ?? Number(shanghaiYmd(this.clock.now()).slice(0, 4));
    return this.calendars.list(`${year}-01-01`, `${year}-12-31`);
  }

  @Get('admin/calendar/days/:date')
  @Roles('admin', 'supervisor')
  async day(@Param('date') date: string) {
    const day = dayParam(date);
    const calendar = await this.calendars.calendar();
    const override = await this.calendars.get(day);
    return { date: day, working: calendar.isWorkingDay(day), source: override ? 'override' : 'official', override };
  }

  /** PUT /admin/calendar/days/:date {working, note} — applies to deadlines computed from now on. */
  @Put('admin/calendar/days/:date')
  @Roles('admin')
  async setDay(@Param('date') date: string, @Body() dto: CalendarDayDto, @CurrentUser() user: AuthUser) {
    const day = dayParam(date);
    const override = await this.calendars.set(day, dto.working, dto.note ?? '', user.id);
    return { date: day, working: override.working, source: 'override', override };
  }

  @Delete('admin/calendar/days/:date')
  @Roles('admin')
  @HttpCode(204)
  async deleteDay(@Param('date') date: string): Promise<void> {
    const day = dayParam(date);
    if (!(await this.calendars.remove(day))) throw ApiError.notFound(`${day} 没有人工设置 / no override for ${day}`);
  }
}

export function yearWarning(year: number): { year: number; message: string } {
  return {
    year,
    message: `${year} 年尚无国务院节假日安排数据，工作日按周一至周五计算，请在发布后录入 / no official holiday schedule for ${year}: weekdays count as working days until it is entered`,
  };
}
