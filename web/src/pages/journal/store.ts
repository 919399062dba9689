import type { Attendance, JournalGrid, Mark } from '@common/schemas/journal.js';
import type { JournalChanges } from '@common/schemas/journal-results.js';
import { useCallback, useSyncExternalStore } from 'react';

/**
 * The grid's cells live outside React state: each cell subscribes to its own key, each running-grade cell to its
 * row, so a keystroke or a saved mark re-renders one cell and one row total — never the 35 × 50 grid.
 */
export type SaveState = 'idle' | 'saving' | 'saved' | 'error' | 'conflict';

export interface CellState {
  mark: Mark | null;
  attendance: Attendance | null;
  save: SaveState;
  /** The localised reason of an error or conflict. */
  message: string | null;
  /** Changed by someone else a moment ago (short highlight). */
  remote: boolean;
  /** What is being saved, shown until the server answers. */
  pending: string | null;
}

/** lesson columns: `l<id>`; work columns: `w<id>`. */
export const lessonKey = (id: number) => `l${id}`;
export const workKey = (id: number) => `w${id}`;
export const cellKey = (studentId: number, columnKey: string) => `${studentId}:${columnKey}`;
const markKey = (m: Pick<Mark, 'studentId' | 'lessonId' | 'workId'>) =>
  cellKey(m.studentId, m.lessonId !== null ? lessonKey(m.lessonId) : workKey(m.workId ?? 0));

const EMPTY: CellState = { mark: null, attendance: null, save: 'idle', message: null, remote: false, pending: null };
const HIGHLIGHT_MS = 2500;

export class GridStore {
  private cells = new Map<string, CellState>();
  private markIndex = new Map<number, string>();
  private listeners = new Map<string, Set<() => void>>();
  private timers = new Map<string, ReturnType<typeof setTimeout>>();
  revision: number;
  focus: string | null = null;
  editing = false;
  /** The text the editor opened with (the first key typed, or the cell's value). */
  editorInitial = '';
  /**
   * The mark version the teacher saw when the editor opened: the commit names it, so a change someone else made
   * while the editor covered the cell is refused (409) and shown instead of being overwritten. undefined: the
   * cell's own save was still under way — chain on it.
   */
  editBase: number | null | undefined = undefined;
  /** The grid-wide save indicator and the latest conflict notice. */
  status: { state: SaveState; message: string | null } = { state: 'idle', message: null };
  notice: string | null = null;
  private saveCount = 0;

  constructor(grid: JournalGrid) {
    this.revision = grid.revision;
    for (const m of grid.marks) this.putMark(m, false);
    for (const a of grid.attendance) this.putAttendance(a, false);
  }

  get(key: string): CellState {
    return this.cells.get(key) ?? EMPTY;
  }

