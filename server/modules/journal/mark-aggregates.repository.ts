import type { PassFail } from '@common/assessment/index.js';
import { sql } from 'kysely';
import type { Database } from '../../db/client.js';
import { withWorkMem } from '../../db/work-mem.js';
import { startYearOf } from './academic-start-year.js';
import type { PeriodRef } from './period-assignments.js';

/** One school's period, whose marks are aggregated. */
export interface MarkScope {
  schoolId: number;
  period: Pick<PeriodRef, 'id' | 'startsOn' | 'endsOn'>;
}

/** What the aggregation needs of an assignment: its id and the class × subject × sub-group its lessons carry. */
export interface AggregatedAssignment {
  id: number;
  classId: number;
  subjectId: number;
  subgroupId: number | null;
}

/**
 * The partition keys (mark-partitions.ts markYearStart, the academic start year of the lesson's or work's date) the
 * periods' marks can carry: every academic year a period touches — one, for a period inside its academic year.
 * Given as a constant list, PostgreSQL reads only those yearly partitions of marks instead of all of them.
 */
export function markYears(scopes: MarkScope[]): number[] {
  const years = new Set<number>();
  for (const { period } of scopes) {
    for (let y = startYearOf(period.startsOn); y <= startYearOf(period.endsOn); y++) years.add(y);
  }
  return [...years];
}

/** One student's marks in one assignment for the period, reduced to what the engine reads. */
export interface MarkAggregate {
  studentPersonId: number;
  assignmentId: number;
  exempt: boolean;
  foCount: number;
  foSum: number;
  foMin: number | null;
  foMax: number | null;
  /** The latest зачёт / незачёт (by lesson date and number): the engine takes the latest (passFailResult). */
  passFail: PassFail | null;
  /** [score, max] per СОр work, in date order. */
  sor: [number, number][] | null;
  /** The СОч score and maximum (the latest work's, should there be two). */
  sochScore: number | null;
  sochMax: number | null;
  sochMissed: boolean;
}

/** work_mem of the aggregation: its hash aggregates and sorts over a district's marks fit in memory (work-mem.ts). */
const AGGREGATION_WORK_MEM_MB = 64;
/**
 * Above this many assignments (a whole school or more) the aggregation gets that work_mem; a class or a journal
 * grid sorts little and would only pay the extra transaction and SET round trip on a hot path.
 */
const WORK_MEM_FROM_ASSIGNMENTS = 100;

/**
 * Every live mark of the periods reduced, in the database, to one row per student and assignment with what the
 * engine needs: from the lesson marks (ФО count, sum, range; the latest pass/fail; exempt) and from the work marks
 * (each СОр score with its maximum, the СОч, a missed СОч). The marks are those of the periods' lessons of these
 * assignments' classes and of their live works — a mark has a lesson or a work, never both (marks_check), so the
 * two halves are disjoint and each walks its own index; a full join then puts a student's two halves on one row.
 *
 * A lesson belongs to the assignment of its class × subject × sub-group; should two assignments share that key
 * (two teachers of one class and subject), the later one in `assignments` takes the lesson marks — as the
 * engine's caller always did. Matching the lessons to assignments here, rather than in JS over one row per
 * class × subject × sub-group group and another per work group, halves the rows sent and drops a string-keyed
 * map over every one of them (issue 6 §3: the district statistics' server CPU was mostly these rows and the
 * garbage they made).
 *
 * The latest pass/fail is the largest [day, lesson number, pass?] array rather than an ordered array_agg: an
 * aggregate with ORDER BY sorts once per group (tens of thousands of groups in a district) and keeps the planner
 * from hashing the groups, which cost the lesson half about a quarter of its time (issue 6).
 */
