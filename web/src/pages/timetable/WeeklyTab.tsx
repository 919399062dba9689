import type { Timetable } from '@common/schemas/timetable.js';
import { DndContext, MouseSensor, TouchSensor, useSensor, useSensors } from '@dnd-kit/core';
import { Box, Button, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TimetableView } from '../../api/timetable.js';
import { useWeeklyDraft } from './useWeeklyDraft.js';
import { WeeklyConflicts } from './WeeklyConflicts.js';
import { WeeklyPalette } from './WeeklyPalette.js';
import { WeeklySelectionBar } from './WeeklySelectionBar.js';
import { WeeklyTable } from './WeeklyTable.js';

/**
 * The weekly timetable of one view (a class, a teacher or a room): a grid to edit by dragging from the palette
 * or by tap-to-place, saved as one change set. The draft and its checks are useWeeklyDraft; the pieces are the
 * Weekly* components beside this file.
 */
export function WeeklyTab({
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
  const d = useWeeklyDraft(yearId, timetable, view);
  const viewClass = timetable.classes.find((c) => c.id === view.classId);
  const shifts = Array.from({ length: timetable.year.shifts }, (_, i) => i + 1);
  const [shiftChoice, setShift] = useState<number | null>(null);
  const shift = shiftChoice ?? viewClass?.shift ?? 1;

  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 6 } }),
    // A long press drags on a phone; a swipe still scrolls the grid.
    useSensor(TouchSensor, { activationConstraint: { delay: 250, tolerance: 6 } }),
  );

  return (
    <DndContext sensors={sensors} onDragEnd={d.onDragEnd}>
      <Stack gap="md">
        {canEdit && (
          <Text size="sm" c="dimmed">
            {t('weekly.howTo')}
          </Text>
        )}
        <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
          {shifts.length > 1 && (
            <SegmentedControl
              value={String(shift)}
              onChange={(v) => setShift(Number(v))}
              data={shifts.map((s) => ({ value: String(s), label: t('shift', { shift: s }) }))}
              data-testid="shift-picker"
            />
          )}
          {canEdit && (
            <Group gap="xs">
              {d.changes.length > 0 && (
                <Button variant="default" onClick={d.discard} data-testid="timetable-discard">
                  {t('weekly.discard')}
                </Button>
              )}
              <Button
                onClick={d.save}
                disabled={d.changes.length === 0}
                loading={d.saving}
                data-testid="timetable-save"
              >
                {t('weekly.save', { count: d.changes.length })}
              </Button>
            </Group>
          )}
        </Group>

        <WeeklyConflicts refused={d.refused} conflicts={d.conflicts} />

        {d.selected && (
          <WeeklySelectionBar
            selected={d.selected}
            selectedShown={d.selectedShown}
            known={d.known}
            rooms={timetable.rooms}
            onRoom={d.setRoom}
            onRemove={d.remove}
            onClose={() => d.setSelected(null)}
          />
        )}

        <Group align="flex-start" gap="md" wrap="wrap">
          {canEdit && (
            <WeeklyPalette
              timetable={timetable}
              view={view}
              selected={d.selected}
              onSelect={(assignmentId) => d.setSelected({ kind: 'palette', assignmentId })}
              newRoomId={d.newRoomId}
              onNewRoom={d.setNewRoomId}
              pendingCount={d.pendingCount}
            />
          )}
          <Box style={{ flex: '1 1 480px', minWidth: 0 }}>
            <WeeklyTable
              timetable={timetable}
              view={view}
              shift={shift}
              shown={d.shown}
              canEdit={canEdit}
              selected={d.selected}
              onSelect={(key) => d.setSelected({ kind: 'entry', key })}
              onPlace={d.placeAt}
              conflictKeys={d.conflictKeys}
              conflictSlots={d.conflictSlots}
            />
          </Box>
        </Group>
      </Stack>
    </DndContext>
  );
}
