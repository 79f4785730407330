import { describe, expect, it } from '@jest/globals';
import {
  DEFAULT_POLICIES,
  POLICY_CODES,
  STAGE_KEYS,
  computeDeadlines,
  defaultPolicy,
  selectPolicyCode,
  type TimeLimitPolicy,
  type Urgency,
} from './policies.js';
import { assertValidDuration } from './time-limits.js';
import { ChineseDaysCalendar } from './work-calendar.js';

const calendar = new ChineseDaysCalendar();
const policy = (code: string): TimeLimitPolicy => {
  const found = defaultPolicy(code);
  if (!found) throw new Error(`no policy ${code}`);
  return found;
};
const iso = (d: Record<string, Date>) => Object.fromEntries(Object.entries(d).map(([k, v]) => [k, v.toISOString()]));

describe('DEFAULT_POLICIES', () => {
  it('has one valid policy per code', () => {
    expect(DEFAULT_POLICIES.map((p) => p.code)).toEqual([...POLICY_CODES]);
    for (const p of DEFAULT_POLICIES) {
      expect(Object.keys(p.stages).sort()).toEqual([...STAGE_KEYS].sort());
      for (const stage of STAGE_KEYS) expect(() => assertValidDuration(p.stages[stage])).not.toThrow();
      if (p.extension) expect(() => assertValidDuration(p.extension!.maxAmount)).not.toThrow();
    }
  });

  it.each([
    ['immediate', [30, 'minutes'], [2, 'hours'], [24, 'hours'], [30, 'minutes'], null],
    ['utilities', [2, 'hours'], [24, 'hours'], [24, 'hours'], [2, 'hours'], null],
    ['normal', [1, 'working_days'], [2, 'working_days'], [5, 'working_days'], [2, 'working_days'], [1, 10, 'working_days']],
    ['complex', [1, 'working_days'], [2, 'working_days'], [15, 'working_days'], [2, 'working_days'], [1, 10, 'working_days']],
    ['petition', [15, 'calendar_days'], [15, 'calendar_days'], [60, 'calendar_days'], [5, 'working_days'], [1, 30, 'calendar_days']],
  ] as const)('%s matches the domain.md §4 table', (code, sign, firstContact, reply, returnWindow, extension) => {
    const p = policy(code);
    const d = (x: readonly [number, string]) => ({ amount: x[0], unit: x[1] });
    expect(p.stages).toEqual({ sign: d(sign), firstContact: d(firstContact), reply: d(reply), returnWindow: d(returnWindow) });
    expect(p.extension).toEqual(
      extension === null ? null : { maxCount: extension[0], maxAmount: { amount: extension[1], unit: extension[2] } },
    );
  });

  it('returns undefined for unknown codes', () => {
    expect(defaultPolicy('nope')).toBeUndefined();
  });
});

describe('selectPolicyCode', () => {
  it.each<[Urgency, string | null, string, string, string]>([
    ['normal', 'noise', 'letter', 'request', 'petition'],
    ['normal', null, 'visit', 'request', 'petition'],
    ['immediate', 'safety', 'letter', 'request', 'petition'],
    ['normal', 'noise', 'letter', 'suggestion', 'normal'],
    ['immediate', 'safety', 'hotline', 'request', 'immediate'],
    ['immediate', 'water', 'hotline', 'request', 'immediate'],
    ['urgent', 'water', 'hotline', 'request', 'utilities'],
    ['normal', 'power', 'web', 'request', 'utilities'],
    ['normal', 'gas_heating', 'mobile', 'request', 'utilities'],
    ['urgent', 'noise', 'hotline', 'request', 'normal'],
    ['normal', null, 'hotline', 'consultation', 'normal'],
    ['normal', 'market', 'leader_mailbox', 'request', 'normal'],
  ])('%s / %s / %s / %s → %s', (urgency, categoryCode, channel, type, expected) => {
    expect(selectPolicyCode({ urgency, categoryCode, channel, type })).toBe(expected);
  });
});

// Expected values checked against chinese-days.json (国庆 2025: 10-01..10-08, 调休 10-11).
describe('computeDeadlines', () => {
  const beforeNationalDay = new Date('2025-09-30T02:00:00Z'); // Tue 10:00 Beijing

  it.each([
    ['immediate', { sign: '2025-09-30T02:30:00.000Z', firstContact: '2025-09-30T04:00:00.000Z', reply: '2025-10-01T02:00:00.000Z', returnWindow: '2025-09-30T02:30:00.000Z' }],
    ['utilities', { sign: '2025-09-30T04:00:00.000Z', firstContact: '2025-10-01T02:00:00.000Z', reply: '2025-10-01T02:00:00.000Z', returnWindow: '2025-09-30T04:00:00.000Z' }],
    // 1 wd → 10-09, 2 wd → 10-10, 5 wd → 10-14
    ['normal', { sign: '2025-10-09T15:59:59.000Z', firstContact: '2025-10-10T15:59:59.000Z', reply: '2025-10-14T15:59:59.000Z', returnWindow: '2025-10-10T15:59:59.000Z' }],
    // 15 wd → 10-28
    ['complex', { sign: '2025-10-09T15:59:59.000Z', firstContact: '2025-10-10T15:59:59.000Z', reply: '2025-10-28T15:59:59.000Z', returnWindow: '2025-10-10T15:59:59.000Z' }],
    // 15 cd → 10-15 (Wed); 60 cd → 11-29 (Sat) → 12-01; 5 wd → 10-14
    ['petition', { sign: '2025-10-15T15:59:59.000Z', firstContact: '2025-10-15T15:59:59.000Z', reply: '2025-12-01T15:59:59.000Z', returnWindow: '2025-10-14T15:59:59.000Z' }],
  ])('%s from 2025-09-30 10:00 Beijing', (code, expected) => {
    expect(iso(computeDeadlines(beforeNationalDay, policy(code), calendar))).toEqual(expected);
  });

  it('crosses 春节 2026 for a normal case dispatched on Friday 2026-02-13', () => {
    // 1 wd → 02-14 (调休 Saturday), 2 wd → 02-24, 5 wd → 02-27
    expect(iso(computeDeadlines(new Date('2026-02-13T01:00:00Z'), policy('normal'), calendar))).toEqual({
      sign: '2026-02-14T15:59:59.000Z',
      firstContact: '2026-02-24T15:59:59.000Z',
      reply: '2026-02-27T15:59:59.000Z',
      returnWindow: '2026-02-24T15:59:59.000Z',
    });
  });

  it('crosses 春节 2026 for a petition: 15 days lands on 调休 Saturday 02-28, 60 days → 04-14', () => {
    const d = computeDeadlines(new Date('2026-02-13T01:00:00Z'), policy('petition'), calendar);
    expect(d.sign.toISOString()).toBe('2026-02-28T15:59:59.000Z');
    expect(d.reply.toISOString()).toBe('2026-04-14T15:59:59.000Z');
  });
});
