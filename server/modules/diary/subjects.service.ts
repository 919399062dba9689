import { type PassFail, policyFor, type Score, sochNeeded } from '@common/assessment/index.js';
import type { DiarySubject, DiarySubjects } from '@common/schemas/diary.js';
import type { AppDeps } from '../../deps.js';
import { notFound } from '../../errors.js';
import { localDate } from '../../lib/clock.js';
import type { Actor } from '../auth/actor.js';
import { startYearOf } from '../journal/academic-start-year.js';
import { assessmentModeOf } from '../journal/journal.presenter.js';
import { listPeriods, type PeriodRow } from '../journal/journal.repository.js';
import { resultOfMarks } from '../journal/marks-result.js';
import { shortName, subjectName } from '../timetable/timetable.access.js';
import { diaryStudent } from './diary.access.js';
import { studentWorks } from './diary.repository.js';
import {
  studentAssignments,
  studentEnrolments,
  studentFixedGrades,
  studentLessonMarks,
} from './diary-marks.repository.js';
import { progressOf, thresholdsOf } from './progress.js';

/**
 * Marks by subject for one period (issue 7 §1): every ФО, СОр and СОч, the running component percentages, the
 * running grade (term-results.ts resultOfMarks, as the class view and the reports compute it), the СОч score
 * needed for «3»/«4»/«5», the fixed term grade once the period is closed, and the year's fixed grades. Seven
 * statements whatever the number of subjects and marks.
 */

/** The default period: of the given kind, the one holding `today`, else the last begun, else the first. */
function periodAt(periods: PeriodRow[], kind: string, today: string): PeriodRow | undefined {
  const ofKind = periods.filter((p) => p.kind === kind);
  return (
    ofKind.find((p) => p.startsOn <= today && today <= p.endsOn) ??
    ofKind.filter((p) => p.startsOn <= today).at(-1) ??
    ofKind[0]
  );
}

