import { ESCALATION_LABELS, ESCALATION_LEVELS, type EscalationLevel } from '@hotline/domain';

/**
 * The department metrics of domain.md §6, as counts from case_events plus the rates derived from them.
 * Every count is "events of this type whose `at` falls in the period" and every rate pairs counts of
 * the same period, so a period's figures depend on nothing but the events inside it (any past month
 * can be recomputed and gives the same answer). The one exception is `overdueOpen`, a snapshot of
 * the cases table at generation time.
 */

// The escalation ladder and its labels are the domain's (libs/domain/src/escalation.ts): reports count
// and label the same levels the engine fires.
export { ESCALATION_LABELS, ESCALATION_LEVELS, type EscalationLevel };

/** The counts one SQL aggregation returns per department (and city-wide). */
export interface MetricCounts {
  /** `dispatched` events naming the department as lead (a re-dispatch counts again, for its new department). */
  dispatched: number;
  /** `signed` events. */
  signed: number;
  /** `signed` events with data.onTime = true. */
  signedOnTime: number;
  /** `first_contacted` events. */
  firstContacted: number;
  /** `first_contacted` events with data.onTime = true. */
  firstContactOnTime: number;
  /** `replied` events (办结). */
  replied: number;
  /** `replied` events with data.onTime = true. */
  repliedOnTime: number;
  /** `callback_recorded` events (回访). */
  callbacks: number;
  /** Callbacks with data.resolved = true. */
  resolved: number;
  /** Callbacks rated satisfied or basically_satisfied. */
  satisfied: number;
  /** The basically_satisfied part of `satisfied`. */
  basicallySatisfied: number;
  /** `return_requested` events (退单申请). */
  returns: number;
  /** `reopened` events (重办). */
  reopened: number;
  /** Open cases (lead department) flagged overdue now — a snapshot at generatedAt, not period-bound. */
  overdueOpen: number;
  /** `escalated` events by data.level. */
  escalations: Record<EscalationLevel, number>;
}

export interface MetricRates {
  /** 及时签收率 = signedOnTime / dispatched */
  signRate: number | null;
  /** 按时办结率 = repliedOnTime / replied */
  onTimeReplyRate: number | null;
  /** 响应率 = firstContactOnTime / dispatched */
  responseRate: number | null;
  /** 解决率 = resolved / callbacks */
  resolutionRate: number | null;
  /** 满意率 = (satisfied + basically_satisfied) / callbacks */
  satisfactionRate: number | null;
  /** 回退率 = returns / dispatched */
  returnRate: number | null;
  /** 重办率 = reopened / replied */
  reopenRate: number | null;
}

export type Metrics = MetricCounts & MetricRates;
export type RateKey = keyof MetricRates;
export type CountKey = Exclude<keyof MetricCounts, 'escalations'>;

/** Decimal places kept in a rate (0.8333 = 83.33 %). */
export const RATE_DECIMALS = 4;

/** numerator / denominator, rounded to RATE_DECIMALS; null when there is nothing to divide by. */
export function rate(numerator: number, denominator: number): number | null {
  if (!Number.isFinite(numerator) || !Number.isFinite(denominator) || denominator <= 0) return null;
  const scale = 10 ** RATE_DECIMALS;
  return Math.round((numerator / denominator) * scale) / scale;
}

export function emptyCounts(): MetricCounts {
  return {
    dispatched: 0,
    signed: 0,
    signedOnTime: 0,
    firstContacted: 0,
    firstContactOnTime: 0,
    replied: 0,
    repliedOnTime: 0,
    callbacks: 0,
    resolved: 0,
    satisfied: 0,
    basicallySatisfied: 0,
    returns: 0,
    reopened: 0,
    overdueOpen: 0,
    escalations: { warning: 0, overdue: 0, supervision: 0, notice: 0, accountability: 0 },
  };
}

/** Counts → counts + rates, in the order the labels list them. */
export function withRates(c: MetricCounts): Metrics {
  return {
    dispatched: c.dispatched,
    signed: c.signed,
    signedOnTime: c.signedOnTime,
    signRate: rate(c.signedOnTime, c.dispatched),
    firstContacted: c.firstContacted,
    firstContactOnTime: c.firstContactOnTime,
    responseRate: rate(c.firstContactOnTime, c.dispatched),
    replied: c.replied,
    repliedOnTime: c.repliedOnTime,
    onTimeReplyRate: rate(c.repliedOnTime, c.replied),
    callbacks: c.callbacks,
    resolved: c.resolved,
    resolutionRate: rate(c.resolved, c.callbacks),
    satisfied: c.satisfied,
    basicallySatisfied: c.basicallySatisfied,
    satisfactionRate: rate(c.satisfied, c.callbacks),
    returns: c.returns,
    returnRate: rate(c.returns, c.dispatched),
    reopened: c.reopened,
    reopenRate: rate(c.reopened, c.replied),
    overdueOpen: c.overdueOpen,
    escalations: { ...c.escalations },
  };
}

