import { sql } from 'kysely';
import { fixedQuery } from '../../db/fixed-query.js';

/**
 * The diary week as ONE statement that answers with the response's JSON text (issue 6 §3: the most requested page).
 *
 * Four statements per week (access check, lessons, homework due, works) cost four round trips, four executor
 * start-ups and four results parsed into objects only to be re-assembled and serialised again; the profile's top
 * server cost was the socket write per statement. Here PostgreSQL (or PGlite) checks access, reads the week and
 * builds the JSON in C; the server passes the text on untouched (week.service.ts, diary.routes.ts).
 *
 * Access is folded in (`pupil`): the same rule as diary.access.ts `readableStudents` — the pupil themself at a
 * school where the session holds a student membership, or a linked child at a school where it holds a parent
 * membership, with a current student membership and not deleted. No row when the actor may not read the pupil
 * (→ 404). A pupil with current memberships at two schools is read at the lower school id.
 *
 * Shape rules mirrored from the former presenters (diary.test.ts and the comparison run of 2026-11-26 hold them):
 * subject names in the actor's language; teacher and substitute as short names (surname, initials); bell times
 * as HH:MM; a mark or work result "changed" once its version is past 1; a lesson moved shows where it was first
 * planned. Marks are read in the week's academic years only (`year_start in ($a, $b)`: the partition key as
 * scalar parameters, which a generic plan prunes on at executor start — an `= any($array)` it does not).
 *
 * The per-lesson names (teacher, substitute, room) are scalar subqueries by key and subject and bell lateral lookups
 * rather than a dozen-table join: the statement runs on its generic plan (named, prepared once per connection), so
 * each lookup stays a probe by key whatever the planner estimates for a school's share of a table.
 */
export interface WeekParams {
  actorPersonId: number;
  /** Schools where the session holds a student / parent membership (from the session, never the client). */
  studentSchoolIds: number[];
  parentSchoolIds: number[];
  studentId: number;
  today: string;
  from: string;
  to: string;
  /** The earliest lesson whose homework may be listed as due in the week (week.service.ts DUE_LOOKBACK_DAYS). */
  setFrom: string;
  /** The academic start years of `from` and `to` (marks' partition key; the same year but for an August week). */
  yearFrom: number;
  yearTo: number;
  locale: string;
}

/** `shortName` (timetable.access.ts) in SQL: "Surname F. P." — the patronymic's initial only when there is one. */
const shortName = (p: string) =>
  sql.raw(`${p}.surname || ' ' || left(${p}.first_name, 1) || '.' ||
    case when coalesce(${p}.patronymic, '') = '' then '' else ' ' || left(${p}.patronymic, 1) || '.' end`);

