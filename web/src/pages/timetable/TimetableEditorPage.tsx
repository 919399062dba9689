import { Group, NativeSelect, SegmentedControl, Stack, Tabs, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentMe } from '../../api/me.js';
import { type TimetableView, useTimetable } from '../../api/timetable.js';
import { EmptyPage, NoAccess, PageError, PageLoader } from '../../components/PageState.js';
import { useYearParam, YearPicker } from '../classes/yearParam.js';
import { LessonsTab } from './LessonsTab.js';
import { RoomsTab } from './RoomsTab.js';
import { WeeklyTab } from './WeeklyTab.js';

type Mode = 'class' | 'teacher' | 'room';

/**
 * /timetable — the school's weekly timetable per class, teacher or room (administrators edit it: drag and drop
 * or select-then-place, conflicts live), the dated lessons with their one-off changes, and the rooms.
 */
export default function TimetableEditorPage() {
  const { t } = useTranslation('timetable');
  const me = useCurrentMe();
  const { years, items, yearId, year, setYear } = useYearParam();
  const [tab, setTab] = useState<string>('weekly');
  const [mode, setMode] = useState<Mode>('class');
  const [chosen, setChosen] = useState<Record<Mode, number | null>>({ class: null, teacher: null, room: null });

  // The lists to choose from come with any view; the first class is the default.
  const base = useTimetable(yearId, {});
  const lists = base.data;
  const options =
    mode === 'class'
      ? (lists?.classes ?? []).map((c) => ({ value: String(c.id), label: c.label }))
      : mode === 'teacher'
        ? (lists?.teachers ?? []).map((p) => ({ value: String(p.personId), label: p.name }))
        : (lists?.rooms ?? []).filter((r) => !r.archived).map((r) => ({ value: String(r.id), label: r.name }));
  const id = chosen[mode] ?? (options[0] ? Number(options[0].value) : null);
  const view: TimetableView =
    id === null
      ? {}
      : mode === 'class'
        ? { classId: id }
        : mode === 'teacher'
          ? { teacherPersonId: id }
          : { roomId: id };
  const timetable = useTimetable(id === null ? null : yearId, view);

  if (!me.capabilities.readSchool) return <NoAccess />;
  const canEdit = me.capabilities.manageSchool && year?.status === 'active';

  return (
    <Stack gap="md">
      <Title order={2}>{t('editor.title')}</Title>
      {years.isPending ? (
        <PageLoader />
      ) : years.error ? (
        <PageError error={years.error} onRetry={() => void years.refetch()} />
      ) : items.length === 0 || yearId === null ? (
        <EmptyPage title={t('editor.noYear')} text={t('editor.noYearHint')} />
      ) : (
        <>
          <Group align="flex-end" gap="sm" wrap="wrap">
            <YearPicker items={items} yearId={yearId} onChange={setYear} />
            {year?.status === 'closed' && (
              <Text size="sm" c="dimmed">
                {t('editor.closed')}
              </Text>
            )}
          </Group>
          <Tabs value={tab} onChange={(v) => v && setTab(v)} keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="weekly" data-testid="tab-weekly">
                {t('editor.tabs.weekly')}
              </Tabs.Tab>
              <Tabs.Tab value="lessons" data-testid="tab-lessons">
                {t('editor.tabs.lessons')}
              </Tabs.Tab>
              <Tabs.Tab value="rooms" data-testid="tab-rooms">
                {t('editor.tabs.rooms')}
              </Tabs.Tab>
            </Tabs.List>
          </Tabs>

          {tab !== 'rooms' && (
            <Group align="flex-end" gap="sm" wrap="wrap">
              <SegmentedControl
                value={mode}
                onChange={(v) => setMode(v as Mode)}
                data={[
                  { value: 'class', label: t('editor.view.class') },
                  { value: 'teacher', label: t('editor.view.teacher') },
                  { value: 'room', label: t('editor.view.room') },
                ]}
                data-testid="view-mode"
              />
              <NativeSelect
                aria-label={t(`editor.view.${mode}`)}
                miw={200}
                value={id === null ? '' : String(id)}
                onChange={(e) => {
                  // Read now: React clears currentTarget once the handler returns, before the updater runs.
                  const value = Number(e.currentTarget.value);
                  setChosen((c) => ({ ...c, [mode]: value }));
                }}
                data={options.length > 0 ? options : [{ value: '', label: t('editor.nothing') }]}
                data-testid="view-select"
              />
            </Group>
          )}

          {tab === 'rooms' ? (
            <RoomsTab canEdit={me.capabilities.manageSchool} />
          ) : base.isPending || (id !== null && timetable.isPending) ? (
            <PageLoader />
          ) : base.error || timetable.error ? (
            <PageError error={base.error ?? timetable.error} onRetry={() => void timetable.refetch()} />
          ) : id === null || !timetable.data ? (
            <EmptyPage title={t(`editor.empty.${mode}`)} text={t('editor.emptyHint')} />
          ) : tab === 'weekly' ? (
            <WeeklyTab key={yearId} yearId={yearId} timetable={timetable.data} view={view} canEdit={canEdit} />
          ) : (
            <LessonsTab yearId={yearId} timetable={timetable.data} view={view} canEdit={canEdit} />
          )}
        </>
      )}
    </Stack>
  );
}
