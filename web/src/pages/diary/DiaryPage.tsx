import { Chip, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useDiaryStudents } from '../../api/diary.js';
import { EmptyPage, PageError, PageLoader } from '../../components/PageState.js';
import { schoolToday } from '../timetable/week.js';
import { HomeworkView } from './HomeworkView.js';
import { MarksView } from './MarksView.js';
import { WeekView } from './WeekView.js';

/**
 * /diary — the student's and parent's diary, phone first (360 px): whose diary (a parent switches between their
 * children with chips, kept in the address so a reload stays on the child), then the week, the marks by subject
 * and the homework list.
 */
export default function DiaryPage() {
  const { t } = useTranslation('diary');
  const students = useDiaryStudents();
  const [params, setParams] = useSearchParams();
  const [date, setDate] = useState(() => schoolToday());
  const tab = params.get('tab') ?? 'week';
  if (students.isPending) return <PageLoader />;
  if (students.isError) return <PageError error={students.error} onRetry={() => void students.refetch()} />;
  const items = students.data;
  if (items.length === 0) return <EmptyPage title={t('title')} text={t('noStudents')} />;
  const wanted = Number(params.get('student'));
  const current = items.find((s) => s.personId === wanted) ?? items[0]!;
  const set = (key: string, value: string) =>
    setParams(
      (p) => {
        p.set(key, value);
        return p;
      },
      { replace: true },
    );
  return (
    <Stack gap="sm" maw={720}>
      <Title order={2}>{t('title')}</Title>
      {items.length > 1 ? (
        <Chip.Group value={String(current.personId)} onChange={(v) => set('student', String(v))}>
          <Group gap="xs" aria-label={t('child')} data-testid="diary-children">
            {items.map((s) => (
              <Chip key={s.personId} value={String(s.personId)} size="sm">
                {s.name.split(' ').slice(0, 2).join(' ')}
                {s.classLabel ? ` · ${s.classLabel}` : ''}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
      ) : null}
      <Text size="xs" c="dimmed">
        {current.name}
        {current.classLabel ? ` · ${current.classLabel}` : ''} · {current.schoolName}
      </Text>
      <Tabs value={tab} onChange={(v) => set('tab', v ?? 'week')} keepMounted={false}>
        <Tabs.List grow>
          <Tabs.Tab value="week" data-testid="diary-tab-week">
            {t('tabs.week')}
          </Tabs.Tab>
          <Tabs.Tab value="marks" data-testid="diary-tab-marks">
            {t('tabs.marks')}
          </Tabs.Tab>
          <Tabs.Tab value="homework" data-testid="diary-tab-homework">
            {t('tabs.homework')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="week" pt="sm">
          <WeekView studentId={current.personId} date={date} onDate={setDate} />
        </Tabs.Panel>
        <Tabs.Panel value="marks" pt="sm">
          <MarksView key={current.personId} studentId={current.personId} />
        </Tabs.Panel>
        <Tabs.Panel value="homework" pt="sm">
          <HomeworkView studentId={current.personId} canTick={current.self} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
