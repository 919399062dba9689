import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { cleanCell, columnLetter, fileProblem } from './sheet.js';

/**
 * A zip whose parts unpack to more than this is refused before anything reads them (a "zip bomb"). 20,000 rows
 * of a school's list are a few MB of sheet XML; the parsed workbook takes many times its unpacked size.
 */
const MAX_UNPACKED_BYTES = 64 * 1024 * 1024;
/** The cells named in a formula refusal; more would not help anyone. */
const MAX_NAMED_CELLS = 10;

/**
 * Opens a zip after checking the sizes its directory declares. JSZip reads the central directory without
 * inflating anything; `uncompressedSize` is internal to JSZip but stable across its 3.x releases.
 */
export async function openZip(bytes: Buffer, brokenCode: string): Promise<JSZip> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    throw fileProblem(brokenCode);
  }
  let total = 0;
  zip.forEach((_path, entry) => {
    const size = (entry as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize;
    total += typeof size === 'number' ? size : 0;
  });
  if (total > MAX_UNPACKED_BYTES) throw fileProblem('unpackedTooLarge');
  return zip;
}

/** 'YYYY-MM-DD' of a date cell. Excel dates have no zone; ExcelJS gives them as UTC midnight. */
const isoDay = (d: Date) => (Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 10));

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return isoDay(value);
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('hyperlink' in value) return String(value.text ?? '');
    if ('error' in value) return String(value.error);
    if ('text' in value) return String((value as { text: unknown }).text ?? '');
  }
  return '';
}

const isFormula = (value: ExcelJS.CellValue) =>
  typeof value === 'object' && value !== null && ('formula' in value || 'sharedFormula' in value);

/**
 * The first worksheet's rows as text. A formula is refused (the file names the cells): what a formula shows
 * depends on other cells and the app that last saved it, and an import must take what the user sees as data —
 * "Paste special → Values" fixes it.
 */
export async function parseXlsx(bytes: Buffer): Promise<Array<{ rowNumber: number; cells: string[] }>> {
  const zip = await openZip(bytes, 'brokenXlsx');
  if (!zip.file('[Content_Types].xml') || !zip.file(/^xl\//).length) throw fileProblem('brokenXlsx');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw fileProblem('brokenXlsx');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw fileProblem('empty');
  const formulas: string[] = [];
  const rows: Array<{ rowNumber: number; cells: string[] }> = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      if (isFormula(cell.value)) {
        if (formulas.length < MAX_NAMED_CELLS) formulas.push(`${columnLetter(col - 1)}${rowNumber}`);
        else if (formulas.length === MAX_NAMED_CELLS) formulas.push('…');
        return;
      }
      cells[col - 1] = cleanCell(cellText(cell.value));
    });
    rows.push({ rowNumber, cells: Array.from(cells, (c) => c ?? '') });
  });
  if (formulas.length > 0) throw fileProblem('formula', { cells: formulas.join(', ') });
  return rows;
}