/** One row of the SQL aggregation (bigint counts arrive from pg as strings). */
export type CountRow = Record<string, string | number | null>;

/** Reads a row whose columns are named like MetricCounts (escalations as esc_<level>). */
export function countsFromRow(row: CountRow): MetricCounts {
  const n = (k: string) => Number(row[k] ?? 0);
  const counts = emptyCounts();
  for (const key of Object.keys(counts) as (keyof MetricCounts)[]) {
    if (key !== 'escalations') counts[key] = n(key);
  }
  for (const level of ESCALATION_LEVELS) counts.escalations[level] = n(`esc_${level}`);
  return counts;
}

export interface MetricLabel {
  zh: string;
  en: string;
  kind: 'count' | 'rate';
  /** How it is computed (for the report's reader). */
  formula: string;
}

/** Chinese + English labels and definitions of every metric, in column order for exports. */
export const METRIC_LABELS: Record<CountKey | RateKey, MetricLabel> = {
  dispatched: { zh: '派单量', en: 'Dispatched', kind: 'count', formula: 'dispatched events naming the department as lead' },
  signed: { zh: '签收量', en: 'Signed', kind: 'count', formula: 'signed events' },
  signedOnTime: { zh: '按时签收量', en: 'Signed on time', kind: 'count', formula: 'signed events with onTime = true' },
  signRate: { zh: '及时签收率', en: 'Sign-on-time rate', kind: 'rate', formula: 'signedOnTime / dispatched' },
  firstContacted: { zh: '首次联系量', en: 'First contacts', kind: 'count', formula: 'first_contacted events' },
  firstContactOnTime: { zh: '按时联系量', en: 'First contact on time', kind: 'count', formula: 'first_contacted events with onTime = true' },
  responseRate: { zh: '响应率', en: 'Response rate', kind: 'rate', formula: 'firstContactOnTime / dispatched' },
  replied: { zh: '办结量', en: 'Replied', kind: 'count', formula: 'replied events' },
  repliedOnTime: { zh: '按时办结量', en: 'Replied on time', kind: 'count', formula: 'replied events with onTime = true' },
  onTimeReplyRate: { zh: '按时办结率', en: 'On-time reply rate', kind: 'rate', formula: 'repliedOnTime / replied' },
  callbacks: { zh: '回访量', en: 'Callbacks', kind: 'count', formula: 'callback_recorded events' },
  resolved: { zh: '解决量', en: 'Resolved', kind: 'count', formula: 'callbacks with resolved = true' },
  resolutionRate: { zh: '解决率', en: 'Resolution rate', kind: 'rate', formula: 'resolved / callbacks' },
  satisfied: { zh: '满意量(含基本满意)', en: 'Satisfied (incl. basically)', kind: 'count', formula: 'callbacks rated satisfied or basically_satisfied' },
  basicallySatisfied: { zh: '基本满意量', en: 'Basically satisfied', kind: 'count', formula: 'callbacks rated basically_satisfied (included in satisfied)' },
  satisfactionRate: { zh: '满意率', en: 'Satisfaction rate', kind: 'rate', formula: 'satisfied / callbacks' },
  returns: { zh: '退单量', en: 'Returns', kind: 'count', formula: 'return_requested events' },
  returnRate: { zh: '回退率', en: 'Return rate', kind: 'rate', formula: 'returns / dispatched' },
  reopened: { zh: '重办量', en: 'Reopened', kind: 'count', formula: 'reopened events' },
  reopenRate: { zh: '重办率', en: 'Reopen rate', kind: 'rate', formula: 'reopened / replied' },
  overdueOpen: { zh: '当前超期未办结', en: 'Overdue open (now)', kind: 'count', formula: 'open cases (lead department) currently flagged overdue; a snapshot at generatedAt, not bound to the period' },
};

/** The metadata block every report carries: what each figure means, in both languages. */
export function metricLabels() {
  return {
    metrics: METRIC_LABELS,
    escalations: ESCALATION_LABELS,
    notes: [
      '统计口径：各指标按事件发生时间（北京时间）落入统计期计数，单位取事件数据中的 departmentId / leadDepartment.id / Counts are events whose time falls in the period (Beijing days); the department is the one named in the event data.',
      '分母为 0 时比率为 null / a rate is null when its denominator is 0.',
      '跨期事件（如月末派单、次月签收）分别计入各自所在期，短区间的比率可能略高于 100% / an event pair that straddles a boundary counts in each period it falls in, so a short period may show a rate slightly above 100%.',
    ],
  };
}
