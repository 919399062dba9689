import type { Lesson, Timetable } from '@common/schemas/timetable.js';
import {
  ActionIcon,
  Alert,
  Button,
  Card,
  Group,
  Menu,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconChevronLeft, IconChevronRight, IconDots } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type GenerateResult, type TimetableView, useGenerateLessons, useLessons } from '../../api/timetable.js';
import { notifySuccess } from '../../components/notify.js';
import { PageError, PageLoader } from '../../components/PageState.js';
import { useLocale } from '../../i18n.js';
import { formatDate } from '../people/format.js';
import { LessonCard } from './LessonCard.js';
import { LessonActionModal, type LessonDialog, LessonHistoryModal } from './LessonDialogs.js';
import { addDays, isoWeekday, mondayOf, schoolToday, weekDays } from './week.js';

/**
 * The dated lessons: generate a period's lessons from the timetable, then a week at a time — per class, teacher
 * or room, as chosen above — with the one-off changes (cancel, substitute, room, move) and their history.
 */
export function LessonsTab({
  yearId,
  timetable,
  view,
  canEdit,
}: {
  yearId: number;
  timetable: Timetable;
  view: TimetableView;
  canEdit: boolean;
}) {
  const { t } = useTranslation('timetable');
  const locale = useLocale();
  const today = schoolToday();
  const quarters = timetable.periods;
  const current = quarters.find((p) => p.kind === 'quarter' && p.startsOn <= today && today <= p.endsOn) ?? quarters[0];
  const [periodId, setPeriodId] = useState<number | null>(current?.id ?? null);
  const [result, setResult] = useState<GenerateResult | null>(null);
  const generate = useGenerateLessons(yearId);
  const inYear = today >= timetable.year.startsOn && today <= timetable.year.endsOn;
  const [monday, setMonday] = useState(() => mondayOf(inYear ? today : (current?.startsOn ?? timetable.year.startsOn)));
  const lessons = useLessons({ from: monday, to: addDays(monday, 6), ...view });
  const [open, setOpen] = useState<{ lesson: Lesson; dialog: LessonDialog } | null>(null);
  const period = quarters.find((p) => p.id === periodId);

  const runGenerate = () => {
    if (periodId === null) return;
    generate.mutate(periodId, {
      onSuccess: (r) => {
        setResult(r);
        notifySuccess(t('lessons.generated', r));
      },
    });
  };

  const days = weekDays(monday, timetable.year.daysPerWeek);
  const actions = (l: Lesson) => (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" aria-label={t('lessons.actions')} data-testid={`lesson-menu-${l.id}`}>
          <IconDots size={16} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {canEdit &&
          (l.status === 'cancelled' ? (
            <Menu.Item onClick={() => setOpen({ lesson: l, dialog: 'restore' })} data-testid="lesson-restore">
              {t('lessons.dialog.restore')}
            </Menu.Item>
          ) : (
            <Menu.Item color="red" onClick={() => setOpen({ lesson: l, dialog: 'cancel' })} data-testid="lesson-cancel">
              {t('lessons.dialog.cancel')}
            </Menu.Item>
          ))}
        {canEdit && (
          <>
            <Menu.Item
              onClick={() => setOpen({ lesson: l, dialog: 'substitute' })}
              data-testid="lesson-substitute-open"
            >
              {t('lessons.dialog.substitute')}
            </Menu.Item>
            <Menu.Item onClick={() => setOpen({ lesson: l, dialog: 'room' })} data-testid="lesson-room-open">
              {t('lessons.dialog.room')}
            </Menu.Item>
            <Menu.Item onClick={() => setOpen({ lesson: l, dialog: 'move' })} data-testid="lesson-move-open">
              {t('lessons.dialog.move')}
            </Menu.Item>
          </>
        )}
        <Menu.Item onClick={() => setOpen({ lesson: l, dialog: 'history' })} data-testid="lesson-history-open">
          {t('lessons.dialog.history')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );

  return (
    <Stack gap="md">
      <Card withBorder radius="md" padding="sm">
        <Stack gap="xs">
          <Group align="flex-end" gap="sm" wrap="wrap">
            <NativeSelect
              label={t('lessons.period')}
              value={periodId === null ? '' : String(periodId)}
              onChange={(e) => setPeriodId(Number(e.currentTarget.value))}
              data={quarters.map((p) => ({
                value: String(p.id),
                label: `${t(`periodKind.${p.kind}`, { n: p.number })} (${formatDate(p.startsOn, locale)}–${formatDate(p.endsOn, locale)})`,
              }))}
              data-testid="generate-period"
            />
            {canEdit && (
              <Button
                onClick={runGenerate}
                loading={generate.isPending}
                disabled={periodId === null}
                data-testid="generate-lessons"
              >
                {t('lessons.generate')}
              </Button>
            )}
          </Group>
          {period && (
            <Text size="xs" c="dimmed" data-testid="period-lessons" data-count={period.lessons}>
              {period.lessons > 0 ? t('lessons.periodHas', { count: period.lessons }) : t('lessons.periodEmpty')}
            </Text>
          )}
          {result && (
            <Alert color="teal" variant="light" data-testid="generate-result">
              {t('lessons.generated', result)}
            </Alert>
          )}
        </Stack>
      </Card>

      <Group gap="xs" wrap="wrap">
        <ActionIcon
          variant="default"
          size="lg"
          onClick={() => setMonday(addDays(monday, -7))}
          aria-label={t('week.previous')}
        >
          <IconChevronLeft size={18} />
        </ActionIcon>
        <Text fw={600} data-testid="lessons-week">
          {formatDate(monday, locale)} – {formatDate(addDays(monday, 6), locale)}
        </Text>
        <ActionIcon
          variant="default"
          size="lg"
          onClick={() => setMonday(addDays(monday, 7))}
          aria-label={t('week.next')}
        >
          <IconChevronRight size={18} />
        </ActionIcon>
        <TextInput
          type="date"
          size="xs"
          aria-label={t('week.jump')}
          value={monday}
          onChange={(e) => e.currentTarget.value && setMonday(mondayOf(e.currentTarget.value))}
          data-testid="lessons-week-date"
        />
      </Group>

      {lessons.isPending ? (
        <PageLoader />
      ) : lessons.error ? (
        <PageError error={lessons.error} onRetry={() => void lessons.refetch()} />
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm" data-testid="lessons-week-view">
          {days.map((d) => {
            const list = lessons.data.items.filter((l) => l.date === d);
            return (
              <Card key={d} withBorder radius="md" padding="sm">
                <Text fw={600} mb="xs">
                  {t(`weekdays.${isoWeekday(d)}`)}, {formatDate(d, locale)}
                </Text>
                {list.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    {t('my.noLessons')}
                  </Text>
                ) : (
                  <Stack gap={6}>
                    {list.map((l) => (
                      <LessonCard
                        key={l.id}
                        lesson={l}
                        show={
                          view.classId !== undefined ? 'teacher' : view.teacherPersonId !== undefined ? 'class' : 'both'
                        }
                        actions={actions(l)}
                      />
                    ))}
                  </Stack>
                )}
              </Card>
            );
          })}
        </SimpleGrid>
      )}

      {open && open.dialog === 'history' && <LessonHistoryModal lesson={open.lesson} onClose={() => setOpen(null)} />}
      {open && open.dialog !== 'history' && (
        <LessonActionModal
          lesson={open.lesson}
          dialog={open.dialog}
          timetable={timetable}
          onClose={() => setOpen(null)}
        />
      )}
    </Stack>
  );
}
