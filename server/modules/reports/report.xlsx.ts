import ExcelJS from 'exceljs';
import { type ReportDocument, sheetNames } from './report-table.js';

/**
 * A report as a workbook, one sheet per table: the header row frozen, numbers stored as numbers (so a head
 * teacher can sum and chart them), percentages as fractions formatted 0.0 % — the cell holds 0.992 and shows 99.2 %.
 */
const NUM_FMT = { text: '@', int: '0', percent: '0.0%', decimal: '0.00' } as const;
const WIDTH = { text: 24, int: 9, percent: 10, decimal: 10 } as const;

export async function renderXlsx(doc: ReportDocument): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Dapter';
  workbook.title = doc.title;
  const names = sheetNames(doc.tables.map((t) => t.sheetName));
  doc.tables.forEach((table, index) => {
    const sheet = workbook.addWorksheet(names[index]!, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = table.columns.map((c) => ({
      header: c.header,
      width: c.width ?? Math.max(WIDTH[c.kind], Math.min(30, c.header.length + 2)),
      style: { numFmt: NUM_FMT[c.kind] },
    }));
    const header = sheet.getRow(1);
    header.font = { bold: true };
    header.alignment = { wrapText: true, vertical: 'middle' };
    for (const row of table.rows) {
      sheet.addRow(
        row.map((value, i) =>
          table.columns[i]?.kind === 'percent' && typeof value === 'number' ? Math.round(value * 10) / 1000 : value,
        ),
      );
    }
    const totals = table.totalRows ?? 0;
    for (let r = 0; r < totals; r++) sheet.getRow(table.rows.length + 1 - r).font = { bold: true };
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
