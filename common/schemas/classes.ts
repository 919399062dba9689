import { z } from 'zod';
import { ENROLLMENT_END_REASONS } from '../enums.js';
import { zDate, zId, zLocalizedName } from './primitives.js';

/**
 * Classes, their students (enrolments over time), sub-groups and teaching assignments (issue 4 §2). The school
 * is always the caller's context school. Business checks (a class teacher must work at the school, members
 * must be in the class…) are the server's and answer with `errors:classes.*`.
 */

/** The sanitary rules' class size (kz-school-rules §2.3): above it the app warns, it never refuses. */
export const CLASS_CAPACITY = 25;

const zGrade = z.number().int().min(0).max(12);
/** One or two letters of any alphabet: «А», «Ә», «Ғ», «B», «ІТ». The server stores them upper-case. */
export const zClassLetter = z
  .string()
  .trim()
  .regex(/^\p{L}{1,2}$/u, 'errors:classes.letter');
/** A language of instruction: kk, ru, uz, ug, tg, en… (ISO 639, 2–3 letters). */
export const zInstructionLanguage = z.string().regex(/^[a-z]{2,3}$/, 'errors:classes.language');
const zShift = z.number().int().min(1).max(3);

export const zClassCreate = z
  .object({
    yearId: zId,
    grade: zGrade,
    letter: zClassLetter,
    language: zInstructionLanguage,
    shift: zShift.default(1),
    classTeacherPersonId: zId.nullable().optional(),
  })
  .strict();
export type ClassCreate = z.infer<typeof zClassCreate>;
export type ClassCreateInput = z.input<typeof zClassCreate>;

export const zClassUpdate = z
  .object({
    grade: zGrade.optional(),
    letter: zClassLetter.optional(),
    language: zInstructionLanguage.optional(),
    shift: zShift.optional(),
    classTeacherPersonId: zId.nullable().optional(),
  })
  .strict()
  .refine((u) => Object.values(u).some((v) => v !== undefined), 'errors:validation.emptyUpdate');
export type ClassUpdate = z.infer<typeof zClassUpdate>;

export const zClassListQuery = z
  .object({
    /** Omitted: the current year (the one containing today, else the latest active one). */
    yearId: zId.optional(),
    /** Counts and rosters are "on" this date (default: today, kept inside the year). */
    on: zDate.optional(),
  })
  .strict();
export const zClassDetailQuery = z.object({ on: zDate.optional() }).strict();

export const zPersonName = z.object({
  personId: zId,
  surname: z.string(),
  firstName: z.string(),
  patronymic: z.string().nullable(),
});
export type PersonName = z.infer<typeof zPersonName>;

export const zClassSummary = z.object({
  id: zId,
  yearId: zId,
  grade: z.number(),
  letter: z.string(),
  /** «5 Ә» */
  name: z.string(),
  language: z.string(),
  shift: z.number(),
  classTeacher: zPersonName.nullable(),
  studentCount: z.number().int(),
  /** More than CLASS_CAPACITY students: shown as a warning, never refused. */
  overCapacity: z.boolean(),
});
export type ClassSummary = z.infer<typeof zClassSummary>;
export const zClassList = z.object({
  yearId: zId.nullable(),
  on: z.string().nullable(),
  capacity: z.number().int(),
  items: z.array(zClassSummary),
});
export type ClassList = z.infer<typeof zClassList>;

export const zRosterEntry = zPersonName.extend({
  enrollmentId: zId,
  startsOn: z.string(),
  endsOn: z.string().nullable(),
});
export type RosterEntry = z.infer<typeof zRosterEntry>;

export const zSubgroup = z.object({
  id: zId,
  classId: zId,
  name: z.string(),
  members: z.array(zPersonName),
  /** Teaching assignments using it (a used sub-group cannot be deleted). */
  assignmentCount: z.number().int(),
});
export type Subgroup = z.infer<typeof zSubgroup>;

