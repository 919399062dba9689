import { z } from 'zod';
import { zDate, zId, zLocalizedName } from './primitives.js';

/**
 * The timetable: rooms, the weekly grid (entries), its conflicts, the dated lessons generated from it, one-off
 * changes, "my timetable" and the secret calendar feed. Shared by the server and the editor.
 */

export const CONFLICT_KINDS = [
  'teacherBusy',
  'roomBusy',
  'classBusy',
  'subgroupBusy',
  'dayLimit',
  'weeklyHours',
] as const;
export type ConflictKind = (typeof CONFLICT_KINDS)[number];
export const LESSON_CHANGE_KINDS = ['cancel', 'restore', 'substitute', 'room', 'move'] as const;
export type LessonChangeKind = (typeof LESSON_CHANGE_KINDS)[number];

const zWeekday = z.coerce.number().int().min(1).max(6);
const zShift = z.coerce.number().int().min(1).max(3);
const zLessonNumber = z.coerce.number().int().min(0).max(12);
const zNote = z.string().trim().max(500, 'errors:validation.tooLong');

// ── Rooms ──────────────────────────────────────────────────────────────────────────────────────────────────
export const zRoom = z.object({
  id: zId,
  name: z.string(),
  capacity: z.number().int().nullable(),
  archived: z.boolean(),
});
export type Room = z.infer<typeof zRoom>;
const zRoomName = z.string().trim().min(1, 'errors:validation.required').max(60, 'errors:validation.tooLong');
const zCapacity = z.number().int().min(1).max(1000).nullable();
export const zRoomCreate = z.object({ name: zRoomName, capacity: zCapacity.optional() });
export type RoomCreate = z.infer<typeof zRoomCreate>;
export const zRoomUpdate = z
  .object({ name: zRoomName.optional(), capacity: zCapacity.optional() })
  .refine((v) => v.name !== undefined || v.capacity !== undefined, 'errors:validation.emptyUpdate');
export type RoomUpdate = z.infer<typeof zRoomUpdate>;
export const zRoomListQuery = z.object({
  includeArchived: z.union([z.boolean(), z.stringbool()]).default(false),
});
export const zRoomList = z.object({ items: z.array(zRoom) });

// ── The weekly timetable ──────────────────────────────────────────────────────────────────────────────────
export const zBell = z.object({
  shift: z.number(),
  lessonNumber: z.number(),
  startsAt: z.string(),
  endsAt: z.string(),
});
export type Bell = z.infer<typeof zBell>;

export const zTimetableEntry = z.object({
  id: zId,
  assignmentId: zId,
  classId: zId,
  classLabel: z.string(),
  subgroupId: zId.nullable(),
  subgroupName: z.string().nullable(),
  subjectId: zId,
  subject: zLocalizedName,
  teacherPersonId: zId,
  teacherName: z.string(),
  roomId: zId.nullable(),
  roomName: z.string().nullable(),
  weekday: z.number(),
  shift: z.number(),
  lessonNumber: z.number(),
});
export type TimetableEntry = z.infer<typeof zTimetableEntry>;

/**
 * One clash. Weekly entries are named by id (existing) or by the index of the `add` change that creates them;
 * dated lessons by lesson id. `blocking`: the change set being checked takes part in it (a save is refused).
 */
export const zConflict = z.object({
  kind: z.enum(CONFLICT_KINDS),
  message: z.string(),
  entryIds: z.array(z.number()),
  changeIndexes: z.array(z.number()),
  lessonIds: z.array(z.number()),
  slots: z.array(z.object({ day: z.union([z.number(), z.string()]), shift: z.number(), lessonNumber: z.number() })),
  blocking: z.boolean(),
});
export type Conflict = z.infer<typeof zConflict>;
/** A refused save or change: the usual error body plus the conflicts that refused it. */
export const zConflictError = z.object({
  code: z.string(),
  message: z.string(),
  conflicts: z.array(zConflict).optional(),
});

export const zPaletteItem = z.object({
  assignmentId: zId,
  classId: zId,
  classLabel: z.string(),
  subgroupId: zId.nullable(),
  subgroupName: z.string().nullable(),
  subjectId: zId,
  subject: zLocalizedName,
  teacherPersonId: zId,
  teacherName: z.string(),
  /** Entries of this assignment. */
  scheduled: z.number(),
  /** Weekly hours the class gets in the subject from every assignment (a split class: per sub-group). */
  subjectScheduled: z.number(),
  /** The curriculum's weekly hours for the class's grade and language, or null when there is no line. */
  curriculumHours: z.number().nullable(),
});
export type PaletteItem = z.infer<typeof zPaletteItem>;

export const zTimetableQuery = z.object({
  classId: zId.optional(),
  teacherPersonId: zId.optional(),
  roomId: zId.optional(),
});
export type TimetableQuery = z.infer<typeof zTimetableQuery>;

export const zTimetable = z.object({
  year: z.object({
    id: zId,
    name: z.string(),
    startsOn: z.string(),
    endsOn: z.string(),
    daysPerWeek: z.number(),
    shifts: z.number(),
    status: z.enum(['active', 'closed']),
  }),
  bells: z.array(zBell),
  entries: z.array(zTimetableEntry),
  conflicts: z.array(zConflict),
  palette: z.array(zPaletteItem),
  classes: z.array(z.object({ id: zId, label: z.string(), grade: z.number(), shift: z.number() })),
  teachers: z.array(z.object({ personId: zId, name: z.string() })),
  rooms: z.array(zRoom),
  periods: z.array(
    z.object({
      id: zId,
      kind: z.enum(['quarter', 'half_year']),
      number: z.number(),
      startsOn: z.string(),
      endsOn: z.string(),
      lessons: z.number(),
    }),
  ),
});
export type Timetable = z.infer<typeof zTimetable>;

