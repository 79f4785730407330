import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { formatCsv } from './csv.js';
import { RULE_CSV_COLUMNS, parseRuleCsv, rulesToCsvRecords } from './responsibility-rule-csv.js';
import type { ResponsibilityRuleView } from './responsibility-rule.view.js';

const HEADER = RULE_CSV_COLUMNS.join(',');

const rule = (over: Partial<ResponsibilityRuleView> = {}): ResponsibilityRuleView => ({
  id: 'rule-1',
  categoryCode: 'noise',
  regionLevel: 'street',
  targetType: 'department',
  targetDepartmentCode: 'bureau-urban-management',
  assistingDepartmentCodes: ['bureau-ecology', 'bureau-public-security'],
  priority: 10,
  explanation: '夜间施工, 先由 "城管" 处理\n再通报街道',
  active: false,
  ...over,
});

describe('rule CSV', () => {
  it('round-trips rules through the CSV text, awkward explanations included', async () => {
    const rules = [rule(), rule({ id: 'default-noise', targetType: 'territorial', targetDepartmentCode: null, assistingDepartmentCodes: [], active: true, explanation: '' })];
    const parsed = await parseRuleCsv(formatCsv(rulesToCsvRecords(rules), { bom: true }));
    expect(parsed.fileProblems).toEqual([]);
    expect(parsed.rows.map((r) => r.problems)).toEqual([[], []]);
    expect(parsed.rows.map((r) => r.rule)).toEqual(rules);
    expect(parsed.rows.map((r) => r.row)).toEqual([1, 2]);
  });

  it('accepts columns in any order, TRUE/FALSE as Excel writes them, and an empty id (a new rule)', async () => {
    const text = `active,priority,explanation,assistingDepartmentCodes,targetDepartmentCode,targetType,regionLevel,categoryCode,id\nTRUE,5,x,,,territorial,any,noise,\n`;
    const { rows, fileProblems } = await parseRuleCsv(text);
    expect(fileProblems).toEqual([]);
    expect(rows[0]).toMatchObject({ row: 1, problems: [], rule: { id: '', active: true, priority: 5, targetDepartmentCode: null, assistingDepartmentCodes: [] } });
  });

  it.each<[string, string, string]>([
    ['a non-integer priority', 'r1,noise,any,territorial,,,1.5,x,true', 'priority'],
    ['an empty priority', 'r1,noise,any,territorial,,,,x,true', 'priority'],
    ['a priority out of range', 'r1,noise,any,territorial,,,100001,x,true', 'priority'],
    ['a boolean that is not true/false', 'r1,noise,any,territorial,,,1,x,yes', 'active'],
    ['an unknown region level', 'r1,noise,city,territorial,,,1,x,true', 'regionLevel'],
    ['an unknown target type', 'r1,noise,any,lead,,,1,x,true', 'targetType'],
    ['a malformed id', 'Rule 1,noise,any,territorial,,,1,x,true', 'id'],
    ['a repeated assisting department', 'r1,noise,any,territorial,,a-b|a-b,1,x,true', 'assistingDepartmentCodes'],
    ['the wrong number of columns', 'r1,noise,any,territorial,,,1,true', 'row'],
  ])('reports %s on its row and field', async (_name, line, field) => {
    const { rows } = await parseRuleCsv(`${HEADER}\r\n${line}\r\n`);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.problems.map((p) => p.field)).toEqual([field]);
    expect(rows[0]!.problems[0]!.message).toMatch(/[\u4e00-\u9fff].* \/ /);
  });

  it('skips blank lines but keeps the numbering of the file', async () => {
    const { rows } = await parseRuleCsv(`${HEADER}\n\n,,,,,,,,\nr1,noise,any,territorial,,,1,x,true\n`);
    expect(rows.map((r) => r.row)).toEqual([3]);
  });

  it.each<[string, string, string[]]>([
    ['an empty file', '', ['header']],
    ['a missing column', HEADER.replace(',explanation', ''), ['explanation']],
    ['an unknown column', `${HEADER},note`, ['note']],
    ['a repeated column', `${HEADER},id`, ['id']],
  ])('rejects %s at row 0', async (_name, text, fields) => {
    const { rows, fileProblems } = await parseRuleCsv(text);
    expect(rows).toEqual([]);
    expect(fileProblems.map((p) => [p.row, p.field])).toEqual(fields.map((f) => [0, f]));
  });

  it('reports a CSV syntax error on the record it starts in', async () => {
    const { fileProblems } = await parseRuleCsv(`${HEADER}\nr1,noise,any,territorial,,,1,"unclosed,true\n`);
    expect(fileProblems).toEqual([{ row: 1, field: 'csv', message: expect.stringContaining('unterminated') }]);
  });
});
