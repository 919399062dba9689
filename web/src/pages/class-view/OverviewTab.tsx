import type { ClassView, ClassViewCell } from '@common/schemas/class-view.js';
import { Text } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyPage } from '../../components/PageState.js';
import { useLocale } from '../../i18n.js';
import { localName } from '../../lib/localName.js';
import classes from './class-view.module.css';
import { fmtPercent, gradeLabel } from './labels.js';

function GradeCell({ cell }: { cell: ClassViewCell | undefined }) {
  const { t } = useTranslation('classView');
  if (!cell)
    return (
      <td className={classes.notApplicable} title={t('overview.notInGroup')}>
        ·
      </td>
    );
  const title = cell.fixed
    ? t('overview.fixed')
    : cell.status === 'provisional'
      ? t('overview.provisional')
      : undefined;
  return (
    <td
      title={title}
      data-testid={`cv-cell-${cell.assignmentId}-${cell.studentId}`}
      data-grade={cell.grade ?? ''}
      data-fixed={cell.fixed ? 'true' : undefined}
    >
      {cell.percent !== null && <span className={classes.percent}>{fmtPercent(cell.percent)}</span>}
      <span className={classes.grade} data-grade={cell.grade ?? ''} data-status={cell.status}>
        {gradeLabel(t, cell)}
      </span>
      {cell.fixed && (
        <IconLock size={11} style={{ marginLeft: 2, verticalAlign: 'middle' }} aria-label={t('overview.fixed')} />
      )}
    </td>
  );
}

/** Pupils × subjects: the period's result per subject, the mean grade, and attendance in the period so far. */
export function OverviewTab({ view }: { view: ClassView }) {
  const { t } = useTranslation('classView');
  const locale = useLocale();
  if (view.students.length === 0) return <EmptyPage title={t('overview.noStudents')} />;
  const cells = new Map(view.cells.map((c) => [`${c.assignmentId}:${c.studentId}`, c]));
  const atRisk = new Set(view.students.filter((s) => s.risks.length > 0).map((s) => s.id));
  const att = (key: 'lessons' | 'missed' | 'sick' | 'excused' | 'unexcused' | 'late' | 'fullDays', hint?: string) => (
    <th scope="col" title={hint ? t(`attendance.${hint}`) : undefined}>
      {t(`attendance.${key}`)}
    </th>
  );
  return (
    <>
      <Text size="xs" c="dimmed">
        {t('overview.legend')}
      </Text>
      {view.subjects.length === 0 && <Text c="dimmed">{t('overview.noSubjects')}</Text>}
      <div className={classes.scroll}>
        <table className={classes.table} data-testid="class-view-matrix">
          <thead>
            <tr>
              <th scope="col" className={classes.name}>
                {t('overview.student')}
              </th>
              {view.subjects.map((s) => (
                <th key={s.assignmentId} scope="col" className={classes.subjectHead} title={s.teacherName}>
                  <Link to={`/journal/${s.assignmentId}`}>{localName(s.subject, locale)}</Link>
                  {s.subgroupName && (
                    <Text size="xs" c="dimmed" component="div">
                      {t('overview.group', { name: s.subgroupName })}
                    </Text>
                  )}
                </th>
              ))}
              <th scope="col" title={t('overview.averageHint')}>
                {t('overview.average')}
              </th>
              {att('lessons', 'lessonsHint')}
              {att('missed')}
              {att('sick', 'sickHint')}
              {att('excused', 'excusedHint')}
              {att('unexcused', 'unexcusedHint')}
              {att('late', 'lateHint')}
              {att('fullDays', 'fullDaysHint')}
            </tr>
          </thead>
          <tbody>
            {view.students.map((s) => (
              <tr
                key={s.id}
                className={atRisk.has(s.id) ? classes.atRisk : undefined}
                data-testid={`cv-row-${s.id}`}
                data-at-risk={atRisk.has(s.id) ? 'true' : undefined}
              >
                <th scope="row" className={classes.name} title={s.name}>
                  {s.name}
                </th>
                {view.subjects.map((sub) => (
                  <GradeCell key={sub.assignmentId} cell={cells.get(`${sub.assignmentId}:${s.id}`)} />
                ))}
                <td className={classes.grade}>{s.average === null ? '—' : s.average.toFixed(2)}</td>
                <td>{s.attendance.lessons}</td>
                <td>{s.attendance.missed || ''}</td>
                <td className={classes.code} data-code="sick">
                  {s.attendance.sick || ''}
                </td>
                <td className={classes.code} data-code="excused">
                  {s.attendance.excused || ''}
                </td>
                <td className={classes.code} data-code="absent">
                  {s.attendance.unexcused || ''}
                </td>
                <td className={classes.code} data-code="late">
                  {s.attendance.late || ''}
                </td>
                <td>
                  {s.attendance.fullDays > 0
                    ? `${s.attendance.fullDays}${s.attendance.fullDaysUnexcused > 0 ? ` (${s.attendance.fullDaysUnexcused})` : ''}`
                    : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
