import ExcelJS from 'exceljs';

/** A table written as CSV or XLSX (templates and exports): a header row and rows of text. */
export interface TableFile {
  sheetName: string;
  headers: string[];
  rows: string[][];
  /** Columns kept as text in XLSX (IINs: a number cell would drop the leading zero). */
  textColumns?: number[];
  /** A second sheet of notes (the template's allowed values). */
  notes?: { sheetName: string; rows: string[][] };
}

/**
 * CSV for Excel in Kazakhstan: UTF-8 with a BOM (or Excel reads it as Windows-1251), ';' between cells (the
 * Russian-locale list separator), CRLF. A cell starting with = + - @ gets a leading apostrophe so no
 * spreadsheet runs it as a formula (CSV injection); the import strips it again.
 */
export function toCsv(table: TableFile): Buffer {
  const cell = (value: string) => {
    const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
    return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const lines = [table.headers, ...table.rows].map((r) => r.map(cell).join(';'));
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]);
}

export async function toXlsx(table: TableFile): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Dapter';
  const sheet = workbook.addWorksheet(table.sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = table.headers.map((h, i) => ({
    header: h,
    width: Math.min(40, Math.max(12, h.length + 4)),
    style: table.textColumns?.includes(i) ? { numFmt: '@' } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  // Strings stay strings: an XLSX cell never evaluates a text value, so no apostrophes are needed here.
  for (const row of table.rows) sheet.addRow(row);
  if (table.notes) {
    const notes = workbook.addWorksheet(table.notes.sheetName.replace(/[*?:\\/[\]]/g, ' ').slice(0, 31));
    for (const row of table.notes.rows) notes.addRow(row);
    notes.getColumn(1).width = 30;
    notes.getColumn(2).width = 80;
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
