import type { LocalizedName } from '@common/schemas/primitives.js';
import type { PaletteItem, Timetable, TimetableEntry } from '@common/schemas/timetable.js';
import { useDraggable, useDroppable } from '@dnd-kit/core';
import { Box, Table } from '@mantine/core';
import type { ReactNode } from 'react';
import type { TimetableChange, TimetableView } from '../../api/timetable.js';

/** The weekly grid's pieces: slots, the pending-change overlay, draggable lessons and drop cells (@dnd-kit). */
export interface Slot {
  weekday: number;
  shift: number;
  lessonNumber: number;
}
export const slotKey = (s: Slot) => `${s.weekday}|${s.shift}|${s.lessonNumber}`;

export interface AssignmentInfo {
  assignmentId: number;
  classId: number;
  classLabel: string;
  subgroupName: string | null;
  subject: LocalizedName;
  teacherPersonId: number;
  teacherName: string;
}
/** An entry as the grid shows it: saved (`e<id>`) or added in this editing session (`n<change index>`). */
export interface Shown extends AssignmentInfo, Slot {
  key: string;
  entryId: number | null;
  changeIndex: number | null;
  roomId: number | null;
  pending: boolean;
}
export type Selection = { kind: 'palette'; assignmentId: number } | { kind: 'entry'; key: string } | null;

export const infoOf = (x: PaletteItem | TimetableEntry): AssignmentInfo => ({
  assignmentId: x.assignmentId,
  classId: x.classId,
  classLabel: x.classLabel,
  subgroupName: x.subgroupName,
  subject: x.subject,
  teacherPersonId: x.teacherPersonId,
  teacherName: x.teacherName,
});

/** The saved entries of the view with the pending change set laid over them. */
export function applyChanges(
  timetable: Timetable,
  changes: readonly TimetableChange[],
  known: ReadonlyMap<number, AssignmentInfo>,
  view: TimetableView,
): Shown[] {
  const shown = new Map<string, Shown>();
  for (const e of timetable.entries) {
    shown.set(`e${e.id}`, { ...infoOf(e), ...e, key: `e${e.id}`, entryId: e.id, changeIndex: null, pending: false });
  }
  changes.forEach((c, i) => {
    if (c.op === 'remove') shown.delete(`e${c.entryId}`);
    else if (c.op === 'move') {
      const s = shown.get(`e${c.entryId}`);
      if (s) {
        const roomId = c.roomId === undefined ? s.roomId : c.roomId;
        shown.set(s.key, {
          ...s,
          weekday: c.weekday,
          shift: c.shift,
          lessonNumber: c.lessonNumber,
          roomId,
          pending: true,
        });
      }
    } else {
      const a = known.get(c.assignmentId);
      const mine =
        a &&
        (view.classId === undefined || a.classId === view.classId) &&
        (view.teacherPersonId === undefined || a.teacherPersonId === view.teacherPersonId);
      if (a && mine) {
        shown.set(`n${i}`, {
          ...a,
          key: `n${i}`,
          entryId: null,
          changeIndex: i,
          roomId: c.roomId ?? null,
          weekday: c.weekday,
          shift: c.shift,
          lessonNumber: c.lessonNumber,
          pending: true,
        });
      }
    }
  });
  const list = [...shown.values()];
  return view.roomId === undefined ? list : list.filter((s) => s.roomId === view.roomId);
}

export function Draggable({
  id,
  disabled,
  children,
  onSelect,
  selected,
  label,
}: {
  id: string;
  disabled: boolean;
  children: ReactNode;
  onSelect: () => void;
  selected: boolean;
  label: string;
}) {
  const { attributes, listeners, setNodeRef, transform, isDragging } = useDraggable({ id, disabled });
  return (
    <Box
      ref={setNodeRef}
      {...(disabled ? {} : listeners)}
      {...attributes}
      aria-pressed={selected}
      aria-label={label}
      tabIndex={disabled ? -1 : 0}
      onClick={disabled ? undefined : onSelect}
      onKeyDown={(e) => {
        if (!disabled && (e.key === 'Enter' || e.key === ' ')) {
          e.preventDefault();
          onSelect();
        }
      }}
      style={{
        transform: transform ? `translate3d(${transform.x}px, ${transform.y}px, 0)` : undefined,
        zIndex: isDragging ? 20 : undefined,
        position: 'relative',
        opacity: isDragging ? 0.7 : 1,
        cursor: disabled ? 'default' : 'grab',
        outline: selected ? '2px solid var(--mantine-color-blue-6)' : undefined,
        borderRadius: 4,
      }}
    >
      {children}
    </Box>
  );
}

export function DropCell({ slot, children, conflict }: { slot: Slot; children: ReactNode; conflict: boolean }) {
  const { setNodeRef, isOver } = useDroppable({ id: `cell|${slotKey(slot)}`, data: slot });
  return (
    <Table.Td
      ref={setNodeRef}
      valign="top"
      bg={isOver ? 'blue.0' : conflict ? 'red.0' : undefined}
      style={{ minHeight: 56 }}
      data-testid={`cell-${slotKey(slot).replaceAll('|', '-')}`}
      data-conflict={conflict || undefined}
    >
      {children}
    </Table.Td>
  );
}
