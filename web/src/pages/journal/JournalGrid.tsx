import type { AssessmentPolicy } from '@common/assessment/index.js';
import type { JournalGrid as Grid } from '@common/schemas/journal.js';
import { Text } from '@mantine/core';
import {
  type ClipboardEvent,
  type KeyboardEvent,
  type MouseEvent,
  memo,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { useTranslation } from 'react-i18next';
import { type Column, type GridActions, valueText } from './actions.js';
import { CellMenu } from './CellMenu.js';
import { Cell } from './GridCell.js';
import { GridHeader } from './GridHeader.js';
import { Ctx, type GridContext } from './grid-context.js';
import classes from './journal.module.css';
import { attendanceOf, type CellCommand, cellCommandOf, moveFocus, moveOf, pastedColumn } from './keys.js';
import { RunningCells, type RunningContext } from './RunningCells.js';
import { cellKey, type GridStore } from './store.js';

/** Lessons by date and number; each work right after the lessons of its date. */
export function buildColumns(grid: Pick<Grid, 'lessons' | 'works'>): Column[] {
  const items: { sort: string; column: Column }[] = [
    ...grid.lessons.map((lesson) => ({
      sort: `${lesson.date}|0|${String(lesson.lessonNumber).padStart(2, '0')}|${lesson.id}`,
      column: { key: `l${lesson.id}`, kind: 'lesson', lesson } as Column,
    })),
    ...grid.works.map((work) => ({
      sort: `${work.date}|1|${work.kind === 'sor' ? 0 : 1}|${work.id}`,
      column: { key: `w${work.id}`, kind: 'work', work } as Column,
    })),
  ];
  return items.sort((a, b) => (a.sort < b.sort ? -1 : a.sort > b.sort ? 1 : 0)).map((i) => i.column);
}

/**
 * Scrolls the grid's own box (never the page) so the cell is visible beside the sticky name column and below
 * the sticky header.
 */
function revealCell(scroller: HTMLElement | null, td: HTMLElement | null) {
  if (!scroller || !td) return;
  const box = scroller.getBoundingClientRect();
  const r = td.getBoundingClientRect();
  const nameWidth = scroller.querySelector('th')?.getBoundingClientRect().width ?? 0;
  const headHeight = scroller.querySelector('thead')?.getBoundingClientRect().height ?? 0;
  if (r.left < box.left + nameWidth) scroller.scrollLeft -= box.left + nameWidth - r.left;
  else if (r.right > box.right) scroller.scrollLeft += r.right - box.right + 1;
  if (r.top < box.top + headHeight) scroller.scrollTop -= box.top + headHeight - r.top;
  else if (r.bottom > box.bottom) scroller.scrollTop += r.bottom - box.bottom + 1;
}

const Row = memo(function Row({
  student,
  columns,
  ctx,
}: {
  student: Grid['students'][number];
  columns: Column[];
  ctx: RunningContext;
}) {
  return (
    <tr data-testid={`row-${student.id}`}>
      <th scope="row" className={classes.name}>
        <Text size="sm" truncate="end" component="span" title={student.name}>
          {student.name}
        </Text>
      </th>
      {columns.map((column) => (
        <Cell key={column.key} studentId={student.id} column={column} />
      ))}
      <RunningCells studentId={student.id} ctx={ctx} />
    </tr>
  );
});

export interface JournalGridProps {
  grid: Grid;
  store: GridStore;
  actions: GridActions;
  policy: AssessmentPolicy | null;
  canWrite: boolean;
  onLesson: (c: Column & { kind: 'lesson' }) => void;
  onWork: (c: Column & { kind: 'work' }) => void;
  onComment: (studentId: number, column: Column) => void;
  /** The reason of an absence (Alt+Enter, the cell menu). */
  onReason: (studentId: number, column: Column) => void;
  /** An administrator's re-check of a СОч score (the cell menu); absent for everyone else. */
  onRecheck?: (studentId: number, column: Column) => void;
  onPasteOverflow: (n: number) => void;
}

/**
 * The journal grid: students × (lessons, works), keyboard first. Keys go to the grid element (one handler,
 * aria-activedescendant marks the focused cell); cells read their own state from the store. See keys.ts for
 * the key map.
 */
export function JournalGrid({
  grid,
  store,
  actions,
  policy,
  canWrite,
  onLesson,
  onWork,
  onComment,
  onReason,
  onRecheck,
  onPasteOverflow,
}: JournalGridProps) {
  const { t } = useTranslation('journal');
  const columns = useMemo(() => buildColumns(grid), [grid]);
  const students = useMemo(() => grid.students.map((s) => s.id), [grid]);
  const gridRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState<string | null>(store.focus);
  const [menu, setMenu] = useState<{ studentId: number; column: Column; x: number; y: number } | null>(null);

  const runningCtx = useMemo<RunningContext>(
    () => ({
      grid,
      policy,
      works: new Map(grid.works.map((w) => [w.id, w])),
      lessonOrder: new Map(grid.lessons.map((l, i) => [l.id, i])),
    }),
    [grid, policy],
  );

  const position = () => {
    const [row, col] = (store.focus ?? '').split(':');
    const r = students.indexOf(Number(row));
    const c = columns.findIndex((x) => x.key === col);
    return r >= 0 && c >= 0 ? { row: r, col: c } : null;
  };
  const keyAt = (row: number, col: number) => {
    const s = students[row];
    const c = columns[col];
    return s !== undefined && c ? cellKey(s, c.key) : null;
  };
  const focusCell = (key: string | null, editing = false, initial = '') => {
    store.editorInitial = initial;
    if (editing && key) {
      const cell = store.get(key);
      store.editBase = cell.save === 'saving' ? undefined : (cell.mark?.version ?? null);
    }
    store.setFocus(key, editing);
    setActive(key);
    if (!editing) gridRef.current?.focus({ preventScroll: true });
    if (key) revealCell(gridRef.current, document.getElementById(`jc-${key}`));
  };

  const finishEdit: GridContext['finishEdit'] = (text, move) => {
    const at = position();
    if (!at) return;
    const studentId = students[at.row];
    const column = columns[at.col];
    let ok = true;
    if (text !== null && studentId !== undefined && column) ok = actions.commit(studentId, column, text);
    const next = move && ok ? moveFocus(at, move, students.length, columns.length) : at;
    focusCell(keyAt(next.row, next.col));
  };
  // The context stays the same object across renders (focus moves re-render this component, never the cells).
  const latest = useRef(finishEdit);
  latest.current = finishEdit;
  const ctx = useMemo<GridContext>(
    () => ({ store, actions, t, finishEdit: (text, move) => latest.current(text, move) }),
    [store, actions, t],
  );

  // The first cell is focused when the grid gets keyboard focus with nothing selected yet.
  const onFocus = () => {
    if (!store.focus && students.length > 0 && columns.length > 0) focusCell(keyAt(0, 0));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (store.editing) return;
    const at = position();
    if (!at) return;
    const move = moveOf(e.key, e.shiftKey);
    if (move) {
      const next = moveFocus(at, move, students.length, columns.length);
      // Tab past the last cell leaves the grid, as Tab does everywhere else.
      if (e.key === 'Tab' && next.row === at.row && next.col === at.col) return;
      e.preventDefault();
      focusCell(keyAt(next.row, next.col));
      return;
    }
    const studentId = students[at.row];
    const column = columns[at.col];
    if (studentId === undefined || !column) return;
    // Shift+Enter comment, Alt+Enter absence reason, menu key / Shift+F10 the cell menu — also when read-only.
    const command = cellCommandOf(e);
    if (command) {
      e.preventDefault();
      runCommand(command, studentId, column);
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const cell = store.get(cellKey(studentId, column.key));
    if (!canWrite) return;
    if (e.key === 'Enter' || e.key === 'F2') {
      e.preventDefault();
      focusCell(store.focus, true, cell.mark ? valueText(cell.mark.value, t) : '');
      return;
    }
    if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      actions.clear(studentId, column);
      return;
    }
    const code = column.kind === 'lesson' ? attendanceOf(e.key) : null;
    if (code) {
      e.preventDefault();
      actions.setAttendance(studentId, column, code);
      return;
    }
    if (e.key.length === 1 && e.key !== ' ') {
      e.preventDefault();
      focusCell(store.focus, true, e.key);
    }
  };

  /** What the cell's menu offers (and whether the keyboard commands apply to it). */
  const cellOptions = (studentId: number, column: Column) => {
    const cell = store.get(cellKey(studentId, column.key));
    const code = cell.attendance?.code;
    return {
      comment: cell.mark !== null,
      reason: column.kind === 'lesson' && !!code && code !== 'present',
      recheck:
        !!onRecheck &&
        canWrite &&
        column.kind === 'work' &&
        column.work.kind === 'soch' &&
        typeof cell.mark?.value === 'number',
    };
  };
  const runCommand = (command: CellCommand, studentId: number, column: Column) => {
    const can = cellOptions(studentId, column);
    if (command === 'comment' && can.comment) onComment(studentId, column);
    else if (command === 'reason' && can.reason) onReason(studentId, column);
    else if (command === 'menu' && (can.comment || can.reason || can.recheck)) {
      const r = document.getElementById(`jc-${cellKey(studentId, column.key)}`)?.getBoundingClientRect();
      setMenu({ studentId, column, x: r ? r.left + r.width / 2 : 0, y: r ? r.bottom : 0 });
    }
  };
  // A right click on a cell, or the context-menu key / Shift+F10 (the browser then targets the grid itself: the
  // focused cell is meant). The keydown may have opened the menu already; opening it again is harmless.
  const onContextMenu = (e: MouseEvent<HTMLDivElement>) => {
    const td = (e.target as HTMLElement).closest<HTMLElement>('td[data-cell]');
    const key = td?.dataset.cell ?? store.focus;
    if (!key || store.editing) return;
    const [row, col] = key.split(':');
    const column = columns.find((c) => c.key === col);
    const studentId = Number(row);
    if (!column) return;
    const can = cellOptions(studentId, column);
    if (!can.comment && !can.reason && !can.recheck) return;
    e.preventDefault();
    if (!td) return runCommand('menu', studentId, column);
    focusCell(key);
    setMenu({ studentId, column, x: e.clientX, y: e.clientY });
  };
  const closeMenu = () => {
    setMenu(null);
    gridRef.current?.focus({ preventScroll: true });
  };
  const menuOptions = menu ? cellOptions(menu.studentId, menu.column) : null;

  const onPaste = (e: ClipboardEvent<HTMLDivElement>) => {
    const at = position();
    if (!at || !canWrite || store.editing) return;
    const column = columns[at.col];
    if (!column) return;
    e.preventDefault();
    const left = actions.paste(students, at.row, column, pastedColumn(e.clipboardData.getData('text/plain')));
    if (left > 0) onPasteOverflow(left);
  };

  const onMouseDown = (e: MouseEvent<HTMLDivElement>) => {
    const td = (e.target as HTMLElement).closest<HTMLElement>('td[data-cell]');
    if (!td || store.editing) return;
    e.preventDefault();
    focusCell(td.dataset.cell ?? null);
  };
  const onDoubleClick = (e: MouseEvent<HTMLDivElement>) => {
    const key = (e.target as HTMLElement).closest<HTMLElement>('td[data-cell]')?.dataset.cell;
    if (!key || !canWrite) return;
    const mark = store.get(key).mark;
    focusCell(key, true, mark ? valueText(mark.value, t) : '');
  };

  useEffect(() => () => store.dispose(), [store]);

  return (
    <Ctx.Provider value={ctx}>
      {/* biome-ignore lint/a11y/useSemanticElements: a spreadsheet grid; the table inside carries the structure */}
      <div
        ref={gridRef}
        className={classes.scroller}
        data-testid="journal-grid"
        data-readonly={canWrite ? undefined : 'true'}
        role="grid"
        tabIndex={0}
        aria-activedescendant={active ? `jc-${active}` : undefined}
        aria-readonly={!canWrite}
        onKeyDown={onKeyDown}
        onPaste={onPaste}
        onFocus={onFocus}
        onMouseDown={onMouseDown}
        onDoubleClick={onDoubleClick}
        onContextMenu={onContextMenu}
      >
        <table className={classes.table}>
          <GridHeader
            columns={columns}
            graded={grid.assessmentMode.mode === 'graded'}
            fixed={grid.period.closed && (grid.termGrades?.length ?? 0) > 0}
            onLesson={onLesson}
            onWork={onWork}
          />
          <tbody>
            {grid.students.map((s) => (
              <Row key={s.id} student={s} columns={columns} ctx={runningCtx} />
            ))}
          </tbody>
        </table>
      </div>
      {menu && (
        <CellMenu
          x={menu.x}
          y={menu.y}
          onClose={closeMenu}
          items={[
            ...(menuOptions?.comment
              ? [
                  {
                    label: t('grid.comment'),
                    shortcut: 'Shift+Enter',
                    testId: 'cell-menu-comment',
                    onSelect: () => onComment(menu.studentId, menu.column),
                  },
                ]
              : []),
            ...(menuOptions?.reason
              ? [
                  {
                    label: t('reason.title'),
                    shortcut: 'Alt+Enter',
                    testId: 'cell-menu-reason',
                    onSelect: () => onReason(menu.studentId, menu.column),
                  },
                ]
              : []),
            ...(menuOptions?.recheck
              ? [
                  {
                    label: t('recheck.title'),
                    testId: 'cell-menu-recheck',
                    onSelect: () => onRecheck?.(menu.studentId, menu.column),
                  },
                ]
              : []),
          ]}
        />
      )}
    </Ctx.Provider>
  );
}
