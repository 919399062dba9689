import type { AssessmentPolicy } from '@common/assessment/index.js';
import type { JournalGrid as Grid, WorkColumn } from '@common/schemas/journal.js';
import { IconLock } from '@tabler/icons-react';
import { memo, useMemo } from 'react';
import { useGrid } from './grid-context.js';
import classes from './journal.module.css';
import { runningResult } from './running.js';
import { useRowVersion } from './store.js';

export interface RunningContext {
  grid: Grid;
  policy: AssessmentPolicy | null;
  works: ReadonlyMap<number, WorkColumn>;
  lessonOrder: ReadonlyMap<number, number>;
}

const fmt = (n: number | null | undefined) => (n === null || n === undefined ? '—' : n.toFixed(1));

/** ФО % · СОр % · СОч % · period % · grade, recomputed by the engine when a cell of this row changes. */
export const RunningCells = memo(function RunningCells({ studentId, ctx }: { studentId: number; ctx: RunningContext }) {
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
