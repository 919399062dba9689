import type { Timetable } from '@common/schemas/timetable.js';
import type { DragEndEvent } from '@dnd-kit/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type Conflict,
  conflictsOf,
  type TimetableChange,
  type TimetableView,
  useCheckTimetable,
  useSaveTimetable,
} from '../../api/timetable.js';
import { notifySuccess } from '../../components/notify.js';
import {
  type AssignmentInfo,
  applyChanges,
  infoOf,
  type Selection,
  type Shown,
  type Slot,
  slotKey,
} from './weeklyGrid.js';

/**
 * The weekly editor's draft: the pending change set laid over the saved week, the selection (tap-to-place on a
 * phone), the server's conflict check of the draft (debounced) and saving it. Nothing is written until "save", so
 * the whole week is checked and saved as one change set.
 */
export function useWeeklyDraft(yearId: number, timetable: Timetable, view: TimetableView) {
  const { t } = useTranslation('timetable');
  const [changes, setChanges] = useState<TimetableChange[]>([]);
  const [selected, setSelected] = useState<Selection>(null);
  const [newRoomId, setNewRoomId] = useState<number | null>(null);
  const [refused, setRefused] = useState<Conflict[]>([]);

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

  /** How many lessons of an assignment the draft adds (or, negative, removes) — for the palette's hour count. */
  const pendingCount = (assignmentId: number) =>
    changes.filter((c) => c.op === 'add' && c.assignmentId === assignmentId).length -
    changes.filter(
      (c) => c.op === 'remove' && timetable.entries.some((e) => e.id === c.entryId && e.assignmentId === assignmentId),
    ).length;

  return {
    changes,
    selected,
    setSelected,
    selectedShown: selected?.kind === 'entry' ? byKey.get(selected.key) : undefined,
    newRoomId,
    setNewRoomId,
    refused,
    known,
    shown,
    conflicts,
    conflictKeys,
    conflictSlots,
    saving: save.isPending,
    discard: () => edit(() => []),
    remove,
    setRoom,
    placeAt,
    onDragEnd,
    save: doSave,
    pendingCount,
  };
}
