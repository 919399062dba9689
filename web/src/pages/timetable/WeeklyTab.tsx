import type { Timetable } from '@common/schemas/timetable.js';
import { DndContext, type DragEndEvent, MouseSensor, TouchSensor, useSensor, useSensors } from '@dnd-kit/core';
import {
  ActionIcon,
  Alert,
  Badge,
  Box,
  Button,
  Group,
  List,
  NativeSelect,
  Paper,
  ScrollArea,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAlertTriangle, IconPlus, IconTrash, IconX } from '@tabler/icons-react';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type Conflict,
  conflictKey,
  conflictsOf,
  type TimetableChange,
  type TimetableView,
  useCheckTimetable,
  useSaveTimetable,
} from '../../api/timetable.js';
import { notifySuccess } from '../../components/notify.js';
import { useLocale } from '../../i18n.js';
import { localName } from '../../lib/localName.js';
import {
  type AssignmentInfo,
  applyChanges,
  Draggable,
  DropCell,
  infoOf,
  type Selection,
  type Shown,
  type Slot,
  slotKey,
} from './weeklyGrid.js';

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
  const locale = useLocale();
  const [changes, setChanges] = useState<TimetableChange[]>([]);
  const [selected, setSelected] = useState<Selection>(null);
  const [newRoomId, setNewRoomId] = useState<number | null>(null);
  const [refused, setRefused] = useState<Conflict[]>([]);
  const viewClass = timetable.classes.find((c) => c.id === view.classId);
  const shifts = Array.from({ length: timetable.year.shifts }, (_, i) => i + 1);
  const [shiftChoice, setShift] = useState<number | null>(null);
  const shift = shiftChoice ?? viewClass?.shift ?? 1;

  // What we know of every assignment seen (palettes of earlier views too), to draw pending additions.
  const known = useRef(new Map<number, AssignmentInfo>()).current;
  for (const p of timetable.palette) known.set(p.assignmentId, infoOf(p));
  for (const e of timetable.entries) known.set(e.assignmentId, infoOf(e));

  const shown = useMemo(() => applyChanges(timetable, changes, known, view), [timetable, changes, known, view]);
  const byKey = new Map(shown.map((s) => [s.key, s]));
  const [debounced] = useDebouncedValue(changes, 350);
  const check = useCheckTimetable(yearId, debounced);
  const save = useSaveTimetable(yearId);
  const conflicts: Conflict[] = changes.length > 0 ? (check.data?.conflicts ?? []) : timetable.conflicts;
  const conflictKeys = new Set(
    conflicts.flatMap((c) => [...c.entryIds.map((id) => `e${id}`), ...c.changeIndexes.map((i) => `n${i}`)]),
  );
  const conflictSlots = new Set(
    conflicts.flatMap((c) =>
      c.slots.map((s) => slotKey({ weekday: Number(s.day), shift: s.shift, lessonNumber: s.lessonNumber })),
    ),
  );
  const roomName = (id: number | null) =>
    id === null ? null : (timetable.rooms.find((r) => r.id === id)?.name ?? null);

  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 6 } }),
    // A long press drags on a phone; a swipe still scrolls the grid.
    useSensor(TouchSensor, { activationConstraint: { delay: 250, tolerance: 6 } }),
  );

  const edit = (next: (cs: TimetableChange[]) => TimetableChange[]) => {
    setChanges(next);
    setSelected(null);
    setRefused([]);
  };
  const addAt = (assignmentId: number, slot: Slot) =>
    edit((cs) => [...cs, { op: 'add', assignmentId, roomId: newRoomId, ...slot }]);
  const moveTo = (s: Shown, slot: Slot) =>
    edit((cs) => {
      if (s.changeIndex !== null) return cs.map((c, i) => (i === s.changeIndex ? { ...c, ...slot } : c));
      const at = cs.findIndex((c) => c.op === 'move' && c.entryId === s.entryId);
      const before = at >= 0 ? cs[at] : undefined;
      const move: TimetableChange = {
        op: 'move',
        entryId: s.entryId!,
        ...slot,
        ...(before?.op === 'move' && before.roomId !== undefined ? { roomId: before.roomId } : {}),
      };
      return at >= 0 ? cs.map((c, i) => (i === at ? move : c)) : [...cs, move];
    });
  const remove = (s: Shown) =>
    edit((cs) =>
      s.changeIndex !== null
        ? cs.filter((_, i) => i !== s.changeIndex)
        : [...cs.filter((c) => !(c.op === 'move' && c.entryId === s.entryId)), { op: 'remove', entryId: s.entryId! }],
    );
  const setRoom = (s: Shown, roomId: number | null) =>
    edit((cs) => {
      if (s.changeIndex !== null) return cs.map((c, i) => (i === s.changeIndex ? { ...c, roomId } : c));
      const slot = { weekday: s.weekday, shift: s.shift, lessonNumber: s.lessonNumber };
      const rest = cs.filter((c) => !(c.op === 'move' && c.entryId === s.entryId));
      return [...rest, { op: 'move', entryId: s.entryId!, ...slot, roomId }];
    });
  const placeAt = (slot: Slot) => {
    if (!selected) return;
    if (selected.kind === 'palette') addAt(selected.assignmentId, slot);
    else {
      const s = byKey.get(selected.key);
      if (s) moveTo(s, slot);
    }
  };
  const onDragEnd = (e: DragEndEvent) => {
    const slot = e.over?.data.current as Slot | undefined;
    if (!slot) return;
    const id = String(e.active.id);
    if (id.startsWith('palette|')) addAt(Number(id.slice('palette|'.length)), slot);
    else {
      const s = byKey.get(id);
      if (s) moveTo(s, slot);
    }
  };

  const doSave = () =>
    save.mutate(changes, {
      onSuccess: (r) => {
        setChanges([]);
        setSelected(null);
        setRefused([]);
        notifySuccess(t('weekly.saved', r.regenerated));
      },
      // The notification comes from the query client; the refused conflicts stay on the page.
      onError: (error) => setRefused(conflictsOf(error)),
    });

  const bells = timetable.bells.filter((b) => b.shift === shift);
  const days = Array.from({ length: timetable.year.daysPerWeek }, (_, i) => i + 1);
  const pendingCount = (assignmentId: number) =>
    changes.filter((c) => c.op === 'add' && c.assignmentId === assignmentId).length -
    changes.filter(
      (c) => c.op === 'remove' && timetable.entries.some((e) => e.id === c.entryId && e.assignmentId === assignmentId),
    ).length;
  const selectedShown = selected?.kind === 'entry' ? byKey.get(selected.key) : undefined;
  const activeRooms = timetable.rooms.filter((r) => !r.archived);
  const describe = (s: Shown) =>
    view.classId !== undefined
      ? [s.teacherName, s.subgroupName].filter(Boolean).join(' · ')
      : [s.classLabel, s.subgroupName, view.roomId !== undefined ? s.teacherName : null].filter(Boolean).join(' · ');

  return (
    <DndContext sensors={sensors} onDragEnd={onDragEnd}>
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
              {changes.length > 0 && (
                <Button variant="default" onClick={() => edit(() => [])} data-testid="timetable-discard">
                  {t('weekly.discard')}
                </Button>
              )}
              <Button
                onClick={doSave}
                disabled={changes.length === 0}
                loading={save.isPending}
                data-testid="timetable-save"
              >
                {t('weekly.save', { count: changes.length })}
              </Button>
            </Group>
          )}
        </Group>

        {refused.length > 0 && (
          <Alert color="red" icon={<IconAlertTriangle />} title={t('weekly.refused')} data-testid="refused-conflicts">
            <List size="sm">
              {refused.map((c) => (
                <List.Item key={conflictKey(c)}>{c.message}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        {refused.length === 0 && conflicts.length > 0 && (
          <Alert
            color="orange"
            variant="light"
            icon={<IconAlertTriangle />}
            title={t('weekly.conflicts', { count: conflicts.length })}
            data-testid="conflicts"
          >
            <List size="sm">
              {conflicts.map((c) => (
                <List.Item key={conflictKey(c)} fw={c.blocking ? 600 : undefined} data-testid="conflict">
                  {c.message}
                </List.Item>
              ))}
            </List>
          </Alert>
        )}

        {selected && (
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
                      onChange={(e) =>
                        setRoom(selectedShown, e.currentTarget.value ? Number(e.currentTarget.value) : null)
                      }
                      data={[
                        { value: '', label: t('weekly.noRoom') },
                        ...timetable.rooms
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
                      onClick={() => remove(selectedShown)}
                      data-testid="selection-remove"
                    >
                      {t('weekly.remove')}
                    </Button>
                  </>
                )}
                <ActionIcon variant="subtle" onClick={() => setSelected(null)} aria-label={t('weekly.unselect')}>
                  <IconX size={16} />
                </ActionIcon>
              </Group>
            </Group>
          </Paper>
        )}

        <Group align="flex-start" gap="md" wrap="wrap">
          {canEdit && (
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
                    onChange={(e) => setNewRoomId(e.currentTarget.value ? Number(e.currentTarget.value) : null)}
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
                        disabled={!canEdit}
                        selected={selected?.kind === 'palette' && selected.assignmentId === p.assignmentId}
                        onSelect={() => setSelected({ kind: 'palette', assignmentId: p.assignmentId })}
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
          )}

          <Box style={{ flex: '1 1 480px', minWidth: 0 }}>
            {bells.length === 0 ? (
              <Text c="dimmed">{t('weekly.noBells')}</Text>
            ) : (
              <ScrollArea type="auto" offsetScrollbars>
                <Table
                  withColumnBorders
                  withTableBorder
                  miw={120 + days.length * 130}
                  layout="fixed"
                  data-testid="week-grid"
                >
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
                                    onSelect={() => setSelected({ kind: 'entry', key: s.key })}
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
                                        {view.roomId === undefined && roomName(s.roomId)
                                          ? ` · ${roomName(s.roomId)}`
                                          : ''}
                                      </Text>
                                    </Paper>
                                  </Draggable>
                                ))}
                                {canEdit && selected && (
                                  <ActionIcon
                                    variant="light"
                                    size="sm"
                                    onClick={() => placeAt(slot)}
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
            )}
          </Box>
        </Group>
      </Stack>
    </DndContext>
  );
}
