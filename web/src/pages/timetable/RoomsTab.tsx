import type { Room } from '@common/schemas/timetable.js';
import { ActionIcon, Badge, Button, Group, NumberInput, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { IconArchive, IconCheck, IconPencil, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useArchiveRoom, useCreateRoom, useRooms, useUpdateRoom } from '../../api/timetable.js';
import { notifySuccess } from '../../components/notify.js';
import { PageError, PageLoader } from '../../components/PageState.js';

function RoomRow({ room, canEdit }: { room: Room; canEdit: boolean }) {
  const { t } = useTranslation('timetable');
  const update = useUpdateRoom();
  const archive = useArchiveRoom();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(room.name);
  const [capacity, setCapacity] = useState<number | string>(room.capacity ?? '');
  const save = () =>
    update.mutate(
      { id: room.id, name: name.trim(), capacity: capacity === '' ? null : Number(capacity) },
      { onSuccess: () => setEditing(false) },
    );
  return (
    <Table.Tr data-testid={`room-${room.id}`}>
      <Table.Td>
        {editing ? (
          <TextInput
            size="xs"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            aria-label={t('rooms.name')}
          />
        ) : (
          <Group gap="xs">
            <Text size="sm">{room.name}</Text>
            {room.archived && (
              <Badge size="xs" color="gray">
                {t('rooms.archived')}
              </Badge>
            )}
          </Group>
        )}
      </Table.Td>
      <Table.Td>
        {editing ? (
          <NumberInput
            size="xs"
            min={1}
            max={1000}
            value={capacity}
            onChange={setCapacity}
            aria-label={t('rooms.capacity')}
            w={90}
          />
        ) : (
          <Text size="sm">{room.capacity ?? '—'}</Text>
        )}
      </Table.Td>
      <Table.Td>
        {canEdit && !room.archived && (
          <Group gap={4} wrap="nowrap" justify="flex-end">
            {editing ? (
              <>
                <ActionIcon variant="light" onClick={save} loading={update.isPending} aria-label={t('rooms.save')}>
                  <IconCheck size={16} />
                </ActionIcon>
                <ActionIcon variant="subtle" onClick={() => setEditing(false)} aria-label={t('rooms.cancel')}>
                  <IconX size={16} />
                </ActionIcon>
              </>
            ) : (
              <>
                <ActionIcon variant="subtle" onClick={() => setEditing(true)} aria-label={t('rooms.edit')}>
                  <IconPencil size={16} />
                </ActionIcon>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  loading={archive.isPending}
                  onClick={() =>
                    archive.mutate(room.id, {
                      onSuccess: () => notifySuccess(t('rooms.archivedDone')),
                    })
                  }
                  aria-label={t('rooms.archive')}
                  data-testid={`room-archive-${room.id}`}
                >
                  <IconArchive size={16} />
                </ActionIcon>
              </>
            )}
          </Group>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/** The school's rooms: add, rename, archive (an archived room stays on old lessons but is no longer offered). */
export function RoomsTab({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation('timetable');
  const [showArchived, setShowArchived] = useState(false);
  const rooms = useRooms(showArchived);
  const create = useCreateRoom();
  const [name, setName] = useState('');
  const [capacity, setCapacity] = useState<number | string>('');

  const add = () =>
    create.mutate(
      { name: name.trim(), capacity: capacity === '' ? null : Number(capacity) },
      {
        onSuccess: () => {
          setName('');
          setCapacity('');
        },
      },
    );

  return (
    <Stack gap="md" maw={640}>
      {canEdit && (
        <Group align="flex-end" gap="xs" wrap="wrap">
          <TextInput
            label={t('rooms.name')}
            value={name}
            maxLength={60}
            onChange={(e) => setName(e.currentTarget.value)}
            data-testid="room-name"
          />
          <NumberInput label={t('rooms.capacity')} min={1} max={1000} value={capacity} onChange={setCapacity} w={110} />
          <Button onClick={add} disabled={!name.trim()} loading={create.isPending} data-testid="room-add">
            {t('rooms.add')}
          </Button>
        </Group>
      )}
      <Switch
        label={t('rooms.showArchived')}
        checked={showArchived}
        onChange={(e) => setShowArchived(e.currentTarget.checked)}
      />
      {rooms.isPending ? (
        <PageLoader />
      ) : rooms.error ? (
        <PageError error={rooms.error} />
      ) : rooms.data.items.length === 0 ? (
        <Text c="dimmed">{t('rooms.empty')}</Text>
      ) : (
        <Table data-testid="rooms-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('rooms.name')}</Table.Th>
              <Table.Th>{t('rooms.capacity')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rooms.data.items.map((r) => (
              <RoomRow key={r.id} room={r} canEdit={canEdit} />
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