export async function diarySubjects(
  deps: AppDeps,
  actor: Actor,
  studentId: number,
  periodId?: number,
): Promise<DiarySubjects> {
  const student = await diaryStudent(deps, actor, studentId);
  const schoolId = student.schoolId;
  const today = localDate(deps.clock.now());
  const enrolments = await studentEnrolments(deps.db, schoolId, studentId);
  const current =
    enrolments.find((e) => e.startsOn <= today && (e.endsOn === null || e.endsOn >= today)) ?? enrolments[0];
  const empty: DiarySubjects = { period: null, periods: [], subjects: [], year: [] };
  if (!current) {
    if (periodId !== undefined) throw notFound();
    return empty;
  }
  let periods = await listPeriods(deps.db, schoolId, current.yearId, null, current.classId);
  let enrolment = current;
  if (periodId !== undefined && !periods.some((p) => p.id === periodId)) {
    // An earlier year's period: the class the student was in that year (one more statement, only then).
    const other = await deps.db
      .selectFrom('academicPeriods')
      .where('schoolId', '=', schoolId)
      .where('id', '=', periodId)
      .select('yearId')
      .executeTakeFirst();
    const e = other && enrolments.find((x) => x.yearId === other.yearId);
    if (!e) throw notFound();
    enrolment = e;
    periods = await listPeriods(deps.db, schoolId, e.yearId, null, e.classId);
  }
  const assignments = await studentAssignments(deps.db, schoolId, enrolment.classId, studentId);
  const kinds = new Set(assignments.map((a) => assessmentModeOf(a).periodKind));
  const mainKind = kinds.has('quarter') || kinds.size === 0 ? 'quarter' : 'half_year';
  const chosen = periodId !== undefined ? periods.find((p) => p.id === periodId) : periodAt(periods, mainKind, today);
  if (!chosen || periods.length === 0) return { ...empty, periods: periods.map(presentPeriod) };
  const yearFrom = periods[0]!.startsOn;
  const yearTo = periods
    .map((p) => p.endsOn)
    .sort()
    .at(-1)!;
  const [marks, works, fixed] = await Promise.all([
    studentLessonMarks(deps.db, schoolId, enrolment.classId, studentId, yearFrom, yearTo),
    studentWorks(deps.db, schoolId, studentId, yearFrom, yearTo),
    studentFixedGrades(deps.db, schoolId, enrolment.yearId, studentId),
  ]);
  const term = new Map(
    fixed.filter((f) => f.level === 'term').map((f) => [`${f.assignmentId}:${f.periodId}`, f] as const),
  );
  const year = new Map(fixed.filter((f) => f.level === 'year').map((f) => [f.assignmentId, f] as const));
  const locale = actor.locale;

  const subjects: DiarySubject[] = [];
  for (const a of assignments) {
    const mode = assessmentModeOf(a);
    // A half-year subject in a quarter's view: the half-year that overlaps the chosen quarter.
    const period =
      chosen.kind === mode.periodKind
        ? chosen
        : periods.find((p) => p.kind === mode.periodKind && p.startsOn <= chosen.endsOn && p.endsOn >= chosen.startsOn);
    if (!period) continue;
    const myMarks = marks.filter(
      (m) =>
        m.subjectId === a.subjectId &&
        m.subgroupId === a.subgroupId &&
        m.date >= period.startsOn &&
        m.date <= period.endsOn,
    );
    const myWorks = works.filter((w) => w.assignmentId === a.id && w.periodId === period.id);
    // The accumulation of term-results.ts, for one student.
    const fo: number[] = [];
    const sor: Score[] = [];
    const passFail: PassFail[] = [];
    let soch: Score | 'missed' | null = null;
    let pendingSoch: { id: number; max: number } | null = null;
    let exempt = false;
    for (const m of myMarks) {
      if (m.status === 'exempt') exempt = true;
      if (m.kind === 'fo' && m.value !== null) fo.push(m.value);
      if (m.status === 'pass' || m.status === 'fail') passFail.push(m.status);
    }
    for (const w of myWorks) {
      if (w.status === 'exempt') exempt = true;
      if (w.score !== null) {
        const s = { score: Number(w.score), max: w.maxScore };
        if (w.kind === 'sor') sor.push(s);
        else soch = s;
      } else if (w.kind === 'soch' && w.status === 'na' && soch === null) soch = 'missed';
      else if (w.kind === 'soch' && w.status === null) pendingSoch = { id: w.id, max: w.maxScore };
    }
    const policy = policyFor(startYearOf(period.startsOn));
    // The running result exactly as the class view and the reports compute it; at the close it is fixed instead.
    const r = resultOfMarks({ fo, sor, soch, passFail, exempt }, mode, a.grade, policy, period.closed);
    const { percent, status } = r;
    const grade = r.grade as DiarySubject['grade'];
    const parts: DiarySubject['parts'] = {
      fo: r.parts?.fo?.percent ?? null,
      sor: r.parts?.sor?.percent ?? null,
      soch: r.parts?.soch?.percent ?? null,
    };
    // Only a СОч still to come can change the grade; a closed period's grade is fixed.
    const sochToCome = r.status === 'provisional' || (r.status === 'empty' && mode.hasTermSummative);
    const projection: DiarySubject['projection'] =
      policy && mode.mode === 'graded' && sochToCome && !period.closed
        ? {
            workId: pendingSoch?.id ?? null,
            max: pendingSoch?.max ?? 100,
            needed: sochNeeded({ policy, fo, sor, max: pendingSoch?.max ?? 100 }),
          }
        : null;
    const fixedTerm = period.closed ? term.get(`${a.id}:${period.id}`) : undefined;
    subjects.push({
      assignmentId: a.id,
      subject: subjectName(a, locale),
      teacher: shortName({ surname: a.teacherSurname, firstName: a.teacherFirstName, patronymic: a.teacherPatronymic }),
      mode: mode.mode,
      fo: myMarks.map((m) => ({
        lessonId: m.lessonId,
        date: m.date,
        value: m.value,
        status: m.status,
        comment: m.comment,
        changed: m.version > 1,
      })),
      works: myWorks.map((w) => ({
        id: w.id,
        kind: w.kind,
        title: w.title,
        date: w.date,
        maxScore: w.maxScore,
        score: w.score === null ? null : Number(w.score),
        status: w.status,
        comment: w.comment,
      })),
      parts,
      percent,
      grade,
      status,
      projection,
      termGrade: fixedTerm ? { grade: fixedTerm.grade, status: fixedTerm.status } : null,
      progress: progressOf(
        myMarks,
        myWorks.map((w) => ({ ...w, score: w.score === null ? null : Number(w.score) })),
        mode,
        a.grade,
        policy,
      ),
      thresholds: thresholdsOf(mode, policy),
    });
  }

  const yearRows = assignments.map((a) => {
    const kind = assessmentModeOf(a).periodKind;
    const y = year.get(a.id);
    return {
      subject: subjectName(a, locale),
      terms: periods
        .filter((p) => p.kind === kind)
        .map((p) => {
          const f = p.closed ? term.get(`${a.id}:${p.id}`) : undefined;
          return f ? { periodId: p.id, grade: f.grade, status: f.status } : null;
        }),
      year: y ? { grade: y.grade, status: y.status } : null,
    };
  });
  return { period: presentPeriod(chosen), periods: periods.map(presentPeriod), subjects, year: yearRows };
}

function presentPeriod(p: PeriodRow) {
  return {
    id: p.id,
    kind: p.kind,
    number: p.number,
    startsOn: p.startsOn,
    endsOn: p.endsOn,
    closed: Boolean(p.closed),
  };
}