  subscribe(key: string, listener: () => void): () => void {
    let set = this.listeners.get(key);
    if (!set) {
      set = new Set();
      this.listeners.set(key, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  private rows = new Map<string, number>();

  rowVersion(studentId: number): number {
    return this.rows.get(String(studentId)) ?? 0;
  }

  private emit(key: string) {
    for (const l of this.listeners.get(key) ?? []) l();
    if (key.startsWith('focus:') || key === 'status' || key === 'notice') return;
    const row = key.split(':')[0] ?? '';
    this.rows.set(row, (this.rows.get(row) ?? 0) + 1);
    for (const l of this.listeners.get(`row:${row}`) ?? []) l();
  }

  patch(key: string, change: Partial<CellState>) {
    this.cells.set(key, { ...this.get(key), ...change });
    this.emit(key);
  }

  /** Marks of one student, for the running grade. */
  rowMarks(studentId: number): Mark[] {
    const out: Mark[] = [];
    const prefix = `${studentId}:`;
    for (const [key, cell] of this.cells) if (cell.mark && key.startsWith(prefix)) out.push(cell.mark);
    return out;
  }

  putMark(mark: Mark, remote: boolean) {
    const key = markKey(mark);
    const current = this.get(key).mark;
    if (remote && current && current.version >= mark.version) return; // our own write, already applied
    this.markIndex.set(mark.id, key);
    this.cells.set(key, { ...this.get(key), mark, ...(remote ? { remote: true, save: 'idle', message: null } : {}) });
    this.emit(key);
    if (remote) this.fade(key);
  }

  removeMark(markId: number, remote: boolean) {
    const key = this.markIndex.get(markId);
    if (!key || this.get(key).mark?.id !== markId) return;
    this.markIndex.delete(markId);
    this.cells.set(key, { ...this.get(key), mark: null, ...(remote ? { remote: true } : {}) });
    this.emit(key);
    if (remote) this.fade(key);
  }

  putAttendance(a: Attendance, remote: boolean) {
    const key = cellKey(a.studentId, lessonKey(a.lessonId));
    const current = this.get(key).attendance;
    if (remote && current && current.version >= a.version) return;
    this.cells.set(key, { ...this.get(key), attendance: a, ...(remote ? { remote: true, save: 'idle' } : {}) });
    this.emit(key);
    if (remote) this.fade(key);
  }

  /** Someone else's edits since our last look. */
  applyChanges(changes: JournalChanges) {
    for (const m of changes.marks) this.putMark(m, true);
    for (const id of changes.removedMarkIds) this.removeMark(id, true);
    for (const a of changes.attendance) this.putAttendance(a, true);
    this.revision = Math.max(this.revision, changes.revision);
  }

  private fade(key: string) {
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => this.patch(key, { remote: false }), HIGHLIGHT_MS),
    );
  }

  /** A save starts (true) or ends; the indicator says 'saving' while any is under way. */
  track(started: boolean, outcome: SaveState = 'saved', message: string | null = null) {
    this.saveCount += started ? 1 : -1;
    this.status = started || this.saveCount > 0 ? { state: 'saving', message: null } : { state: outcome, message };
    this.emit('status');
  }

  setNotice(message: string | null) {
    this.notice = message;
    this.emit('notice');
  }

  /** A cell's transient "saved" tick fades back to idle. */
  /**
   * A save of this cell answered OK. A refusal shown in the cell while the save was in flight (an invalid mark typed
   * after a Delete, say) stays on screen with its reason: the answer of the earlier save must not wipe it.
   */
  saved(key: string, change: Partial<CellState> = {}) {
    const { save } = this.get(key);
    this.patch(key, save === 'error' || save === 'conflict' ? change : { ...change, save: 'saved', message: null });
    this.settle(key);
  }

  settle(key: string) {
    clearTimeout(this.timers.get(`s${key}`));
    this.timers.set(
      `s${key}`,
      setTimeout(() => {
        if (this.get(key).save === 'saved') this.patch(key, { save: 'idle' });
      }, 1500),
    );
  }

  setFocus(key: string | null, editing = false) {
    const before = this.focus;
    this.focus = key;
    this.editing = editing;
    if (before) this.emit(`focus:${before}`);
    if (key && key !== before) this.emit(`focus:${key}`);
  }

  dispose() {
    for (const t of this.timers.values()) clearTimeout(t);
  }
}

export function useCell(store: GridStore, key: string): CellState {
  const subscribe = useCallback((l: () => void) => store.subscribe(key, l), [store, key]);
  return useSyncExternalStore(subscribe, () => store.get(key));
}

/** 'editing' | 'focused' | null for one cell. */
export function useFocusState(store: GridStore, key: string): 'editing' | 'focused' | null {
  const subscribe = useCallback((l: () => void) => store.subscribe(`focus:${key}`, l), [store, key]);
  return useSyncExternalStore(subscribe, () => (store.focus === key ? (store.editing ? 'editing' : 'focused') : null));
}

/** Re-renders when any cell of the row changes; returns the row's change counter to memoise on. */
export function useRowVersion(store: GridStore, studentId: number): number {
  const subscribe = useCallback((l: () => void) => store.subscribe(`row:${studentId}`, l), [store, studentId]);
  return useSyncExternalStore(subscribe, () => store.rowVersion(studentId));
}

export function useStoreValue<T>(store: GridStore, key: 'status' | 'notice', read: () => T): T {
  const subscribe = useCallback((l: () => void) => store.subscribe(key, l), [store, key]);
  return useSyncExternalStore(subscribe, read);
}
