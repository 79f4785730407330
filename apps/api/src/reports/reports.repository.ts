import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ESCALATION_LEVELS, type CountRow } from './report-metrics.js';

/** Event types the metrics count (each served by the case_events (type, at) index). */
export const METRIC_EVENT_TYPES = ['dispatched', 'signed', 'first_contacted', 'replied', 'callback_recorded', 'return_requested', 'reopened', 'escalated'] as const;

/**
 * Statuses in which a case is still with its lead department (签收前后、补充材料、退单待定、重办).
 * `replied` is not open: the department's work is done and the case waits for the callback.
 */
export const OPEN_STATUSES = ['dispatched', 'signed', 'awaiting_supplement', 'return_requested', 'reopened'] as const;

/** Escalation levels the 督办问责 list shows (warning and overdue have their own places). */
export const LISTED_ESCALATION_LEVELS = ['supervision', 'notice', 'accountability'] as const;

/** Most rows one list (overdue, escalations) returns; more is flagged `truncated`. */
export const LIST_LIMIT = 10_000;

export interface DepartmentCountRow extends CountRow {
  /** The department id named in the event data (text; null for events naming none). */
  dept: string | null;
}

export interface DepartmentRef {
  id: string;
  code: string;
  name: string;
  nameEn: string;
}

export interface OverdueRow {
  caseId: string;
  caseNo: string;
  categoryCode: string | null;
  categoryName: string | null;
  departmentId: string | null;
  stage: string | null;
  dueAt: string | null;
  escalatedAt: Date;
  /** The event that ended the overdue stage before the period end, or null (still open then). */
  endType: string | null;
  endAt: Date | null;
}

export interface EscalationRow {
  caseId: string;
  caseNo: string;
  categoryCode: string | null;
  categoryName: string | null;
  departmentId: string | null;
  level: string;
  stage: string | null;
  dueAt: string | null;
  at: Date;
}

/**
 * The events that end an overdue stage, per stage: its own completion (replying also completes sign
 * and first contact), or a supersession — a new dispatch (new deadline version), a merge or a close —
 * after which the old deadline no longer applies.
 */
export const STAGE_COMPLETIONS: Record<string, readonly string[]> = {
  sign: ['signed', 'replied'],
  firstContact: ['first_contacted', 'replied'],
  reply: ['replied'],
};
export const SUPERSEDING_EVENTS = ['dispatched', 'merged', 'closed'] as const;

const esc = ESCALATION_LEVELS.map((l) => `count(*) FILTER (WHERE type = 'escalated' AND data->>'level' = '${l}') AS esc_${l}`).join(',\n      ');

/**
 * One pass over the period's events: counts per department and, through GROUPING SETS, city-wide in
 * the same scan. jsonb comparisons (`data->'onTime' = 'true'`) never throw on odd data, unlike casts.
 */
const METRICS_SQL = `
  WITH ev AS (
    SELECT e.type, e.data,
           CASE WHEN e.type = 'dispatched' THEN e.data->'leadDepartment'->>'id' ELSE e.data->>'departmentId' END AS dept
      FROM case_events e
     WHERE e.type = ANY($3::text[]) AND e.at >= $1 AND e.at < $2
  )
  SELECT GROUPING(dept) = 1 AS city_wide, dept,
      count(*) FILTER (WHERE type = 'dispatched') AS dispatched,
      count(*) FILTER (WHERE type = 'signed') AS signed,
      count(*) FILTER (WHERE type = 'signed' AND data->'onTime' = 'true'::jsonb) AS "signedOnTime",
      count(*) FILTER (WHERE type = 'first_contacted') AS "firstContacted",
      count(*) FILTER (WHERE type = 'first_contacted' AND data->'onTime' = 'true'::jsonb) AS "firstContactOnTime",
      count(*) FILTER (WHERE type = 'replied') AS replied,
      count(*) FILTER (WHERE type = 'replied' AND data->'onTime' = 'true'::jsonb) AS "repliedOnTime",
      count(*) FILTER (WHERE type = 'callback_recorded') AS callbacks,
      count(*) FILTER (WHERE type = 'callback_recorded' AND data->'resolved' = 'true'::jsonb) AS resolved,
      count(*) FILTER (WHERE type = 'callback_recorded' AND data->>'satisfaction' IN ('satisfied', 'basically_satisfied')) AS satisfied,
      count(*) FILTER (WHERE type = 'callback_recorded' AND data->>'satisfaction' = 'basically_satisfied') AS "basicallySatisfied",
      count(*) FILTER (WHERE type = 'return_requested') AS returns,
      count(*) FILTER (WHERE type = 'reopened') AS reopened,
      ${esc}
    FROM ev
   GROUP BY GROUPING SETS ((dept), ())`;

/** Open cases flagged overdue now, per lead department and in all (served by cases (status, …)). */
const OVERDUE_OPEN_SQL = `
  SELECT GROUPING(lead_department_id) = 1 AS city_wide, lead_department_id::text AS dept, count(*) AS n
    FROM cases
   WHERE status = ANY($1::text[]) AND overdue
   GROUP BY GROUPING SETS ((lead_department_id), ())`;

/**
 * 超期清单: `overdue` escalations in the period with what ended the stage before the period end
 * (looked up per case through case_events (case_id, id)). Only events before the period end count,
 * so the list of a past month never changes.
 */
