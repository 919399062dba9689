import { sql } from 'kysely';
import type { Database } from '../../db/client.js';
import type { AssessmentMode, PeriodKind } from '../../db/tables/school.js';

/**
 * The statistics' reads over many schools at once. Each statement covers every school of the subtree (the schools'
 * own periods travel as a VALUES list joined on school_id), so a district report is the same handful of statements
 * whether it has two schools or two hundred. Nothing here selects a name of a person.
 */

export interface StatSchool {
  schoolId: number;
  nameKk: string;
  nameRu: string;
  nameEn: string;
  /** The nearest district above the school, or its parent when it sits directly under a region or the ministry. */
  groupId: number;
  groupNameKk: string;
  groupNameRu: string;
  groupNameEn: string;
  period: {
    id: number;
    yearId: number;
    kind: PeriodKind;
    startsOn: string;
    endsOn: string;
    /** Closed for the whole school, or for these classes only. */
    closedSchool: boolean;
    closedClassIds: number[];
  } | null;
}

/**
 * The open schools of the subtree with, for each, the period of that kind and ordinal in its current year — the
 * latest year that started on or before `today` (so the summer after a year still shows that year) — and its
 * closures.
 */
export async function subtreeSchools(
  db: Database,
  /** The subtree's root, or (the snapshot refresh) the schools themselves. */
  of: { rootId: number } | { schoolIds: number[] },
  kind: PeriodKind,
  number: number,
  today: string,
): Promise<StatSchool[]> {
  const r = await sql<{
    schoolId: number;
    nameKk: string;
    nameRu: string;
    nameEn: string;
    groupId: number;
    groupNameKk: string;
    groupNameRu: string;
    groupNameEn: string;
    periodId: number | null;
    yearId: number | null;
    startsOn: string | null;
    endsOn: string | null;
    closedSchool: boolean | null;
    closedClassIds: number[] | null;
  }>`
    select i.id as "schoolId", i.name_kk as "nameKk", i.name_ru as "nameRu", i.name_en as "nameEn",
           g.id as "groupId", g.name_kk as "groupNameKk", g.name_ru as "groupNameRu", g.name_en as "groupNameEn",
           p.id as "periodId", p.year_id as "yearId", p.starts_on as "startsOn", p.ends_on as "endsOn",
           c.closed_school as "closedSchool", c.closed_class_ids as "closedClassIds"
      from institutions i
      join institutions g on g.id = coalesce(
             (select d.id from institutions d where d.id = any(i.ancestors) and d.kind = 'district' limit 1),
             i.parent_id, i.id)
      left join lateral (
             select y.id from academic_years y
              where y.school_id = i.id and y.starts_on <= ${today}::date
              order by y.starts_on desc limit 1) y on true
      left join academic_periods p on p.school_id = i.id and p.year_id = y.id and p.kind = ${kind} and p.number = ${number}
      left join lateral (
             select coalesce(bool_or(pc.class_id is null), false) as closed_school,
                    array_agg(pc.class_id) filter (where pc.class_id is not null) as closed_class_ids
               from period_closures pc
              where pc.school_id = i.id and pc.period_id = p.id and pc.reopened_at is null) c on true
     where ${'rootId' in of ? sql`i.ancestors @> array[${of.rootId}]::bigint[]` : sql`i.id = any(${of.schoolIds}::bigint[])`}
       and i.kind = 'school' and i.closed_at is null
     order by g.name_kk, i.name_kk, i.id`.execute(db);
  return r.rows.map((x) => ({
    schoolId: Number(x.schoolId),
    nameKk: x.nameKk,
    nameRu: x.nameRu,
    nameEn: x.nameEn,
    groupId: Number(x.groupId),
    groupNameKk: x.groupNameKk,
    groupNameRu: x.groupNameRu,
    groupNameEn: x.groupNameEn,
    period:
      x.periodId === null
        ? null
        : {
            id: Number(x.periodId),
            yearId: Number(x.yearId),
            kind,
            startsOn: x.startsOn!,
            endsOn: x.endsOn!,
            closedSchool: x.closedSchool ?? false,
            closedClassIds: (x.closedClassIds ?? []).map(Number),
          },
  }));
}

/** One school's period as the other statements take it. */
export interface StatScope {
  schoolId: number;
  periodId: number;
  yearId: number;
  startsOn: string;
  endsOn: string;
  /** The last day counted: the period's end, or today while it runs. */
  heldTo: string;
  /** The reference date of its running classes (today clamped into the period). */
  runningRef: string;
}

/** The schools' periods as parallel arrays: one parameter each, whatever the number of schools. */
const scopeValues = (scopes: StatScope[]) => {
  const col = <K extends keyof StatScope>(k: K) => scopes.map((s) => s[k]);
  return sql`unnest(${col('schoolId')}::bigint[], ${col('periodId')}::bigint[], ${col('yearId')}::bigint[],
    ${col('startsOn')}::date[], ${col('endsOn')}::date[], ${col('heldTo')}::date[], ${col('runningRef')}::date[])
    as s(school_id, period_id, year_id, starts_on, ends_on, held_to, running_ref)`;
};

