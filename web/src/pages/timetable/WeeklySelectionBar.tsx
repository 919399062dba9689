import type { Timetable } from '@common/schemas/timetable.js';
import { ActionIcon, Button, Group, NativeSelect, Paper, Text } from '@mantine/core';
import { IconTrash, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../i18n.js';
import { localName } from '../../lib/localName.js';
import type { AssignmentInfo, Selection, Shown } from './weeklyGrid.js';

/**
 * The bar over the grid while something is selected: what is being placed or moved, and for a lesson of the
 * week its room and removal — the tap-to-place way of editing on a phone, where dragging is awkward.
 */
export function WeeklySelectionBar({
  selected,
  selectedShown,
  known,
  rooms,
  onRoom,
  onRemove,
  onClose,
}: {
  selected: NonNullable<Selection>;
  selectedShown: Shown | undefined;
  known: ReadonlyMap<number, AssignmentInfo>;
  rooms: Timetable['rooms'];
  onRoom: (s: Shown, roomId: number | null) => void;
  onRemove: (s: Shown) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation('timetable');
  const locale = useLocale();
  return (
    <Paper withBorder p="xs" bg="blue.0" data-testid="selection-bar">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Text size="sm">
          {selected.kind === 'palette'
            ? t('weekly.placing', { name: localName(known.get(selected.assignmentId)?.subject, locale) })
            : selectedShown
              ? t('weekly.moving', { name: localName(selectedShown.subject, locale) })
              : ''}
        </Text>
        <Group gap="xs" wrap="wrap">
          {selectedShown && (
            <>
              <NativeSelect
                size="xs"
                aria-label={t('weekly.room')}
                value={selectedShown.roomId === null ? '' : String(selectedShown.roomId)}
                onChange={(e) => onRoom(selectedShown, e.currentTarget.value ? Number(e.currentTarget.value) : null)}
                data={[
                  { value: '', label: t('weekly.noRoom') },
                  // An archived room stays listed for the lesson still in it.
                  ...rooms
                    .filter((r) => !r.archived || r.id === selectedShown.roomId)
                    .map((r) => ({ value: String(r.id), label: r.name })),
                ]}
                data-testid="selection-room"
              />
              <Button
                size="xs"
                color="red"
                variant="light"
                leftSection={<IconTrash size={14} />}
                onClick={() => onRemove(selectedShown)}
                data-testid="selection-remove"
              >
                {t('weekly.remove')}
              </Button>
            </>
          )}
          <ActionIcon variant="subtle" onClick={onClose} aria-label={t('weekly.unselect')}>
            <IconX size={16} />
          </ActionIcon>
        </Group>
      </Group>
    </Paper>
  );
}
