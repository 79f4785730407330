import { describe, expect, it } from '@jest/globals';
import { DomainError } from './errors.js';
import { ESCALATION_LEVELS, computeOverdue, extendDeadline, maxEscalation, planReview, planStageSteps, remainingAt, resumeFrom, stageRunning } from './escalation.js';
import { formatShanghaiIso, ChineseDaysCalendar } from './work-calendar.js';

const calendar = new ChineseDaysCalendar();
const at = (s: string) => new Date(s);
const fmt = (d: Date) => formatShanghaiIso(d);

describe('planStageSteps — the 督办 ladder of domain.md §4', () => {
  it('plans warning at 80 %, overdue at the deadline, then supervision/notice/accountability in working days', () => {
    // Dispatched Thu 2026-09-24 10:00; reply due 5 working days later across 中秋 (09-25..09-27).
    const start = at('2026-09-24T10:00:00+08:00');
    const due = at('2026-10-09T23:59:59+08:00');
    const steps = planStageSteps('reply', start, due, calendar);
    expect(steps.map((s) => s.level)).toEqual(['warning', 'overdue', 'supervision', 'notice', 'accountability']);
    const warning = steps[0].fireAt.getTime();
    expect(warning - start.getTime()).toBe(Math.floor((due.getTime() - start.getTime()) * 0.8));
    expect(fmt(steps[1].fireAt)).toBe('2026-10-09T23:59:59+08:00');
    // 1 working day after Fri 10-09 is the 调休 Saturday 10-10; 5 after is Thu 10-15.
    expect(fmt(steps[2].fireAt)).toBe('2026-10-10T23:59:59+08:00');
    expect(fmt(steps[3].fireAt)).toBe('2026-10-15T23:59:59+08:00');
    // The supervision order has 2 working days of its own: Mon 10-12 → accountability after Tue 10-13.
    expect(fmt(steps[4].fireAt)).toBe('2026-10-13T23:59:59+08:00');
    // Every step in order.
    for (let i = 1; i < steps.length - 1; i++) expect(steps[i].fireAt.getTime()).toBeGreaterThan(steps[i - 1].fireAt.getTime());
  });

  it('plans only warning and overdue for the sign-for and first-contact stages (a stage breach)', () => {
    const start = at('2026-03-02T09:00:00+08:00');
    expect(planStageSteps('sign', start, at('2026-03-02T09:30:00+08:00'), calendar).map((s) => [s.level, fmt(s.fireAt)])).toEqual([
      ['warning', '2026-03-02T09:24:00+08:00'],
      ['overdue', '2026-03-02T09:30:00+08:00'],
    ]);
    expect(planStageSteps('firstContact', start, at('2026-03-02T11:00:00+08:00'), calendar).map((s) => s.level)).toEqual(['warning', 'overdue']);
  });

  it('leaves out a warning that lies before notBefore (a resumed clock already past 80 %)', () => {
    const steps = planStageSteps('sign', at('2026-03-02T09:00:00+08:00'), at('2026-03-02T10:00:00+08:00'), calendar, { notBefore: at('2026-03-02T09:55:00+08:00') });
    expect(steps.map((s) => s.level)).toEqual(['overdue']);
  });

  it('has no warning when no time was allowed, and rejects a bad warning share', () => {
    const t = at('2026-03-02T09:00:00+08:00');
    expect(planStageSteps('sign', t, t, calendar).map((s) => s.level)).toEqual(['overdue']);
    expect(() => planStageSteps('sign', t, t, calendar, { ladder: { warningAt: 1.2, supervisionAfter: { amount: 1, unit: 'working_days' }, noticeAfter: { amount: 5, unit: 'working_days' }, supervisionOrderLimit: { amount: 2, unit: 'working_days' } } })).toThrow(DomainError);
  });
});

describe('escalation levels', () => {
  it('orders the ladder and keeps the highest level', () => {
    expect(ESCALATION_LEVELS).toEqual(['warning', 'overdue', 'supervision', 'notice', 'accountability']);
    expect(maxEscalation(null, 'warning')).toBe('warning');
    expect(maxEscalation('overdue', 'warning')).toBe('overdue');
    expect(maxEscalation('overdue', 'notice')).toBe('notice');
  });
});

describe('一次性告知 pause and resume', () => {
  it('resumes with exactly the time that was left, whatever the pause lasted', () => {
    const paused = at('2026-04-30T16:00:00+08:00');
    const left = remainingAt(paused, { reply: at('2026-05-08T23:59:59+08:00'), firstContact: null });
    expect(left).toEqual({ reply: at('2026-05-08T23:59:59+08:00').getTime() - paused.getTime() });
    const resumedAt = at('2026-05-20T09:00:00+08:00');
    const due = resumeFrom(resumedAt, left);
    expect(due.reply!.getTime() - resumedAt.getTime()).toBe(left.reply);
    expect(due.firstContact).toBeUndefined();
  });

  it('carries a deficit over: a stage already late stays late by the same amount', () => {
    const paused = at('2026-05-10T12:00:00+08:00');
    const left = remainingAt(paused, { reply: at('2026-05-10T10:00:00+08:00') });
    expect(left.reply).toBe(-2 * 3600_000);
    expect(fmt(resumeFrom(at('2026-05-12T12:00:00+08:00'), left).reply!)).toBe('2026-05-12T10:00:00+08:00');
  });
});

