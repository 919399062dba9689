import { type AttendanceCode, attendanceFromKey } from '@common/schemas/journal.js';

/**
 * Keyboard vocabulary of the journal grid, kept pure so it is unit-tested (keys.test.ts).
 *
 * Attendance letters (kz-school-rules §3, Kundelik's symbols) are typed on a focused cell without opening the
 * editor. Teachers switch layouts all day, so a letter is recognised three ways:
 *  - the Cyrillic letter itself (Russian and Kazakh layouts put н п б о on the same keys): н п б о;
 *  - the same PHYSICAL key with the Latin layout still on (ЙЦУКЕН position → QWERTY): y → н, g → п, , → б, j → о;
 *  - the Latin letter typed BY MEANING (transliteration): n → н, p → п, b → б, o → о.
 * The three sets do not collide (Latin n/p/b/o sit under т/з/и/щ in ЙЦУКЕН, which mean nothing here).
 * Upper case (Caps Lock, Shift) is accepted too; Shift+, gives '<' on QWERTY. The table itself is the contract's
 * ATTENDANCE_KEYS (common/schemas/journal.ts), shared with the server.
 */
export function attendanceOf(key: string): Exclude<AttendanceCode, 'present'> | null {
  if (key.length !== 1) return null;
  return attendanceFromKey(key === '<' ? ',' : key);
}

/** The journal's symbol of an attendance code (the same letters in every UI language, as in Kundelik). */
export const ATTENDANCE_LETTER: Record<AttendanceCode, string> = {
  present: '',
  absent: 'н',
  excused: 'п',
  sick: 'б',
  late: 'о',
};

/** Grid navigation commands from a keydown (null: not a navigation key). */
export type Move = 'up' | 'down' | 'left' | 'right' | 'next' | 'prev' | 'home' | 'end';
export function moveOf(key: string, shift: boolean): Move | null {
  switch (key) {
    case 'ArrowUp':
      return 'up';
    case 'ArrowDown':
      return 'down';
    case 'ArrowLeft':
      return 'left';
    case 'ArrowRight':
      return 'right';
    case 'Tab':
      return shift ? 'prev' : 'next';
    case 'Home':
      return 'home';
    case 'End':
      return 'end';
    default:
      return null;
  }
}

/** The next focused cell (row, column) in a rows × cols grid; Tab wraps to the next/previous row. */
export function moveFocus(
  at: { row: number; col: number },
  move: Move,
  rows: number,
  cols: number,
): { row: number; col: number } {
  const clampRow = (r: number) => Math.max(0, Math.min(rows - 1, r));
  const clampCol = (c: number) => Math.max(0, Math.min(cols - 1, c));
  switch (move) {
    case 'up':
      return { row: clampRow(at.row - 1), col: at.col };
    case 'down':
      return { row: clampRow(at.row + 1), col: at.col };
    case 'left':
      return { row: at.row, col: clampCol(at.col - 1) };
    case 'right':
      return { row: at.row, col: clampCol(at.col + 1) };
    case 'home':
      return { row: at.row, col: 0 };
    case 'end':
      return { row: at.row, col: cols - 1 };
    case 'next':
      if (at.col < cols - 1) return { row: at.row, col: at.col + 1 };
      return at.row < rows - 1 ? { row: at.row + 1, col: 0 } : at;
    case 'prev':
      if (at.col > 0) return { row: at.row, col: at.col - 1 };
      return at.row > 0 ? { row: at.row - 1, col: cols - 1 } : at;
  }
}

/**
 * A cell's dialogs from the keyboard (on a focused cell, editor closed):
 *  - Shift+Enter: the mark's comment (and its history for administrators);
 *  - Alt+Enter: the reason of an absence (н/п/б/о) — a doctor's note, a competition;
 *  - the context-menu key or Shift+F10 (as everywhere on Windows and Linux): the cell's menu of these and, for
 *    administrators on a СОч score, the re-check.
 */
export type CellCommand = 'comment' | 'reason' | 'menu';
export function cellCommandOf(e: {
  key: string;
  shiftKey: boolean;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
}): CellCommand | null {
  if (e.ctrlKey || e.metaKey) return null;
  if (e.key === 'Enter' && e.altKey && !e.shiftKey) return 'reason';
  if (e.altKey) return null;
  if (e.key === 'Enter' && e.shiftKey) return 'comment';
  if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) return 'menu';
  return null;
}

/**
 * What the teacher typed into a cell editor. Marks are numbers (ФО 1..10, a work's score 0..max); pass/fail
 * subjects take зачёт (`+`, `з`, `зч`, `p`… by meaning) / незачёт (`-`, `нз`); `осв`/`бос`/`ex` = exempt,
 * `н/а`/`на`/`na` = not attested. Anything else is invalid (the cell shows the localised reason).
 */
export type Entry =
  | { kind: 'score'; value: number }
  | { kind: 'pass' }
  | { kind: 'fail' }
  | { kind: 'exempt' }
  | { kind: 'notAttested' }
  | { kind: 'clear' }
  | { kind: 'invalid' };

const WORDS: Record<string, Entry['kind']> = {
  '+': 'pass',
  з: 'pass',
  зч: 'pass',
  зач: 'pass',
  pass: 'pass',
  '-': 'fail',
  нз: 'fail',
  незач: 'fail',
  fail: 'fail',
  осв: 'exempt',
  бос: 'exempt',
  ex: 'exempt',
  'н/а': 'notAttested',
  на: 'notAttested',
  na: 'notAttested',
  'n/a': 'notAttested',
};

export function parseEntry(text: string): Entry {
  const s = text.trim().toLowerCase().replace(',', '.');
  if (s === '') return { kind: 'clear' };
  if (/^\d+(\.\d+)?$/.test(s)) return { kind: 'score', value: Number(s) };
  const kind = WORDS[s];
  if (kind && kind !== 'score' && kind !== 'invalid') return { kind } as Entry;
  return { kind: 'invalid' };
}

/** A pasted block from a spreadsheet: one value per line (the first column when rows hold tabs). */
export function pastedColumn(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  while (lines.length > 0 && lines[lines.length - 1]?.trim() === '') lines.pop();
  return lines.map((line) => (line.split('\t')[0] ?? '').trim());
}
