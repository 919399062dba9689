import type { Gender } from '@common/enums.js';
import { parseIin } from '@common/iin.js';
import { BULK_MAX_ROWS, type BulkRow, zBulkRow } from '@common/schemas/credentials.js';

/**
 * Reads a list pasted from a spreadsheet or typed by hand: one person per line, cells separated by tabs
 * (what a spreadsheet copies) or semicolons. Columns: surname, name, then patronymic, birth date, gender, IIN.
 * Everything a person would type is accepted — DD.MM.YYYY or YYYY-MM-DD, м/ж, m/f, ер/әйел — and a valid IIN
 * fills in the birth date and gender. Problems are reported per row before anything is sent; the server
 * checks the same rules again.
 */

export type BulkField = keyof BulkRow;

/** An i18n key (with namespace) saying what is wrong with one field. */
export interface BulkProblem {
  field: BulkField | 'row';
  key: string;
}

export interface ParsedRow {
  /** 1-based line in the pasted text, for the administrator to find it. */
  line: number;
  cells: string[];
  /** What will be sent when the row has no problems. */
  row: BulkRow;
  /** Birth date and gender came from the IIN. */
  fromIin: boolean;
  /** The birth date and gender as typed, to show when they could not be read. */
  typed: { birthDate: string; gender: string };
  problems: BulkProblem[];
}

const MALE = new Set(['м', 'm', 'male', 'муж', 'мужской', 'ер', 'ер адам', 'ұл', 'erkek']);
const FEMALE = new Set(['ж', 'f', 'female', 'жен', 'женский', 'әйел', 'әйел адам', 'қыз', 'w']);

export function parseGender(text: string): Gender | null {
  const v = text.trim().toLowerCase().replace(/\.$/, '');
  if (MALE.has(v)) return 'male';
  if (FEMALE.has(v)) return 'female';
  return null;
}

const pad = (n: string) => n.padStart(2, '0');

/** DD.MM.YYYY (also with / or -) or YYYY-MM-DD → YYYY-MM-DD when it is a real calendar date, else null. */
export function parseDate(text: string): string | null {
  const v = text.trim();
  let iso: string | null = null;
  const dmy = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(v);
  const ymd = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(v);
  if (dmy) iso = `${dmy[3]}-${pad(dmy[2]!)}-${pad(dmy[1]!)}`;
  else if (ymd) iso = `${ymd[1]}-${pad(ymd[2]!)}-${pad(ymd[3]!)}`;
  if (!iso) return null;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(iso) ? iso : null;
}

const splitLine = (line: string) => (line.includes('\t') ? line.split('\t') : line.split(';')).map((c) => c.trim());

/** A header line ("Тегі; Аты; …") has neither a date nor an IIN: no digits at all. */
const looksLikeHeader = (cells: string[]) => cells.some((c) => c !== '') && !cells.some((c) => /\d/.test(c));

function parseCells(cells: string[], line: number): ParsedRow {
  const problems: BulkProblem[] = [];
  const [surname = '', firstName = '', ...rest] = cells;
  // After the two names, cells are told apart by what they hold, so a left-out patronymic or date, or
  // columns in another order, still read right: 12 digits are the IIN, other digits the date, м/ж the
  // gender, and text before the date the patronymic.
  let patronymic = '';
  let dateText = '';
  let genderText = '';
  let iinText = '';
  for (const cell of rest) {
    if (cell === '') continue;
    if (/^\d{12}$/.test(cell.replace(/\s+/g, ''))) iinText ||= cell;
    else if (/\d/.test(cell)) dateText ||= cell;
    else if (parseGender(cell) !== null) genderText ||= cell;
    else if (!patronymic && !dateText && !genderText) patronymic = cell;
    else genderText ||= cell; // unrecognised: reported as a gender it could not read
  }

  const iin = iinText.replace(/\s+/g, '');
  const info = iin ? parseIin(iin) : null;
  let birthDate = dateText ? parseDate(dateText) : null;
  let gender = genderText ? parseGender(genderText) : null;
  let fromIin = false;
  if (iin && !info) problems.push({ field: 'iin', key: 'errors:validation.iin' });
  if (info) {
    if (!dateText && !genderText) fromIin = true;
    if ((birthDate && birthDate !== info.birthDate) || (gender && gender !== info.gender)) {
      problems.push({ field: 'iin', key: 'errors:person.iinMismatch' });
    }
    birthDate ??= info.birthDate;
    gender ??= info.gender;
  }
  if (!surname) problems.push({ field: 'surname', key: 'errors:validation.required' });
  if (!firstName) problems.push({ field: 'firstName', key: 'errors:validation.required' });
  if (!birthDate) {
    problems.push({
      field: 'birthDate',
      key: dateText ? 'credentials:bulk.problem.date' : 'errors:validation.required',
    });
  }
  if (!gender) {
    problems.push({
      field: 'gender',
      key: genderText ? 'credentials:bulk.problem.gender' : 'errors:validation.required',
    });
  }

  const row: BulkRow = {
    surname,
    firstName,
    patronymic: patronymic || null,
    birthDate: birthDate ?? '',
    gender: gender ?? 'male',
    iin: iin || null,
  };
  // The shared schema catches the rest (lengths and the like) with the server's own messages.
  if (problems.length === 0) {
    const checked = zBulkRow.safeParse(row);
    if (!checked.success) {
      for (const issue of checked.error.issues) {
        const field = String(issue.path[0] ?? 'row') as BulkField;
        if (!problems.some((p) => p.field === field)) {
          problems.push({
            field,
            key: issue.message.startsWith('errors:') ? issue.message : 'errors:validation.invalid',
          });
        }
      }
    }
  }
  return { line, cells, row, fromIin, typed: { birthDate: dateText, gender: genderText }, problems };
}

/** Every non-empty line of the text as a row with its problems; duplicated IINs are marked on the later rows. */
export function parseBulkList(text: string): ParsedRow[] {
  const lines = text.split(/\r?\n/);
  const rows: ParsedRow[] = [];
  lines.forEach((raw, index) => {
    if (raw.trim() === '') return;
    const cells = splitLine(raw);
    if (rows.length === 0 && looksLikeHeader(cells)) return;
    rows.push(parseCells(cells, index + 1));
  });
  const seen = new Set<string>();
  for (const r of rows) {
    const iin = r.row.iin;
    if (!iin || r.problems.some((p) => p.field === 'iin')) continue;
    if (seen.has(iin)) r.problems.push({ field: 'iin', key: 'errors:credentials.iinTwiceInList' });
    seen.add(iin);
  }
  return rows;
}

export const tooManyRows = (rows: ParsedRow[]) => rows.length > BULK_MAX_ROWS;

/**
 * The server's row problems (`body.rows.3.iin`, already localised) by row index, for the preview to show
 * next to the rows they concern.
 */
export function serverRowProblems(issues: ReadonlyArray<{ path: string; message: string }>) {
  const byRow = new Map<number, Array<{ field: string; message: string }>>();
  for (const issue of issues) {
    const m = /^body\.rows\.(\d+)(?:\.(\w+))?/.exec(issue.path);
    if (!m) continue;
    const index = Number(m[1]);
    const list = byRow.get(index) ?? [];
    if (!list.some((p) => p.message === issue.message)) list.push({ field: m[2] ?? 'row', message: issue.message });
    byRow.set(index, list);
  }
  return byRow;
}
