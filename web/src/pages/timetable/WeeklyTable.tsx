import type { Timetable } from '@common/schemas/timetable.js';
import { ActionIcon, Paper, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { TimetableView } from '../../api/timetable.js';
import { useLocale } from '../../i18n.js';
import { localName } from '../../lib/localName.js';
import { Draggable, DropCell, type Selection, type Shown, type Slot, slotKey } from './weeklyGrid.js';

/**
 * One shift's week as a table — bells down, weekdays across — with the draft's lessons in their cells (pending
 * ones yellow, conflicting ones outlined red) and, while something is selected, a "place here" button per cell.
 */
export function WeeklyTable({
  timetable,
  view,
  shift,
  shown,
  canEdit,
  selected,
  onSelect,
  onPlace,
  conflictKeys,
  conflictSlots,
}: {
  timetable: Timetable;
  view: TimetableView;
  shift: number;
  shown: Shown[];
  canEdit: boolean;
  selected: Selection;
  onSelect: (key: string) => void;
  onPlace: (slot: Slot) => void;
  conflictKeys: ReadonlySet<string>;
  conflictSlots: ReadonlySet<string>;
}) {
  const { t } = useTranslation('timetable');
  const locale = useLocale();
  const bells = timetable.bells.filter((b) => b.shift === shift);
  const days = Array.from({ length: timetable.year.daysPerWeek }, (_, i) => i + 1);
  const roomName = (id: number | null) =>
    id === null ? null : (timetable.rooms.find((r) => r.id === id)?.name ?? null);
  // What the view does not already say: a class's view names the teacher, a teacher's or room's the class.
  const describe = (s: Shown) =>
    view.classId !== undefined
      ? [s.teacherName, s.subgroupName].filter(Boolean).join(' · ')
      : [s.classLabel, s.subgroupName, view.roomId !== undefined ? s.teacherName : null].filter(Boolean).join(' · ');

  if (bells.length === 0) return <Text c="dimmed">{t('weekly.noBells')}</Text>;
  return (
    <ScrollArea type="auto" offsetScrollbars>
      <Table withColumnBorders withTableBorder miw={120 + days.length * 130} layout="fixed" data-testid="week-grid">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={80} />
            {days.map((d) => (
              <Table.Th key={d}>{t(`weekdays.${d}`)}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {bells.map((b) => (
            <Table.Tr key={b.lessonNumber}>
              <Table.Td>
                <Text size="sm" fw={600}>
                  {t('lessonNumber', { n: b.lessonNumber })}
                </Text>
                <Text size="xs" c="dimmed">
                  {b.startsAt}–{b.endsAt}
                </Text>
              </Table.Td>
              {days.map((d) => {
                const slot = { weekday: d, shift, lessonNumber: b.lessonNumber };
                const here = shown.filter((s) => slotKey(s) === slotKey(slot));
                return (
                  <DropCell key={d} slot={slot} conflict={conflictSlots.has(slotKey(slot))}>
                    <Stack gap={4}>
                      {here.map((s) => (
                        <Draggable
                          key={s.key}
                          id={s.key}
                          disabled={!canEdit}
                          selected={selected?.kind === 'entry' && selected.key === s.key}
                          onSelect={() => onSelect(s.key)}
                          label={localName(s.subject, locale)}
                        >
                          <Paper
                            withBorder
                            p={4}
                            radius="sm"
                            bg={s.pending ? 'yellow.0' : undefined}
                            style={
                              conflictKeys.has(s.key)
                                ? { borderColor: 'var(--mantine-color-red-6)', borderWidth: 2 }
                                : undefined
                            }
                            data-testid={`entry-${s.key}`}
                            data-conflict={conflictKeys.has(s.key) || undefined}
                          >
                            <Text size="xs" fw={600} lineClamp={2}>
                              {localName(s.subject, locale)}
                            </Text>
                            <Text size="xs" c="dimmed" lineClamp={2}>
                              {describe(s)}
                              {view.roomId === undefined && roomName(s.roomId) ? ` · ${roomName(s.roomId)}` : ''}
                            </Text>
                          </Paper>
                        </Draggable>
                      ))}
                      {canEdit && selected && (
                        <ActionIcon
                          variant="light"
                          size="sm"
                          onClick={() => onPlace(slot)}
                          aria-label={t('weekly.placeHere', { day: t(`weekdays.${d}`), n: b.lessonNumber })}
                          data-testid={`place-${d}-${shift}-${b.lessonNumber}`}
                        >
                          <IconPlus size={14} />
                        </ActionIcon>
                      )}
                    </Stack>
                  </DropCell>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea>
  );
}
