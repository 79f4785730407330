import { describe, expect, it } from '@jest/globals';
import { PeriodError, formatLateness, formatShanghai, isoShanghai, parseDateRange, parseMonth } from './report-period.js';

function problem(fn: () => unknown): { field: string; rule?: string } | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof PeriodError) return e.problem;
    throw e;
  }
  return undefined;
}

describe('parseDateRange (Asia/Shanghai days, `to` inclusive)', () => {
  it('turns Beijing days into a half-open UTC instant range', () => {
    const p = parseDateRange('2026-11-01', '2026-11-30');
    expect(p.start.toISOString()).toBe('2026-10-31T16:00:00.000Z');
    expect(p.end.toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(p.days).toBe(30);
    expect([p.from, p.to]).toEqual(['2026-11-01', '2026-11-30']);
  });

  it('a single day is 24 hours from 00:00+08:00', () => {
    const p = parseDateRange('2026-10-31', '2026-10-31');
    expect(p.start.toISOString()).toBe('2026-10-30T16:00:00.000Z');
    expect(p.end.getTime() - p.start.getTime()).toBe(86_400_000);
    // 2026-10-31T16:30Z is Nov 1 00:30 in Beijing: outside Oct 31.
    expect(new Date('2026-10-31T16:30:00Z') < p.end).toBe(false);
    expect(new Date('2026-10-31T15:59:59.999Z') < p.end).toBe(true);
  });

  it('allows 366 days (a leap year) and refuses 367', () => {
    expect(parseDateRange('2028-01-01', '2028-12-31').days).toBe(366);
    expect(problem(() => parseDateRange('2026-01-01', '2027-01-02'))).toMatchObject({ field: 'to', rule: 'maxRange' });
  });

  it.each<[string, string | undefined, string | undefined, string, string]>([
    ['missing from', undefined, '2026-11-01', 'from', 'isDefined'],
    ['missing to', '2026-11-01', undefined, 'to', 'isDefined'],
    ['empty from', '', '2026-11-01', 'from', 'isDefined'],
    ['not a date', '2026-11-xx', '2026-11-30', 'from', 'isDate'],
    ['no such day', '2026-02-29', '2026-03-01', 'from', 'isDate'],
    ['month 13', '2026-01-01', '2026-13-01', 'to', 'isDate'],
    ['day 0', '2026-01-00', '2026-01-02', 'from', 'isDate'],
    ['from after to', '2026-11-02', '2026-11-01', 'to', 'minDate'],
  ])('%s → a problem naming %s', (_name, from, to, field, rule) => {
    expect(problem(() => parseDateRange(from, to))).toMatchObject({ field, rule });
  });

  it('accepts 29 February in a leap year', () => {
    expect(parseDateRange('2028-02-29', '2028-02-29').days).toBe(1);
  });
});

describe('parseMonth', () => {
  it.each<[string, string, string, number]>([
    ['2026-10', '2026-09-30T16:00:00.000Z', '2026-10-31T16:00:00.000Z', 31],
    ['2026-02', '2026-01-31T16:00:00.000Z', '2026-02-28T16:00:00.000Z', 28],
    ['2028-02', '2028-01-31T16:00:00.000Z', '2028-02-29T16:00:00.000Z', 29],
    ['2026-12', '2026-11-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z', 31],
  ])('%s', (month, start, end, days) => {
    const p = parseMonth(month);
    expect([p.start.toISOString(), p.end.toISOString(), p.days, p.month]).toEqual([start, end, days, month]);
  });

  it.each([undefined, '', '2026-13', '2026-00', '2026-1', '202610', 'abc'])('rejects %p naming month', (month) => {
    expect(problem(() => parseMonth(month))).toMatchObject({ field: 'month' });
  });
});

describe('formatting', () => {
  it('shows instants as Beijing wall time', () => {
    expect(formatShanghai(new Date('2026-10-31T16:30:00Z'))).toBe('2026-11-01 00:30');
    expect(isoShanghai(new Date('2026-10-31T16:30:00Z'))).toBe('2026-11-01T00:30:00+08:00');
  });

  it.each<[number, string]>([
    [0, '0分'],
    [45, '45分'],
    [60, '1小时'],
    [320, '5小时20分'],
    [1440, '1天'],
    [1440 * 2 + 180 + 7, '2天3小时'],
    [-5, '0分'],
  ])('lateness %d min → %s', (minutes, text) => {
    expect(formatLateness(minutes)).toBe(text);
  });
});
