import type { Timetable } from '@common/schemas/timetable.js';
import { Badge, Group, NativeSelect, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TimetableView } from '../../api/timetable.js';
import { useLocale } from '../../i18n.js';
import { localName } from '../../lib/localName.js';
import { Draggable, type Selection } from './weeklyGrid.js';

/**
 * The editor's palette: the view's teaching assignments to drag (or tap) into the week, each with its lessons
 * per week against the curriculum's hours (red over, green full), and the room new lessons get.
 */
export function WeeklyPalette({
  timetable,
  view,
  selected,
  onSelect,
  newRoomId,
  onNewRoom,
  pendingCount,
}: {
  timetable: Timetable;
  view: TimetableView;
  selected: Selection;
  onSelect: (assignmentId: number) => void;
  newRoomId: number | null;
  onNewRoom: (roomId: number | null) => void;
  pendingCount: (assignmentId: number) => number;
}) {
  const { t } = useTranslation('timetable');
  const locale = useLocale();
  const activeRooms = timetable.rooms.filter((r) => !r.archived);
  return (
    <Stack gap="xs" w={{ base: '100%', md: 240 }} data-testid="palette">
      <Title order={5}>{t('weekly.palette')}</Title>
      {timetable.palette.length === 0 ? (
        <Text size="sm" c="dimmed">
          {view.roomId !== undefined ? t('weekly.paletteRoom') : t('weekly.paletteEmpty')}
        </Text>
      ) : (
        <>
          <NativeSelect
            size="xs"
            label={t('weekly.newRoom')}
            value={newRoomId === null ? '' : String(newRoomId)}
            onChange={(e) => onNewRoom(e.currentTarget.value ? Number(e.currentTarget.value) : null)}
            data={[
              { value: '', label: t('weekly.noRoom') },
              ...activeRooms.map((r) => ({ value: String(r.id), label: r.name })),
            ]}
            data-testid="new-room"
          />
          {timetable.palette.map((p) => {
            const count = p.scheduled + pendingCount(p.assignmentId);
            const over = p.curriculumHours !== null && count > Math.ceil(p.curriculumHours);
            const full = p.curriculumHours !== null && count === Math.ceil(p.curriculumHours);
            const name = localName(p.subject, locale);
            return (
              <Draggable
                key={p.assignmentId}
                id={`palette|${p.assignmentId}`}
                disabled={false}
                selected={selected?.kind === 'palette' && selected.assignmentId === p.assignmentId}
                onSelect={() => onSelect(p.assignmentId)}
                label={t('weekly.paletteItem', { name })}
              >
                <Paper withBorder p={6} radius="sm" data-testid={`palette-${p.assignmentId}`}>
                  <Group justify="space-between" wrap="nowrap" gap={4}>
                    <Stack gap={0} style={{ minWidth: 0 }}>
                      <Text size="sm" fw={600} truncate>
                        {name}
                      </Text>
                      <Text size="xs" c="dimmed" truncate>
                        {[view.classId !== undefined ? p.teacherName : p.classLabel, p.subgroupName]
                          .filter(Boolean)
                          .join(' · ')}
                      </Text>
                    </Stack>
                    <Badge
                      size="sm"
                      style={{ flexShrink: 0 }}
                      variant="light"
                      color={over ? 'red' : full ? 'green' : 'gray'}
                      title={t('weekly.hoursHint')}
                    >
                      {count}/{p.curriculumHours ?? '—'}
                    </Badge>
                  </Group>
                </Paper>
              </Draggable>
            );
          })}
        </>
      )}
    </Stack>
  );
}
