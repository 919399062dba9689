import {
  type AssessmentPolicy,
  type PassFail,
  passFailResult,
  policyFor,
  type Score,
  type TermResult as TermOutcome,
  termResult,
} from '@common/assessment/index.js';
import { type RawBuilder, sql } from 'kysely';
import type { Database } from '../../db/client.js';
import type { TermGradesTable } from '../../db/tables/journal.js';
import { assessmentModeOf } from './journal.presenter.js';
import { type AssignmentRow, listAssignments } from './journal.repository.js';

/**
 * The engine applied to a period's stored marks, for many assignments at once (issue 5 §3): what closing a period
 * fixes (term-grades.ts) and what the class teacher's view and the reports show as the running result while the
 * period is open. Set-based: three statements whatever the number of classes and students.
 */

/** The academic start year of a date (the year begins on 1 September; same rule as the web's running grade). */
export function startYearOf(date: string): number {
  const year = Number(date.slice(0, 4));
  return Number(date.slice(5, 7)) >= 8 ? year : year - 1;
}

export interface PeriodRef {
  id: number;
  yearId: number;
  kind: string;
  startsOn: string;
  endsOn: string;
}

/** One student's result in one assignment for the period (the shape of a term_grades row). */
export interface TermResultRow {
  assignmentId: number;
  studentPersonId: number;
  percent: number | null;
  grade: TermGradesTable['grade'];
  /** The engine's status ('graded', 'na', 'exempt', 'ungraded', 'empty'…) or 'invalid' (a score above a lowered max). */
  status: string;
  policyCode: string;
}

/** One student's marks in one subject for a period, as the engine takes them. */
export interface MarkSet {
  fo: number[];
  sor: Score[];
  soch: Score | 'missed' | null;
  /** зачёт / незачёт in date order. */
  passFail: PassFail[];
  exempt: boolean;
}

export interface MarksResult {
  percent: number | null;
  grade: TermGradesTable['grade'];
  status: string;
  /** The component percentages (graded subjects whose marks the engine accepted). */
  parts: TermOutcome['parts'] | null;
}

/**
 * The engine over one student's marks — the one place that decides what a period result is, for the closing, the
 * class view, the reports and the diary. `atClose` false (a running result): an unwritten СОч may still come, and a
 * pass/fail subject without any mark has nothing yet (the engine's «н/а» is right only at the close).
 */
export function resultOfMarks(
  x: MarkSet,
  mode: { mode: 'graded' | 'pass_fail' | 'ungraded'; hasTermSummative: boolean },
  gradeLevel: number,
  policy: AssessmentPolicy | null,
  atClose: boolean,
): MarksResult {
  if (mode.mode === 'ungraded' || !policy) {
    return { percent: null, grade: null, status: x.exempt ? 'exempt' : 'ungraded', parts: null };
  }
  if (mode.mode === 'pass_fail') {
    const r = passFailResult({ marks: x.passFail, exempt: x.exempt, gradeLevel, policy });
    if (!atClose && r.status === 'na') return { percent: null, grade: null, status: 'empty', parts: null };
    return { percent: null, grade: r.result, status: r.status, parts: null };
  }
  // At the close an unwritten СОч is missed: «н/а» (§1.5); while the period runs it may still come.
  const soch = atClose && mode.hasTermSummative && x.soch === null ? 'missed' : x.soch;
  try {
    const r = termResult({
      policy,
      fo: x.fo,
      sor: x.sor,
      soch,
      hasSoch: mode.hasTermSummative,
      exempt: x.exempt,
      gradeLevel,
    });
    return {
      percent: r.percent,
      grade: r.grade === null ? null : (String(r.grade) as TermGradesTable['grade']),
      status: r.status,
      parts: r.parts,
    };
  } catch {
    // A score the engine refuses (above a lowered maximum): no grade until the marks are fixed.
    return { percent: null, grade: null, status: 'invalid', parts: null };
  }
}

export async function findPeriod(db: Database, schoolId: number, periodId: number): Promise<PeriodRef> {
  return db
    .selectFrom('academicPeriods')
    .where('schoolId', '=', schoolId)
    .where('id', '=', periodId)
    .select(['id', 'yearId', 'kind', 'startsOn', 'endsOn'])
    .executeTakeFirstOrThrow();
}

/**
 * The assignments graded per this period's kind (a half-year subject has no quarter result), optionally of one class
 * or of some classes.
 */
