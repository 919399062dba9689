import type { ClassDay } from '@common/schemas/class-view.js';
import { Alert, Badge, Group, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useClassDay } from '../../api/class-view.js';
import { PageError, PageLoader } from '../../components/PageState.js';
import { useLocale } from '../../i18n.js';
import { localName } from '../../lib/localName.js';
import classes from './class-view.module.css';

function DayTable({ day }: { day: ClassDay }) {
  const { t } = useTranslation('classView');
  const locale = useLocale();
  const codes = new Map(day.attendance.map((a) => [`${a.lessonId}:${a.studentId}`, a]));
  const fullDay = new Map(day.fullDays.map((f) => [f.studentId, f.code]));
  const names = new Map(day.students.map((s) => [s.id, s.name]));
  return (
    <Stack gap="sm">
      {day.fullDays.length > 0 ? (
        <Alert
          color="red"
          variant="light"
          title={t('day.fullDays', { count: day.fullDays.length })}
          data-testid="cv-full-days"
        >
          <Group gap="xs">
            {day.fullDays.map((f) => (
              <Badge
                key={f.studentId}
                variant="light"
                color="red"
                data-testid={`cv-full-day-${f.studentId}`}
                data-code={f.code}
              >
                {names.get(f.studentId)} · {t(`day.dayCodes.${f.code}`)}
              </Badge>
            ))}
          </Group>
        </Alert>
      ) : (
        <Text size="sm" c="dimmed">
          {t('day.noFullDays')}
        </Text>
      )}
      <div className={classes.scroll}>
        <table className={classes.table} data-testid="class-day-table">
          <thead>
            <tr>
              <th scope="col" className={classes.name}>
                {t('overview.student')}
              </th>
              {day.lessons.map((l) => (
                <th key={l.id} scope="col" className={classes.subjectHead}>
                  <div>{t('day.lesson', { n: l.lessonNumber })}</div>
                  <div className={l.status === 'cancelled' ? classes.cancelled : undefined}>
                    {l.assignmentId === null ? (
                      localName(l.subject, locale)
                    ) : (
                      <Link to={`/journal/${l.assignmentId}`}>{localName(l.subject, locale)}</Link>
                    )}
                  </div>
                  {l.subgroupName && (
                    <Text size="xs" c="dimmed" component="div">
                      {t('overview.group', { name: l.subgroupName })}
                    </Text>
                  )}
                  {l.status === 'cancelled' && (
                    <Text size="xs" c="dimmed" component="div">
                      {t('day.cancelled')}
                    </Text>
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {day.students.map((s) => {
              const code = fullDay.get(s.id);
              return (
                <tr
                  key={s.id}
                  className={code ? classes.fullDay : undefined}
                  data-testid={`cv-day-row-${s.id}`}
                  data-full-day={code}
                >
                  <th scope="row" className={classes.name} title={code ? t('day.fullDay') : s.name}>
                    {s.name}
                  </th>
                  {day.lessons.map((l) => {
                    if (l.memberIds !== null && !l.memberIds.includes(s.id))
                      return (
                        <td key={l.id} className={classes.notApplicable} title={t('overview.notInGroup')}>
                          ·
                        </td>
                      );
                    const a = codes.get(`${l.id}:${s.id}`);
                    return (
                      <td key={l.id} className={classes.code} data-code={a?.code} title={a?.reason ?? undefined}>
                        {a && a.code !== 'present' ? t(`day.codes.${a.code}`) : ''}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <Text size="xs" c="dimmed">
        {t('day.legend')}
      </Text>
    </Stack>
  );
}

/** The class teacher's morning screen: one day's attendance across the class's lessons. */
export function DayTab({ classId, date, onDate }: { classId: number; date: string; onDate: (d: string) => void }) {
  const { t } = useTranslation('classView');
  const day = useClassDay(classId, date);
  return (
    <Stack gap="sm">
      <TextInput
        type="date"
        label={t('day.date')}
        value={date}
        onChange={(e) => e.currentTarget.value && onDate(e.currentTarget.value)}
        w={180}
        data-testid="cv-day-date"
      />
      {day.isPending ? (
        <PageLoader />
      ) : day.error ? (
        <PageError error={day.error} onRetry={() => void day.refetch()} />
      ) : day.data.lessons.length === 0 ? (
        <Text c="dimmed">{t('day.noLessons')}</Text>
      ) : (
        <DayTable day={day.data} />
      )}
    </Stack>
  );
}