export const zTimetableChange = z.discriminatedUnion('op', [
  z.object({
    op: z.literal('add'),
    assignmentId: zId,
    roomId: zId.nullable().optional(),
    weekday: zWeekday,
    shift: zShift,
    lessonNumber: zLessonNumber,
  }),
  z.object({
    op: z.literal('move'),
    entryId: zId,
    weekday: zWeekday,
    shift: zShift,
    lessonNumber: zLessonNumber,
    /** Omitted: the entry keeps its room; null: no room. */
    roomId: zId.nullable().optional(),
  }),
  z.object({ op: z.literal('remove'), entryId: zId }),
]);
export type TimetableChange = z.infer<typeof zTimetableChange>;
export const zTimetableChanges = z.object({ changes: z.array(zTimetableChange).min(1).max(500) });
export type TimetableChanges = z.infer<typeof zTimetableChanges>;
export const zYearParam = z.object({ yearId: zId });
export const zPeriodParam = z.object({ yearId: zId, periodId: zId });

export const zGenerateResult = z.object({
  created: z.number(),
  removed: z.number(),
  kept: z.number(),
  /** The dates regenerated (the whole period the first time, from today on afterwards); null: nothing to do. */
  from: z.string().nullable(),
  to: z.string().nullable(),
});
export type GenerateResult = z.infer<typeof zGenerateResult>;

export const zTimetableCheckResult = z.object({ conflicts: z.array(zConflict) });
export const zTimetableSaveResult = z.object({
  /** Ids of the entries the `add` changes created, in their order. */
  added: z.array(zId),
  /** Conflicts left in the timetable that the change set has no part in (older ones). */
  conflicts: z.array(zConflict),
  /** Future lessons of the periods already generated, regenerated from the new timetable. */
  regenerated: z.object({ created: z.number(), removed: z.number(), kept: z.number() }),
});

// ── Dated lessons and one-off changes ────────────────────────────────────────────────────────────────────
const zPersonRef = z.object({ personId: zId, name: z.string() });
export const zLesson = z.object({
  id: zId,
  date: z.string(),
  shift: z.number(),
  lessonNumber: z.number(),
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  classId: zId,
  classLabel: z.string(),
  subgroupId: zId.nullable(),
  subgroupName: z.string().nullable(),
  subjectId: zId,
  subject: zLocalizedName,
  teacher: zPersonRef,
  substitute: zPersonRef.nullable(),
  roomId: zId.nullable(),
  roomName: z.string().nullable(),
  status: z.enum(['scheduled', 'cancelled']),
  changedAt: z.string().nullable(),
  /** The kinds of one-off change the lesson went through (history: GET /lessons/:id/changes). */
  changes: z.array(z.enum(LESSON_CHANGE_KINDS)),
  /** Where the lesson was before its first move. */
  movedFrom: z.object({ date: z.string(), shift: z.number(), lessonNumber: z.number() }).nullable(),
  /** The note of the latest change (why it was cancelled…). */
  note: z.string().nullable(),
});
export type Lesson = z.infer<typeof zLesson>;

export const zLessonListQuery = z.object({
  from: zDate,
  to: zDate,
  classId: zId.optional(),
  teacherPersonId: zId.optional(),
  roomId: zId.optional(),
});
export type LessonListQuery = z.infer<typeof zLessonListQuery>;
export const zLessonList = z.object({ items: z.array(zLesson), bells: z.array(zBell) });

export const zLessonCancel = z.object({ note: zNote.optional() });
export const zLessonSubstitute = z.object({ teacherPersonId: zId.nullable(), note: zNote.optional() });
export const zLessonRoom = z.object({ roomId: zId.nullable(), note: zNote.optional() });
export const zLessonMove = z.object({
  date: zDate,
  lessonNumber: zLessonNumber,
  shift: zShift.optional(),
  note: zNote.optional(),
});
export type LessonMove = z.infer<typeof zLessonMove>;

export const zLessonChange = z.object({
  id: zId,
  at: z.string(),
  kind: z.enum(LESSON_CHANGE_KINDS),
  actor: zPersonRef.nullable(),
  before: z.record(z.string(), z.unknown()),
  after: z.record(z.string(), z.unknown()),
  note: z.string().nullable(),
});
export type LessonChange = z.infer<typeof zLessonChange>;
export const zLessonChangeList = z.object({ items: z.array(zLessonChange) });

// ── My timetable and the calendar feed ─────────────────────────────────────────────────────────────────────
export const zMyTimetableQuery = z.object({ from: zDate.optional(), to: zDate.optional(), personId: zId.optional() });
export type MyTimetableQuery = z.infer<typeof zMyTimetableQuery>;
export const zMyTimetable = z.object({
  /** Whose lessons: a teacher's own, a student's own, or a parent's chosen child's. */
  view: z.enum(['teacher', 'student', 'child', 'none']),
  person: zPersonRef,
  children: z.array(zPersonRef.extend({ classLabel: z.string().nullable() })),
  from: z.string(),
  to: z.string(),
  bells: z.array(zBell),
  lessons: z.array(zLesson),
});
export type MyTimetable = z.infer<typeof zMyTimetable>;

export const zCalendarFeed = z.object({
  active: z.boolean(),
  createdAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export type CalendarFeed = z.infer<typeof zCalendarFeed>;
/** The secret address is shown this once; only its hash is stored. */
export const zCalendarFeedCreated = z.object({ url: z.string(), createdAt: z.string() });
export type CalendarFeedCreated = z.infer<typeof zCalendarFeedCreated>;
