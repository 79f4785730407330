import { DomainError } from './errors.js';
import { addDuration, type Duration } from './time-limits.js';
import { formatShanghaiIso, type WorkCalendar } from './work-calendar.js';

/**
 * 督查督办 ladder (domain.md §4). Order matters: a case's `escalationLevel` is the highest step
 * reached, and steps of one deadline fire in this order.
 */
export const ESCALATION_LEVELS = ['warning', 'overdue', 'supervision', 'notice', 'accountability'] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

export const ESCALATION_LABELS: Readonly<Record<EscalationLevel, { zh: string; en: string }>> = {
  warning: { zh: '预警', en: 'Warning' },
  overdue: { zh: '超期', en: 'Overdue' },
  supervision: { zh: '督办', en: 'Supervision order' },
  notice: { zh: '通报', en: 'Public notice' },
  accountability: { zh: '问责', en: 'Accountability' },
};

/** Who is told of a step: the handler working the case, the lead department, its heads, the supervision office. */
export type EscalationAudience = 'handler' | 'department' | 'heads' | 'supervision';

/**
 * Who hears of each step (domain.md §4): `inApp` lists the in-app recipients; `external` is the one
 * unit the SMS-gateway/log message goes to.
 */
export const ESCALATION_AUDIENCE: Readonly<Record<EscalationLevel, { inApp: readonly EscalationAudience[]; external: 'department' | 'supervision' }>> = {
  warning: { inApp: ['handler', 'department', 'heads'], external: 'department' }, // 预警 → handler and department head
  overdue: { inApp: ['supervision', 'department'], external: 'supervision' }, // 超期 → supervisor
  supervision: { inApp: ['heads', 'department'], external: 'department' }, // 督办 order → department head
  notice: { inApp: ['supervision', 'heads'], external: 'supervision' }, // 通报 → monthly report
  accountability: { inApp: ['supervision', 'heads'], external: 'supervision' }, // 问责 record
};

/** Clock stages that are watched by timers. `returnWindow` only limits an action, it never escalates. */
export type TimedStage = 'sign' | 'firstContact' | 'reply';
export const TIMED_STAGES: readonly TimedStage[] = ['sign', 'firstContact', 'reply'];

export const STAGE_LABELS: Readonly<Record<TimedStage | 'supplement', { zh: string; en: string }>> = {
  sign: { zh: '签收', en: 'sign-for' },
  firstContact: { zh: '首次联系', en: 'first contact' },
  reply: { zh: '办结答复', en: 'reply' },
  supplement: { zh: '补正材料', en: 'supplement' },
};

/** A case as the clock rules see it. */
export interface ClockState {
  status: string;
  signedAt: Date | null;
  firstContactedAt: Date | null;
}

/**
 * Statuses in which each stage's clock runs: the stage is unmet and the case is with a department.
 * Not while a dispatcher holds it (pending_dispatch), not while paused for the petitioner
 * (awaiting_supplement, 一次性告知), not after the reply.
 */
const RUNNING: Readonly<Record<TimedStage, readonly string[]>> = {
  sign: ['dispatched', 'reopened', 'return_requested'],
  firstContact: ['dispatched', 'signed', 'reopened', 'return_requested'],
  reply: ['dispatched', 'signed', 'reopened', 'return_requested'],
};

/** Whether a stage's clock is running for this case right now (not met, not paused, not ended). */
export function stageRunning(c: ClockState, stage: TimedStage): boolean {
  if (!RUNNING[stage].includes(c.status)) return false;
  if (stage === 'sign') return c.signedAt === null;
  if (stage === 'firstContact') return c.firstContactedAt === null;
  return true;
}

/** Overdue = some running stage is past its deadline (flagged in every list; domain.md §4 step 2). */
export function computeOverdue(
  c: ClockState & { signDueAt: Date | null; firstContactDueAt: Date | null; replyDueAt: Date | null },
  now: Date,
): boolean {
  const due: Record<TimedStage, Date | null> = { sign: c.signDueAt, firstContact: c.firstContactDueAt, reply: c.replyDueAt };
  return TIMED_STAGES.some((s) => stageRunning(c, s) && due[s] !== null && due[s]!.getTime() < now.getTime());
}

