import { z } from 'zod';
import { zHomeworkAttachment, zHomeworkLimits } from './homework-files.js';
import { zDate, zId, zLocalizedName } from './primitives.js';

/**
 * The teacher's e-journal (kz-school-rules §1, §3): one grid per teaching assignment (class or sub-group ×
 * subject) × period. Rows are students; columns are the period's lessons and summative works; cells hold marks
 * and attendance. Shared by the server and the journal page.
 *
 * Concurrency: every mark and attendance cell carries a `version`; a write names the version it was based on
 * (`expectedVersion`, null for an empty cell) and a mismatch is refused with 409 and the current cell, so two
 * teachers never silently overwrite each other. `revision` is a monotonic counter: poll
 * `GET /journal/:assignmentId/changes?since=<revision>` to see other people's edits.
 */

export const ASSESSMENT_MODES = ['graded', 'pass_fail', 'ungraded'] as const;
export const PERIOD_KINDS = ['quarter', 'half_year'] as const;
/** Summative works: СОр / БЖБ (for a unit) and СОч / ТЖБ (for a term). */
export const WORK_KINDS = ['sor', 'soch'] as const;
export type WorkKind = (typeof WORK_KINDS)[number];
/** fo: ФО 1–10 on a lesson; score: 0..max on a work; pass_fail: зачёт/незачёт; status: освобождён / н/а. */
export const MARK_KINDS = ['fo', 'score', 'pass_fail', 'status'] as const;
export type MarkKind = (typeof MARK_KINDS)[number];
export const MARK_STATUSES = ['exempt', 'na'] as const;
export const PASS_FAIL = ['pass', 'fail'] as const;
/** present, н (unexcused), п (excused), б (sick), о (late) — §3. */
export const ATTENDANCE_CODES = ['present', 'absent', 'excused', 'sick', 'late'] as const;
export type AttendanceCode = (typeof ATTENDANCE_CODES)[number];
/** The rules of §1.4–1.5 a summative work is checked against. */
export const JOURNAL_RULES = ['sorPerTerm', 'sochPerDay', 'sochLastDay', 'sorSochSameDay'] as const;
export type JournalRule = (typeof JOURNAL_RULES)[number];

export const FO_MIN = 1;
export const FO_MAX = 10;
/** A work's maximum score: wide enough for any specification (grades 2–4 use 7–15, СОч often 20–40). */
export const WORK_MAX_SCORE = 100;
/** How many cells one PUT may carry (a pasted column of a large class, with room to spare). */
export const MAX_BATCH_CELLS = 500;

/**
 * Keys a teacher may type for attendance: Cyrillic н/п/б/о, the Latin letters n/p/b/o, and the keys under
 * н/п/б/о on a Russian/Kazakh layout while the keyboard is in Latin (y, g, comma, j). Case-insensitive.
 */
export const ATTENDANCE_KEYS: Record<string, Exclude<AttendanceCode, 'present'>> = {
  н: 'absent',
  n: 'absent',
  y: 'absent',
  п: 'excused',
  p: 'excused',
  g: 'excused',
  б: 'sick',
  b: 'sick',
  ',': 'sick',
  о: 'late',
  o: 'late',
  j: 'late',
};
export function attendanceFromKey(key: string): Exclude<AttendanceCode, 'present'> | null {
  return ATTENDANCE_KEYS[key.toLowerCase()] ?? null;
}

/** A cell value as written and read: ФО 1–10 or a score (number), зачёт/незачёт, or a special status. */
export const zMarkValue = z.union([z.number().min(0).max(WORK_MAX_SCORE), z.enum(PASS_FAIL), z.enum(MARK_STATUSES)]);
export type MarkValue = z.infer<typeof zMarkValue>;

// ── The assignments a user can open ──────────────────────────────────────────────────────────────────────
export const zAssessmentMode = z.object({
  mode: z.enum(ASSESSMENT_MODES),
  /** false: the subject has no СОч this year (1-hour subjects, cancelled СОч) — §1.6. */
  hasTermSummative: z.boolean(),
  /** half_year: a 1-hour-a-week subject graded per half-year. */
  periodKind: z.enum(PERIOD_KINDS),
});
export type AssessmentModeInfo = z.infer<typeof zAssessmentMode>;

export const zJournalAssignment = z.object({
  id: zId,
  yearId: zId,
  classId: zId,
  classLabel: z.string(),
  grade: z.number(),
  subgroupId: zId.nullable(),
  subgroupName: z.string().nullable(),
  subjectId: zId,
  subject: zLocalizedName,
  teacherPersonId: zId,
  teacherName: z.string(),
  assessmentMode: zAssessmentMode,
});
export type JournalAssignment = z.infer<typeof zJournalAssignment>;
export const zJournalAssignmentsQuery = z.object({ classId: zId.optional() });
export const zJournalAssignmentList = z.object({ items: z.array(zJournalAssignment) });

