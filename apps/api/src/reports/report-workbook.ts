import ExcelJS from 'exceljs';
import type { ReportTable } from './report-tables.js';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const NUM_FMT = { rate: '0.00%', int: '0', number: '0.00', text: '@' } as const;

export interface WorkbookMeta {
  title: string;
  /** Lines for the 说明 (notes) sheet: period, generation time, definitions, score formula. */
  notes: string[];
  created: Date;
}

/**
 * The tables as an XLSX workbook, one sheet per table (排名 / 超期清单 / 督办问责) plus a 说明 sheet.
 * Cells keep their types: counts and scores are numbers, rates are fractions formatted as percentages,
 * so a reader can sort and sum in Excel. Header row bold and frozen.
 */
export async function tablesToXlsx(tables: readonly ReportTable[], meta: WorkbookMeta): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '12345 hotline';
  wb.title = meta.title;
  wb.created = meta.created;
  wb.modified = meta.created;
  for (const t of tables) {
    const ws = wb.addWorksheet(t.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = t.columns.map((c) => ({ header: c.header, width: c.width, style: { numFmt: NUM_FMT[c.kind] } }));
    ws.getRow(1).font = { bold: true };
    for (const row of t.rows) ws.addRow(row.map((v) => (v === null ? null : v)));
  }
  const notes = wb.addWorksheet('说明');
  notes.columns = [{ header: meta.title, width: 120 }];
  notes.getRow(1).font = { bold: true };
  for (const line of meta.notes) notes.addRow([line]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
