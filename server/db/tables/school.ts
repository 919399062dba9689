import type { ColumnType, Generated } from 'kysely';
import type { DateStr, Id, Timestamp } from '../schema.js';

/** Migration 0008_school_organisation: calendar, classes, subjects, curriculum, timetable, lessons, imports. */

type SmallintArray = ColumnType<number[], number[] | undefined, number[]>;
/** A `time` column as 'HH:MM:SS'. */
type TimeStr = string;
/** numeric comes back as a string from both drivers; write numbers or strings. */
type Numeric = ColumnType<string, number | string, number | string>;
type Json<T = unknown> = ColumnType<T, T | string | undefined, T | string>;

export type PeriodKind = 'quarter' | 'half_year';
export type AssessmentMode = 'graded' | 'pass_fail' | 'ungraded';

export interface CalendarTemplatesTable {
  startYear: number;
  startsOn: DateStr;
  endsOn: DateStr;
  source: string | null;
}
export interface CalendarTemplatePeriodsTable {
  startYear: number;
  kind: PeriodKind;
  number: number;
  startsOn: DateStr;
  endsOn: DateStr;
}
export interface CalendarTemplateDaysOffTable {
  startYear: number;
  id: number;
  kind: 'holiday' | 'break';
  startsOn: DateStr;
  endsOn: DateStr;
  grades: number[] | null;
  nameKk: string;
  nameRu: string;
  nameEn: string;
}
export interface SubjectCatalogueTable {
  code: string;
  nameKk: string;
  nameRu: string;
  nameEn: string;
  sort: Generated<number>;
}

export interface AcademicYearsTable {
  schoolId: number;
  id: Id;
  name: string;
  startsOn: DateStr;
  endsOn: DateStr;
  templateStartYear: number | null;
  daysPerWeek: Generated<number>;
  shifts: Generated<number>;
  /** Index = grade (0 … 12); 13 entries. */
  maxLessonsPerDay: SmallintArray;
  status: Generated<'active' | 'closed'>;
  closedAt: Date | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}
export interface AcademicPeriodsTable {
  schoolId: number;
  id: Id;
  yearId: number;
  kind: PeriodKind;
  number: number;
  startsOn: DateStr;
  endsOn: DateStr;
}
export interface DaysOffTable {
  schoolId: number;
  id: Id;
  yearId: number;
  kind: 'holiday' | 'break' | 'other';
  startsOn: DateStr;
  endsOn: DateStr;
  /** null = every grade. */
  grades: number[] | null;
  name: string;
  /** Migration 0009: the national calendar's names when copied from a template (null for the school's own). */
  nameKk: string | null;
  nameRu: string | null;
  nameEn: string | null;
}
export interface BellSchedulesTable {
  schoolId: number;
  yearId: number;
  shift: number;
  lessonNumber: number;
  startsAt: TimeStr;
  endsAt: TimeStr;
}

export interface SubjectsTable {
  schoolId: number;
  id: Id;
  catalogueCode: string | null;
  nameKk: string;
  nameRu: string;
  nameEn: string;
  externalId: string | null;
  archivedAt: Date | null;
  createdAt: Timestamp;
}
export interface ClassesTable {
  schoolId: number;
  id: Id;
  yearId: number;
  grade: number;
  letter: string;
  language: string;
  shift: Generated<number>;
  classTeacherPersonId: number | null;
  externalId: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}
export interface ClassEnrollmentsTable {
  schoolId: number;
  id: Id;
  yearId: number;
  classId: number;
  studentPersonId: number;
  startsOn: DateStr;
  endsOn: string | null;
  endReason: 'moved' | 'left_school' | 'year_closed' | 'data_error' | null;
  createdAt: Timestamp;
}
export interface SubgroupsTable {
  schoolId: number;
  id: Id;
  classId: number;
  name: string;
  createdAt: Timestamp;
}
export interface SubgroupMembersTable {
  schoolId: number;
  subgroupId: number;
  studentPersonId: number;
}
export interface CurriculumHoursTable {
  schoolId: number;
  yearId: number;
  grade: number;
  language: string;
  subjectId: number;
  hoursPerWeek: Numeric;
}
export interface AssessmentModesTable {
  schoolId: number;
  yearId: number;
  subjectId: number;
  grade: number;
  mode: AssessmentMode;
  hasTermSummative: Generated<boolean>;
  periodKind: Generated<PeriodKind>;
}
export interface TeachingAssignmentsTable {
  schoolId: number;
  id: Id;
  yearId: number;
  classId: number;
  subgroupId: number | null;
  subjectId: number;
  teacherPersonId: number;
  createdAt: Timestamp;
}

