import type { AssessmentPolicy } from '@common/assessment/index.js';
import type { JournalGrid as Grid, WorkColumn } from '@common/schemas/journal.js';
import { Badge, Text, UnstyledButton } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import {
  type ClipboardEvent,
  createContext,
  type KeyboardEvent,
  type MouseEvent,
  memo,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { useTranslation } from 'react-i18next';
import { type Column, type GridActions, valueText } from './actions.js';
import { CellMenu } from './CellMenu.js';
import classes from './journal.module.css';
import {
  ATTENDANCE_LETTER,
  attendanceOf,
  type CellCommand,
  cellCommandOf,
  moveFocus,
  moveOf,
  pastedColumn,
} from './keys.js';
import { runningResult } from './running.js';
import { cellKey, type GridStore, useCell, useFocusState, useRowVersion } from './store.js';

interface GridContext {
  store: GridStore;
  actions: GridActions;
  /** Closes the editor: commit text (or null = cancel) and move. */
  finishEdit: (text: string | null, move: 'down' | 'next' | 'prev' | 'up' | null) => void;
  t: TFunction;
}
const Ctx = createContext<GridContext | null>(null);
const useGrid = () => {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error('outside the journal grid');
  return ctx;
};

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

function CellEditor({ initial }: { initial: string }) {
  const { finishEdit } = useGrid();
  const [text, setText] = useState(initial);
  const done = useRef(false);
  const finish = (value: string | null, move: Parameters<GridContext['finishEdit']>[1]) => {
    if (done.current) return;
    done.current = true;
    finishEdit(value, move);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    e.stopPropagation();
    if (e.key === 'Enter') {
      e.preventDefault();
      finish(text, e.shiftKey ? 'up' : 'down');
    } else if (e.key === 'Tab') {
      e.preventDefault();
      finish(text, e.shiftKey ? 'prev' : 'next');
    } else if (e.key === 'Escape') {
      e.preventDefault();
      finish(null, null);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      finish(text, e.key === 'ArrowDown' ? 'down' : 'up');
    }
  };
  return (
    <input
      className={classes.editor}
      data-testid="cell-editor"
      // biome-ignore lint/a11y/noAutofocus: the editor opens because the teacher started typing in this cell
      autoFocus
      value={text}
      onChange={(e) => setText(e.currentTarget.value)}
      onKeyDown={onKeyDown}
      onBlur={() => finish(text, null)}
      onPaste={(e) => e.stopPropagation()}
      aria-label="value"
    />
  );
}

const Cell = memo(function Cell({ studentId, column }: { studentId: number; column: Column }) {
  const { store, t } = useGrid();
  const key = cellKey(studentId, column.key);
  const cell = useCell(store, key);
  const focus = useFocusState(store, key);
  const mark = cell.mark;
  const code = cell.attendance?.code ?? null;
  const letter = code ? ATTENDANCE_LETTER[code] : '';
  const shown = cell.pending ?? (mark ? valueText(mark.value, t) : '');
  const cls = [
    classes.cell,
    column.kind === 'work' ? classes.workCell : '',
    focus ? classes.focused : '',
    cell.remote ? classes.remote : '',
    cell.save === 'error' || cell.save === 'conflict' ? classes.error : '',
    cell.save === 'saving' ? classes.saving : '',
  ].join(' ');
  const reason = code && code !== 'present' ? (cell.attendance?.reason ?? null) : null;
  // The absence's reason and the mark's comment read on hover (and by screen readers through the title).
  const notes = [reason ? t('journal:reason.tooltip', { reason }) : null, mark?.comment ?? null].filter(Boolean);
  const title = cell.message ?? (cell.remote ? t('journal:cell.remote') : notes.join('\n') || undefined);
  return (
    <td
      id={`jc-${key}`}
      data-cell={key}
      data-testid={`cell-${studentId}-${column.key}`}
      data-value={mark ? String(mark.value) : ''}
      data-attendance={code ?? ''}
      data-reason={reason ?? undefined}
      data-save={cell.save}
      data-remote={cell.remote ? 'true' : undefined}
      data-focused={focus ?? undefined}
      className={cls}
      title={title}
    >
      {focus === 'editing' ? (
        <CellEditor initial={store.editorInitial} />
      ) : (
        <span className={classes.cellContent}>
          {letter && <span className={classes.attendance}>{letter}</span>}
          {shown && <span className={classes.mark}>{shown}</span>}
          {mark?.changed && <span className={classes.changedMarker} title={t('journal:grid.changed')} />}
          {mark?.comment && <span className={classes.commentMarker} title={t('journal:grid.hasComment')} />}
          {reason && <span className={classes.reasonMarker} />}
        </span>
      )}
    </td>
  );
});

interface RunningContext {
  grid: Grid;
  policy: AssessmentPolicy | null;
  works: ReadonlyMap<number, WorkColumn>;
  lessonOrder: ReadonlyMap<number, number>;
}

const fmt = (n: number | null | undefined) => (n === null || n === undefined ? '—' : n.toFixed(1));

/** ФО % · СОр % · СОч % · period % · grade, recomputed by the engine when a cell of this row changes. */
const RunningCells = memo(function RunningCells({ studentId, ctx }: { studentId: number; ctx: RunningContext }) {
  const { store, t } = useGrid();
  const version = useRowVersion(store, studentId);
  // biome-ignore lint/correctness/useExhaustiveDependencies: version is the row's change counter
  const running = useMemo(
    () => runningResult(ctx.grid, ctx.policy, ctx.works, ctx.lessonOrder, store.rowMarks(studentId)),
    [ctx, store, studentId, version],
  );
  // A closed period shows the term grade fixed by the server at the close, not the running one.
  const fixed = ctx.grid.period.closed ? ctx.grid.termGrades?.find((g) => g.studentId === studentId) : undefined;
  if (running.kind !== 'graded') {
    const pf = fixed ? (fixed.grade === 'pass' || fixed.grade === 'fail' ? fixed.grade : null) : null;
    const label = pf
      ? t(`journal:running.${pf}`)
      : running.kind === 'passFail'
        ? running.result.result
          ? t(`journal:running.${running.result.result}`)
          : t(`journal:running.${running.result.status === 'exempt' ? 'exempt' : 'ungraded'}`)
        : t('journal:running.ungraded');
    return (
      <td
        colSpan={5}
        className={classes.running}
        data-testid={`running-${studentId}`}
        data-percent=""
        data-grade={pf ?? (running.kind === 'passFail' ? (running.result.result ?? '') : '')}
        data-fixed={fixed ? 'true' : undefined}
        title={fixed ? t('journal:running.fixed') : undefined}
      >
        {label}
        {fixed && <IconLock size={11} className={classes.fixedLock} aria-label={t('journal:running.fixed')} />}
      </td>
    );
  }
  const r = fixed
    ? {
        ...running.result,
        percent: fixed.percent,
        grade: fixed.grade === null ? null : fixed.grade === 'na' ? ('na' as const) : Number(fixed.grade),
        status: fixed.status,
      }
    : running.result;
  const grade =
    r.grade === null
      ? r.status === 'exempt'
        ? t('journal:running.exempt')
        : '—'
      : r.grade === 'na'
        ? t('journal:running.na')
        : String(r.grade);
  return (
    <>
      <td className={classes.running}>{fmt(r.parts.fo?.percent ?? r.parts.foSor?.percent)}</td>
      <td className={classes.running}>{fmt(r.parts.sor?.percent)}</td>
      <td className={classes.running}>{fmt(r.parts.soch?.percent)}</td>
      <td
        className={`${classes.running} ${classes.runningTotal}`}
        data-testid={`running-${studentId}`}
        data-percent={r.percent === null ? '' : String(r.percent)}
        data-grade={r.grade === null ? '' : String(r.grade)}
        data-status={r.status}
        data-fixed={fixed ? 'true' : undefined}
        title={r.status === 'provisional' ? t('journal:running.provisional') : undefined}
      >
        {fmt(r.percent)}
      </td>
      <td
        className={`${classes.running} ${classes.grade} ${classes.gradeCell}`}
        data-status={r.status}
        data-fixed={fixed ? 'true' : undefined}
        data-testid={`grade-${studentId}`}
        title={
          fixed ? t('journal:running.fixed') : r.status === 'provisional' ? t('journal:running.provisional') : undefined
        }
      >
        {grade}
        {r.status === 'provisional' && !fixed && '*'}
        {fixed && <IconLock size={11} className={classes.fixedLock} aria-label={t('journal:running.fixed')} />}
      </td>
    </>
  );
});

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

function shortDate(date: string) {
  return `${date.slice(8, 10)}.${date.slice(5, 7)}`;
}

const Header = memo(function Header({
  columns,
  graded,
  fixed,
  onLesson,
  onWork,
}: {
  columns: Column[];
  /** Graded subjects show ФО/СОр/СОч %, % and grade; pass/fail and ungraded ones one result column. */
  graded: boolean;
  /** The period is closed: the result columns show the term grades fixed at the close. */
  fixed: boolean;
  onLesson: (c: Column & { kind: 'lesson' }) => void;
  onWork: (c: Column & { kind: 'work' }) => void;
}) {
  const { t } = useTranslation('journal');
  return (
    <thead>
      <tr>
        <th className={`${classes.name} ${classes.corner}`} scope="col">
          {t('grid.student')}
        </th>
        {columns.map((c) =>
          c.kind === 'lesson' ? (
            <th key={c.key} scope="col" className={classes.colHead} data-testid={`col-${c.key}`}>
              <UnstyledButton
                onClick={() => onLesson(c)}
                className={classes.colButton}
                title={`${t('grid.editLesson')}: ${c.lesson.topic ?? ''}`}
                data-testid={`col-edit-${c.key}`}
              >
                <span className={classes.colDate}>{shortDate(c.lesson.date)}</span>
                <span className={classes.colNumber}>{c.lesson.lessonNumber}</span>
                <span className={classes.colTopic}>{c.lesson.topic ?? ''}</span>
              </UnstyledButton>
            </th>
          ) : (
            <th
              key={c.key}
              scope="col"
              className={`${classes.colHead} ${classes.workHead}`}
              data-testid={`col-${c.key}`}
            >
              <UnstyledButton
                onClick={() => onWork(c)}
                className={classes.colButton}
                title={`${t('grid.editWork')}: ${c.work.title}`}
                data-testid={`col-edit-${c.key}`}
              >
                <span className={classes.colDate}>{shortDate(c.work.date)}</span>
                <Badge size="xs" variant="light" color={c.work.kind === 'soch' ? 'grape' : 'teal'}>
                  {t(`work.kinds.${c.work.kind}`)}
                </Badge>
                <span className={classes.colTopic}>{t('work.maxShort', { max: c.work.maxScore })}</span>
              </UnstyledButton>
            </th>
          ),
        )}
        {graded ? (
          <>
            <th scope="col" className={classes.runningHead}>
              {t('running.fo')}
            </th>
            <th scope="col" className={classes.runningHead}>
              {t('running.sor')}
            </th>
            <th scope="col" className={classes.runningHead}>
              {t('running.soch')}
            </th>
            <th scope="col" className={`${classes.runningHead} ${classes.runningTotalHead}`}>
              {t('running.percent')}
            </th>
            <th
              scope="col"
              className={`${classes.runningHead} ${classes.gradeHead}`}
              title={fixed ? t('running.fixed') : undefined}
              data-testid="grade-head"
              data-fixed={fixed ? 'true' : undefined}
            >
              {fixed ? t('running.fixedGrade') : t('running.grade')}
              {fixed && <IconLock size={11} className={classes.fixedLock} aria-hidden />}
            </th>
          </>
        ) : (
          <th
            scope="col"
            colSpan={5}
            className={classes.runningHead}
            title={fixed ? t('running.fixed') : undefined}
            data-testid="grade-head"
            data-fixed={fixed ? 'true' : undefined}
          >
            {fixed ? t('running.fixedGrade') : t('running.grade')}
            {fixed && <IconLock size={11} className={classes.fixedLock} aria-hidden />}
          </th>
        )}
      </tr>
    </thead>
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
          <Header
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