const OVERDUE_LIST_SQL = `
  SELECT e.case_id AS "caseId", c.case_no AS "caseNo", c.category_code AS "categoryCode", cat.name_zh AS "categoryName",
         e.data->>'departmentId' AS "departmentId", e.data->>'stage' AS stage, e.data->>'dueAt' AS "dueAt",
         e.at AS "escalatedAt", fin.type AS "endType", fin.at AS "endAt"
    FROM case_events e
    JOIN cases c ON c.id = e.case_id
    LEFT JOIN categories cat ON cat.code = c.category_code
    LEFT JOIN LATERAL (
      SELECT f.type, f.at
        FROM case_events f
       WHERE f.case_id = e.case_id AND f.id <> e.id AND f.at >= e.at AND f.at < $2
         AND (f.type = ANY($4::text[])
              OR (e.data->>'stage' = 'sign' AND f.type = ANY($5::text[]))
              OR (e.data->>'stage' = 'firstContact' AND f.type = ANY($6::text[]))
              OR (e.data->>'stage' = 'reply' AND f.type = ANY($7::text[])))
       ORDER BY f.at, f.id
       LIMIT 1
    ) fin ON true
   WHERE e.type = 'escalated' AND e.at >= $1 AND e.at < $2 AND e.data->>'level' = 'overdue'
     AND ($3::text IS NULL OR e.data->>'departmentId' = $3)
     AND (fin.type IS NULL OR NOT fin.type = ANY($4::text[]))
   ORDER BY e.at, e.id
   LIMIT ${LIST_LIMIT + 1}`;

/** 督办问责: supervision / notice / accountability steps in the period. */
const ESCALATION_LIST_SQL = `
  SELECT e.case_id AS "caseId", c.case_no AS "caseNo", c.category_code AS "categoryCode", cat.name_zh AS "categoryName",
         e.data->>'departmentId' AS "departmentId", e.data->>'level' AS level, e.data->>'stage' AS stage,
         e.data->>'dueAt' AS "dueAt", e.at
    FROM case_events e
    JOIN cases c ON c.id = e.case_id
    LEFT JOIN categories cat ON cat.code = c.category_code
   WHERE e.type = 'escalated' AND e.at >= $1 AND e.at < $2 AND e.data->>'level' = ANY($4::text[])
     AND ($3::text IS NULL OR e.data->>'departmentId' = $3)
   ORDER BY e.at, e.id
   LIMIT ${LIST_LIMIT + 1}`;

/** Raw SQL reads for the supervision reports (the house style for reads). */
@Injectable()
export class ReportsRepository {
  constructor(private readonly ds: DataSource) {}

  /** Counts per department named in the events, plus the city-wide row (`dept` undefined, cityWide true). */
  async eventCounts(start: Date, end: Date): Promise<{ cityWide: CountRow | undefined; departments: DepartmentCountRow[] }> {
    const rows: (DepartmentCountRow & { city_wide: boolean })[] = await this.ds.query(METRICS_SQL, [start, end, [...METRIC_EVENT_TYPES]]);
    return { cityWide: rows.find((r) => r.city_wide), departments: rows.filter((r) => !r.city_wide && r.dept !== null) };
  }

  /** Open overdue cases now: per lead department, and the city-wide total. */
  async overdueOpen(): Promise<{ cityWide: number; byDepartment: Map<string, number> }> {
    const rows: { city_wide: boolean; dept: string | null; n: string }[] = await this.ds.query(OVERDUE_OPEN_SQL, [[...OPEN_STATUSES]]);
    const byDepartment = new Map<string, number>();
    let cityWide = 0;
    for (const r of rows) {
      if (r.city_wide) cityWide = Number(r.n);
      else if (r.dept) byDepartment.set(r.dept, Number(r.n));
    }
    return { cityWide, byDepartment };
  }

  /** Departments by id (ids that are not departments, or not uuids, are simply absent). */
  async departments(ids: readonly string[]): Promise<Map<string, DepartmentRef>> {
    if (!ids.length) return new Map();
    const rows: DepartmentRef[] = await this.ds.query(
      `SELECT id::text AS id, code, name_zh AS name, name_en AS "nameEn" FROM departments WHERE id::text = ANY($1::text[])`,
      [[...new Set(ids)]],
    );
    return new Map(rows.map((d) => [d.id, d]));
  }

  async overdueList(start: Date, end: Date, departmentId: string | null): Promise<{ rows: OverdueRow[]; truncated: boolean }> {
    const rows: OverdueRow[] = await this.ds.query(OVERDUE_LIST_SQL, [
      start,
      end,
      departmentId,
      [...SUPERSEDING_EVENTS],
      [...STAGE_COMPLETIONS.sign!],
      [...STAGE_COMPLETIONS.firstContact!],
      [...STAGE_COMPLETIONS.reply!],
    ]);
    return { rows: rows.slice(0, LIST_LIMIT), truncated: rows.length > LIST_LIMIT };
  }

  async escalationList(start: Date, end: Date, departmentId: string | null): Promise<{ rows: EscalationRow[]; truncated: boolean }> {
    const rows: EscalationRow[] = await this.ds.query(ESCALATION_LIST_SQL, [start, end, departmentId, [...LISTED_ESCALATION_LEVELS]]);
    return { rows: rows.slice(0, LIST_LIMIT), truncated: rows.length > LIST_LIMIT };
  }
}
