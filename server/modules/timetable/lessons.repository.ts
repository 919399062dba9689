import type { Lesson, LessonChangeKind } from '@common/schemas/timetable.js';
import { sql } from 'kysely';
import type { Database } from '../../db/client.js';
import { className } from '../classes/classes.queries.js';
import { shortName } from './timetable.access.js';

/**
 * Dated lessons with everything a week view shows, in one query however many lessons: class, sub-group,
 * subject, teacher and substitute, room, bell times, and — only for lessons with a one-off change — the kinds
 * of change, where a moved lesson was, and the latest note.
 */
export function lessonsQuery(db: Database, schoolId: number) {
  return db
    .selectFrom('lessons as l')
    .innerJoin('classes as c', (j) => j.onRef('c.schoolId', '=', 'l.schoolId').onRef('c.id', '=', 'l.classId'))
    .leftJoin('subgroups as sg', (j) => j.onRef('sg.schoolId', '=', 'l.schoolId').onRef('sg.id', '=', 'l.subgroupId'))
    .innerJoin('subjects as s', (j) => j.onRef('s.schoolId', '=', 'l.schoolId').onRef('s.id', '=', 'l.subjectId'))
    .innerJoin('persons as t', 't.id', 'l.teacherPersonId')
    .leftJoin('persons as st', 'st.id', 'l.substituteTeacherPersonId')
    .leftJoin('rooms as r', (j) => j.onRef('r.schoolId', '=', 'l.schoolId').onRef('r.id', '=', 'l.roomId'))
    .leftJoin('bellSchedules as b', (j) =>
      j
        .onRef('b.schoolId', '=', 'l.schoolId')
        .onRef('b.yearId', '=', 'l.yearId')
        .onRef('b.shift', '=', 'l.shift')
        .onRef('b.lessonNumber', '=', 'l.lessonNumber'),
    )
    .where('l.schoolId', '=', schoolId)
    .select([
      'l.id',
      'l.yearId',
      'l.date',
      'l.shift',
      'l.lessonNumber',
      'b.startsAt',
      'b.endsAt',
      'l.classId',
      'c.grade',
      'c.letter',
      'l.subgroupId',
      'sg.name as subgroupName',
      'l.subjectId',
      's.nameKk',
      's.nameRu',
      's.nameEn',
      'l.teacherPersonId',
      't.surname as teacherSurname',
      't.firstName as teacherFirstName',
      't.patronymic as teacherPatronymic',
      'l.substituteTeacherPersonId',
      'st.surname as substituteSurname',
      'st.firstName as substituteFirstName',
      'st.patronymic as substitutePatronymic',
      'l.roomId',
      'r.name as roomName',
      'l.status',
      'l.changedAt',
      'l.timetableEntryId',
      sql<LessonChangeKind[] | null>`case when l.changed_at is null then null else
        (select json_agg(distinct lc.kind) from lesson_changes lc
          where lc.school_id = l.school_id and lc.lesson_id = l.id) end`.as('changeKinds'),
      sql<{ date: string; shift: number; lessonNumber: number } | null>`case when l.changed_at is null then null else
        (select lc.before from lesson_changes lc
          where lc.school_id = l.school_id and lc.lesson_id = l.id and lc.kind = 'move'
          order by lc.at, lc.id limit 1) end`.as('firstMove'),
      sql<string | null>`case when l.changed_at is null then null else
        (select lc.note from lesson_changes lc
          where lc.school_id = l.school_id and lc.lesson_id = l.id
          order by lc.at desc, lc.id desc limit 1) end`.as('lastNote'),
    ])
    .orderBy('l.date')
    .orderBy('b.startsAt')
    .orderBy('l.shift')
    .orderBy('l.lessonNumber')
    .orderBy('c.grade')
    .orderBy('c.letter')
    .orderBy('l.id');
}
export type LessonRow = Awaited<ReturnType<ReturnType<typeof lessonsQuery>['execute']>>[number];

export function presentLesson(r: LessonRow): Lesson {
  return {
    id: r.id,
    date: r.date,
    shift: r.shift,
    lessonNumber: r.lessonNumber,
    startsAt: r.startsAt?.slice(0, 5) ?? null,
    endsAt: r.endsAt?.slice(0, 5) ?? null,
    classId: r.classId,
    classLabel: className(r),
    subgroupId: r.subgroupId,
    subgroupName: r.subgroupName,
    subjectId: r.subjectId,
    subject: { kk: r.nameKk, ru: r.nameRu, en: r.nameEn },
    teacher: {
      personId: r.teacherPersonId,
      name: shortName({ surname: r.teacherSurname, firstName: r.teacherFirstName, patronymic: r.teacherPatronymic }),
    },
    substitute:
      r.substituteTeacherPersonId === null || r.substituteSurname === null || r.substituteFirstName === null
        ? null
        : {
            personId: r.substituteTeacherPersonId,
            name: shortName({
              surname: r.substituteSurname,
              firstName: r.substituteFirstName,
              patronymic: r.substitutePatronymic,
            }),
          },
    roomId: r.roomId,
    roomName: r.roomName,
    status: r.status,
    changedAt: r.changedAt ? new Date(r.changedAt).toISOString() : null,
    changes: (r.changeKinds ?? []).slice().sort(),
    movedFrom: r.firstMove
      ? { date: r.firstMove.date, shift: r.firstMove.shift, lessonNumber: r.firstMove.lessonNumber }
      : null,
    note: r.lastNote,
  };
}

/** The lesson's own columns, locked until commit (one-off changes of one lesson run one after the other). */
export function lockLesson(trx: Database, schoolId: number, id: number) {
  return trx
    .selectFrom('lessons')
    .where('schoolId', '=', schoolId)
    .where('id', '=', id)
    .selectAll()
    .forUpdate()
    .executeTakeFirst();
}
export type LessonOwnRow = NonNullable<Awaited<ReturnType<typeof lockLesson>>>;

/** Scheduled lessons of the school on a date (the ones a moved or re-staffed lesson could clash with). */
export function lessonsOnDate(db: Database, schoolId: number, date: string) {
  return db
    .selectFrom('lessons')
    .where('schoolId', '=', schoolId)
    .where('date', '=', date)
    .where('status', '=', 'scheduled')
    .select([
      'id',
      'classId',
      'subgroupId',
      'subjectId',
      'teacherPersonId',
      'substituteTeacherPersonId',
      'roomId',
      'shift',
      'lessonNumber',
    ])
    .execute();
}