// ── The grid ─────────────────────────────────────────────────────────────────────────────────────────────
export const zJournalPeriod = z.object({
  id: zId,
  kind: z.enum(PERIOD_KINDS),
  number: z.number(),
  startsOn: z.string(),
  endsOn: z.string(),
  /** Closed for this class (or the whole school): the grid is read-only. */
  closed: z.boolean(),
});
export type JournalPeriod = z.infer<typeof zJournalPeriod>;

export const zJournalStudent = z.object({
  id: zId,
  /** "Surname FirstName" — sorted by it. */
  name: z.string(),
  /** Enrolled for part of the period only (joined or left): cells outside these dates are greyed. */
  enrolledFrom: z.string(),
  enrolledTo: z.string().nullable(),
  /** Has an «освобождён» status in this grid (any column). */
  exempt: z.boolean(),
});
export type JournalStudent = z.infer<typeof zJournalStudent>;

export const zHomework = z.object({
  text: z.string(),
  dueDate: z.string().nullable(),
  attachments: z.array(zHomeworkAttachment),
});
export type Homework = z.infer<typeof zHomework>;
export const zLessonColumn = z.object({
  id: zId,
  date: z.string(),
  lessonNumber: z.number(),
  topic: z.string().nullable(),
  homework: zHomework.nullable(),
  status: z.enum(['scheduled', 'cancelled']),
  /** Someone other than the assignment's teacher substitutes. */
  substituteTeacherPersonId: zId.nullable(),
});
export type LessonColumn = z.infer<typeof zLessonColumn>;

export const zWorkColumn = z.object({
  id: zId,
  kind: z.enum(WORK_KINDS),
  title: z.string(),
  maxScore: z.number(),
  date: z.string(),
  lessonId: zId.nullable(),
  /** An administrator let it break a §1.4–1.5 rule; the reason is in the audit log. */
  overridden: z.boolean(),
});
export type WorkColumn = z.infer<typeof zWorkColumn>;

export const zMark = z.object({
  id: zId,
  studentId: zId,
  /** Exactly one of lessonId / workId is set. */
  lessonId: zId.nullable(),
  workId: zId.nullable(),
  kind: z.enum(MARK_KINDS),
  value: zMarkValue,
  comment: z.string().nullable(),
  version: z.number(),
  /** Edited after it was first entered (students and parents see this flag; history is for administrators). */
  changed: z.boolean(),
});
export type Mark = z.infer<typeof zMark>;

export const zAttendance = z.object({
  studentId: zId,
  lessonId: zId,
  /** null: the entry was cleared (kept so its version still guards concurrent edits). */
  code: z.enum(ATTENDANCE_CODES).nullable(),
  reason: z.string().nullable(),
  version: z.number(),
});
export type Attendance = z.infer<typeof zAttendance>;

/** A period or year result: «2»–«5», н/а, зачёт/незачёт, or null (nothing yet, exempt, ungraded). */
export const zResultGrade = z.enum(['2', '3', '4', '5', 'na', 'pass', 'fail']).nullable();
/** A term grade fixed by the engine when the period closed (read-only: recomputed only by closing again). */
export const zTermGrade = z.object({
  studentId: zId,
  /** Full precision, or null (exempt, ungraded, pass/fail). */
  percent: z.number().nullable(),
  grade: zResultGrade,
  /** The engine's status: graded, na, exempt, ungraded, empty… */
  status: z.string(),
});
export type TermGrade = z.infer<typeof zTermGrade>;

export const zJournalGrid = z.object({
  assignment: zJournalAssignment,
  period: zJournalPeriod,
  /** The assignment's periods of its periodKind, for the period picker. */
  periods: z.array(zJournalPeriod),
  assessmentMode: zAssessmentMode,
  students: z.array(zJournalStudent),
  lessons: z.array(zLessonColumn),
  works: z.array(zWorkColumn),
  marks: z.array(zMark),
  attendance: z.array(zAttendance),
  /** The actor may write (teaches it, substitutes a lesson of it, or administers the school) and the period is open. */
  canWrite: z.boolean(),
  revision: z.number(),
  /** The period's fixed term grades, present once it has been closed for the class. */
  termGrades: z.array(zTermGrade).optional(),
  homeworkLimits: zHomeworkLimits,
});
export type JournalGrid = z.infer<typeof zJournalGrid>;
export const zJournalGridQuery = z.object({
  /** Default: the period containing today, else the nearest one. */
  periodId: zId.optional(),
});

// ── Writes ───────────────────────────────────────────────────────────────────────────────────────────────
const zComment = z.string().trim().max(500, 'errors:validation.tooLong');
export const zReason = z.string().trim().min(1, 'errors:validation.required').max(500, 'errors:validation.tooLong');
const zExpectedVersion = z.number().int().min(1).nullable();