export async function periodAssignments(
  db: Database,
  schoolId: number,
  period: PeriodRef,
  classIds: number[] | null,
): Promise<AssignmentRow[]> {
  const all = await listAssignments(db, schoolId, 0, {
    all: true,
    ...(classIds !== null && classIds.length === 1 ? { classId: classIds[0]! } : {}),
  });
  return all.filter(
    (a) =>
      a.yearId === period.yearId &&
      assessmentModeOf(a).periodKind === period.kind &&
      (classIds === null || classIds.includes(a.classId)),
  );
}

/** What the engine needs of an assignment (the reports and statistics read no more than this). */
export type EngineAssignment = Pick<
  AssignmentRow,
  'id' | 'classId' | 'subjectId' | 'subgroupId' | 'grade' | 'mode' | 'hasTermSummative' | 'periodKind'
>;

/** One school's period and the assignments whose results are wanted. */
export interface TermResultsScope {
  schoolId: number;
  period: PeriodRef;
  assignments: EngineAssignment[];
}

/**
 * Every enrolled student's result per assignment. `atClose`: an unwritten СОч counts as missed («н/а», §1.5) — true
 * when the period closes; false for a running result (the work may still come).
 */
export async function computeTermResults(
  db: Database,
  schoolId: number,
  period: PeriodRef,
  assignments: EngineAssignment[],
  atClose: boolean,
): Promise<TermResultRow[]> {
  return computeTermResultsMany(db, [{ schoolId, period, assignments }], atClose);
}

/**
 * The same for many schools at once (district statistics), still three statements whatever the number of schools,
 * classes and students: each school's period bounds travel as a VALUES list joined on school_id.
 */
export async function computeTermResultsMany(
  db: Database,
  scopes: TermResultsScope[],
  atClose: boolean,
): Promise<TermResultRow[]> {
  const live = scopes.filter((s) => s.assignments.length > 0);
  if (live.length === 0) return [];
  const assignments = live.flatMap((s) => s.assignments);
  const classIds = [...new Set(assignments.map((a) => a.classId))];
  const subgroupIds = [...new Set(assignments.flatMap((a) => (a.subgroupId === null ? [] : [a.subgroupId])))];
  const schoolIds = live.map((s) => s.schoolId);
  // Each school's period as parallel arrays (one parameter each, whatever the number of schools).
  const scope = sql`unnest(${live.map((s) => s.schoolId)}::bigint[], ${live.map((s) => s.period.id)}::bigint[],
    ${live.map((s) => s.period.startsOn)}::date[], ${live.map((s) => s.period.endsOn)}::date[])
    as s(school_id, period_id, starts_on, ends_on)`;
  const [enrolled, members, marks] = await Promise.all([
    sql<{ classId: number; studentPersonId: number }>`
      select e.class_id as "classId", e.student_person_id as "studentPersonId"
        from class_enrollments e
        join ${scope} on s.school_id = e.school_id
       where e.class_id = any(${classIds}::bigint[])
         and e.starts_on <= s.ends_on and (e.ends_on is null or e.ends_on >= s.starts_on)
         and (e.end_reason is null or e.end_reason <> 'data_error')`
      .execute(db)
      .then((r) => r.rows),
    subgroupIds.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom('subgroupMembers')
          .where('schoolId', 'in', schoolIds)
          .where('subgroupId', 'in', subgroupIds)
          .select(['subgroupId', 'studentPersonId'])
          .execute(),
    markAggregates(db, scope, markYears(live), classIds, assignments),
  ]);

  // A lesson belongs to the assignment of its class × subject × sub-group.
  const byLessonKey = new Map<string, EngineAssignment>();
  for (const a of assignments) byLessonKey.set(`${a.classId}:${a.subjectId}:${a.subgroupId ?? ''}`, a);
  const byId = new Map(assignments.map((a) => [a.id, a]));
  const acc = new Map<string, MarkSet>();
  for (const m of marks) {
    const a =
      m.assignmentId !== null
        ? byId.get(m.assignmentId)
        : byLessonKey.get(`${m.classId}:${m.subjectId}:${m.subgroupId ?? ''}`);
    if (!a) continue;
    const key = `${a.id}:${m.studentPersonId}`;
    const x = acc.get(key) ?? { fo: [], sor: [], soch: null, passFail: [], exempt: false };
    acc.set(key, x);
    if (m.exempt) x.exempt = true;
    if (m.assignmentId === null) {
      // Lesson marks: one group per assignment and student, so these are the whole of them.
      x.fo = foList(m.foCount, m.foSum, m.foMin, m.foMax);
      if (m.passFail !== null) x.passFail = [m.passFail];
      continue;
    }
    for (const [score, max] of m.sor ?? []) x.sor.push({ score, max });
    if (m.soch !== null) x.soch = { score: m.soch[0], max: m.soch[1] };
    else if (m.sochMissed && x.soch === null) x.soch = 'missed';
  }

  // Enrolments by class (a student re-enrolled within the period appears once per assignment).
  const byClass = new Map<number, number[]>();
  for (const e of enrolled) {
    const list = byClass.get(e.classId);
    if (list) list.push(e.studentPersonId);
    else byClass.set(e.classId, [e.studentPersonId]);
  }
  const bySubgroup = new Map<number, Set<number>>();
  for (const s of members) {
    const set = bySubgroup.get(s.subgroupId) ?? new Set<number>();
    set.add(s.studentPersonId);
    bySubgroup.set(s.subgroupId, set);
  }
  const rows: TermResultRow[] = [];
  for (const { period, assignments: mine } of live) {
    const policy = policyFor(startYearOf(period.startsOn));
    for (const a of mine) {
      const mode = assessmentModeOf(a);
      const inSubgroup = a.subgroupId === null ? null : (bySubgroup.get(a.subgroupId) ?? new Set<number>());
      for (const studentId of new Set(byClass.get(a.classId) ?? [])) {
        if (inSubgroup && !inSubgroup.has(studentId)) continue;
        const x = acc.get(`${a.id}:${studentId}`) ?? { fo: [], sor: [], soch: null, passFail: [], exempt: false };
        const r = resultOfMarks(x, mode, a.grade, policy, atClose);
        rows.push({
          assignmentId: a.id,
          studentPersonId: studentId,
          percent: r.percent,
          grade: r.grade,
          status: r.status,
          policyCode: policy?.id ?? 'none',
        });
      }
    }
  }
  return rows;
}