export interface RoomsTable {
  schoolId: number;
  id: Id;
  name: string;
  capacity: number | null;
  archivedAt: Date | null;
}
export interface TimetableEntriesTable {
  schoolId: number;
  id: Id;
  yearId: number;
  assignmentId: number;
  roomId: number | null;
  /** 1 = Monday … 6 = Saturday. */
  weekday: number;
  shift: number;
  lessonNumber: number;
  createdAt: Timestamp;
}
export interface LessonsTable {
  schoolId: number;
  id: Id;
  yearId: number;
  periodId: number | null;
  date: DateStr;
  shift: number;
  lessonNumber: number;
  classId: number;
  subgroupId: number | null;
  subjectId: number;
  teacherPersonId: number;
  substituteTeacherPersonId: number | null;
  roomId: number | null;
  timetableEntryId: number | null;
  status: Generated<'scheduled' | 'cancelled'>;
  /** Set by a one-off change; regeneration leaves such lessons alone. */
  changedAt: Date | null;
  /** Migration 0011: the date the timetable entry generated it for (a move changes `date`, not this). */
  generatedFor: string | null;
  /** Migration 0013: the lesson's topic (journal). */
  topic: string | null;
  /** Migration 0013: journal_revision of the last topic/homework change. */
  journalRevision: ColumnType<string | number | null, never, unknown>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}
export interface LessonChangesTable {
  schoolId: number;
  id: Id;
  lessonId: number;
  at: Timestamp;
  actorPersonId: number | null;
  kind: 'cancel' | 'restore' | 'substitute' | 'room' | 'move';
  before: Json;
  after: Json;
  note: string | null;
}
export interface CalendarFeedsTable {
  id: Id;
  personId: number;
  tokenHash: string;
  createdAt: Timestamp;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

export interface ImportJobsTable {
  schoolId: number;
  id: Id;
  createdByPersonId: number;
  kind: 'people' | 'oneroster';
  fileName: string;
  status: Generated<'previewed' | 'applying' | 'applied' | 'failed' | 'discarded'>;
  mapping: Json | null;
  summary: Json | null;
  totalRows: Generated<number>;
  doneRows: Generated<number>;
  error: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  finishedAt: Date | null;
  /** A running apply's { phase, done, total } and its process's last heartbeat (0018). */
  progress: Json | null;
  progressAt: Date | null;
  /** The new accounts' temporary passwords, encrypted with a key from the applying session (0018). */
  slips: string | null;
  slipsExpireAt: Date | null;
}
export interface ImportRowsTable {
  schoolId: number;
  jobId: number;
  rowNumber: number;
  /** The row as read from the file; null once the job is applied (0012: personal data is not kept). */
  data: Json | null;
  outcome: 'new' | 'update' | 'unchanged' | 'error' | 'confirm';
  errors: Json | null;
  matchedPersonId: number | null;
  /** 0012: what the dry run found (match kind, changed fields); codes only, no personal data. */
  detail: Json | null;
}

export interface SchoolTables {
  calendarTemplates: CalendarTemplatesTable;
  calendarTemplatePeriods: CalendarTemplatePeriodsTable;
  calendarTemplateDaysOff: CalendarTemplateDaysOffTable;
  subjectCatalogue: SubjectCatalogueTable;
  academicYears: AcademicYearsTable;
  academicPeriods: AcademicPeriodsTable;
  daysOff: DaysOffTable;
  bellSchedules: BellSchedulesTable;
  subjects: SubjectsTable;
  classes: ClassesTable;
  classEnrollments: ClassEnrollmentsTable;
  subgroups: SubgroupsTable;
  subgroupMembers: SubgroupMembersTable;
  curriculumHours: CurriculumHoursTable;
  assessmentModes: AssessmentModesTable;
  teachingAssignments: TeachingAssignmentsTable;
  rooms: RoomsTable;
  timetableEntries: TimetableEntriesTable;
  lessons: LessonsTable;
  lessonChanges: LessonChangesTable;
  calendarFeeds: CalendarFeedsTable;
  importJobs: ImportJobsTable;
  importRows: ImportRowsTable;
}