describe('延期 extension limits', () => {
  const rule = { maxCount: 1, maxAmount: { amount: 10, unit: 'working_days' as const } };
  const due = at('2026-09-30T23:59:59+08:00');

  it('moves the reply deadline by the requested amount, counted from the current deadline', () => {
    // 10 working days from Wed 09-30 across 国庆 2026 (10-01..10-07, 调休 Saturday 10-10).
    expect(fmt(extendDeadline(due, { amount: 10, unit: 'working_days' }, rule, 0, calendar))).toBe('2026-10-20T23:59:59+08:00');
    expect(fmt(extendDeadline(due, { amount: 3, unit: 'working_days' }, rule, 0, calendar))).toBe('2026-10-10T23:59:59+08:00');
  });

  it('refuses more than the policy allows: length (in any unit), count, or no extension at all', () => {
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return (e as DomainError).code;
      }
      return 'no error';
    };
    expect(code(() => extendDeadline(due, { amount: 11, unit: 'working_days' }, rule, 0, calendar))).toBe('EXTENSION_TOO_LONG');
    // 25 calendar days from 09-30 = 10-25 (a Sunday → Mon 10-26): later than 10 working days (10-20).
    expect(code(() => extendDeadline(due, { amount: 25, unit: 'calendar_days' }, rule, 0, calendar))).toBe('EXTENSION_TOO_LONG');
    expect(code(() => extendDeadline(due, { amount: 48, unit: 'hours' }, rule, 0, calendar))).toBe('no error');
    expect(code(() => extendDeadline(due, { amount: 1, unit: 'working_days' }, rule, 1, calendar))).toBe('EXTENSION_LIMIT_REACHED');
    expect(code(() => extendDeadline(due, { amount: 1, unit: 'working_days' }, null, 0, calendar))).toBe('EXTENSION_NOT_ALLOWED');
    // 信访工作条例 第34条: once, ≤ 30 days.
    const petition = { maxCount: 1, maxAmount: { amount: 30, unit: 'calendar_days' as const } };
    expect(code(() => extendDeadline(due, { amount: 31, unit: 'calendar_days' }, petition, 0, calendar))).toBe('EXTENSION_TOO_LONG');
    expect(fmt(extendDeadline(at('2026-06-01T23:59:59+08:00'), { amount: 30, unit: 'calendar_days' }, petition, 0, calendar))).toBe('2026-07-01T23:59:59+08:00');
  });
});

describe('which clocks run, and overdue', () => {
  const base = { signedAt: null, firstContactedAt: null, signDueAt: at('2026-03-02T10:00:00+08:00'), firstContactDueAt: at('2026-03-03T23:59:59+08:00'), replyDueAt: at('2026-03-06T23:59:59+08:00') };
  const later = at('2026-03-02T12:00:00+08:00');

  it('runs sign-for only until signed, and no clock while paused, pending dispatch or replied', () => {
    expect(stageRunning({ ...base, status: 'dispatched' }, 'sign')).toBe(true);
    expect(stageRunning({ ...base, status: 'signed', signedAt: later }, 'sign')).toBe(false);
    expect(stageRunning({ ...base, status: 'signed', signedAt: later }, 'reply')).toBe(true);
    expect(stageRunning({ ...base, status: 'signed', signedAt: later, firstContactedAt: later }, 'firstContact')).toBe(false);
    for (const status of ['awaiting_supplement', 'pending_dispatch', 'replied', 'closed', 'merged']) {
      expect(['sign', 'firstContact', 'reply'].some((s) => stageRunning({ ...base, status }, s as 'sign'))).toBe(false);
    }
  });

  it('is overdue when a running stage is past its deadline, not when that stage was met', () => {
    expect(computeOverdue({ ...base, status: 'dispatched' }, later)).toBe(true);
    expect(computeOverdue({ ...base, status: 'signed', signedAt: later }, later)).toBe(false);
    expect(computeOverdue({ ...base, status: 'awaiting_supplement', signedAt: later }, at('2026-03-10T00:00:00+08:00'))).toBe(false);
    expect(computeOverdue({ ...base, status: 'signed', signedAt: later, firstContactedAt: later }, at('2026-03-07T00:00:00+08:00'))).toBe(true);
  });
});

describe('信访 复查/复核 (条例 第35、36条)', () => {
  const answered = at('2026-06-01T10:00:00+08:00');
  const code = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      return (e as DomainError).code;
    }
    return 'no error';
  };

  it('plans 复查 then 复核, each answered within 30 days', () => {
    const first = planReview({ policyCode: 'petition', status: 'replied', answeredAt: answered }, 0, at('2026-06-20T10:00:00+08:00'), calendar);
    expect(first.level).toBe('review');
    expect(fmt(first.replyDue)).toBe('2026-07-20T23:59:59+08:00');
    expect(planReview({ policyCode: 'petition', status: 'closed', answeredAt: answered }, 1, at('2026-06-20T10:00:00+08:00'), calendar).level).toBe('re_review');
  });

  it('refuses a non-petition case, an unanswered case, a late request and a third request', () => {
    const now = at('2026-06-20T10:00:00+08:00');
    expect(code(() => planReview({ policyCode: 'normal', status: 'replied', answeredAt: answered }, 0, now, calendar))).toBe('NOT_A_PETITION');
    expect(code(() => planReview({ policyCode: 'petition', status: 'signed', answeredAt: answered }, 0, now, calendar))).toBe('REVIEW_NOT_ALLOWED');
    // 30 days from 06-01 end on 07-01 (a Wednesday): a request on 07-02 is late.
    expect(code(() => planReview({ policyCode: 'petition', status: 'replied', answeredAt: answered }, 0, at('2026-07-01T23:00:00+08:00'), calendar))).toBe('no error');
    expect(code(() => planReview({ policyCode: 'petition', status: 'replied', answeredAt: answered }, 0, at('2026-07-02T09:00:00+08:00'), calendar))).toBe('REVIEW_WINDOW_CLOSED');
    expect(code(() => planReview({ policyCode: 'petition', status: 'replied', answeredAt: answered }, 2, now, calendar))).toBe('REVIEW_EXHAUSTED');
  });
});
