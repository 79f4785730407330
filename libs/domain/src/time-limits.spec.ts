import { describe, expect, it } from '@jest/globals';
import { MAX_DURATION_AMOUNT, addDuration, describeDuration, type Duration } from './time-limits.js';
import { ChineseDaysCalendar, type WorkCalendar } from './work-calendar.js';

const calendar = new ChineseDaysCalendar();
const due = (ymd: string) => `${ymd}T23:59:59+08:00`;

// Expected dates were computed from node_modules/chinese-days/dist/chinese-days.json
// (holidays + 调休 workdays), not from memory.
describe('addDuration — working_days (start day not counted, due 23:59:59+08:00)', () => {
  it.each([
    ['2025-09-26T10:00:00+08:00', 1, '2025-09-28', 'Fri → 调休 Sunday 09-28'],
    ['2025-09-27T10:00:00+08:00', 1, '2025-09-28', 'Saturday start → 调休 Sunday'],
    ['2025-09-28T10:00:00+08:00', 2, '2025-09-30', 'start on 调休 Sunday'],
    ['2025-09-30T10:00:00+08:00', 1, '2025-10-09', 'over 国庆 2025 (10-01..10-08)'],
    ['2025-09-30T10:00:00+08:00', 5, '2025-10-14', '国庆 + 调休 Saturday 10-11'],
    ['2025-09-29T09:00:00+08:00', 10, '2025-10-20', '10 working days across 国庆 (extension)'],
    ['2025-10-03T10:00:00+08:00', 1, '2025-10-09', 'start inside the holiday'],
    ['2025-10-08T10:00:00+08:00', 3, '2025-10-11', 'lands on 调休 Saturday'],
    ['2026-09-18T10:00:00+08:00', 1, '2026-09-20', '调休 Sunday before 国庆 2026'],
    ['2026-09-24T10:00:00+08:00', 1, '2026-09-28', 'over 中秋 2026 (09-25..09-27)'],
    ['2026-09-30T10:00:00+08:00', 2, '2026-10-09', 'over 国庆 2026 (10-01..10-07)'],
    ['2026-09-30T10:00:00+08:00', 3, '2026-10-10', '国庆 2026 + 调休 Saturday'],
    ['2025-01-24T10:00:00+08:00', 1, '2025-01-26', '调休 Sunday before 春节 2025'],
    ['2025-01-24T10:00:00+08:00', 5, '2025-02-07', 'over 春节 2025 (01-28..02-04)'],
    ['2026-02-13T10:00:00+08:00', 1, '2026-02-14', '调休 Saturday before 春节 2026'],
    ['2026-02-13T10:00:00+08:00', 2, '2026-02-24', 'over 春节 2026 (02-15..02-23)'],
    ['2025-11-28T10:00:00+08:00', 1, '2025-12-01', 'month end over a weekend'],
    ['2025-11-28T10:00:00+08:00', 2, '2025-12-02', 'month end'],
    ['2024-12-31T10:00:00+08:00', 1, '2025-01-02', 'year end over 元旦 2025'],
    ['2025-12-31T10:00:00+08:00', 1, '2026-01-04', 'year end over 元旦 2026 → 调休 Sunday'],
    ['2025-12-31T10:00:00+08:00', 2, '2026-01-05', 'year end'],
    // Start instants near midnight: the Shanghai day decides, not the UTC day.
    ['2025-11-27T15:59:00Z', 1, '2025-11-28', '23:59 Thu in Beijing'],
    ['2025-11-27T16:00:00Z', 1, '2025-12-01', '00:00 Fri in Beijing'],
    ['2025-11-27T23:30:00Z', 1, '2025-12-01', '07:30 Fri in Beijing'],
  ])('%s + %i wd → %s (%s)', (start, amount, expectedYmd) => {
    const result = addDuration(new Date(start), { amount, unit: 'working_days' }, calendar);
    expect(result.getTime()).toBe(new Date(due(expectedYmd)).getTime());
  });
});

