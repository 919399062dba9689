import { Badge, UnstyledButton } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Column } from './actions.js';
import classes from './journal.module.css';

/** The grid's header row: lesson and work columns (each opens its dialog), then the running / fixed result heads. */

function shortDate(date: string) {
  return `${date.slice(8, 10)}.${date.slice(5, 7)}`;
}

export const GridHeader = memo(function GridHeader({
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