/** One mark cell. value null clears it (soft delete; the history stays). comment omitted = unchanged. */
export const zMarkCellInput = z
  .object({
    studentId: zId,
    lessonId: zId.optional(),
    workId: zId.optional(),
    value: zMarkValue.nullable(),
    comment: zComment.nullable().optional(),
    expectedVersion: zExpectedVersion,
  })
  .strict()
  .refine((c) => (c.lessonId === undefined) !== (c.workId === undefined), {
    message: 'errors:journal.lessonOrWork',
    path: ['lessonId'],
  });
export type MarkCellInput = z.infer<typeof zMarkCellInput>;
/** One cell or a pasted column: all or nothing, in one transaction. */
export const zMarksWrite = z
  .object({
    cells: z.array(zMarkCellInput).min(1).max(MAX_BATCH_CELLS),
    /** Why (e.g. a moderated СОч re-check, §1.5): kept in every history entry of this save. */
    reason: zReason.optional(),
  })
  .strict();
export type MarksWrite = z.infer<typeof zMarksWrite>;
export const zMarksWriteResult = z.object({
  marks: z.array(zMark),
  removedMarkIds: z.array(zId),
  revision: z.number(),
});
export type MarksWriteResult = z.infer<typeof zMarksWriteResult>;

export const zAttendanceCellInput = z
  .object({
    studentId: zId,
    lessonId: zId,
    /** null clears the entry. */
    code: z.enum(ATTENDANCE_CODES).nullable(),
    reason: zComment.nullable().optional(),
    expectedVersion: zExpectedVersion,
  })
  .strict();
export type AttendanceCellInput = z.infer<typeof zAttendanceCellInput>;
export const zAttendanceWrite = z.object({ cells: z.array(zAttendanceCellInput).min(1).max(MAX_BATCH_CELLS) }).strict();
export type AttendanceWrite = z.infer<typeof zAttendanceWrite>;
export const zAttendanceWriteResult = z.object({ attendance: z.array(zAttendance), revision: z.number() });

/**
 * The journal's error body (`{ code, message }` plus details):
 * - 409 `journal.conflict`: nothing was written; `marks` / `attendance` give each stale cell's current state
 *   (null = empty now) so the page can show the other teacher's value;
 * - 409 `journal.periodClosed`: the period is closed for this class;
 * - 422 `journal.rule`: a work breaks §1.4–1.5; `rules` names each broken rule. An administrator may resend
 *   the same request with `override: { reason }`.
 */
export const zJournalError = z.object({
  code: z.string(),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  marks: z
    .array(
      z.object({
        studentId: zId,
        lessonId: zId.nullable(),
        workId: zId.nullable(),
        current: zMark.nullable(),
      }),
    )
    .optional(),
  attendance: z.array(z.object({ studentId: zId, lessonId: zId, current: zAttendance.nullable() })).optional(),
  rules: z.array(z.enum(JOURNAL_RULES)).optional(),
});
export type JournalError = z.infer<typeof zJournalError>;

/** An administrator's override of a §1.4–1.5 rule: recorded with the work and audited. */
export const zOverride = z.object({ reason: zReason }).strict();

export const zWorkCreate = z
  .object({
    kind: z.enum(WORK_KINDS),
    title: z.string().trim().min(1, 'errors:validation.required').max(200, 'errors:validation.tooLong'),
    maxScore: z.number().int().min(1).max(WORK_MAX_SCORE),
    date: zDate,
    /** The lesson it was written in (same assignment); optional. */
    lessonId: zId.nullable().optional(),
    override: zOverride.optional(),
  })
  .strict();
export type WorkCreate = z.infer<typeof zWorkCreate>;
export const zWorkUpdate = z
  .object({
    title: z.string().trim().min(1, 'errors:validation.required').max(200, 'errors:validation.tooLong').optional(),
    maxScore: z.number().int().min(1).max(WORK_MAX_SCORE).optional(),
    date: zDate.optional(),
    lessonId: zId.nullable().optional(),
    override: zOverride.optional(),
  })
  .strict();
export type WorkUpdate = z.infer<typeof zWorkUpdate>;
export const zWorkParams = z.object({ assignmentId: zId, workId: zId });
export const zAssignmentParams = z.object({ assignmentId: zId });

export const zLessonTopicWrite = z
  .object({ topic: z.string().trim().max(500, 'errors:validation.tooLong').nullable() })
  .strict();
export const zHomeworkWrite = z
  .object({
    /** null or empty removes the homework. */
    text: z.string().trim().max(2000, 'errors:validation.tooLong').nullable(),
    dueDate: zDate.nullable().optional(),
  })
  .strict();
export type HomeworkWrite = z.infer<typeof zHomeworkWrite>;