/** 延期 may be asked while the case is with the department and its reply clock runs. */
export const EXTENDABLE_STATUSES: readonly string[] = ['dispatched', 'signed', 'reopened'];

/** 信访工作条例 第35、36条: 复查/复核 asked within 30 days of the answer, and answered within 30 days. */
export const REVIEW_PERIOD: Duration = { amount: 30, unit: 'calendar_days' };

export interface ReviewPlan {
  /** `review` = 复查 (第35条), `re_review` = 复核 (第36条). */
  level: 'review' | 're_review';
  /** When the review must be answered. */
  replyDue: Date;
}

/**
 * 信访 复查 then 复核: only for petition cases that were answered (replied or closed), asked within 30
 * days of the answer, at most twice — after 复核 the same matter is not accepted again (第36条).
 * Throws DomainError NOT_A_PETITION | REVIEW_NOT_ALLOWED | REVIEW_WINDOW_CLOSED | REVIEW_EXHAUSTED.
 */
export function planReview(
  c: { policyCode: string | null; status: string; answeredAt: Date },
  previousReviews: number,
  now: Date,
  calendar: WorkCalendar,
): ReviewPlan {
  if (c.policyCode !== 'petition') {
    throw new DomainError('NOT_A_PETITION', '只有信访事项可以申请复查、复核 / only petition (信访) cases can be reviewed');
  }
  if (c.status !== 'replied' && c.status !== 'closed') {
    throw new DomainError('REVIEW_NOT_ALLOWED', `当前状态（${c.status}）不能申请复查 / a case in status ${c.status} cannot be reviewed`);
  }
  const windowEnd = addDuration(c.answeredAt, REVIEW_PERIOD, calendar);
  if (now.getTime() > windowEnd.getTime()) {
    throw new DomainError('REVIEW_WINDOW_CLOSED', `复查/复核须在答复之日起30日内提出（截至 ${formatShanghaiIso(windowEnd)}）/ a review must be asked within 30 days of the answer`);
  }
  if (previousReviews >= 2) {
    throw new DomainError('REVIEW_EXHAUSTED', '已经复核，同一事项不再受理（信访工作条例 第36条）/ already re-reviewed (复核); the matter is not accepted again');
  }
  return { level: previousReviews === 0 ? 'review' : 're_review', replyDue: addDuration(now, REVIEW_PERIOD, calendar) };
}

export function escalationRank(level: string | null | undefined): number {
  return level ? ESCALATION_LEVELS.indexOf(level as EscalationLevel) : -1;
}

/** The higher of two levels (null = none). */
export function maxEscalation(a: string | null, b: string | null): string | null {
  return escalationRank(b) > escalationRank(a) ? b : a;
}

/** Tunables of the ladder; the defaults are domain.md §4's. */
export interface LadderSettings {
  /** Share of the allowed time after which `warning` fires (0.8 = 80 %). */
  warningAt: number;
  /** `supervision` fires this long after the deadline if the stage is still unmet. */
  supervisionAfter: Duration;
  /** `notice` (通报) fires this long after the deadline. */
  noticeAfter: Duration;
  /** The supervision order's own time limit; missing it fires `accountability`. */
  supervisionOrderLimit: Duration;
}

export const DEFAULT_LADDER: LadderSettings = {
  warningAt: 0.8,
  supervisionAfter: { amount: 1, unit: 'working_days' },
  noticeAfter: { amount: 5, unit: 'working_days' },
  supervisionOrderLimit: { amount: 2, unit: 'working_days' },
};

export interface PlannedStep {
  stage: TimedStage;
  level: EscalationLevel;
  fireAt: Date;
}

/**
 * The steps one stage deadline will fire if it is not met. Missing the sign-for or the first
 * contact is a stage breach (预警 + 超期, domain.md §4 and the 首次联系 rule); the whole ladder up to
 * 问责 applies to the reply (限时办结), the time limit the 通报 and 问责 are about.
 *
 * Steps fire by time. With the defaults 问责 (the 督办 order's 2 working days missed: deadline + 3
 * working days) comes before 通报 (deadline + 5); the level a case shows is the highest reached, so
 * a later 通报 never lowers it.
 *
 * `startedAt` is when the allowed time began (for the 80 % warning). A warning whose moment lies
 * before `notBefore` (e.g. a clock resumed after most of its time had already elapsed before a pause)
 * is left out: it fired, or would have, in an earlier version.
 */