export async function markAggregates(
  db: Database,
  scopes: MarkScope[],
  assignments: AggregatedAssignment[],
): Promise<MarkAggregate[]> {
  if (scopes.length === 0 || assignments.length === 0) return [];
  const years = markYears(scopes);
  const classIds = [...new Set(assignments.map((a) => a.classId))];
  // Each school's period as parallel arrays (one parameter each, whatever the number of schools).
  const scope = sql`unnest(${scopes.map((s) => s.schoolId)}::bigint[], ${scopes.map((s) => s.period.id)}::bigint[],
    ${scopes.map((s) => s.period.startsOn)}::date[], ${scopes.map((s) => s.period.endsOn)}::date[])
    as s(school_id, period_id, starts_on, ends_on)`;
  const col = <K extends keyof AggregatedAssignment>(k: K) => assignments.map((a) => a[k]);
  const aggregate = async (trx: Database) => {
    const r = await sql<MarkAggregate>`
      with a as (
        select distinct on (class_id, subject_id, coalesce(subgroup_id, 0)) id, class_id, subject_id, subgroup_id
          from unnest(${col('id')}::bigint[], ${col('classId')}::bigint[], ${col('subjectId')}::bigint[],
                      ${col('subgroupId')}::bigint[]) with ordinality as a(id, class_id, subject_id, subgroup_id, ord)
         order by class_id, subject_id, coalesce(subgroup_id, 0), ord desc
      ),
      -- Grouped by the lessons' class × subject × sub-group first, then matched to the assignments: grouped after the
      -- match, the planner (its estimate for the match is one row) sorted every mark instead of hashing the groups.
      lesson_groups as (
        select m.student_person_id, l.class_id, l.subject_id, l.subgroup_id,
               bool_or(coalesce(m.status = 'exempt', false)) as exempt,
               (count(*) filter (where m.kind = 'fo' and m.value is not null))::int as fo_count,
               (sum(m.value) filter (where m.kind = 'fo'))::int as fo_sum,
               min(m.value) filter (where m.kind = 'fo') as fo_min,
               max(m.value) filter (where m.kind = 'fo') as fo_max,
               case (max(array[l.date - date '2000-01-01', l.lesson_number, (m.status = 'pass')::int])
                       filter (where m.status in ('pass', 'fail')))[3]
                 when 1 then 'pass' when 0 then 'fail' end as pass_fail
          from ${scope}
          join lessons l on l.school_id = s.school_id and l.class_id = any(${classIds}::bigint[])
                        and l.date >= s.starts_on and l.date <= s.ends_on
          join marks m on m.school_id = l.school_id and m.lesson_id = l.id and m.deleted_at is null
                      and m.year_start = any(${years}::smallint[])
         group by m.student_person_id, l.class_id, l.subject_id, l.subgroup_id
      ),
      lesson_marks as (
        select g.*, a.id as assignment_id
          from lesson_groups g
          join a on a.class_id = g.class_id and a.subject_id = g.subject_id
                and coalesce(a.subgroup_id, 0) = coalesce(g.subgroup_id, 0)
      ),
      work_marks as (
        select m.student_person_id, w.assignment_id,
               bool_or(coalesce(m.status = 'exempt', false)) as exempt,
               json_agg(json_build_array(m.score::float8, w.max_score) order by w.date, w.id)
                 filter (where m.kind = 'score' and m.score is not null and w.kind = 'sor') as sor,
               (array_agg(m.score::float8 order by w.date desc, w.id desc)
                 filter (where m.kind = 'score' and m.score is not null and w.kind <> 'sor'))[1] as soch_score,
               (array_agg(w.max_score order by w.date desc, w.id desc)
                 filter (where m.kind = 'score' and m.score is not null and w.kind <> 'sor'))[1] as soch_max,
               bool_or(coalesce(w.kind = 'soch' and m.status = 'na', false)) as soch_missed
          from ${scope}
          join assessment_works w on w.school_id = s.school_id and w.period_id = s.period_id and w.deleted_at is null
                                 and w.assignment_id = any(${col('id')}::bigint[])
          join marks m on m.school_id = w.school_id and m.work_id = w.id and m.deleted_at is null
                      and m.year_start = any(${years}::smallint[])
         group by m.student_person_id, w.assignment_id
      )
      select coalesce(l.student_person_id, w.student_person_id) as "studentPersonId",
             coalesce(l.assignment_id, w.assignment_id) as "assignmentId",
             coalesce(l.exempt, false) or coalesce(w.exempt, false) as exempt,
             coalesce(l.fo_count, 0) as "foCount", coalesce(l.fo_sum, 0) as "foSum",
             l.fo_min as "foMin", l.fo_max as "foMax", l.pass_fail as "passFail",
             w.sor, w.soch_score as "sochScore", w.soch_max as "sochMax",
             coalesce(w.soch_missed, false) as "sochMissed"
        from lesson_marks l
        full join work_marks w on w.student_person_id = l.student_person_id and w.assignment_id = l.assignment_id`.execute(
      trx,
    );
    // Ids (int8) arrive as numbers (client.ts parsers), the sums as int4, the scores as float8: no mapping needed.
    return r.rows;
  };
  return assignments.length > WORK_MEM_FROM_ASSIGNMENTS
    ? withWorkMem(db, AGGREGATION_WORK_MEM_MB, aggregate)
    : aggregate(db);
}
