import { ActionIcon, Badge, Button, Card, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { IconChevronLeft, IconChevronRight, IconPaperclip } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { type DiaryHomework, type DiaryLesson, useDiaryWeek } from '../../api/diary.js';
import { PageError, PageLoader } from '../../components/PageState.js';
import { useLocale } from '../../i18n.js';
import { formatDate } from '../people/format.js';
import { addDays, isoWeekday, mondayOf, schoolToday } from '../timetable/week.js';
import { MarkChip } from './MarkChip.js';

function HomeworkLine({ h, showSubject }: { h: DiaryHomework; showSubject: boolean }) {
  const { t } = useTranslation('diary');
  const locale = useLocale();
  return (
    <Text size="sm" style={{ overflowWrap: 'anywhere' }} td={h.done ? 'line-through' : undefined}>
      {showSubject ? <b>{h.subject}: </b> : null}
      {h.text}
      {h.dueDate ? ` (${t('week.due', { date: formatDate(h.dueDate, locale) })})` : ''}
      {h.attachments.map((a) => (
        <Badge key={a.id} size="xs" variant="light" ml={4} leftSection={<IconPaperclip size={10} />}>
          {a.fileName}
        </Badge>
      ))}
    </Text>
  );
}

/** One lesson: time, subject, teacher, room, topic; a change stands out (badge and colour); mark and attendance. */
function LessonRow({ l }: { l: DiaryLesson }) {
  const { t } = useTranslation('diary');
  const locale = useLocale();
  const changed = l.cancelled || l.substitute !== null || l.movedFrom !== null;
  return (
    <Paper
      withBorder
      p="xs"
      radius="sm"
      bg={l.cancelled ? 'red.0' : changed ? 'yellow.0' : undefined}
      data-testid={`diary-lesson-${l.id}`}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Text size="xs" c="dimmed">
            {t('week.lessonNumber', { n: l.number })}
            {l.startsAt && l.endsAt ? ` · ${l.startsAt}–${l.endsAt}` : ''}
            {l.room ? ` · ${t('week.room', { room: l.room })}` : ''}
          </Text>
          <Text fw={600} size="sm" td={l.cancelled ? 'line-through' : undefined} style={{ overflowWrap: 'anywhere' }}>
            {l.subject}
          </Text>
          <Text size="xs" c="dimmed">
            {l.substitute ?? l.teacher}
          </Text>
          {l.topic && (
            <Text size="xs" style={{ overflowWrap: 'anywhere' }}>
              {t('week.topic', { topic: l.topic })}
            </Text>
          )}
          <Group gap={4}>
            {l.cancelled && (
              <Badge color="red" size="xs">
                {t('change.cancelled')}
              </Badge>
            )}
            {l.substitute && (
              <Badge color="yellow" size="xs">
                {t('change.substituted', { name: l.substitute })}
              </Badge>
            )}
            {l.movedFrom && (
              <Badge color="yellow" size="xs">
                {t('change.moved', { date: formatDate(l.movedFrom.date, locale), n: l.movedFrom.lessonNumber })}
              </Badge>
            )}
            {l.attendance && l.attendance !== 'present' && (
              <Badge color={l.attendance === 'late' ? 'orange' : 'red'} variant="light" size="xs">
                {t(`attendance.${l.attendance}`)}
              </Badge>
            )}
          </Group>
          {l.homework && <HomeworkLine h={l.homework} showSubject={false} />}
        </Stack>
        {l.mark && (
          <MarkChip value={l.mark.value} status={l.mark.status} changed={l.mark.changed} comment={l.mark.comment} />
        )}
      </Group>
    </Paper>
  );
}

/** The week: prev / next / today and a date jump, a card per day (today highlighted), one request per week. */
export function WeekView({
  studentId,
  date,
  onDate,
}: {
  studentId: number;
  date: string;
  onDate: (d: string) => void;
}) {
  const { t } = useTranslation('diary');
  const { t: tt } = useTranslation('timetable');
  const locale = useLocale();
  const query = useDiaryWeek(studentId, date);
  const monday = mondayOf(date);
  const today = schoolToday();
  return (
    <Stack gap="sm">
      <Group gap="xs" wrap="nowrap" justify="space-between">
        <ActionIcon variant="default" size="lg" aria-label={t('week.prev')} onClick={() => onDate(addDays(monday, -7))}>
          <IconChevronLeft size={18} />
        </ActionIcon>
        <Text size="sm" fw={600} ta="center" data-testid="diary-week-range">
          {t('week.range', { from: formatDate(monday, locale), to: formatDate(addDays(monday, 6), locale) })}
        </Text>
        <ActionIcon variant="default" size="lg" aria-label={t('week.next')} onClick={() => onDate(addDays(monday, 7))}>
          <IconChevronRight size={18} />
        </ActionIcon>
      </Group>
      <Group gap="xs" wrap="nowrap">
        <Button variant="light" size="xs" onClick={() => onDate(today)}>
          {t('week.today')}
        </Button>
        <TextInput
          type="date"
          size="xs"
          aria-label={t('week.jump')}
          value={date}
          onChange={(e) => e.currentTarget.value && onDate(e.currentTarget.value)}
          style={{ flex: 1 }}
        />
      </Group>
      {query.isPending ? (
        <PageLoader />
      ) : query.isError ? (
        <PageError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        query.data.days
          .filter((d) => isoWeekday(d.date) <= 5 || d.lessons.length > 0 || d.homeworkDue.length > 0)
          .map((d) => {
            const isToday = d.date === query.data.today;
            return (
              <Card
                key={d.date}
                withBorder
                radius="md"
                padding="sm"
                data-testid={`diary-day-${d.date}`}
                data-today={isToday || undefined}
                style={isToday ? { borderColor: 'var(--mantine-color-blue-6)', borderWidth: 2 } : undefined}
              >
                <Group justify="space-between" mb="xs">
                  <Text fw={600}>
                    {tt(`weekdays.${isoWeekday(d.date)}`)}, {formatDate(d.date, locale)}
                  </Text>
                  {isToday && <Badge size="sm">{t('week.today')}</Badge>}
                </Group>
                <Stack gap={6}>
                  {d.lessons.length === 0 && (
                    <Text size="sm" c="dimmed">
                      {t('week.noLessons')}
                    </Text>
                  )}
                  {d.lessons.map((l) => (
                    <LessonRow key={l.id} l={l} />
                  ))}
                  {d.works.map((w) => (
                    <Group key={w.id} justify="space-between" wrap="nowrap" data-testid={`diary-work-${w.id}`}>
                      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                        <b>{t(`work.${w.kind}`)}</b> · {w.subject} · {w.title}
                      </Text>
                      <Badge variant="light" color={w.score === null ? 'gray' : 'violet'}>
                        {w.score !== null
                          ? t('work.score', { score: w.score, max: w.maxScore })
                          : w.status
                            ? t(`mark.${w.status}`)
                            : `—/${w.maxScore}`}
                      </Badge>
                    </Group>
                  ))}
                  {d.homeworkDue.length > 0 && (
                    <Paper p="xs" radius="sm" bg="blue.0" data-testid={`diary-due-${d.date}`}>
                      <Text size="xs" fw={600} mb={2}>
                        {t('week.homeworkDue')}
                      </Text>
                      {d.homeworkDue.map((h) => (
                        <HomeworkLine key={h.id} h={h} showSubject />
                      ))}
                    </Paper>
                  )}
                </Stack>
              </Card>
            );
          })
      )}
    </Stack>
  );
}
