import type {
  AttendanceCellInput,
  AttendanceCode,
  JournalError,
  LessonColumn,
  MarkCellInput,
  MarkValue,
  WorkColumn,
} from '@common/schemas/journal.js';
import { FO_MAX, FO_MIN } from '@common/schemas/journal.js';
import type { TFunction } from 'i18next';
import { writeAttendance, writeMarks } from '../../api/journal.js';
import { isApiError } from '../../lib/apiError.js';
import { ATTENDANCE_LETTER, attendanceOf, parseEntry } from './keys.js';
import { cellKey, type GridStore } from './store.js';

export type Column =
  | { key: string; kind: 'lesson'; lesson: LessonColumn }
  | { key: string; kind: 'work'; work: WorkColumn };

/** How a value reads in a cell. */
export function valueText(value: MarkValue, t: TFunction): string {
  return typeof value === 'number' ? String(value) : t(`journal:values.${value}`);
}

type Parsed = { ok: true; value: MarkValue | null } | { ok: false; message: string };

/** What a typed text means in a column: a mark value, null (clear), or the localised reason it is not one. */
export function parseFor(column: Column, text: string, t: TFunction): Parsed {
  const entry = parseEntry(text);
  switch (entry.kind) {
    case 'clear':
      return { ok: true, value: null };
    case 'pass':
    case 'fail':
      return { ok: true, value: entry.kind };
    case 'exempt':
      return { ok: true, value: 'exempt' };
    case 'notAttested':
      return { ok: true, value: 'na' };
    case 'invalid':
      return { ok: false, message: t('journal:cell.invalid') };
    case 'score':
      if (column.kind === 'lesson') {
        const ok = Number.isInteger(entry.value) && entry.value >= FO_MIN && entry.value <= FO_MAX;
        return ok ? { ok: true, value: entry.value } : { ok: false, message: t('journal:cell.foRange') };
      }
      return entry.value >= 0 && entry.value <= column.work.maxScore
        ? { ok: true, value: entry.value }
        : { ok: false, message: t('journal:cell.scoreRange', { max: column.work.maxScore }) };
  }
}

/**
 * Writes from the grid. Saves run one after another so each names the version the previous one produced
 * (expectedVersion) — a teacher typing fast never conflicts with themself, while another teacher's write in
 * between is refused with 409 and shown, never overwritten.
 */
