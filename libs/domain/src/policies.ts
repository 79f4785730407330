import { addDuration, type Duration } from './time-limits.js';
import type { WorkCalendar } from './work-calendar.js';

/** How urgent a case is; `immediate` = 马上办 (danger to life or property right now). */
export type Urgency = 'immediate' | 'urgent' | 'normal';
export const URGENCIES: readonly Urgency[] = ['immediate', 'urgent', 'normal'];

export type PolicyCode = 'immediate' | 'utilities' | 'normal' | 'complex' | 'petition';
export const POLICY_CODES: readonly PolicyCode[] = ['immediate', 'utilities', 'normal', 'complex', 'petition'];

/**
 * Clock stages of a case, each measured from the dispatch (or registration for 信访) instant:
 * - `sign` 签收 — department signs for the case;
 * - `firstContact` — first contact with the petitioner;
 * - `reply` 办结 — reply given;
 * - `returnWindow` 退单 — a mis-dispatched case may be returned only before this.
 */
export type StageKey = 'sign' | 'firstContact' | 'reply' | 'returnWindow';
export const STAGE_KEYS: readonly StageKey[] = ['sign', 'firstContact', 'reply', 'returnWindow'];

/** 限时办结 policy. Stored as data (admins edit it); these are only the seeded defaults. */
export interface TimeLimitPolicy {
  /** A PolicyCode for the defaults; admins may add their own codes. */
  code: PolicyCode | string;
  nameZh: string;
  nameEn: string;
  stages: Record<StageKey, Duration>;
  /** 延期: how many extensions are allowed and how long each may be at most; null = none. */
  extension: { maxCount: number; maxAmount: Duration } | null;
  /** 一次性告知: an unanswered supplement request closes the case after this long (default 30 days). */
  supplementTimeout?: Duration;
  /** Edit counter of the stored policy (absent on the built-in defaults). */
  version?: number;
}

/** Default period after which an unanswered supplement request closes the case. */
export const DEFAULT_SUPPLEMENT_TIMEOUT: Duration = { amount: 30, unit: 'calendar_days' };

const minutes = (amount: number): Duration => ({ amount, unit: 'minutes' });
const hours = (amount: number): Duration => ({ amount, unit: 'hours' });
const workingDays = (amount: number): Duration => ({ amount, unit: 'working_days' });
const calendarDays = (amount: number): Duration => ({ amount, unit: 'calendar_days' });

/** Defaults of domain.md §4; sources per value. */
export const DEFAULT_POLICIES: TimeLimitPolicy[] = [
  {
    code: 'immediate',
    nameZh: '马上办',
    nameEn: 'Immediate (danger to life or property)',
    stages: {
      sign: minutes(30),
      firstContact: hours(2), // Beijing 接诉即办 draft standard
      reply: hours(24),
      returnWindow: minutes(30),
    },
    extension: null, // an emergency is never extended
  },
  {
    code: 'utilities',
    nameZh: '水电气热',
    nameEn: 'Utilities (water, power, gas, heating)',
    stages: {
      sign: hours(2),
      firstContact: hours(24),
      reply: hours(24), // Beijing 接诉即办 draft standard for water/power/gas/heating
      returnWindow: hours(2),
    },
    extension: null,
  },
  {
    code: 'normal',
    nameZh: '一般诉求',
    nameEn: 'Normal',
    stages: {
      sign: workingDays(1),
      firstContact: workingDays(2),
      reply: workingDays(5), // Jinan, Weifang and Shandong 12345 rules: 5 working days
      returnWindow: workingDays(2), // Shandong 12345 rules: return within 2 working days
    },
    extension: { maxCount: 1, maxAmount: workingDays(10) }, // Shandong: once, ≤ 10 working days
  },
  {
    code: 'complex',
    nameZh: '疑难复杂',
    nameEn: 'Complex',
    stages: {
      sign: workingDays(1),
      firstContact: workingDays(2),
      reply: workingDays(15),
      returnWindow: workingDays(2), // Shandong 12345 rules
    },
    extension: { maxCount: 1, maxAmount: workingDays(10) }, // Shandong: once, ≤ 10 working days
  },
  {
    code: 'petition',
    nameZh: '信访事项',
    nameEn: 'Petition (letters and visits)',
    stages: {
      sign: calendarDays(15), // 信访工作条例 第23条: tell the petitioner within 15 days whether it is accepted (受理告知)
      firstContact: calendarDays(15), // 信访工作条例 第23条: the acceptance notice is the first contact
      reply: calendarDays(60), // 信访工作条例 第34条: handled within 60 days
      returnWindow: workingDays(5), // 信访工作条例 第23条: "not ours" must be said within 5 working days
    },
    extension: { maxCount: 1, maxAmount: calendarDays(30) }, // 信访工作条例 第34条: once, ≤ 30 days, reason told
  },
];

/** Default policy by code; undefined for unknown codes. */
export function defaultPolicy(code: string): TimeLimitPolicy | undefined {
  return DEFAULT_POLICIES.find((p) => p.code === code);
}

const UTILITY_CATEGORY_CODES: ReadonlySet<string> = new Set(['water', 'power', 'gas_heating']);
const PETITION_CHANNELS: ReadonlySet<string> = new Set(['letter', 'visit']);

/**
 * Picks the default policy for a new case. Order matters:
 * 1. letter/visit 申诉求决 (type `request`) → the 信访 clock (domain.md §2, 信访工作条例 第22–34条),
 *    because those deadlines are statutory; a danger to life reported by letter is handled by the
 *    dispatcher flagging it, not by the clock;
 * 2. 马上办 urgency → `immediate`;
 * 3. water/power/gas categories → `utilities`;
 * 4. otherwise `normal`. `complex` (疑难) is never chosen automatically: a dispatcher decides it.
 */
export function selectPolicyCode(input: {
  urgency: Urgency;
  categoryCode: string | null;
  channel: string;
  type: string;
}): PolicyCode {
  if (PETITION_CHANNELS.has(input.channel) && input.type === 'request') {
    return 'petition';
  }
  if (input.urgency === 'immediate') {
    return 'immediate';
  }
  if (input.categoryCode !== null && UTILITY_CATEGORY_CODES.has(input.categoryCode)) {
    return 'utilities';
  }
  return 'normal';
}

/** Every stage deadline of `policy`, each counted from `start`. */
export function computeDeadlines(start: Date, policy: TimeLimitPolicy, calendar: WorkCalendar): Record<StageKey, Date> {
  return {
    sign: addDuration(start, policy.stages.sign, calendar),
    firstContact: addDuration(start, policy.stages.firstContact, calendar),
    reply: addDuration(start, policy.stages.reply, calendar),
    returnWindow: addDuration(start, policy.stages.returnWindow, calendar),
  };
}