/**
 * A list of ФО points with the given count, sum, smallest and largest value. The engine reads ФО only through
 * their count and sum (compute.ts foPercent and the pooled-with-fo variant) and checks each is a whole point
 * within the scale (validate.ts checkFo) — which depends on the smallest and largest alone — so this list gives
 * the very result the stored marks give, bit for bit (sums of whole numbers are exact), while the database sends
 * one row per student and subject instead of every mark (issue 6 §3: term grades of a school ≤ 1 s).
 */
export function foList(count: number, sum: number, min: number | null, max: number | null): number[] {
  if (count === 0 || min === null || max === null) return [];
  if (count === 1) return [min];
  const rest = count - 2;
  const remaining = sum - min - max;
  const out = [min, max];
  if (rest === 0) return out;
  const base = Math.floor(remaining / rest);
  const extra = remaining - base * rest;
  for (let i = 0; i < rest; i++) out.push(i < extra ? base + 1 : base);
  return out;
}

/**
 * The partition keys (mark-partitions.ts markYearStart, the academic start year of the lesson's or work's date) the
 * periods' marks can carry: every academic year a period touches — one, for a period inside its academic year.
 * Given as a constant list, PostgreSQL reads only those yearly partitions of marks instead of all of them.
 */
function markYears(scopes: TermResultsScope[]): number[] {
  const years = new Set<number>();
  for (const { period } of scopes) {
    for (let y = startYearOf(period.startsOn); y <= startYearOf(period.endsOn); y++) years.add(y);
  }
  return [...years];
}

interface MarkAggregate {
  studentPersonId: number;
  assignmentId: number | null;
  classId: number | null;
  subjectId: number | null;
  subgroupId: number | null;
  exempt: boolean;
  foCount: number;
  foSum: number;
  foMin: number | null;
  foMax: number | null;
  /** The latest зачёт / незачёт (by lesson date and number): the engine takes the latest (passFailResult). */
  passFail: PassFail | null;
  /** [score, max] per СОр work, in date order. */
  sor: [number, number][] | null;
  /** The СОч score (the latest work's, should there be two). */
  soch: [number, number] | null;
  sochMissed: boolean;
}