export class GridActions {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private store: GridStore,
    private assignmentId: number,
    private t: TFunction,
  ) {}

  private enqueue(job: () => Promise<void>) {
    this.chain = this.chain.then(job, job);
  }

  /** One mark (typed) or a pasted column: one request, all or nothing. */
  saveMarks(
    items: {
      studentId: number;
      column: Column;
      value: MarkValue | null;
      comment?: string | null;
      /** The version the edit was based on (default: the latest known when the request goes out). */
      base?: number | null;
    }[],
    /** Why (an administrator's re-check of a disputed СОч): recorded in the mark's history. */
    reason?: string,
  ) {
    if (items.length === 0) return;
    const keys = items.map((i) => cellKey(i.studentId, i.column.key));
    items.forEach((item, n) => {
      this.store.patch(keys[n] ?? '', {
        save: 'saving',
        message: null,
        pending: item.value === null ? '' : valueText(item.value, this.t),
      });
    });
    this.store.track(true);
    this.enqueue(async () => {
      const cells: MarkCellInput[] = items.map((item, n) => ({
        studentId: item.studentId,
        ...(item.column.kind === 'lesson' ? { lessonId: item.column.lesson.id } : { workId: item.column.work.id }),
        value: item.value,
        ...(item.comment !== undefined ? { comment: item.comment } : {}),
        expectedVersion: item.base !== undefined ? item.base : (this.store.get(keys[n] ?? '').mark?.version ?? null),
      }));
      try {
        const result = await writeMarks(this.assignmentId, cells, reason);
        for (const id of result.removedMarkIds) this.store.removeMark(id, false);
        for (const m of result.marks) this.store.putMark(m, false);
        for (const key of keys) this.store.saved(key, { pending: null });
        this.store.track(false);
      } catch (error) {
        this.failed(error, keys);
      }
    });
  }

  /** `reason` undefined keeps the stored reason; null or '' removes it. */
  saveAttendance(
    items: { studentId: number; lessonId: number; code: AttendanceCode | null; reason?: string | null }[],
  ) {
    if (items.length === 0) return;
    const keys = items.map((i) => cellKey(i.studentId, `l${i.lessonId}`));
    // Shown at once (and seen by a Delete pressed before the answer); version 0 = "no entry yet".
    const previous = keys.map((key) => this.store.get(key).attendance);
    items.forEach((item, n) => {
      const before = previous[n];
      this.store.patch(keys[n] ?? '', {
        save: 'saving',
        message: null,
        attendance: {
          studentId: item.studentId,
          lessonId: item.lessonId,
          code: item.code,
          reason:
            item.code === null ? null : item.reason !== undefined ? item.reason || null : (before?.reason ?? null),
          version: before?.version ?? 0,
        },
      });
    });
    this.store.track(true);
    this.enqueue(async () => {
      const cells: AttendanceCellInput[] = items.map((item, n) => ({
        ...item,
        expectedVersion: this.store.get(keys[n] ?? '').attendance?.version || null,
      }));
      try {
        const result = await writeAttendance(this.assignmentId, cells);
        for (const a of result.attendance) this.store.putAttendance(a, false);
        for (const key of keys) this.store.saved(key);
        this.store.track(false);
      } catch (error) {
        // Back to what the server holds; a conflict then shows the other person's entry.
        keys.forEach((key, n) => {
          this.store.patch(key, { attendance: previous[n] ?? null });
        });
        this.failed(error, keys);
      }
    });
  }

  /** 409: show each stale cell's current value with a notice; anything else: the server's localised message. */
  private failed(error: unknown, keys: string[]) {
    const message = error instanceof Error ? error.message : String(error);
    if (isApiError(error) && error.code === 'journal.conflict') {
      const body = error.body as Partial<JournalError>;
      const conflicted = new Set<string>();
      let notice: string | null = null;
      for (const c of body.marks ?? []) {
        const key = cellKey(c.studentId, c.lessonId !== null ? `l${c.lessonId}` : `w${c.workId}`);
        conflicted.add(key);
        const previous = this.store.get(key).mark;
        if (c.current) this.store.putMark(c.current, false);
        else if (previous) this.store.removeMark(previous.id, false);
        notice = c.current
          ? this.t('journal:cell.conflict', { value: valueText(c.current.value, this.t) })
          : this.t('journal:cell.conflictEmpty');
        this.store.patch(key, { save: 'conflict', pending: null, message: notice });
      }
      for (const c of body.attendance ?? []) {
        const key = cellKey(c.studentId, `l${c.lessonId}`);
        conflicted.add(key);
        if (c.current) this.store.putAttendance(c.current, false);
        const letter = c.current?.code ? ATTENDANCE_LETTER[c.current.code] : '';
        notice = letter ? this.t('journal:cell.conflict', { value: letter }) : this.t('journal:cell.conflictEmpty');
        this.store.patch(key, { save: 'conflict', pending: null, message: notice });
      }
      for (const key of keys) {
        if (!conflicted.has(key)) this.store.patch(key, { save: 'error', pending: null, message });
      }
      this.store.setNotice(notice ?? message);
      this.store.track(false, 'conflict', notice ?? message);
      return;
    }
    for (const key of keys) this.store.patch(key, { save: 'error', pending: null, message });
    this.store.track(false, 'error', message);
  }

  /** The editor's text committed in a cell. Returns false (and shows why) when it is not a valid entry. */
  commit(studentId: number, column: Column, text: string): boolean {
    const key = cellKey(studentId, column.key);
    const current = this.store.get(key);
    // н/п/б/о typed into the editor of a lesson cell still mean attendance.
    const letter = column.kind === 'lesson' && text.trim().length === 1 ? attendanceOf(text.trim()) : null;
    if (letter && column.kind === 'lesson') {
      this.setAttendance(studentId, column, letter);
      return true;
    }
    const parsed = parseFor(column, text, this.t);
    if (!parsed.ok) {
      this.store.patch(key, { save: 'error', message: parsed.message });
      this.store.track(true);
      this.store.track(false, 'error', parsed.message);
      return false;
    }
    const base = this.store.editBase;
    const unchanged = (current.mark?.version ?? null) === (base ?? current.mark?.version ?? null);
    if (unchanged && parsed.value === null && !current.mark) return true;
    if (unchanged && current.mark && parsed.value === current.mark.value) return true;
    this.saveMarks([{ studentId, column, value: parsed.value, base }]);
    return true;
  }

  setAttendance(studentId: number, column: Column, code: AttendanceCode | null) {
    if (column.kind !== 'lesson') return;
    const current = this.store.get(cellKey(studentId, column.key)).attendance;
    if ((current?.code ?? null) === code) return;
    this.saveAttendance([{ studentId, lessonId: column.lesson.id, code }]);
  }

  /** The reason of an absence (the code stays); null removes it. */
  setReason(studentId: number, column: Column, reason: string | null) {
    if (column.kind !== 'lesson') return;
    const current = this.store.get(cellKey(studentId, column.key)).attendance;
    if (!current?.code || (current.reason ?? null) === reason) return;
    this.saveAttendance([{ studentId, lessonId: column.lesson.id, code: current.code, reason }]);
  }

  /** Delete / Backspace: the mark first, then (pressed again) the attendance letter. */
  clear(studentId: number, column: Column) {
    const cell = this.store.get(cellKey(studentId, column.key));
    // A mark still being saved counts: Delete right after Enter removes it once it is stored.
    if (cell.mark || cell.pending) this.saveMarks([{ studentId, column, value: null }]);
    else if (cell.attendance?.code) this.setAttendance(studentId, column, null);
  }

  /** A column pasted from a spreadsheet, from a cell downwards: one batch for marks, one for attendance. */
  paste(students: readonly number[], fromRow: number, column: Column, values: string[]): number {
    const marks: { studentId: number; column: Column; value: MarkValue | null }[] = [];
    const attendance: { studentId: number; lessonId: number; code: AttendanceCode | null }[] = [];
    const fit = values.slice(0, students.length - fromRow);
    fit.forEach((text, n) => {
      const studentId = students[fromRow + n];
      if (studentId === undefined) return;
      const letter = column.kind === 'lesson' && text.length === 1 ? attendanceOf(text) : null;
      if (letter && column.kind === 'lesson') {
        attendance.push({ studentId, lessonId: column.lesson.id, code: letter });
        return;
      }
      const parsed = parseFor(column, text, this.t);
      const key = cellKey(studentId, column.key);
      if (!parsed.ok) {
        this.store.patch(key, { save: 'error', message: parsed.message });
        return;
      }
      if (parsed.value === null && !this.store.get(key).mark) return;
      marks.push({ studentId, column, value: parsed.value });
    });
    this.saveMarks(marks);
    this.saveAttendance(attendance);
    return values.length - fit.length;
  }
}