export function planStageSteps(
  stage: TimedStage,
  startedAt: Date,
  dueAt: Date,
  calendar: WorkCalendar,
  opts: { ladder?: LadderSettings; notBefore?: Date } = {},
): PlannedStep[] {
  const ladder = opts.ladder ?? DEFAULT_LADDER;
  if (!(ladder.warningAt > 0 && ladder.warningAt < 1)) {
    throw new DomainError('INVALID_LADDER', `warningAt must be between 0 and 1, got ${ladder.warningAt}`);
  }
  const steps: PlannedStep[] = [];
  const allowed = dueAt.getTime() - startedAt.getTime();
  if (allowed > 0) {
    const warningAt = new Date(startedAt.getTime() + Math.floor(allowed * ladder.warningAt));
    if (!opts.notBefore || warningAt.getTime() >= opts.notBefore.getTime()) {
      steps.push({ stage, level: 'warning', fireAt: warningAt });
    }
  }
  steps.push({ stage, level: 'overdue', fireAt: dueAt });
  if (stage === 'reply') {
    const supervisionAt = addDuration(dueAt, ladder.supervisionAfter, calendar);
    steps.push({ stage, level: 'supervision', fireAt: supervisionAt });
    steps.push({ stage, level: 'notice', fireAt: addDuration(dueAt, ladder.noticeAfter, calendar) });
    steps.push({ stage, level: 'accountability', fireAt: addDuration(supervisionAt, ladder.supervisionOrderLimit, calendar) });
  }
  return steps;
}

/**
 * 一次性告知 pause: what is left of each unmet stage at `now`, in ms (negative when already late:
 * the debt is carried over, a pause never forgives lateness).
 */
export function remainingAt(now: Date, deadlines: Partial<Record<TimedStage, Date | null>>): Partial<Record<TimedStage, number>> {
  const left: Partial<Record<TimedStage, number>> = {};
  for (const stage of TIMED_STAGES) {
    const due = deadlines[stage];
    if (due) left[stage] = due.getTime() - now.getTime();
  }
  return left;
}

/** Resumes paused clocks with exactly the time that was left (natural time: the pause is cut out). */
export function resumeFrom(now: Date, remaining: Partial<Record<TimedStage, number>>): Partial<Record<TimedStage, Date>> {
  const due: Partial<Record<TimedStage, Date>> = {};
  for (const stage of TIMED_STAGES) {
    const ms = remaining[stage];
    if (typeof ms === 'number' && Number.isFinite(ms)) due[stage] = new Date(now.getTime() + ms);
  }
  return due;
}

export interface ExtensionRule {
  maxCount: number;
  maxAmount: Duration;
}

/**
 * 延期: checks a request against the policy and returns the new reply deadline. Limits compare
 * end dates, so "≤ 10 working days" also bounds a request made in calendar days or hours.
 * 信访工作条例 第34条: extended once, by at most 30 days, the reason told to the petitioner.
 */
export function extendDeadline(
  currentDue: Date,
  requested: Duration,
  rule: ExtensionRule | null,
  alreadyGranted: number,
  calendar: WorkCalendar,
): Date {
  if (!rule || rule.maxCount <= 0) {
    throw new DomainError('EXTENSION_NOT_ALLOWED', '该时限规则不允许延期 / this time-limit policy allows no extension');
  }
  if (alreadyGranted >= rule.maxCount) {
    throw new DomainError('EXTENSION_LIMIT_REACHED', `已延期 ${alreadyGranted} 次，最多 ${rule.maxCount} 次 / already extended ${alreadyGranted} time(s); at most ${rule.maxCount}`, {
      alreadyGranted,
      maxCount: rule.maxCount,
    });
  }
  const newDue = addDuration(currentDue, requested, calendar);
  const maxDue = addDuration(currentDue, rule.maxAmount, calendar);
  if (newDue.getTime() > maxDue.getTime()) {
    throw new DomainError('EXTENSION_TOO_LONG', `延期时长超过上限 ${rule.maxAmount.amount} ${rule.maxAmount.unit} / the extension exceeds the maximum of ${rule.maxAmount.amount} ${rule.maxAmount.unit}`, {
      maxAmount: rule.maxAmount,
    });
  }
  return newDue;
}