/**
 * Every live mark of the period reduced, in the database, to what the engine needs per student and assignment:
 * lesson marks grouped by class × subject × sub-group (ФО count, sum, range; the latest pass/fail; exempt), work
 * marks by the work's assignment (each СОр score with its maximum, the СОч, a missed СОч). The marks are those of
 * the period's lessons of these classes and of its live works of these assignments — a mark has a lesson or a work,
 * never both (marks_check), so the two halves of the union are disjoint and each walks its own index.
 * The latest pass/fail is the largest [day, lesson number, pass?] array rather than an ordered array_agg: an
 * aggregate with ORDER BY sorts once per group (tens of thousands of groups in a district) and keeps the planner
 * from hashing the groups, which cost the lesson half about a quarter of its time (issue 6).
 */
async function markAggregates(
  db: Database,
  scope: RawBuilder<unknown>,
  years: number[],
  classIds: number[],
  assignments: EngineAssignment[],
): Promise<MarkAggregate[]> {
  const r = await sql<{
    studentPersonId: number;
    assignmentId: number | null;
    classId: number | null;
    subjectId: number | null;
    subgroupId: number | null;
    exempt: boolean;
    foCount: number;
    foSum: number | null;
    foMin: number | null;
    foMax: number | null;
    passFail: PassFail | null;
    sor: [number, number][] | null;
    soch: [number, number] | null;
    sochMissed: boolean;
  }>`
    select m.student_person_id as "studentPersonId", null::bigint as "assignmentId",
           l.class_id as "classId", l.subject_id as "subjectId", l.subgroup_id as "subgroupId",
           bool_or(coalesce(m.status = 'exempt', false)) as exempt,
           (count(*) filter (where m.kind = 'fo' and m.value is not null))::int as "foCount",
           (sum(m.value) filter (where m.kind = 'fo'))::int as "foSum",
           min(m.value) filter (where m.kind = 'fo') as "foMin",
           max(m.value) filter (where m.kind = 'fo') as "foMax",
           case (max(array[l.date - date '2000-01-01', l.lesson_number, (m.status = 'pass')::int])
                   filter (where m.status in ('pass', 'fail')))[3]
             when 1 then 'pass' when 0 then 'fail' end as "passFail",
           null::json as sor, null::text as soch, false as "sochMissed"
      from ${scope}
      join lessons l on l.school_id = s.school_id and l.class_id = any(${classIds}::bigint[])
                    and l.date >= s.starts_on and l.date <= s.ends_on
      join marks m on m.school_id = l.school_id and m.lesson_id = l.id and m.deleted_at is null
                  and m.year_start = any(${years}::smallint[])
     group by m.student_person_id, l.class_id, l.subject_id, l.subgroup_id
    union all
    select m.student_person_id, w.assignment_id, null, null, null,
           bool_or(coalesce(m.status = 'exempt', false)), 0, null, null, null, null,
           json_agg(json_build_array(m.score::float8, w.max_score) order by w.date, w.id)
             filter (where m.kind = 'score' and m.score is not null and w.kind = 'sor'),
           (array_agg(json_build_array(m.score::float8, w.max_score)::text order by w.date desc, w.id desc)
             filter (where m.kind = 'score' and m.score is not null and w.kind <> 'sor'))[1],
           bool_or(coalesce(w.kind = 'soch' and m.status = 'na', false))
      from ${scope}
      join assessment_works w on w.school_id = s.school_id and w.period_id = s.period_id and w.deleted_at is null
                             and w.assignment_id = any(${assignments.map((a) => a.id)}::bigint[])
      join marks m on m.school_id = w.school_id and m.work_id = w.id and m.deleted_at is null
                  and m.year_start = any(${years}::smallint[])
     group by m.student_person_id, w.assignment_id`.execute(db);
  return r.rows.map((x) => ({
    ...x,
    studentPersonId: Number(x.studentPersonId),
    assignmentId: x.assignmentId === null ? null : Number(x.assignmentId),
    classId: x.classId === null ? null : Number(x.classId),
    subjectId: x.subjectId === null ? null : Number(x.subjectId),
    subgroupId: x.subgroupId === null ? null : Number(x.subgroupId),
    foCount: Number(x.foCount),
    foSum: Number(x.foSum ?? 0),
    soch: x.soch === null ? null : typeof x.soch === 'string' ? JSON.parse(x.soch) : x.soch,
  }));
}
