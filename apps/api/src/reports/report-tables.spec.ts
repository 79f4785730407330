import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { parseCsv } from '../responsibility/csv.js';
import { emptyCounts, withRates } from './report-metrics.js';
import { csvCell, monthlyTables, tableToCsv, type MonthlyTablesInput } from './report-tables.js';
import { tablesToXlsx } from './report-workbook.js';
import { toOverdueItem, type RankingRow } from './report.view.js';

const department = { id: 'd1', code: 'street-330106005', name: '翠苑街道', nameEn: 'Cuiyuan Street' };

function input(): MonthlyTablesInput {
  const metrics = withRates({ ...emptyCounts(), dispatched: 12, signed: 12, signedOnTime: 11, replied: 10, repliedOnTime: 8, callbacks: 3, satisfied: 2, overdueOpen: 1 });
  const ranking: RankingRow[] = [{ rank: 1, score: 87.5, unrankedReason: null, department, ...metrics }];
  const overdue = [
    toOverdueItem(
      { caseId: 'c1', caseNo: '20261030-0001', categoryCode: 'noise', categoryName: '噪声扰民', departmentId: 'd1', stage: 'reply', dueAt: '2026-10-30T15:59:59.000Z', escalatedAt: new Date('2026-10-30T16:00:00Z'), endType: null, endAt: null },
      new Date('2026-10-31T16:00:00Z'),
      new Map([['d1', department]]),
    ),
  ];
  return { cityWide: metrics, ranking, overdue, escalations: [] };
}

describe('csvCell', () => {
  it.each<[string | number | null, 'text' | 'int' | 'rate' | 'number', string]>([
    [null, 'rate', ''],
    [0.8333, 'rate', '83.33%'],
    [1, 'rate', '100.00%'],
    [0, 'rate', '0.00%'],
    [12, 'int', '12'],
    ['翠苑街道', 'text', '翠苑街道'],
    ['=HYPERLINK("x")', 'text', `'=HYPERLINK("x")`],
    ['-1', 'text', `'-1`],
  ])('%p (%s) → %p', (value, kind, expected) => {
    expect(csvCell(value, kind)).toBe(expected);
  });
});

describe('monthly CSV', () => {
  it('starts with a UTF-8 BOM and a bilingual header, ends with the city-wide row', () => {
    const csv = tableToCsv(monthlyTables(input())[0]!);
    expect(csv.startsWith('\uFEFF排名 Rank,单位编码 Code,单位名称 Department,综合得分 Score')).toBe(true);
    const records = parseCsv(csv);
    const head = records[0]!;
    const row = Object.fromEntries(head.map((h, i) => [h, records[1]![i]]));
    expect(row).toMatchObject({ '排名 Rank': '1', '单位名称 Department': '翠苑街道', '综合得分 Score': '87.5', '派单量 Dispatched': '12', '及时签收率 Sign-on-time rate': '91.67%', '按时办结率 On-time reply rate': '80.00%', '满意率 Satisfaction rate': '66.67%', '回退率 Return rate': '0.00%', '响应率 Response rate': '0.00%' });
    expect(records[2]![2]).toBe('全市 City-wide');
    expect(records).toHaveLength(3);
  });

  it('overdue list shows Beijing times and how late', () => {
    const records = parseCsv(tableToCsv(monthlyTables(input())[1]!));
    expect(records[1]).toEqual(['20261030-0001', '噪声扰民', '翠苑街道', 'street-330106005', '办结 / reply', '2026-10-30 23:59', '期末仍未办结 / still open at period end', '', '1天', '24']);
  });
});

describe('toOverdueItem', () => {
  it('measures lateness to the completion when the stage was done late', () => {
    const item = toOverdueItem(
      { caseId: 'c', caseNo: 'n', categoryCode: null, categoryName: null, departmentId: null, stage: 'sign', dueAt: '2026-10-01T02:00:00.000Z', escalatedAt: new Date('2026-10-01T02:00:05Z'), endType: 'signed', endAt: new Date('2026-10-01T05:30:00Z') },
      new Date('2026-10-31T16:00:00Z'),
      new Map(),
    );
    expect(item).toMatchObject({ outcome: 'completed_late', lateMinutes: 210, lateText: '3小时30分', completedAt: '2026-10-01T13:30:00+08:00', dueAt: '2026-10-01T10:00:00+08:00', department: null });
  });

  it('falls back to the escalation time when dueAt is unreadable', () => {
    const item = toOverdueItem(
      { caseId: 'c', caseNo: 'n', categoryCode: null, categoryName: null, departmentId: null, stage: 'reply', dueAt: 'garbage', escalatedAt: new Date('2026-10-31T15:00:00Z'), endType: null, endAt: null },
      new Date('2026-10-31T16:00:00Z'),
      new Map(),
    );
    expect(item.lateMinutes).toBe(60);
  });
});

describe('XLSX workbook', () => {
  it('reads back with the three report sheets, typed numbers and percentage format', async () => {
    const buf = await tablesToXlsx(monthlyTables(input()), { title: '月度通报 2026-10', notes: ['说明'], created: new Date('2026-11-01T00:00:00Z') });
    expect(buf.subarray(0, 2).toString('latin1')).toBe('PK');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['排名', '超期清单', '督办问责', '说明']);
    const ranking = wb.getWorksheet('排名')!;
    expect(ranking.getCell('C2').value).toBe('翠苑街道');
    expect(ranking.getCell('D2').value).toBe(87.5);
    const header = (ranking.getRow(1).values as unknown[]).slice(1);
    const signCol = header.indexOf('及时签收率 Sign-on-time rate') + 1;
    expect(ranking.getCell(2, signCol).value).toBe(0.9167);
    expect(ranking.getCell(2, signCol).numFmt).toBe('0.00%');
    expect(wb.getWorksheet('超期清单')!.getCell('A2').value).toBe('20261030-0001');
    expect(wb.getWorksheet('督办问责')!.rowCount).toBe(1);
  });
});
