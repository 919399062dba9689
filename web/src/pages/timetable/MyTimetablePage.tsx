import type { Lesson, MyTimetable } from '@common/schemas/timetable.js';
import {
  ActionIcon,
  Button,
  Card,
  Group,
  NativeSelect,
  ScrollArea,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
  useMantineTheme,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMyTimetable } from '../../api/timetable.js';
import { PageError, PageLoader } from '../../components/PageState.js';
import { useLocale } from '../../i18n.js';
import { formatDate } from '../people/format.js';
import { CalendarFeedSection } from './CalendarFeedSection.js';
import { LessonCard } from './LessonCard.js';
import { addDays, isoWeekday, mondayOf, schoolToday, weekDays } from './week.js';

function dayTitle(t: (k: string) => string, date: string, locale: ReturnType<typeof useLocale>) {
  return `${t(`weekdays.${isoWeekday(date)}`)}, ${formatDate(date, locale)}`;
}

/** Phones: one card per day, lessons in order. */
function DayCards({ data, show }: { data: MyTimetable; show: 'class' | 'teacher' }) {
  const { t } = useTranslation('timetable');
  const locale = useLocale();
  const days = weekDays(data.from, 7).filter((d) => isoWeekday(d) <= 5 || data.lessons.some((l) => l.date === d));
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
      {days.map((date) => {
        const lessons = data.lessons.filter((l) => l.date === date);
        return (
          <Card key={date} withBorder radius="md" padding="sm" data-testid={`day-${date}`}>
            <Text fw={600} mb="xs">
              {dayTitle(t, date, locale)}
            </Text>
            {lessons.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('my.noLessons')}
              </Text>
            ) : (
              <Stack gap={6}>
                {lessons.map((l) => (
                  <LessonCard key={l.id} lesson={l} show={show} />
                ))}
              </Stack>
            )}
          </Card>
        );
      })}
    </SimpleGrid>
  );
}

/** Wider screens: the week as a grid (days across, lesson numbers down), scrolling inside its own box. */
function WeekGrid({ data, show }: { data: MyTimetable; show: 'class' | 'teacher' }) {
  const { t } = useTranslation('timetable');
  const locale = useLocale();
  const hasSaturday = data.lessons.some((l) => isoWeekday(l.date) === 6);
  const days = weekDays(data.from, hasSaturday ? 6 : 5);
  const rows = [...new Set(data.lessons.map((l) => `${l.shift}|${l.lessonNumber}`))]
    .map((k) => k.split('|').map(Number) as [number, number])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const bell = (shift: number, n: number) => data.bells.find((b) => b.shift === shift && b.lessonNumber === n);
  if (rows.length === 0) {
    return (
      <Text c="dimmed" data-testid="my-empty">
        {t('my.noLessonsWeek')}
      </Text>
    );
  }
  const multiShift = new Set(rows.map(([s]) => s)).size > 1;
  return (
    <ScrollArea type="auto" offsetScrollbars>
      <Table withColumnBorders withTableBorder miw={760} layout="fixed" data-testid="my-grid">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={90} />
            {days.map((d) => (
              <Table.Th key={d}>{dayTitle(t, d, locale)}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map(([shift, n]) => {
            const b = bell(shift, n);
            return (
              <Table.Tr key={`${shift}-${n}`}>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {multiShift ? t('shiftLesson', { shift, n }) : t('lessonNumber', { n })}
                  </Text>
                  {b && (
                    <Text size="xs" c="dimmed">
                      {b.startsAt}–{b.endsAt}
                    </Text>
                  )}
                </Table.Td>
                {days.map((d) => (
                  <Table.Td key={d} valign="top">
                    <Stack gap={4}>
                      {data.lessons
                        .filter((l: Lesson) => l.date === d && l.shift === shift && l.lessonNumber === n)
                        .map((l) => (
                          <LessonCard key={l.id} lesson={l} show={show} />
                        ))}
                    </Stack>
                  </Table.Td>
                ))}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </ScrollArea>
  );
}

/** /my-timetable — a week of my lessons (a teacher's, a student's, or a parent's child's) and the phone calendar link. */
export default function MyTimetablePage() {
  const { t } = useTranslation('timetable');
  const locale = useLocale();
  const theme = useMantineTheme();
  const phone = useMediaQuery(`(max-width: ${theme.breakpoints.md})`, false, { getInitialValueInEffect: false });
  const [monday, setMonday] = useState(() => mondayOf(schoolToday()));
  const [personId, setPersonId] = useState<number | undefined>(undefined);
  const query = useMyTimetable({ from: monday, personId });
  const data = query.data;
  const show = data?.view === 'teacher' ? 'class' : 'teacher';

  return (
    <Stack gap="md">
      <Title order={2}>{t('my.title')}</Title>
      {data && data.children.length > 1 && (
        <NativeSelect
          label={t('my.child')}
          maw={360}
          value={String(data.person.personId)}
          onChange={(e) => setPersonId(Number(e.currentTarget.value))}
          data={data.children.map((c) => ({
            value: String(c.personId),
            label: c.classLabel ? `${c.name} (${c.classLabel})` : c.name,
          }))}
          data-testid="my-child"
        />
      )}
      {data?.view === 'child' && data.children.length === 1 && (
        <Text size="sm" data-testid="my-child-name">
          {data.person.name}
          {data.children[0]?.classLabel ? ` · ${data.children[0].classLabel}` : ''}
        </Text>
      )}
      <Group gap="xs" wrap="wrap">
        <ActionIcon
          variant="default"
          size="lg"
          onClick={() => setMonday(addDays(monday, -7))}
          aria-label={t('week.previous')}
          data-testid="week-prev"
        >
          <IconChevronLeft size={18} />
        </ActionIcon>
        <Text fw={600} data-testid="week-range">
          {formatDate(monday, locale)} – {formatDate(addDays(monday, 6), locale)}
        </Text>
        <ActionIcon
          variant="default"
          size="lg"
          onClick={() => setMonday(addDays(monday, 7))}
          aria-label={t('week.next')}
          data-testid="week-next"
        >
          <IconChevronRight size={18} />
        </ActionIcon>
        <Button variant="subtle" size="xs" onClick={() => setMonday(mondayOf(schoolToday()))} data-testid="week-today">
          {t('week.current')}
        </Button>
      </Group>

      {query.isPending ? (
        <PageLoader />
      ) : query.error ? (
        <PageError error={query.error} onRetry={() => void query.refetch()} />
      ) : data?.view === 'none' ? (
        <Text c="dimmed" data-testid="my-none">
          {t('my.none')}
        </Text>
      ) : data ? (
        phone ? (
          <DayCards data={data} show={show} />
        ) : (
          <WeekGrid data={data} show={show} />
        )
      ) : null}

      <CalendarFeedSection />
    </Stack>
  );
}
