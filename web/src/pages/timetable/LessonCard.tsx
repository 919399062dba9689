import type { Lesson } from '@common/schemas/timetable.js';
import { Badge, Group, Paper, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../i18n.js';
import { localName } from '../../lib/localName.js';
import { formatDate } from '../people/format.js';

/**
 * One dated lesson as everyone sees it: time, subject, who and where, and what changed — a cancelled lesson is
 * struck through and marked, a substitute, a new room or a move are named, so the change is visible at a glance.
 */
export function LessonCard({
  lesson,
  show,
  actions,
}: {
  lesson: Lesson;
  /** What to name beside the subject: the class (a teacher's view), the teacher (a student's), or both. */
  show: 'class' | 'teacher' | 'both';
  actions?: ReactNode;
}) {
  const { t } = useTranslation('timetable');
  const locale = useLocale();
  const cancelled = lesson.status === 'cancelled';
  const time = lesson.startsAt && lesson.endsAt ? `${lesson.startsAt}–${lesson.endsAt}` : '';
  const who = [
    show !== 'teacher' ? lesson.classLabel + (lesson.subgroupName ? ` · ${lesson.subgroupName}` : '') : null,
    show !== 'class' ? (lesson.substitute?.name ?? lesson.teacher.name) : null,
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <Paper
      withBorder
      p="xs"
      radius="sm"
      bg={cancelled ? 'red.0' : lesson.changes.length > 0 ? 'yellow.0' : undefined}
      data-testid={`lesson-${lesson.id}`}
      data-status={lesson.status}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Text size="xs" c="dimmed">
            {t('lessonNumber', { n: lesson.lessonNumber })}
            {time ? ` · ${time}` : ''}
          </Text>
          <Text fw={600} size="sm" td={cancelled ? 'line-through' : undefined} style={{ overflowWrap: 'anywhere' }}>
            {localName(lesson.subject, locale)}
          </Text>
          <Text size="xs" style={{ overflowWrap: 'anywhere' }}>
            {who}
            {lesson.roomName ? ` · ${t('room', { room: lesson.roomName })}` : ''}
          </Text>
          <Group gap={4}>
            {cancelled && (
              <Badge color="red" size="xs" data-testid="lesson-cancelled">
                {t('marks.cancelled')}
              </Badge>
            )}
            {lesson.substitute && (
              <Badge color="orange" size="xs" variant="light" data-testid="lesson-substitute">
                {t('marks.substitute', { teacher: lesson.substitute.name, instead: lesson.teacher.name })}
              </Badge>
            )}
            {lesson.changes.includes('room') && (
              <Badge color="grape" size="xs" variant="light">
                {t('marks.room')}
              </Badge>
            )}
            {lesson.movedFrom && (
              <Badge color="blue" size="xs" variant="light" data-testid="lesson-moved">
                {t('marks.moved', {
                  date: formatDate(lesson.movedFrom.date, locale),
                  n: lesson.movedFrom.lessonNumber,
                })}
              </Badge>
            )}
          </Group>
          {lesson.note && (
            <Text size="xs" c="dimmed" fs="italic" style={{ overflowWrap: 'anywhere' }}>
              {lesson.note}
            </Text>
          )}
        </Stack>
        {actions}
      </Group>
    </Paper>
  );
}
