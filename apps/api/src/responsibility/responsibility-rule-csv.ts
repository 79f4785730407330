import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { FieldProblem } from '../common/api-error.js';
import { flattenValidationErrors } from '../common/validation.js';
import { CsvSyntaxError, parseCsv } from './csv.js';
import { CreateResponsibilityRuleDto, DEFAULT_PRIORITY } from './responsibility-rule.dto.js';
import type { ResponsibilityRuleView } from './responsibility-rule.view.js';

/** The CSV columns, in the order the export writes them (an import may order them differently). */
export const RULE_CSV_COLUMNS = [
  'id',
  'categoryCode',
  'regionLevel',
  'targetType',
  'targetDepartmentCode',
  'assistingDepartmentCodes',
  'priority',
  'explanation',
  'active',
] as const;
type Column = (typeof RULE_CSV_COLUMNS)[number];

/** Joins assisting (协办) department codes in one cell; department codes never contain it. */
export const LIST_SEPARATOR = '|';

/** A problem in an import, by data row (1-based; the header is row 0) and field (column). */
export interface ImportProblem {
  row: number;
  field: string;
  message: string;
}

export interface CsvRuleRow {
  /** 1-based data row (the header is row 0; blank lines count, so the number matches the file). */
  row: number;
  /** The row's rule; `id` is '' when the row gave none (a new rule), fields that failed hold placeholders. */
  rule: ResponsibilityRuleView;
  /** Shape problems (CSV and DTO rules); the catalogue checks come later. */
  problems: FieldProblem[];
}

export interface ParsedRuleCsv {
  rows: CsvRuleRow[];
  /** Problems with the file as a whole (syntax, header): no row can be read when there are any. */
  fileProblems: ImportProblem[];
}

/** Header + one record per rule: assisting codes joined by `|`, booleans as true/false. */
export function rulesToCsvRecords(rules: readonly ResponsibilityRuleView[]): string[][] {
  return [
    [...RULE_CSV_COLUMNS],
    ...rules.map((r) => [
      r.id,
      r.categoryCode,
      r.regionLevel,
      r.targetType,
      r.targetDepartmentCode ?? '',
      r.assistingDepartmentCodes.join(LIST_SEPARATOR),
      String(r.priority),
      r.explanation,
      String(r.active),
    ]),
  ];
}

/**
 * Reads an uploaded 权责清单 CSV into rules, checking each row's shape with the same DTO rules as the
 * API (plus CSV's own: the right columns, integers, true/false). Columns are matched by header name;
 * rows that are entirely blank (as Excel leaves at the end) are skipped.
 */
export async function parseRuleCsv(text: string): Promise<ParsedRuleCsv> {
  let records: string[][];
  try {
    records = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvSyntaxError) return { rows: [], fileProblems: [{ row: e.record, field: 'csv', message: e.message }] };
    throw e;
  }
  const header = (records[0] ?? []).map((h) => h.trim());
  const headerProblems = checkHeader(header);
  if (headerProblems.length) return { rows: [], fileProblems: headerProblems };

  const rows: CsvRuleRow[] = [];
  for (let row = 1; row < records.length; row++) {
    const record = records[row]!;
    if (record.every((f) => f.trim() === '')) continue;
    if (record.length !== header.length) {
      const message = `列数不对：应为 ${header.length} 列，实际 ${record.length} 列 / expected ${header.length} columns, found ${record.length}`;
      rows.push({ row, rule: placeholder(), problems: [{ field: 'row', message, rule: 'columns' }] });
      continue;
    }
    const cells = Object.fromEntries(header.map((h, i) => [h, record[i]!])) as Record<Column, string>;
    rows.push({ row, ...(await readRow(cells)) });
  }
  return { rows, fileProblems: [] };
}

function checkHeader(header: string[]): ImportProblem[] {
  const expected = `应为 / expected: ${RULE_CSV_COLUMNS.join(',')}`;
  if (header.length === 0 || header.every((h) => h === '')) return [{ row: 0, field: 'header', message: `缺少表头 / the header row is missing; ${expected}` }];
  const problems: ImportProblem[] = [];
  const seen = new Set<string>();
  for (const h of header) {
    if (!(RULE_CSV_COLUMNS as readonly string[]).includes(h)) problems.push({ row: 0, field: h || 'header', message: `未知的列 "${h}" / unknown column "${h}"; ${expected}` });
    else if (seen.has(h)) problems.push({ row: 0, field: h, message: `列 "${h}" 重复 / column "${h}" appears twice` });
    seen.add(h);
  }
  for (const c of RULE_CSV_COLUMNS) {
    if (!seen.has(c)) problems.push({ row: 0, field: c, message: `缺少列 "${c}" / missing column "${c}"; ${expected}` });
  }
  return problems;
}

async function readRow(cells: Record<Column, string>): Promise<{ rule: ResponsibilityRuleView; problems: FieldProblem[] }> {
  const problems: FieldProblem[] = [];
  const id = cells.id.trim();
  const targetDepartmentCode = cells.targetDepartmentCode.trim() || null;
  const assistingDepartmentCodes = cells.assistingDepartmentCodes.split(LIST_SEPARATOR).map((c) => c.trim()).filter(Boolean);

  const priorityText = cells.priority.trim();
  let priority: number | undefined;
  if (/^[+-]?\d+$/.test(priorityText)) priority = Number(priorityText);
  else if (priorityText === '') problems.push({ field: 'priority', message: '必填 / priority is required', rule: 'isDefined' });
  else problems.push({ field: 'priority', message: `必须是整数 / priority must be an integer, not "${priorityText}"`, rule: 'isInt' });

  const activeText = cells.active.trim().toLowerCase(); // Excel rewrites true as TRUE
  const active = activeText === 'true' ? true : activeText === 'false' ? false : undefined;
  if (active === undefined) problems.push({ field: 'active', message: `必须是 true 或 false / active must be true or false, not "${cells.active.trim()}"`, rule: 'isBoolean' });

  const candidate = {
    id: id || undefined,
    categoryCode: cells.categoryCode.trim(),
    regionLevel: cells.regionLevel.trim(),
    targetType: cells.targetType.trim(),
    targetDepartmentCode,
    assistingDepartmentCodes,
    priority,
    explanation: cells.explanation,
    active,
  };
  const errors = await validate(plainToInstance(CreateResponsibilityRuleDto, candidate), { forbidUnknownValues: true, validationError: { target: false, value: false } });
  problems.push(...flattenValidationErrors(errors));
  return {
    rule: { ...candidate, id, priority: priority ?? DEFAULT_PRIORITY, active: active ?? true } as ResponsibilityRuleView,
    problems,
  };
}

function placeholder(): ResponsibilityRuleView {
  return { id: '', categoryCode: '', regionLevel: 'any', targetType: 'territorial', targetDepartmentCode: null, assistingDepartmentCodes: [], priority: DEFAULT_PRIORITY, explanation: '', active: true };
}
