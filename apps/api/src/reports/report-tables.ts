import { formatCsv } from '../responsibility/csv.js';
import { ESCALATION_LABELS, ESCALATION_LEVELS, METRIC_LABELS, type CountKey, type Metrics, type RateKey } from './report-metrics.js';
import { formatShanghai } from './report-period.js';
import type { EscalationItem, OverdueItem, RankingRow } from './report.view.js';

/**
 * The 月度通报 as tables — one per export sheet (排名 / 超期清单 / 督办问责) — with typed cells, so CSV
 * and XLSX render the same content: CSV as text (rates as "83.33%"), XLSX as numbers with formats.
 */
export type CellKind = 'text' | 'int' | 'rate' | 'number';
export type Cell = string | number | null;

export interface Column {
  header: string;
  kind: CellKind;
  /** Width in characters, for XLSX. */
  width: number;
}

export interface ReportTable {
  /** Stable name for `table=` and file names. */
  key: TableKey;
  /** Sheet name (Chinese, as the 通报 calls it). */
  sheet: string;
  columns: Column[];
  rows: Cell[][];
}

export const TABLE_KEYS = ['ranking', 'overdue', 'escalations'] as const;
export type TableKey = (typeof TABLE_KEYS)[number];

export interface MonthlyTablesInput {
  cityWide: Metrics;
  ranking: RankingRow[];
  overdue: OverdueItem[];
  escalations: EscalationItem[];
}

const metricKeys = Object.keys(METRIC_LABELS) as (CountKey | RateKey)[];

function header(zh: string, en: string): string {
  return `${zh} ${en}`;
}

function metricCells(m: Metrics): Cell[] {
  return [...metricKeys.map((k) => m[k]), ...ESCALATION_LEVELS.map((l) => m.escalations[l])];
}

function metricColumns(): Column[] {
  return [
    ...metricKeys.map((k) => ({ header: header(METRIC_LABELS[k].zh, METRIC_LABELS[k].en), kind: METRIC_LABELS[k].kind === 'rate' ? ('rate' as const) : ('int' as const), width: 14 })),
    ...ESCALATION_LEVELS.map((l) => ({ header: header(`${ESCALATION_LABELS[l].zh}次数`, `${ESCALATION_LABELS[l].en} escalations`), kind: 'int' as const, width: 12 })),
  ];
}

const when = (iso: string | null): string => (iso ? formatShanghai(new Date(iso)) : '');

/** 排名: ranked departments, then unranked ones, then the city-wide row (全市). */
export function rankingTable(input: MonthlyTablesInput): ReportTable {
  const reason = { below_min_volume: '派单量不足，不参与排名 / below minimum volume', no_rates: '无可计算指标 / no rates' } as const;
  return {
    key: 'ranking',
    sheet: '排名',
    columns: [
      { header: header('排名', 'Rank'), kind: 'int', width: 8 },
      { header: header('单位编码', 'Code'), kind: 'text', width: 22 },
      { header: header('单位名称', 'Department'), kind: 'text', width: 26 },
      { header: header('综合得分', 'Score'), kind: 'number', width: 10 },
      { header: header('备注', 'Note'), kind: 'text', width: 24 },
      ...metricColumns(),
    ],
    rows: [
      ...input.ranking.map((r) => [r.rank, r.department.code, r.department.name, r.score, r.unrankedReason ? reason[r.unrankedReason] : '', ...metricCells(r)]),
      [null, '', '全市 City-wide', null, '', ...metricCells(input.cityWide)],
    ],
  };
}

/** 超期清单: overdue escalations of the month, still open at month end or completed late. */
export function overdueTable(input: MonthlyTablesInput): ReportTable {
  return {
    key: 'overdue',
    sheet: '超期清单',
    columns: [
      { header: header('案件编号', 'Case no.'), kind: 'text', width: 20 },
      { header: header('诉求分类', 'Category'), kind: 'text', width: 12 },
      { header: header('承办单位', 'Department'), kind: 'text', width: 26 },
      { header: header('单位编码', 'Code'), kind: 'text', width: 22 },
      { header: header('超期环节', 'Stage'), kind: 'text', width: 18 },
      { header: header('办理期限', 'Due'), kind: 'text', width: 17 },
      { header: header('状态', 'Outcome'), kind: 'text', width: 30 },
      { header: header('完成时间', 'Completed'), kind: 'text', width: 17 },
      { header: header('超期时长', 'Late by'), kind: 'text', width: 12 },
      { header: header('超期小时', 'Late hours'), kind: 'number', width: 10 },
    ],
    rows: input.overdue.map((o) => [
      o.caseNo,
      o.category.name ?? o.category.code ?? '',
      o.department?.name ?? '',
      o.department?.code ?? '',
      o.stageLabel,
      when(o.dueAt),
      o.outcomeLabel,
      when(o.completedAt),
      o.lateText,
      Math.round((o.lateMinutes / 60) * 10) / 10,
    ]),
  };
}

/** 督办问责: supervision, notice and accountability steps of the month. */
export function escalationsTable(input: MonthlyTablesInput): ReportTable {
  return {
    key: 'escalations',
    sheet: '督办问责',
    columns: [
      { header: header('时间', 'At'), kind: 'text', width: 17 },
      { header: header('级别', 'Level'), kind: 'text', width: 22 },
      { header: header('案件编号', 'Case no.'), kind: 'text', width: 20 },
      { header: header('诉求分类', 'Category'), kind: 'text', width: 12 },
      { header: header('承办单位', 'Department'), kind: 'text', width: 26 },
      { header: header('单位编码', 'Code'), kind: 'text', width: 22 },
      { header: header('环节', 'Stage'), kind: 'text', width: 18 },
      { header: header('原期限', 'Due'), kind: 'text', width: 17 },
    ],
    rows: input.escalations.map((e) => [when(e.at), e.levelLabel, e.caseNo, e.category.name ?? e.category.code ?? '', e.department?.name ?? '', e.department?.code ?? '', e.stageLabel, when(e.dueAt)]),
  };
}

export function monthlyTables(input: MonthlyTablesInput): ReportTable[] {
  return [rankingTable(input), overdueTable(input), escalationsTable(input)];
}

/**
 * A cell as CSV text: rates as percentages with 2 decimals, null as an empty field. Text that Excel
 * would take for a formula (=, +, -, @ first) gets a leading apostrophe (CSV injection, OWASP).
 */
export function csvCell(value: Cell, kind: CellKind): string {
  if (value === null || value === undefined) return '';
  if (kind === 'rate' && typeof value === 'number') return `${(value * 100).toFixed(2)}%`;
  const text = String(value);
  return kind === 'text' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** A table as CSV (RFC 4180, CRLF) with a UTF-8 BOM so Excel in a Chinese locale reads it as UTF-8. */
export function tableToCsv(table: ReportTable): string {
  const records = [table.columns.map((c) => c.header), ...table.rows.map((row) => row.map((v, i) => csvCell(v, table.columns[i]!.kind)))];
  return formatCsv(records, { bom: true });
}
