import { IMPORT_MAX_ROWS } from '@common/schemas/imports.js';
import { AppError } from '../../../errors.js';

/** A table read from a file: the header row and the data rows, every cell as trimmed text. */
export interface Sheet {
  headers: string[];
  rows: SheetRow[];
}
export interface SheetRow {
  /** The row's number in the file (the header row is 1 in a template), so errors point where the user looks. */
  rowNumber: number;
  cells: string[];
}

/** A file the import cannot read: 422 with a localised reason (nothing is stored). */
export const fileProblem = (code: string, params: Record<string, string | number> = {}) =>
  new AppError(422, `imports.file.${code}`, params);

/**
 * A cell's text without control characters (line breaks become spaces): a NUL cannot even be stored in
 * PostgreSQL, and no name, date or IIN contains the others.
 */
export const cleanCell = (text: string) =>
  [...text]
    .map((c) => (c === '\n' || c === '\r' || c === '\t' ? ' ' : c))
    .filter((c) => c.charCodeAt(0) >= 32 && c !== '\u007f')
    .join('')
    .trim();

/** Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/**
 * Picks the header row among the first rows (files often start with a title line such as «5 Ә сыныбының
 * тізімі»): the first row where `isHeader` recognises at least two cells, else the first non-empty row. Rows
 * with no text at all are dropped; the rest keep their file row numbers.
 */
export function toSheet(
  raw: Array<{ rowNumber: number; cells: string[] }>,
  isHeader: (cell: string) => boolean,
  maxRows = IMPORT_MAX_ROWS,
): Sheet {
  const rows = raw.filter((r) => r.cells.some((c) => c !== ''));
  if (rows.length === 0) throw fileProblem('empty');
  const candidates = rows.slice(0, 10);
  const headerIndex = Math.max(
    0,
    candidates.findIndex((r) => r.cells.filter((c) => c !== '' && isHeader(c)).length >= 2),
  );
  const header = rows[headerIndex]!;
  // Trailing empty header cells are not columns.
  let width = header.cells.length;
  while (width > 0 && header.cells[width - 1] === '') width--;
  if (width === 0) throw fileProblem('noHeader');
  const data = rows.slice(headerIndex + 1);
  if (data.length === 0) throw fileProblem('noRows');
  if (data.length > maxRows) throw fileProblem('tooManyRows', { max: maxRows, count: data.length });
  return {
    headers: header.cells.slice(0, width),
    rows: data.map((r) => ({
      rowNumber: r.rowNumber,
      cells: Array.from({ length: width }, (_, i) => r.cells[i] ?? ''),
    })),
  };
}
