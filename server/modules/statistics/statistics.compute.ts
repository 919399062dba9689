import type { Database } from '../../db/client.js';
import type { PeriodKind } from '../../db/tables/school.js';
import { assessmentModeOf } from '../journal/journal.presenter.js';
import { computeTermResultsMany } from '../journal/term-results.js';
import type { FinalGrade } from '../reports/formulas.js';
import { type ClassGrades, finalGradeOf } from '../reports/performance.data.js';
import { addSums, classPerformance } from '../reports/performance.presenter.js';
import { emptyInput, type FiguresInput } from './statistics.presenter.js';
import {
  fixedGrades,
  pupilsOnReferenceDate,
  type StatSchool,
  type StatScope,
  schoolAttendance,
  schoolFillIn,
  yearAssignments,
} from './statistics.repository.js';

/**
 * Each school's part of the statistics, computed from the journal as of `today`: the same figures as the school's
 * own performance report total (§4.1: closed classes from the term grades fixed at the close, running ones from
 * the engine over the marks so far), its attendance (§3) and journal fill-in. A fixed number of statements for the
 * given schools whatever their number: assignments, term grades, the engine, pupils, attendance and lessons — each
 * one statement over all of them. Callers pass schools in chunks (statistics.snapshots.ts) to bound the memory.
 */
export async function computeSchoolInputs(
  db: Database,
  schools: StatSchool[],
  kind: PeriodKind,
  today: string,
): Promise<Map<number, FiguresInput>> {
  const scopes: StatScope[] = schools.flatMap(({ schoolId, period: p }) =>
    p
      ? [
          {
            schoolId,
            periodId: p.id,
            yearId: p.yearId,
            startsOn: p.startsOn,
            endsOn: p.endsOn,
            heldTo: [today, p.endsOn].sort()[0]!, // ISO dates: the earlier one
            runningRef: [p.startsOn, today, p.endsOn].sort()[1]!, // today clamped into the period
          },
        ]
      : [],
  );
  const inputs = new Map<number, FiguresInput>();
  for (const s of schools) {
    const x = emptyInput();
    x.runningWithoutClasses = !!s.period && !s.period.closedSchool;
    inputs.set(s.schoolId, x);
  }
  if (scopes.length === 0) return inputs;

  const periodOf = new Map(schools.flatMap((s) => (s.period ? [[s.schoolId, s.period] as const] : [])));
  const isClosed = (schoolId: number, classId: number) => {
    const p = periodOf.get(schoolId);
    return !!p && (p.closedSchool || p.closedClassIds.includes(classId));
  };

  const [allAssignments, pupils, attendance, fillIn] = await Promise.all([
    yearAssignments(db, scopes),
    pupilsOnReferenceDate(db, scopes),
    schoolAttendance(db, scopes),
    schoolFillIn(db, scopes),
  ]);
  // As the school report (performance.data periodGrades): graded per this period's kind; ungraded subjects left out.
  const assignments = allAssignments.filter((a) => {
    const mode = assessmentModeOf(a);
    return mode.mode !== 'ungraded' && mode.periodKind === kind;
  });
  const fixed = assignments.filter((a) => isClosed(a.schoolId, a.classId));
  const open = assignments.filter((a) => !isClosed(a.schoolId, a.classId));
  const [fixedRows, runningRows] = await Promise.all([
    fixedGrades(
      db,
      scopes,
      fixed.map((a) => a.id),
    ),
    computeTermResultsMany(
      db,
      scopes.map((s) => ({
        schoolId: s.schoolId,
        period: { id: s.periodId, yearId: s.yearId, kind, startsOn: s.startsOn, endsOn: s.endsOn },
        assignments: open.filter((a) => a.schoolId === s.schoolId),
      })),
      false,
    ),
  ]);
  const grades = new Map<string, FinalGrade>();
  for (const r of [...fixedRows, ...runningRows]) grades.set(`${r.assignmentId}:${r.studentPersonId}`, finalGradeOf(r));

  // Class by class, exactly as the school report builds its bodies (no names: statistics are anonymised); only
  // the class's sums are kept.
  const classes = new Map<number, ClassGrades & { schoolId: number }>();
  const classOf = (schoolId: number, classId: number) => {
    let c = classes.get(classId);
    if (!c) {
      c = { schoolId, classId, running: !isClosed(schoolId, classId), pupils: [], assignments: [], grades };
      classes.set(classId, c);
    }
    return c;
  };
  for (const p of pupils) classOf(p.schoolId, p.classId).pupils.push({ id: p.studentId, name: '' });
  for (const a of assignments) classOf(a.schoolId, a.classId).assignments.push(a);
  for (const c of classes.values()) addSums(inputs.get(c.schoolId)!.performance, [classPerformance(c)]);
  for (const a of attendance) {
    const x = inputs.get(a.schoolId)!;
    x.pupilLessons = a.pupilLessons;
    x.missedLessons = a.missedLessons;
    x.days = a.days;
    x.sickDays = a.sickDays;
  }
  for (const f of fillIn) {
    const x = inputs.get(f.schoolId)!;
    x.lessons = f.lessons;
    x.withoutTopic = f.withoutTopic;
  }
  return inputs;
}
