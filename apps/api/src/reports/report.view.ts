import { formatLateness, isoShanghai } from './report-period.js';
import type { EscalationLevel, Metrics } from './report-metrics.js';
import type { UnrankedReason } from './report-ranking.js';
import type { DepartmentRef, EscalationRow, OverdueRow } from './reports.repository.js';

/** What the reports show of a department. */
export interface DepartmentBrief {
  id: string;
  code: string;
  name: string;
  nameEn: string;
}

export type DepartmentMetricsRow = { department: DepartmentBrief } & Metrics;

export interface PeriodView {
  from: string;
  to: string;
  timezone: 'Asia/Shanghai';
  /** First instant counted, ISO with +08:00. */
  start: string;
  /** First instant not counted (the day after `to`, 00:00 +08:00). */
  end: string;
}

export type RankingRow = DepartmentMetricsRow & { rank: number | null; score: number | null; unrankedReason: UnrankedReason | null };

export type OverdueOutcome = 'open_at_period_end' | 'completed_late';

export interface OverdueItem {
  caseId: string;
  caseNo: string;
  category: { code: string | null; name: string | null };
  department: DepartmentBrief | null;
  /** sign | firstContact | reply */
  stage: string | null;
  stageLabel: string;
  /** The missed deadline (ISO, +08:00). */
  dueAt: string | null;
  escalatedAt: string;
  outcome: OverdueOutcome;
  outcomeLabel: string;
  /** When the stage was done (late), or null when it was still open at the period end. */
  completedAt: string | null;
  /** How late: completion (or the period end) minus the deadline, in whole minutes. */
  lateMinutes: number;
  lateText: string;
}

export interface EscalationItem {
  caseId: string;
  caseNo: string;
  category: { code: string | null; name: string | null };
  department: DepartmentBrief | null;
  level: EscalationLevel | string;
  levelLabel: string;
  stage: string | null;
  stageLabel: string;
  dueAt: string | null;
  at: string;
}

export const STAGE_LABELS: Record<string, string> = { sign: '签收 / sign', firstContact: '首次联系 / first contact', reply: '办结 / reply' };
export const OUTCOME_LABELS: Record<OverdueOutcome, string> = {
  open_at_period_end: '期末仍未办结 / still open at period end',
  completed_late: '超期办结 / completed late',
};

/** A timestamp from the database or event data as ISO +08:00; null when absent or unreadable. */
export function instant(value: Date | string | null | undefined): Date | null {
  if (value === null || value === undefined) return null;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

function iso(value: Date | string | null | undefined): string | null {
  const d = instant(value);
  return d ? isoShanghai(d) : null;
}

export function brief(ref: DepartmentRef | undefined): DepartmentBrief | null {
  return ref ? { id: ref.id, code: ref.code, name: ref.name, nameEn: ref.nameEn } : null;
}

/**
 * One 超期清单 row. Lateness runs from the deadline (data.dueAt; the escalation time when the event
 * lacks a readable one) to the completion, or to the period end when the stage was still open then.
 */
export function toOverdueItem(row: OverdueRow, periodEnd: Date, departments: Map<string, DepartmentRef>): OverdueItem {
  const due = instant(row.dueAt) ?? instant(row.escalatedAt)!;
  const completed = instant(row.endAt);
  const outcome: OverdueOutcome = completed ? 'completed_late' : 'open_at_period_end';
  const until = completed ?? periodEnd;
  const lateMinutes = Math.max(0, Math.floor((until.getTime() - due.getTime()) / 60_000));
  return {
    caseId: row.caseId,
    caseNo: row.caseNo,
    category: { code: row.categoryCode, name: row.categoryName },
    department: row.departmentId ? brief(departments.get(row.departmentId)) : null,
    stage: row.stage,
    stageLabel: (row.stage && STAGE_LABELS[row.stage]) || row.stage || '',
    dueAt: isoShanghai(due),
    escalatedAt: iso(row.escalatedAt)!,
    outcome,
    outcomeLabel: OUTCOME_LABELS[outcome],
    completedAt: completed ? isoShanghai(completed) : null,
    lateMinutes,
    lateText: formatLateness(lateMinutes),
  };
}

export function toEscalationItem(row: EscalationRow, departments: Map<string, DepartmentRef>, levelLabels: Record<string, { zh: string; en: string }>): EscalationItem {
  const label = levelLabels[row.level];
  return {
    caseId: row.caseId,
    caseNo: row.caseNo,
    category: { code: row.categoryCode, name: row.categoryName },
    department: row.departmentId ? brief(departments.get(row.departmentId)) : null,
    level: row.level,
    levelLabel: label ? `${label.zh} / ${label.en.toLowerCase()}` : row.level,
    stage: row.stage,
    stageLabel: (row.stage && STAGE_LABELS[row.stage]) || row.stage || '',
    dueAt: iso(row.dueAt),
    at: iso(row.at)!,
  };
}