export interface StatAssignment {
  schoolId: number;
  id: number;
  classId: number;
  grade: number;
  subjectId: number;
  subgroupId: number | null;
  nameKk: string;
  nameRu: string;
  nameEn: string;
  mode: AssessmentMode | null;
  hasTermSummative: boolean | null;
  periodKind: PeriodKind | null;
}

/** The teaching assignments of each school's year, with what the engine needs (term-results EngineAssignment). */
export async function yearAssignments(db: Database, scopes: StatScope[]): Promise<StatAssignment[]> {
  if (scopes.length === 0) return [];
  const r = await sql<StatAssignment>`
    select ta.school_id as "schoolId", ta.id, ta.class_id as "classId", c.grade, ta.subject_id as "subjectId",
           ta.subgroup_id as "subgroupId", sj.name_kk as "nameKk", sj.name_ru as "nameRu", sj.name_en as "nameEn",
           am.mode, am.has_term_summative as "hasTermSummative", am.period_kind as "periodKind"
      from ${scopeValues(scopes)}
      join teaching_assignments ta on ta.school_id = s.school_id and ta.year_id = s.year_id
      join classes c on c.school_id = ta.school_id and c.id = ta.class_id
      join subjects sj on sj.school_id = ta.school_id and sj.id = ta.subject_id
      left join assessment_modes am on am.school_id = ta.school_id and am.year_id = ta.year_id
                                   and am.subject_id = ta.subject_id and am.grade = c.grade
     order by ta.school_id, ta.id`.execute(db);
  return r.rows.map((x) => ({
    ...x,
    schoolId: Number(x.schoolId),
    id: Number(x.id),
    classId: Number(x.classId),
    subjectId: Number(x.subjectId),
    subgroupId: x.subgroupId === null ? null : Number(x.subgroupId),
  }));
}

/**
 * The pupils of each school's classes of the year on their reference date (§4.1: enrolled at the end of the
 * period; a class whose period is closed on its end, a running one on today) — ids only.
 */
export async function pupilsOnReferenceDate(db: Database, scopes: StatScope[]) {
  if (scopes.length === 0) return [];
  const r = await sql<{ schoolId: number; classId: number; studentId: number }>`
    select distinct e.school_id as "schoolId", e.class_id as "classId", e.student_person_id as "studentId"
      from ${scopeValues(scopes)}
      join classes c on c.school_id = s.school_id and c.year_id = s.year_id
      cross join lateral (
        select case when exists (
                 select 1 from period_closures pc
                  where pc.school_id = s.school_id and pc.period_id = s.period_id and pc.reopened_at is null
                    and (pc.class_id is null or pc.class_id = c.id))
               then s.ends_on else s.running_ref end as d) r
      join class_enrollments e on e.school_id = c.school_id and e.class_id = c.id
     where e.starts_on <= r.d and (e.ends_on is null or e.ends_on >= r.d)
       and (e.end_reason is null or e.end_reason <> 'data_error')`.execute(db);
  return r.rows.map((x) => ({
    schoolId: Number(x.schoolId),
    classId: Number(x.classId),
    studentId: Number(x.studentId),
  }));
}

/** The term grades fixed at the close, for the closed classes' assignments of each school's period. */
export async function fixedGrades(db: Database, scopes: StatScope[], assignmentIds: number[]) {
  if (scopes.length === 0 || assignmentIds.length === 0) return [];
  const r = await sql<{ assignmentId: number; studentPersonId: number; grade: string | null; status: string }>`
    select g.assignment_id as "assignmentId", g.student_person_id as "studentPersonId", g.grade, g.status
      from ${scopeValues(scopes)}
      join term_grades g on g.school_id = s.school_id and g.period_id = s.period_id
     where g.assignment_id = any(${assignmentIds}::bigint[])`.execute(db);
  return r.rows.map((x) => ({
    ...x,
    assignmentId: Number(x.assignmentId),
    studentPersonId: Number(x.studentPersonId),
  }));
}

export interface SchoolAttendance {
  schoolId: number;
  pupilLessons: number;
  missedLessons: number;
  days: number;
  sickDays: number;
}

/**
 * §3 per school from the period's start to `held_to`, by the rule of reports.repository attendanceAggregates — a
 * pupil's lessons are those of their class and own sub-groups on the days they were enrolled; a whole day missed
 * when every one of them is н, п or б; an illness day when all are б — without a row per pupil and lesson or per
 * pupil and day (the earlier shape: ≈ 270 k rows sorted to disk for 5 schools, ≈ 550 ms of database CPU; this one
 * ≈ 230 ms on the same data, docs/SCALING.md):
 * - lessons per pupil: the held lessons per class (or sub-group) and day times the pupils enrolled that day, with
 *   the pupils counted per enrolment window (most of a class shares one, the whole period) — a few hundred rows;
 * - days missed: only a day with an absence can be one, so the absences (a few per cent of the pupil-lessons) are
 *   grouped per pupil and day, and each such day's lessons concerning the pupil counted by index.
 * The join order is fixed by construction, not by estimates (an earlier rewrite joining two CTEs got a nested loop
 * over a one-row estimate): every join is small × small, or a driving set probing an index; the two CTEs read more
 * than once are materialised so the per-day count runs once.
 */
