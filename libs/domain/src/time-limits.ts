import { DomainError } from './errors.js';
import { addDaysYmd, endOfShanghaiDay, shanghaiYmd, type WorkCalendar } from './work-calendar.js';

export type TimeUnit = 'minutes' | 'hours' | 'working_days' | 'calendar_days';

/** An allowed time, e.g. `{ amount: 5, unit: 'working_days' }` (限时办结). */
export interface Duration {
  amount: number;
  unit: TimeUnit;
}

export const TIME_UNITS: readonly TimeUnit[] = ['minutes', 'hours', 'working_days', 'calendar_days'];

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;
/** No real calendar has a year without a working day; stop instead of looping on a broken one. */
const MAX_SCAN_DAYS = 366 * 2;

/**
 * The longest time limit accepted per unit: about ten years. No regulation comes near it, and without
 * a bound one request for a million working days would hold a server's CPU for seconds.
 */
export const MAX_DURATION_AMOUNT: Readonly<Record<TimeUnit, number>> = {
  minutes: 5_256_000,
  hours: 87_600,
  working_days: 2_500,
  calendar_days: 3_660,
};

/**
 * Throws DomainError('INVALID_DURATION') unless day units have a positive integer amount and
 * minutes/hours a positive finite amount, none above MAX_DURATION_AMOUNT.
 */
export function assertValidDuration(duration: Duration): void {
  const { amount, unit } = duration;
  const dayUnit = unit === 'working_days' || unit === 'calendar_days';
  const valid =
    (dayUnit || unit === 'minutes' || unit === 'hours') &&
    typeof amount === 'number' &&
    Number.isFinite(amount) &&
    amount > 0 &&
    (!dayUnit || Number.isInteger(amount));
  if (valid && amount > MAX_DURATION_AMOUNT[unit]) {
    throw new DomainError('INVALID_DURATION', `时限过长：${unit} 最多 ${MAX_DURATION_AMOUNT[unit]} / at most ${MAX_DURATION_AMOUNT[unit]} ${unit}`, { amount, unit });
  }
  if (!valid) {
    throw new DomainError(
      'INVALID_DURATION',
      `Invalid duration ${JSON.stringify(duration)}: ${dayUnit ? 'a positive whole number of days' : 'a positive amount of minutes or hours'} is required (时限必须为正数)`,
      { amount, unit },
    );
  }
}

function nextWorkingDay(ymd: string, calendar: WorkCalendar): string {
  let day = ymd;
  for (let i = 0; i < MAX_SCAN_DAYS; i++) {
    day = addDaysYmd(day, 1);
    if (calendar.isWorkingDay(day)) {
      return day;
    }
  }
  throw new DomainError('CALENDAR_WITHOUT_WORKING_DAYS', `No working day within ${MAX_SCAN_DAYS} days after ${ymd}`, {
    from: ymd,
  });
}

/**
 * The deadline for a time limit that starts at `from` (domain.md §4):
 * - `minutes` / `hours`: natural time, `from + N`.
 * - `working_days`: the start day (Shanghai) is not counted; the Nth working day after it,
 *   at 23:59:59+08:00. Weekends and official holidays are rest days; 调休 weekend days are working.
 * - `calendar_days`: the start day is not counted; 23:59:59+08:00 of start+N, moved to the next
 *   working day when that day is a rest day (民法典 第201条 start day not counted, 第203条 last day
 *   on a holiday).
 */
export function addDuration(from: Date, duration: Duration, calendar: WorkCalendar): Date {
  assertValidDuration(duration);
  const startDay = shanghaiYmd(from); // also rejects an invalid Date
  switch (duration.unit) {
    case 'minutes':
      return new Date(from.getTime() + duration.amount * MINUTE_MS);
    case 'hours':
      return new Date(from.getTime() + duration.amount * HOUR_MS);
    case 'working_days': {
      let day = startDay;
      for (let counted = 0; counted < duration.amount; counted++) {
        day = nextWorkingDay(day, calendar);
      }
      return endOfShanghaiDay(day);
    }
    case 'calendar_days': {
      const last = addDaysYmd(startDay, duration.amount);
      return endOfShanghaiDay(calendar.isWorkingDay(last) ? last : nextWorkingDay(last, calendar));
    }
  }
}

/** "5 working days" / "5个工作日" style text for messages and UIs. */
export function describeDuration(duration: Duration): { zh: string; en: string } {
  const { amount, unit } = duration;
  const zhUnit: Record<TimeUnit, string> = { minutes: '分钟', hours: '小时', working_days: '个工作日', calendar_days: '日' };
  const enUnit: Record<TimeUnit, string> = {
    minutes: 'minute',
    hours: 'hour',
    working_days: 'working day',
    calendar_days: 'calendar day',
  };
  return { zh: `${amount}${zhUnit[unit]}`, en: `${amount} ${enUnit[unit]}${amount === 1 ? '' : 's'}` };
}
