import type { ClassView, ClassViewAttendance, ClassViewCell, ClassViewClassList } from '@common/schemas/class-view.js';
import type { AppDeps } from '../../deps.js';
import { notFound } from '../../errors.js';
import { localDate } from '../../lib/clock.js';
import { allow } from '../../policies/index.js';
import type { Actor } from '../auth/actor.js';
import { journalSchool } from '../journal/journal.access.js';
import { assessmentModeOf, presentAssignment } from '../journal/journal.presenter.js';
import { type AssignmentRow, listAssignments, listPeriods, type PeriodRow } from '../journal/journal.repository.js';
import { computeTermResults, type TermResultRow } from '../journal/term-results.js';
import { currentYear, findYear } from '../school-year/school-year.queries.js';
import {
  AT_RISK_MISSED_PERCENT,
  AT_RISK_UNEXCUSED_FULL_DAYS,
  averageGrade,
  missedPercent,
  risksOf,
} from './at-risk.js';
import { classViewAccess } from './class-view.access.js';
import { mergeStudents, presentClass } from './class-view.presenter.js';
import { classStudents, classTermGrades, periodAttendance, yearClasses } from './class-view.repository.js';

/** The classes the actor may open: a class teacher their own of the year, an administrator all of them. */
export async function classViewClasses(deps: AppDeps, actor: Actor, yearId?: number): Promise<ClassViewClassList> {
  const school = journalSchool(actor, 'journal.read');
  const manage = allow(actor, 'journal.manage', school);
  const year =
    yearId === undefined
      ? await currentYear(deps.db, school.id, localDate(deps.clock.now()))
      : await findYear(deps.db, school.id, yearId);
  if (!year) {
    if (yearId !== undefined) throw notFound();
    return { yearId: null, items: [] };
  }
  const rows = await yearClasses(deps.db, school.id, year.id, manage ? null : actor.personId);
  const letters = new Intl.Collator('kk');
  rows.sort((a, b) => a.grade - b.grade || letters.compare(a.letter, b.letter) || a.id - b.id);
  return { yearId: year.id, items: rows.map((c) => presentClass(c, actor.personId)) };
}

/** The kind most of the class's subjects are graded by (1-hour subjects go per half-year, §1.6); quarter on a tie. */
function dominantKind(assignments: AssignmentRow[]) {
  const half = assignments.filter((a) => assessmentModeOf(a).periodKind === 'half_year').length;
  return half > assignments.length - half ? 'half_year' : 'quarter';
}

/** The requested period (404 if not the class's year's), else the current one of the dominant kind. */
function pickPeriod(periods: PeriodRow[], periodId: number | undefined, kind: string, today: string) {
  if (periodId !== undefined) {
    const p = periods.find((x) => x.id === periodId);
    if (!p) throw notFound();
    return p;
  }
  const ofKind = periods.filter((p) => p.kind === kind);
  const pool = ofKind.length > 0 ? ofKind : periods;
  const p =
    pool.find((x) => x.startsOn <= today && today <= x.endsOn) ??
    pool.filter((x) => x.startsOn <= today).at(-1) ??
    pool[0];
  if (!p) throw notFound();
  return p;
}

/** A running result as shown (term-results resultOfMarks already shows a pass/fail subject without a mark as empty). */
function runningCell(r: TermResultRow): ClassViewCell {
  return {
    assignmentId: r.assignmentId,
    studentId: r.studentPersonId,
    percent: r.percent,
    grade: r.grade,
    status: r.status,
    fixed: false,
  };
}

const noAttendance = (): ClassViewAttendance => ({
  lessons: 0,
  missed: 0,
  sick: 0,
  excused: 0,
  unexcused: 0,
  late: 0,
  fullDays: 0,
  fullDaysUnexcused: 0,
  fullDaysSick: 0,
  missedPercent: null,
});

/**
 * The class across subjects for one period. Eight statements whatever the class size — access (class + year),
 * assignments, periods, pupils, the engine's three (enrolments, sub-group members, marks), attendance — and a
 * ninth for a closed period (its fixed term grades).
 */