export const weekJson = fixedQuery((_db, v: WeekParams) => {
  const subject = sql`case ${v.locale}::text when 'ru' then s.name_ru when 'en' then s.name_en else s.name_kk end`;
  const attachments = sql`coalesce((select json_agg(json_build_object('id', ha.id, 'fileName', ha.file_name,
        'size', ha.size, 'contentType', ha.content_type) order by ha.id)
      from homework_attachments ha
      where ha.school_id = h.school_id and ha.homework_id = h.id and ha.deleted_at is null), '[]'::json)`;
  // The pupil's lessons from `lo` to \`hi\`: the class they were in on each date, whole-class or their sub-group's.
  // Driven from the enrolments, so lessons are found by the (school, class, date) index. A same-day move between
  // two enrolments of one class would join a lesson twice: `distinct on` keeps it once.
  const lessonsOf = (lo: unknown, hi: unknown) => sql`(
    select distinct on (l.id) l.*
      from pupil
      join class_enrollments e on e.school_id = pupil.school_id and e.student_person_id = ${v.studentId}
      join lessons l on l.school_id = e.school_id and l.class_id = e.class_id
                    and l.date >= e.starts_on and (e.ends_on is null or l.date <= e.ends_on)
     where l.date >= ${lo}::date and l.date <= ${hi}::date
       and (l.subgroup_id is null or exists (
             select from subgroup_members sgm
              where sgm.school_id = l.school_id and sgm.subgroup_id = l.subgroup_id
                and sgm.student_person_id = ${v.studentId}))
     order by l.id)`;
  // The week's summative works of the pupil's assignments: from the enrolments (the class on the work's date)
  // through the class's assignments (whole-class or the pupil's sub-group's) to their works by the assignment
  // index — not every work the school wrote that week. `distinct on`: as for lessons.
  const worksOf = () => sql`(
    select distinct on (w.id) w.*, ta.subject_id
      from pupil
      join class_enrollments e on e.school_id = pupil.school_id and e.student_person_id = ${v.studentId}
                              and e.starts_on <= ${v.to}::date and (e.ends_on is null or e.ends_on >= ${v.from}::date)
      join teaching_assignments ta on ta.school_id = e.school_id and ta.class_id = e.class_id
      join assessment_works w on w.school_id = ta.school_id and w.assignment_id = ta.id
     where w.deleted_at is null and w.date >= ${v.from}::date and w.date <= ${v.to}::date
       and w.date >= e.starts_on and (e.ends_on is null or w.date <= e.ends_on)
       and (ta.subgroup_id is null or exists (
             select from subgroup_members sgm
              where sgm.school_id = ta.school_id and sgm.subgroup_id = ta.subgroup_id
                and sgm.student_person_id = ${v.studentId}))
     order by w.id)`;
  return sql<{ week: string }>`
    with pupil as (
      select sm.institution_id as school_id
        from memberships sm
        join persons p on p.id = sm.person_id and p.deleted_at is null
       where sm.person_id = ${v.studentId}
         and sm.profile = 'student'
         and sm.starts_on <= ${v.today}::date
         and (sm.ends_on is null or sm.ends_on > ${v.today}::date)
         and ((sm.person_id = ${v.actorPersonId} and sm.institution_id = any(${v.studentSchoolIds}::bigint[]))
              or exists (select from guardianships g
                          where g.parent_person_id = ${v.actorPersonId}
                            and g.child_person_id = sm.person_id
                            and g.institution_id = sm.institution_id
                            and g.institution_id = any(${v.parentSchoolIds}::bigint[])))
       order by sm.institution_id
       limit 1
    ),
    lesson_items as (
      select l.date, json_agg(json_build_object(
          'id', l.id,
          'number', l.lesson_number,
          'startsAt', left(b.starts_at::text, 5),
          'endsAt', left(b.ends_at::text, 5),
          'subject', s.name,
          'teacher', coalesce((select ${shortName('t')} from persons t where t.id = l.teacher_person_id), ''),
          'room', (select r.name from rooms r where r.school_id = l.school_id and r.id = l.room_id),
          'topic', l.topic,
          'cancelled', l.status = 'cancelled',
          'substitute', (select ${shortName('st')} from persons st where st.id = l.substitute_teacher_person_id),
          'movedFrom', case when l.changed_at is null then null else
            (select json_build_object('date', lc.before -> 'date', 'lessonNumber', lc.before -> 'lessonNumber')
               from lesson_changes lc
              where lc.school_id = l.school_id and lc.lesson_id = l.id and lc.kind = 'move'
              order by lc.at, lc.id limit 1) end,
          'mark', (select json_build_object('value', m.value, 'status', m.status, 'comment', m.comment,
                                            'changed', m.version > 1)
                     from marks m
                    where m.school_id = l.school_id and m.lesson_id = l.id
                      and m.student_person_id = ${v.studentId} and m.deleted_at is null
                      and m.year_start in (${v.yearFrom}, ${v.yearTo})),
          'attendance', (select a.code from attendance a
                          where a.school_id = l.school_id and a.lesson_id = l.id
                            and a.student_person_id = ${v.studentId}),
          'homework', (select json_build_object('id', h.id, 'lessonId', l.id, 'setOn', l.date,
                                                'subject', s.name, 'text', h.text, 'dueDate', h.due_date,
                                                'done', exists (select from homework_done hd
                                                                 where hd.school_id = h.school_id
                                                                   and hd.homework_id = h.id
                                                                   and hd.student_person_id = ${v.studentId}),
                                                'attachments', ${attachments})
                         from homework h where h.school_id = l.school_id and h.lesson_id = l.id)
        ) order by l.shift, l.lesson_number, l.id) as items
        from ${lessonsOf(v.from, v.to)} l
        cross join lateral (select ${subject} as name from subjects s
                             where s.school_id = l.school_id and s.id = l.subject_id) s
        left join lateral (select b.starts_at, b.ends_at from bell_schedules b
                            where b.school_id = l.school_id and b.year_id = l.year_id
                              and b.shift = l.shift and b.lesson_number = l.lesson_number) b on true
       group by l.date
    ),
    due_items as (
      select h.due_date as date, json_agg(json_build_object(
          'id', h.id, 'lessonId', h.lesson_id, 'setOn', l.date, 'subject', s.name, 'text', h.text,
          'dueDate', h.due_date, 'done', hd.done_at is not null, 'attachments', ${attachments}
        ) order by l.date, h.id) as items
        from ${lessonsOf(v.setFrom, v.to)} l
        join homework h on h.school_id = l.school_id and h.lesson_id = l.id
        cross join lateral (select ${subject} as name from subjects s
                             where s.school_id = l.school_id and s.id = l.subject_id) s
        left join homework_done hd on hd.school_id = h.school_id and hd.homework_id = h.id
                                  and hd.student_person_id = ${v.studentId}
       where h.due_date >= ${v.from}::date and h.due_date <= ${v.to}::date
       group by h.due_date
    ),
    work_items as (
      select w.date, json_agg(json_build_object(
          'id', w.id, 'kind', w.kind, 'title', w.title, 'subject', s.name, 'maxScore', w.max_score,
          'score', m.score::float8, 'status', m.status, 'comment', m.comment,
          'changed', coalesce(m.version > 1, false)
        ) order by w.id) as items
        from ${worksOf()} w
        cross join lateral (select ${subject} as name from subjects s
                             where s.school_id = w.school_id and s.id = w.subject_id) s
        left join marks m on m.school_id = w.school_id and m.work_id = w.id
                         and m.student_person_id = ${v.studentId} and m.deleted_at is null
                         and m.year_start in (${v.yearFrom}, ${v.yearTo})
       group by w.date
    )
    select json_build_object(
        'from', ${v.from}::text, 'to', ${v.to}::text, 'today', ${v.today}::text,
        'days', (select json_agg(json_build_object(
                     'date', d.date,
                     'lessons', coalesce(li.items, '[]'::json),
                     'homeworkDue', coalesce(di.items, '[]'::json),
                     'works', coalesce(wi.items, '[]'::json)) order by d.date)
                   from (select ${v.from}::date + i as date from generate_series(0, 6) i) d
                   left join lesson_items li on li.date = d.date
                   left join due_items di on di.date = d.date
                   left join work_items wi on wi.date = d.date)
      )::text as week
      from pupil`;
});