describe('addDuration — calendar_days (民法典 第203条: ends on a rest day → next working day)', () => {
  it.each([
    ['2025-09-13T10:00:00+08:00', 15, '2025-09-28', 'lands on 调休 Sunday: a working day, stays'],
    ['2025-09-20T10:00:00+08:00', 15, '2025-10-09', 'lands in 国庆 → 10-09'],
    ['2025-08-01T10:00:00+08:00', 60, '2025-09-30', '信访 60 days, ordinary Tuesday'],
    ['2025-08-02T10:00:00+08:00', 60, '2025-10-09', '信访 60 days into 国庆'],
    ['2025-09-26T10:00:00+08:00', 30, '2025-10-27', 'extension 30 days'],
    ['2026-09-01T10:00:00+08:00', 30, '2026-10-08', 'lands in 国庆 2026 → 10-08'],
    ['2025-01-15T10:00:00+08:00', 15, '2025-02-05', 'lands in 春节 2025'],
    ['2026-02-01T10:00:00+08:00', 15, '2026-02-24', 'lands in 春节 2026'],
    ['2025-01-31T10:00:00+08:00', 1, '2025-02-05', 'start and end inside 春节'],
    ['2025-12-17T10:00:00+08:00', 15, '2026-01-04', 'lands on 元旦 → 调休 Sunday'],
    ['2025-12-30T10:00:00+08:00', 2, '2026-01-04', 'year end'],
    ['2025-01-31T10:00:00+08:00', 28, '2025-02-28', 'month end, non-leap year'],
    ['2024-01-31T10:00:00+08:00', 29, '2024-02-29', 'leap day'],
    ['2025-10-10T10:00:00+08:00', 1, '2025-10-11', 'lands on 调休 Saturday'],
    ['2025-11-06T15:59:00Z', 1, '2025-11-07', '23:59 Thu Beijing → Fri'],
    ['2025-11-06T23:30:00Z', 1, '2025-11-10', '07:30 Fri Beijing → Sat → Mon'],
  ])('%s + %i cd → %s (%s)', (start, amount, expectedYmd) => {
    const result = addDuration(new Date(start), { amount, unit: 'calendar_days' }, calendar);
    expect(result.getTime()).toBe(new Date(due(expectedYmd)).getTime());
  });
});

describe('addDuration — minutes and hours are natural time', () => {
  it.each([
    ['2025-09-30T15:00:00Z', { amount: 24, unit: 'hours' }, '2025-10-01T15:00:00.000Z'],
    ['2025-09-30T15:00:00Z', { amount: 2, unit: 'hours' }, '2025-09-30T17:00:00.000Z'],
    ['2025-12-31T15:45:00Z', { amount: 30, unit: 'minutes' }, '2025-12-31T16:15:00.000Z'],
    ['2026-02-16T01:00:00Z', { amount: 1.5, unit: 'hours' }, '2026-02-16T02:30:00.000Z'],
  ] as const)('%s + %j → %s', (start, duration, expected) => {
    expect(addDuration(new Date(start), duration, calendar).toISOString()).toBe(expected);
  });
});

describe('addDuration — validation', () => {
  it.each<Duration>([
    { amount: 0, unit: 'hours' },
    { amount: -1, unit: 'minutes' },
    { amount: Number.NaN, unit: 'hours' },
    { amount: Number.POSITIVE_INFINITY, unit: 'minutes' },
    { amount: 1.5, unit: 'working_days' },
    { amount: 0, unit: 'calendar_days' },
    { amount: -3, unit: 'working_days' },
    { amount: 2, unit: 'weeks' as never },
    { amount: '2' as never, unit: 'hours' },
  ])('rejects %j', (duration) => {
    expect(() => addDuration(new Date('2025-10-01T00:00:00Z'), duration, calendar)).toThrow(
      expect.objectContaining({ code: 'INVALID_DURATION' }),
    );
  });

  it('rejects an invalid start', () => {
    expect(() => addDuration(new Date('x'), { amount: 1, unit: 'working_days' }, calendar)).toThrow(
      expect.objectContaining({ code: 'INVALID_DATE' }),
    );
  });

  it('stops on a calendar without working days', () => {
    const never: WorkCalendar = { isWorkingDay: () => false };
    expect(() => addDuration(new Date('2025-10-01T00:00:00Z'), { amount: 1, unit: 'working_days' }, never)).toThrow(
      expect.objectContaining({ code: 'CALENDAR_WITHOUT_WORKING_DAYS' }),
    );
  });

  it('works with any WorkCalendar (weekday-only stub)', () => {
    const weekdays: WorkCalendar = { isWorkingDay: (ymd) => ![0, 6].includes(new Date(`${ymd}T00:00:00Z`).getUTCDay()) };
    // 2025-10-01 is a Wednesday; the stub knows no holidays.
    const result = addDuration(new Date('2025-10-01T02:00:00Z'), { amount: 3, unit: 'working_days' }, weekdays);
    expect(result.toISOString()).toBe('2025-10-06T15:59:59.000Z');
  });
});

describe('describeDuration', () => {
  it('renders zh and en', () => {
    expect(describeDuration({ amount: 5, unit: 'working_days' })).toEqual({ zh: '5个工作日', en: '5 working days' });
    expect(describeDuration({ amount: 1, unit: 'hours' })).toEqual({ zh: '1小时', en: '1 hour' });
  });
});

describe('addDuration — upper bounds (about ten years per unit)', () => {
  it('accepts the maximum and refuses one more, in every unit', () => {
    const from = new Date('2026-03-02T10:00:00+08:00');
    for (const unit of ['minutes', 'hours', 'working_days', 'calendar_days'] as const) {
      expect(() => addDuration(from, { amount: MAX_DURATION_AMOUNT[unit], unit }, new ChineseDaysCalendar())).not.toThrow();
      expect(() => addDuration(from, { amount: MAX_DURATION_AMOUNT[unit] + 1, unit }, new ChineseDaysCalendar())).toThrow(/at most/);
    }
  });
});
