import type { ColumnType, Generated } from 'kysely';
import type { DateStr, Id, Timestamp } from '../schema.js';

/** Migration 0013_journal: summative works, marks, attendance, homework, period closures, rule overrides. */

/** numeric comes back as a string from both drivers; write numbers or strings. */
type Numeric = ColumnType<string, number | string, number | string>;
type Revision = ColumnType<string | number, never, never>;
type Version = ColumnType<number, number | undefined, number>;

export type WorkKindDb = 'sor' | 'soch';
export type MarkKindDb = 'fo' | 'score' | 'pass_fail' | 'status';
export type MarkStatusDb = 'pass' | 'fail' | 'exempt' | 'na';
export type AttendanceCodeDb = 'present' | 'absent' | 'excused' | 'sick' | 'late';

export interface AssessmentWorksTable {
  schoolId: number;
  id: Id;
  assignmentId: number;
  periodId: number;
  kind: WorkKindDb;
  title: string;
  maxScore: number;
  date: DateStr;
  lessonId: number | null;
  overridden: Generated<boolean>;
  createdBy: number;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  deletedAt: Date | null;
  /** From the journal_revision sequence; set with `nextval` on every change. */
  revision: ColumnType<string | number, never, unknown>;
}
export interface MarksTable {
  schoolId: number;
  id: Id;
  /**
   * Migration 0019: the partition key — the calendar year the mark's academic year begins in (`startYearOf` of
   * its lesson's or work's date). Every insert supplies it (`markYearStart`, journal/mark-partitions.ts).
   */
  yearStart: number;
  studentPersonId: number;
  lessonId: number | null;
  workId: number | null;
  kind: MarkKindDb;
  /** ФО 1–10. */
  value: number | null;
  /** A work's score 0..max. */
  score: Numeric | null;
  status: MarkStatusDb | null;
  comment: string | null;
  version: Version;
  revision: ColumnType<string | number, never, unknown>;
  createdAt: Timestamp;
  createdBy: number;
  updatedAt: Timestamp;
  updatedBy: number;
  deletedAt: Date | null;
  deletedBy: number | null;
}
export interface AttendanceTable {
  schoolId: number;
  lessonId: number;
  studentPersonId: number;
  code: AttendanceCodeDb | null;
  reason: string | null;
  version: Version;
  revision: ColumnType<string | number, never, unknown>;
  updatedAt: Timestamp;
  updatedBy: number;
}
export interface HomeworkTable {
  schoolId: number;
  id: Id;
  lessonId: number;
  text: string;
  dueDate: string | null;
  createdBy: number;
  createdAt: Timestamp;
  updatedBy: number;
  updatedAt: Timestamp;
}
export interface PeriodClosuresTable {
  schoolId: number;
  id: Id;
  periodId: number;
  classId: number | null;
  closedAt: Timestamp;
  closedBy: number;
  reopenedAt: Date | null;
  reopenedBy: number | null;
  reopenReason: string | null;
}
export interface JournalOverridesTable {
  schoolId: number;
  id: Id;
  workId: number;
  rules: ColumnType<string[], string[], string[]>;
  reason: string;
  createdBy: number;
  createdAt: Timestamp;
}

/** Migration 0014_term_grades: a period's term grades, fixed by the engine when the period closes. */
export interface TermGradesTable {
  schoolId: number;
  assignmentId: number;
  periodId: number;
  studentPersonId: number;
  percent: Numeric | null;
  grade: '2' | '3' | '4' | '5' | 'na' | 'pass' | 'fail' | null;
  status: string;
  policyCode: string;
  computedAt: Timestamp;
  computedBy: number;
}

/** Migration 0015_homework_attachments: files attached to a lesson's homework (bytes in the database). */
export interface HomeworkAttachmentsTable {
  schoolId: number;
  id: Id;
  lessonId: number;
  /** Null only once removed and its homework is gone. */
  homeworkId: number | null;
  fileName: string;
  contentType: string;
  size: number;
  /** bytea: a Buffer from node-postgres, a Uint8Array from PGlite. */
  bytes: ColumnType<Uint8Array, Uint8Array, never>;
  createdBy: number;
  createdAt: Timestamp;
  deletedAt: Date | null;
}

export interface JournalTables {
  assessmentWorks: AssessmentWorksTable;
  marks: MarksTable;
  attendance: AttendanceTable;
  homework: HomeworkTable;
  periodClosures: PeriodClosuresTable;
  journalOverrides: JournalOverridesTable;
  termGrades: TermGradesTable;
  homeworkAttachments: HomeworkAttachmentsTable;
}
export type { Revision };