export async function classOverview(
  deps: AppDeps,
  actor: Actor,
  classId: number,
  periodId: number | undefined,
): Promise<ClassView> {
  const db = deps.db;
  const { school, cls } = await classViewAccess(db, actor, classId);
  const today = localDate(deps.clock.now());
  const [allAssignments, periods] = await Promise.all([
    listAssignments(db, school.id, actor.personId, { all: true, classId }),
    listPeriods(db, school.id, cls.yearId, null, classId),
  ]);
  const period = pickPeriod(periods, periodId, dominantKind(allAssignments), today);
  // The same selection as term-results.ts periodAssignments: a half-year subject has no quarter result.
  const assignments = allAssignments.filter((a) => assessmentModeOf(a).periodKind === period.kind);
  // ISO dates compare as strings: the earlier of today and the period's end.
  const asOf = [today, period.endsOn].sort()[0] ?? today;
  const [enrolments, running, fixedRows, attendance] = await Promise.all([
    classStudents(db, school.id, classId, period.startsOn, period.endsOn),
    // The running result is computed for a closed period too: a subject added after the close has no fixed row.
    computeTermResults(db, school.id, period, assignments, false),
    period.closed
      ? classTermGrades(
          db,
          school.id,
          period.id,
          assignments.map((a) => a.id),
        )
      : Promise.resolve([]),
    periodAttendance(db, school.id, classId, period.startsOn, asOf),
  ]);

  const byId = new Map(assignments.map((a) => [a.id, a]));
  const fixed = new Map(fixedRows.map((r) => [`${r.assignmentId}:${r.studentPersonId}`, r]));
  const cells: ClassViewCell[] = running.map((r) => {
    const f = fixed.get(`${r.assignmentId}:${r.studentPersonId}`);
    return f
      ? {
          assignmentId: r.assignmentId,
          studentId: r.studentPersonId,
          percent: f.percent === null ? null : Number(f.percent),
          grade: f.grade,
          status: f.status,
          fixed: true,
        }
      : runningCell(r);
  });
  const cellsOf = new Map<number, ClassViewCell[]>();
  for (const c of cells) cellsOf.set(c.studentId, [...(cellsOf.get(c.studentId) ?? []), c]);
  const attendanceOf = new Map(attendance.map((a) => [a.studentId, a]));
  const hasTermSummative = (id: number) => {
    const a = byId.get(id);
    if (!a) return false;
    const mode = assessmentModeOf(a);
    return mode.mode === 'graded' && mode.hasTermSummative;
  };

  const students = mergeStudents(enrolments, cls.language).map((s) => {
    const a = attendanceOf.get(s.id);
    const att: ClassViewAttendance = a
      ? {
          lessons: a.lessons,
          missed: a.missed,
          sick: a.sick,
          excused: a.excused,
          unexcused: a.unexcused,
          late: a.late,
          fullDays: a.fullDays,
          fullDaysUnexcused: a.fullDaysUnexcused,
          fullDaysSick: a.fullDaysSick,
          missedPercent: missedPercent(a),
        }
      : noAttendance();
    const mine = cellsOf.get(s.id) ?? [];
    return {
      id: s.id,
      name: `${s.surname} ${s.firstName}`,
      enrolledFrom: s.startsOn,
      enrolledTo: s.endsOn,
      average: averageGrade(mine),
      attendance: att,
      risks: risksOf(mine, hasTermSummative, att),
    };
  });
  const count = (kind: string) => students.filter((s) => s.risks.some((r) => r.kind === kind)).length;
  const { yearId: _y, ...periodOut } = period;
  return {
    class: presentClass(cls, actor.personId),
    period: periodOut,
    periods: periods.map(({ yearId: _, ...p }) => p),
    asOf,
    subjects: assignments.map((a) => {
      const p = presentAssignment(a);
      return {
        assignmentId: a.id,
        subjectId: a.subjectId,
        subject: p.subject,
        subgroupId: a.subgroupId,
        subgroupName: a.subgroupName,
        teacherName: p.teacherName,
        assessmentMode: p.assessmentMode,
      };
    }),
    students,
    cells,
    summary: {
      students: students.length,
      atRisk: students.filter((s) => s.risks.length > 0).length,
      failing: count('failing'),
      naRisk: count('na_risk'),
      absences: count('absences'),
    },
    thresholds: { missedPercent: AT_RISK_MISSED_PERCENT, unexcusedFullDays: AT_RISK_UNEXCUSED_FULL_DAYS },
  };
}
