import type { StatisticsQuery, StatisticsReport } from '@common/schemas/statistics.js';
import { type AppDeps, reportsDb } from '../../deps.js';
import { localDate } from '../../lib/clock.js';
import type { Actor } from '../auth/actor.js';
import { assessmentModeOf } from '../journal/journal.presenter.js';
import { computeTermResultsMany } from '../journal/term-results.js';
import type { FinalGrade } from '../reports/formulas.js';
import { type ClassGrades, finalGradeOf } from '../reports/performance.data.js';
import { classPerformance } from '../reports/performance.presenter.js';
import { statisticsRoot } from './statistics.access.js';
import { emptyInput, type FiguresInput, figures, mergeInputs } from './statistics.presenter.js';
import {
  fixedGrades,
  pupilsOnReferenceDate,
  type StatScope,
  schoolAttendance,
  schoolFillIn,
  subtreeSchools,
  yearAssignments,
} from './statistics.repository.js';

/**
 * Anonymised statistics over every school of the actor's subtree (issue 6 §2 "district statistics"): per school the
 * same figures as the school's own performance report total (§4.1: closed classes from the term grades fixed at the
 * close, running ones from the engine over the marks so far), its attendance (§3) and journal fill-in; subtotals per
 * district; the total. A fixed number of statements whatever the number of schools: the subtree with each school's
 * period, then the assignments, then term grades, the engine (three), pupils, attendance and lessons — each one
 * statement over all the schools.
 */
export async function subtreeStatistics(
  deps: AppDeps,
  actor: Actor,
  q: Omit<StatisticsQuery, 'format'>,
): Promise<StatisticsReport> {
  const db = reportsDb(deps);
  const root = await statisticsRoot(db, actor, q.institutionId);
  const today = localDate(deps.clock.now());
  const schools = await subtreeSchools(db, root.id, q.kind, q.number, today);

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
    return mode.mode !== 'ungraded' && mode.periodKind === q.kind;
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
        period: { id: s.periodId, yearId: s.yearId, kind: q.kind, startsOn: s.startsOn, endsOn: s.endsOn },
        assignments: open.filter((a) => a.schoolId === s.schoolId),
      })),
      false,
    ),
  ]);
  const grades = new Map<string, FinalGrade>();
  for (const r of [...fixedRows, ...runningRows]) grades.set(`${r.assignmentId}:${r.studentPersonId}`, finalGradeOf(r));

  // Class by class, exactly as the school report builds its bodies (no names: statistics are anonymised).
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

  const inputs = new Map<number, FiguresInput>();
  for (const s of schools) {
    const x = emptyInput();
    x.runningWithoutClasses = !!s.period && !s.period.closedSchool;
    inputs.set(s.schoolId, x);
  }
  for (const c of classes.values()) inputs.get(c.schoolId)!.bodies.push(classPerformance(c));
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

  const name = (kk: string, ru: string, en: string) => ({ kk, ru, en });
  const groups = new Map<number, { name: ReturnType<typeof name>; schools: number[] }>();
  for (const s of schools) {
    const g = groups.get(s.groupId) ?? {
      name: name(s.groupNameKk, s.groupNameRu, s.groupNameEn),
      schools: [],
    };
    g.schools.push(s.schoolId);
    groups.set(s.groupId, g);
  }
  return {
    kind: q.kind,
    number: q.number,
    asOf: today,
    institution: { id: root.id, kind: root.kind, name: name(root.nameKk, root.nameRu, root.nameEn) },
    schools: schools.map((s) => ({
      schoolId: s.schoolId,
      name: name(s.nameKk, s.nameRu, s.nameEn),
      groupId: s.groupId,
      period: s.period && { id: s.period.id, startsOn: s.period.startsOn, endsOn: s.period.endsOn },
      ...figures(inputs.get(s.schoolId)!),
    })),
    // A district's own report is its schools; above it, one subtotal per district (or directly subordinate body).
    groups:
      root.kind === 'district' || root.kind === 'school'
        ? []
        : [...groups].map(([institutionId, g]) => ({
            institutionId,
            name: g.name,
            schools: g.schools.length,
            ...figures(mergeInputs(g.schools.map((id) => inputs.get(id)!))),
          })),
    total: { schools: schools.length, ...figures(mergeInputs([...inputs.values()])) },
  };
}
