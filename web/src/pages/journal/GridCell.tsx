import { type KeyboardEvent, memo, useRef, useState } from 'react';
import { type Column, valueText } from './actions.js';
import { type GridContext, useGrid } from './grid-context.js';
import classes from './journal.module.css';
import { ATTENDANCE_LETTER } from './keys.js';
import { cellKey, useCell, useFocusState } from './store.js';

/** One mark / attendance cell of the grid and its in-place editor. */
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

export const Cell = memo(function Cell({ studentId, column }: { studentId: number; column: Column }) {
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