export async function schoolAttendance(db: Database, scopes: StatScope[]): Promise<SchoolAttendance[]> {
  if (scopes.length === 0) return [];
  const concerns = (alias: string, pupil: string) =>
    sql.raw(`(${alias}.subgroup_id is null or exists (
      select 1 from subgroup_members sm
       where sm.school_id = ${alias}.school_id and sm.subgroup_id = ${alias}.subgroup_id
         and sm.student_person_id = ${pupil}.student_person_id))`);
  const r = await sql<Record<keyof SchoolAttendance, number | string>>`
    with s as (select * from ${scopeValues(scopes)}),
    pupils as (
      select e.school_id, e.class_id, e.student_person_id, greatest(e.starts_on, s.starts_on) as d0,
             least(coalesce(e.ends_on, s.held_to), s.held_to) as d1
        from s
        join classes c on c.school_id = s.school_id and c.year_id = s.year_id
        join class_enrollments e on e.school_id = c.school_id and e.class_id = c.id
       where e.starts_on <= s.held_to and (e.ends_on is null or e.ends_on >= s.starts_on)
         and (e.end_reason is null or e.end_reason <> 'data_error')
    ),
    held as (
      select l.school_id, l.class_id, l.subgroup_id, l.date, count(*) as n
        from s
        join lessons l on l.school_id = s.school_id and l.status = 'scheduled' and l.date between s.starts_on and s.held_to
       group by l.school_id, l.class_id, l.subgroup_id, l.date
    ),
    -- Pupils per class (subgroup_id 0) or sub-group and enrolment window [d0, d1].
    windows as (
      select school_id, class_id, 0::bigint as subgroup_id, d0, d1, count(*) as pupils
        from pupils
       group by school_id, class_id, d0, d1
      union all
      select p.school_id, p.class_id, sm.subgroup_id, p.d0, p.d1, count(*)
        from pupils p
        join subgroup_members sm on sm.school_id = p.school_id and sm.student_person_id = p.student_person_id
       group by p.school_id, p.class_id, sm.subgroup_id, p.d0, p.d1
    ),
    taught as (
      select h.school_id, sum(h.n * w.pupils) as n
        from held h
        join windows w on w.school_id = h.school_id and w.class_id = h.class_id
                      and w.subgroup_id = coalesce(h.subgroup_id, 0) and h.date between w.d0 and w.d1
       group by h.school_id
    ),
    missed as (
      select p.school_id, p.class_id, p.student_person_id, l.date, count(*) as missed,
             count(*) filter (where a.code = 'sick') as sick
        from pupils p
        join attendance a on a.school_id = p.school_id and a.student_person_id = p.student_person_id
                         and a.code in ('absent', 'excused', 'sick')
        join lessons l on l.school_id = a.school_id and l.id = a.lesson_id and l.class_id = p.class_id
                      and l.status = 'scheduled' and l.date between p.d0 and p.d1
       where ${concerns('l', 'p')}
       group by p.school_id, p.class_id, p.student_person_id, l.date
    ),
    -- Materialised: n is counted once per day, not once per reference below.
    missed_days as materialized (
      select m.school_id, m.missed, m.sick,
             (select count(*) from lessons l
               where l.school_id = m.school_id and l.class_id = m.class_id and l.date = m.date
                 and l.status = 'scheduled' and ${concerns('l', 'm')}) as n
        from missed m
    ),
    whole_days as materialized (
      select school_id, sum(missed) as missed, count(*) filter (where missed = n) as days,
             count(*) filter (where missed = n and sick = n) as sick
        from missed_days
       group by school_id
    )
    select t.school_id as "schoolId", t.n::bigint as "pupilLessons", coalesce(d.missed, 0)::bigint as "missedLessons",
           coalesce(d.days, 0) as days, coalesce(d.sick, 0) as "sickDays"
      from taught t
      left join whole_days d on d.school_id = t.school_id`.execute(db);
  return r.rows.map((x) => ({
    schoolId: Number(x.schoolId),
    pupilLessons: Number(x.pupilLessons),
    missedLessons: Number(x.missedLessons),
    days: Number(x.days),
    sickDays: Number(x.sickDays),
  }));
}

/** Lessons held (not cancelled) from each school's period start to `held_to`, and those without a topic. */
export async function schoolFillIn(db: Database, scopes: StatScope[]) {
  if (scopes.length === 0) return [];
  const r = await sql<{ schoolId: number; lessons: number | string; withoutTopic: number | string }>`
    select l.school_id as "schoolId", count(*) as lessons,
           count(*) filter (where l.topic is null or btrim(l.topic) = '') as "withoutTopic"
      from ${scopeValues(scopes)}
      join lessons l on l.school_id = s.school_id and l.status = 'scheduled'
                    and l.date between s.starts_on and s.held_to
     group by l.school_id`.execute(db);
  return r.rows.map((x) => ({
    schoolId: Number(x.schoolId),
    lessons: Number(x.lessons),
    withoutTopic: Number(x.withoutTopic),
  }));
}
