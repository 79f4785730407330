import { describe, expect, it } from '@jest/globals';
import chineseDays from 'chinese-days';
import {
  ChineseDaysCalendar,
  addDaysYmd,
  endOfShanghaiDay,
  formatShanghaiIso,
  isYmd,
  shanghaiYmd,
  startOfShanghaiDay,
  weekdayOfYmd,
} from './work-calendar.js';

describe('Shanghai date helpers', () => {
  it.each([
    ['2025-09-30T15:59:59Z', '2025-09-30'],
    ['2025-09-30T16:00:00Z', '2025-10-01'],
    ['2025-09-30T23:30:00Z', '2025-10-01'],
    ['2025-12-31T16:00:00Z', '2026-01-01'],
    ['2024-02-28T16:00:00Z', '2024-02-29'],
  ])('shanghaiYmd(%s) = %s', (iso, ymd) => {
    expect(shanghaiYmd(new Date(iso))).toBe(ymd);
  });

  it('ends and starts a Shanghai day at +08:00', () => {
    expect(endOfShanghaiDay('2025-10-09').toISOString()).toBe('2025-10-09T15:59:59.000Z');
    expect(startOfShanghaiDay('2026-01-01').toISOString()).toBe('2025-12-31T16:00:00.000Z');
  });

  it.each([
    ['2025-12-31', 1, '2026-01-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2025-02-28', 1, '2025-03-01'],
    ['2025-03-01', -1, '2025-02-28'],
    ['2025-01-31', 365, '2026-01-31'],
  ])('addDaysYmd(%s, %i) = %s', (ymd, n, expected) => {
    expect(addDaysYmd(ymd, n)).toBe(expected);
  });

  it('formats instants in +08:00', () => {
    expect(formatShanghaiIso(new Date('2025-09-30T23:30:00Z'))).toBe('2025-10-01T07:30:00+08:00');
    expect(formatShanghaiIso(new Date('2025-12-31T15:59:59.999Z'))).toBe('2025-12-31T23:59:59+08:00');
  });

  it('knows the weekday', () => {
    expect(weekdayOfYmd('2025-09-28')).toBe(0);
    expect(weekdayOfYmd('2025-10-11')).toBe(6);
  });

  it.each(['2025-02-29', '2025-13-01', '2025-1-01', '20250101', '', '2025-01-01T00:00'])(
    'rejects malformed date %p',
    (bad) => {
      expect(isYmd(bad)).toBe(false);
      expect(() => endOfShanghaiDay(bad)).toThrow(expect.objectContaining({ code: 'INVALID_DATE' }));
    },
  );

  it('rejects an invalid instant', () => {
    expect(() => shanghaiYmd(new Date('nope'))).toThrow(expect.objectContaining({ code: 'INVALID_DATE' }));
  });
});

describe('ChineseDaysCalendar', () => {
  const calendar = new ChineseDaysCalendar();

  // Checked against node_modules/chinese-days/dist/chinese-days.json.
  it.each([
    ['2025-09-26', true, 'Friday'],
    ['2025-09-27', false, 'Saturday'],
    ['2025-09-28', true, '调休 working Sunday before 国庆'],
    ['2025-10-01', false, '国庆'],
    ['2025-10-06', false, '中秋'],
    ['2025-10-08', false, '国庆 last day'],
    ['2025-10-09', true, 'Thursday after 国庆'],
    ['2025-10-11', true, '调休 working Saturday'],
    ['2025-01-26', true, '调休 Sunday before 春节'],
    ['2025-01-28', false, '春节 eve'],
    ['2025-02-04', false, '春节 last day'],
    ['2025-02-08', true, '调休 Saturday after 春节'],
    ['2026-01-01', false, '元旦'],
    ['2026-01-04', true, '调休 Sunday after 元旦'],
    ['2026-02-14', true, '调休 Saturday before 春节'],
    ['2026-02-23', false, '春节 last day'],
    ['2026-02-24', true, 'Tuesday after 春节'],
    ['2026-09-20', true, '调休 Sunday before 国庆'],
    ['2026-10-07', false, '国庆 last day'],
    ['2026-10-10', true, '调休 Saturday'],
    ['2025-11-22', false, 'ordinary Saturday'],
    ['2025-11-24', true, 'ordinary Monday'],
  ])('%s working=%s (%s)', (ymd, working) => {
    expect(calendar.isWorkingDay(ymd)).toBe(working);
  });

  it('lets admin overrides win over the package data', () => {
    const overridden = new ChineseDaysCalendar(
      new Map([
        ['2025-10-09', false],
        ['2025-11-22', true],
      ]),
    );
    expect(overridden.isWorkingDay('2025-10-09')).toBe(false);
    expect(overridden.isWorkingDay('2025-11-22')).toBe(true);
    expect(overridden.isWorkingDay('2025-10-10')).toBe(true);
  });

  it('rejects malformed dates', () => {
    expect(() => calendar.isWorkingDay('2025/10/01')).toThrow(expect.objectContaining({ code: 'INVALID_DATE' }));
  });

  it.each([
    [2003, false],
    [2004, true],
    [2025, true],
    [2026, true],
    [2027, false],
    [Number.NaN, false],
  ])('hasOfficialData(%p) = %p', (year, expected) => {
    expect(calendar.hasOfficialData(year)).toBe(expected);
  });

  it('names the current/next years that lack official data', () => {
    expect(calendar.yearsMissingOfficialData(new Date('2025-11-25T02:00:00Z'))).toEqual([]);
    expect(calendar.yearsMissingOfficialData(new Date('2026-11-25T02:00:00Z'))).toEqual([2027]);
    // 2026-12-31T16:30Z is already 2027 in Shanghai.
    expect(calendar.yearsMissingOfficialData(new Date('2026-12-31T16:30:00Z'))).toEqual([2027, 2028]);
  });
  // Server time-zone independence is checked by running this suite with TZ=America/Los_Angeles and
  // TZ=Pacific/Kiritimati: Jest's sandboxed process.env cannot switch the zone from inside a test.
});

describe('ChineseDaysCalendar agrees with the chinese-days functions', () => {
  // The package's functions are only trustworthy where the process offset is >= 0 (see work-calendar.ts),
  // so the cross-check runs there; under TZ=America/* only our own tables are tested.
  const trustworthy = new Date(2025, 0, 1).getTimezoneOffset() <= 0;
  (trustworthy ? it : it.skip)('for every day of 2024–2026', () => {
    const calendar = new ChineseDaysCalendar();
    const mismatches: string[] = [];
    for (let ymd = '2024-01-01'; ymd <= '2026-12-31'; ymd = addDaysYmd(ymd, 1)) {
      if (calendar.isWorkingDay(ymd) !== chineseDays.isWorkday(ymd)) mismatches.push(ymd);
    }
    expect(mismatches).toEqual([]);
  });
});
