import type { JournalAssignment, JournalGrid } from '@common/schemas/journal.js';
import type { JournalChanges } from '@common/schemas/journal-results.js';
import type { Database } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { notFound } from '../../errors.js';
import { localDate } from '../../lib/clock.js';
import { allow } from '../../policies/index.js';
import type { Actor } from '../auth/actor.js';
import { attachmentsOf } from './homework-attachments.repository.js';
import { attachmentLimits } from './homework-attachments.service.js';
import { type JournalAccess, journalAccess, journalSchool } from './journal.access.js';
import {
  assessmentModeOf,
  presentAssignment,
  presentAttendance,
  presentLesson,
  presentMark,
  presentWork,
} from './journal.presenter.js';
import {
  attendanceOf,
  currentRevision,
  gridStudents,
  lessonsQuery,
  listAssignments,
  listPeriods,
  marksOf,
  type PeriodRow,
  worksQuery,
} from './journal.repository.js';
import { termGradesOf } from './term-grades.js';

export async function journalAssignments(deps: AppDeps, actor: Actor, classId?: number): Promise<JournalAssignment[]> {
  const school = journalSchool(actor, 'journal.read');
  const all = allow(actor, 'journal.manage', school);
  const rows = await listAssignments(deps.db, school.id, actor.personId, { all, classId });
  return rows.map(presentAssignment);
}

/** The requested period, else the one containing today, else the last begun one, else the first. */
function pickPeriod(periods: PeriodRow[], periodId: number | undefined, today: string): PeriodRow {
  if (periodId !== undefined) {
    const p = periods.find((x) => x.id === periodId);
    if (!p) throw notFound();
    return p;
  }
  const current = periods.find((p) => p.startsOn <= today && today <= p.endsOn);
  const begun = periods.filter((p) => p.startsOn <= today).at(-1);
  const p = current ?? begun ?? periods[0];
  if (!p) throw notFound();
  return p;
}

async function gridPeriod(db: Database, access: JournalAccess, periodId: number | undefined, today: string) {
  const a = access.assignment;
  const periods = await listPeriods(db, access.school.id, a.yearId, assessmentModeOf(a).periodKind, a.classId);
  return { periods, period: pickPeriod(periods, periodId, today) };
}

/** The grid: nine statements whatever the class size (assignment, periods, revision, and six lists), ten when closed. */
export async function journalGrid(
  deps: AppDeps,
  actor: Actor,
  assignmentId: number,
  periodId: number | undefined,
): Promise<JournalGrid> {
  const access = await journalAccess(deps.db, actor, assignmentId, 'read');
  const a = access.assignment;
  const schoolId = access.school.id;
  const { periods, period } = await gridPeriod(deps.db, access, periodId, localDate(deps.clock.now()));
  // Read the revision first: anything written after it is reported by the next "changes since".
  const revision = await currentRevision(deps.db);
  const [students, lessons, works] = await Promise.all([
    gridStudents(deps.db, schoolId, a, period.startsOn, period.endsOn),
    lessonsQuery(deps.db, schoolId, a)
      .where('l.date', '>=', period.startsOn)
      .where('l.date', '<=', period.endsOn)
      .orderBy('l.date')
      .orderBy('l.lessonNumber')
      .execute(),
    worksQuery(deps.db, schoolId, a.id)
      .where('w.periodId', '=', period.id)
      .where('w.deletedAt', 'is', null)
      .orderBy('w.date')
      .orderBy('w.id')
      .execute(),
  ]);
  const lessonIds = lessons.map((l) => l.id);
  const [marks, attendance, attachments] = await Promise.all([
    marksOf(
      deps.db,
      schoolId,
      lessonIds,
      works.map((w) => w.id),
    ),
    attendanceOf(deps.db, schoolId, lessonIds),
    attachmentsOf(
      deps.db,
      schoolId,
      lessons.filter((l) => l.homeworkText !== null).map((l) => l.id),
    ),
  ]);
  const exempt = new Set(marks.filter((m) => m.status === 'exempt').map((m) => m.studentPersonId));
  // A student re-enrolled in the same class within the period appears once, with the outer dates.
  const byStudent = new Map<number, JournalGrid['students'][number]>();
  for (const s of students) {
    const prev = byStudent.get(s.id);
    if (prev) {
      prev.enrolledTo = prev.enrolledTo === null || s.endsOn === null ? null : s.endsOn;
      continue;
    }
    byStudent.set(s.id, {
      id: s.id,
      name: `${s.surname} ${s.firstName}`,
      enrolledFrom: s.startsOn,
      enrolledTo: s.endsOn,
      exempt: exempt.has(s.id),
    });
  }
  const writable = !period.closed && (access.writeAll || a.substitutes);
  const termGrades = period.closed ? await termGradesOf(deps.db, schoolId, a.id, period.id) : [];
  return {
    assignment: presentAssignment(a),
    period,
    periods,
    assessmentMode: assessmentModeOf(a),
    students: [...byStudent.values()],
    lessons: lessons.map((l) => presentLesson(l, attachments.get(l.id))),
    works: works.map(presentWork),
    marks: marks.map(presentMark),
    attendance: attendance.map(presentAttendance),
    canWrite: writable,
    revision,
    homeworkLimits: attachmentLimits(deps),
    ...(termGrades.length > 0 ? { termGrades } : {}),
  };
}

/** What changed in the grid after `since` (including removals), for a page showing concurrent edits. */
export async function journalChanges(
  deps: AppDeps,
  actor: Actor,
  assignmentId: number,
  since: number,
  periodId: number | undefined,
): Promise<JournalChanges> {
  const access = await journalAccess(deps.db, actor, assignmentId, 'read');
  const a = access.assignment;
  const schoolId = access.school.id;
  const { period } = await gridPeriod(deps.db, access, periodId, localDate(deps.clock.now()));
  const revision = await currentRevision(deps.db);
  const [lessons, works] = await Promise.all([
    lessonsQuery(deps.db, schoolId, a)
      .where('l.date', '>=', period.startsOn)
      .where('l.date', '<=', period.endsOn)
      .execute(),
    worksQuery(deps.db, schoolId, a.id).where('w.periodId', '=', period.id).execute(),
  ]);
  const lessonIds = lessons.map((l) => l.id);
  const [marks, attendance] = await Promise.all([
    marksOf(
      deps.db,
      schoolId,
      lessonIds,
      works.map((w) => w.id),
      since,
    ),
    attendanceOf(deps.db, schoolId, lessonIds, since),
  ]);
  const changedWorks = works.filter((w) => Number(w.revision) > since);
  const changedLessons = lessons.filter((l) => l.journalRevision !== null && Number(l.journalRevision) > since);
  const attachments = await attachmentsOf(
    deps.db,
    schoolId,
    changedLessons.filter((l) => l.homeworkText !== null).map((l) => l.id),
  );
  return {
    revision,
    marks: marks.filter((m) => m.deletedAt === null).map(presentMark),
    removedMarkIds: marks.filter((m) => m.deletedAt !== null).map((m) => m.id),
    attendance: attendance.map(presentAttendance),
    lessons: changedLessons.map((l) => presentLesson(l, attachments.get(l.id))),
    works: changedWorks.filter((w) => w.deletedAt === null).map(presentWork),
    removedWorkIds: changedWorks.filter((w) => w.deletedAt !== null).map((w) => w.id),
    closed: period.closed,
  };
}