export const zAssignment = z.object({
  id: zId,
  yearId: zId,
  classId: zId,
  className: z.string(),
  subgroupId: zId.nullable(),
  subgroupName: z.string().nullable(),
  subjectId: zId,
  subjectName: zLocalizedName,
  teacher: zPersonName,
  /** Weekly timetable entries using it (such an assignment cannot be deleted). */
  timetableEntryCount: z.number().int(),
});
export type Assignment = z.infer<typeof zAssignment>;

export const zWarning = z.object({ code: z.string(), message: z.string() });
export type Warning = z.infer<typeof zWarning>;

export const zClassDetail = zClassSummary.extend({
  on: z.string(),
  /** Students in the class on `on`, and those joining later (startsOn after `on`). */
  roster: z.array(zRosterEntry),
  subgroups: z.array(zSubgroup),
  assignments: z.array(zAssignment),
  /** Whether the year is closed (then nothing in it can change). */
  yearClosed: z.boolean(),
  warnings: z.array(zWarning),
});
export type ClassDetail = z.infer<typeof zClassDetail>;

/** Enrol (or move here) students of the school. */
export const zEnrollBody = z
  .object({
    personIds: z.array(zId).min(1).max(1000),
    /** Default: today, or the year's first day when the year has not begun. */
    startsOn: zDate.optional(),
  })
  .strict();
export type EnrollBody = z.infer<typeof zEnrollBody>;
export const zEnrollResult = z.object({
  enrolled: z.array(zId),
  moved: z.array(z.object({ personId: zId, fromClassId: zId })),
  unchanged: z.array(zId),
  studentCount: z.number().int(),
  overCapacity: z.boolean(),
  warnings: z.array(zWarning),
});
export type EnrollResult = z.infer<typeof zEnrollResult>;

export const LEAVE_REASONS = ['left_school', 'data_error'] as const;
export const zLeaveBody = z
  .object({
    /** The student's last day in the class (default: today). */
    endsOn: zDate.optional(),
    reason: z.enum(LEAVE_REASONS),
  })
  .strict();
export type LeaveBody = z.infer<typeof zLeaveBody>;
export const zClassStudentParams = z.object({ id: zId, personId: zId });

export const zClassHistoryEntry = z.object({
  enrollmentId: zId,
  yearId: zId,
  yearName: z.string(),
  classId: zId,
  className: z.string(),
  language: z.string(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  endReason: z.enum(ENROLLMENT_END_REASONS).nullable(),
});
export type ClassHistoryEntry = z.infer<typeof zClassHistoryEntry>;
export const zClassHistory = z.object({ items: z.array(zClassHistoryEntry) });

const zSubgroupName = z.string().trim().min(1, 'errors:validation.required').max(60, 'errors:validation.tooLong');
export const zSubgroupCreate = z
  .object({ name: zSubgroupName, personIds: z.array(zId).max(1000).default([]) })
  .strict();
export type SubgroupCreate = z.infer<typeof zSubgroupCreate>;
export type SubgroupCreateInput = z.input<typeof zSubgroupCreate>;
export const zSubgroupUpdate = z
  .object({ name: zSubgroupName.optional(), personIds: z.array(zId).max(1000).optional() })
  .strict()
  .refine((u) => u.name !== undefined || u.personIds !== undefined, 'errors:validation.emptyUpdate');
export type SubgroupUpdate = z.infer<typeof zSubgroupUpdate>;

export const zAssignmentListQuery = z
  .object({ yearId: zId.optional(), classId: zId.optional(), teacherPersonId: zId.optional() })
  .strict();
export type AssignmentListQuery = z.infer<typeof zAssignmentListQuery>;
export const zAssignmentList = z.object({ yearId: zId.nullable(), items: z.array(zAssignment) });
export const zAssignmentCreate = z
  .object({
    classId: zId,
    subgroupId: zId.nullable().optional(),
    subjectId: zId,
    teacherPersonId: zId,
  })
  .strict();
export type AssignmentCreate = z.infer<typeof zAssignmentCreate>;
