import { addDays, isoWeekday } from '@common/calendar.js';
import type { Lesson, MyTimetable, MyTimetableQuery } from '@common/schemas/timetable.js';
import type { Database } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { notFound } from '../../errors.js';
import { localDate } from '../../lib/clock.js';
import type { Actor } from '../auth/actor.js';
import { className } from '../classes/classes.queries.js';
import { currentChildLinks } from '../guardianships/guardianships.repository.js';
import { lessonsQuery, presentLesson } from './lessons.repository.js';
import { bellsAround, checkRange } from './lessons.service.js';
import { fullName, schoolFor } from './timetable.access.js';

/**
 * "My timetable": a teacher's lessons (their own and those they substitute in), a student's (their class's
 * on each date they were in it, whole-class and their sub-groups'), a parent's for one linked child. One
 * query per view, however long the range.
 */

/** Lessons a teacher gives or is the substitute for (a lesson given away is shown, marked, too). */
export function teacherLessons(db: Database, schoolId: number, personId: number, from: string, to: string) {
  return lessonsQuery(db, schoolId)
    .where('l.date', '>=', from)
    .where('l.date', '<=', to)
    .where((eb) => eb.or([eb('l.teacherPersonId', '=', personId), eb('l.substituteTeacherPersonId', '=', personId)]))
    .execute();
}

/** A student's lessons: the class they were enrolled in on each date; whole-class lessons and their sub-groups'. */
export function studentLessons(db: Database, schoolId: number, personId: number, from: string, to: string) {
  return lessonsQuery(db, schoolId)
    .where('l.date', '>=', from)
    .where('l.date', '<=', to)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('classEnrollments as e')
          .whereRef('e.schoolId', '=', 'l.schoolId')
          .whereRef('e.classId', '=', 'l.classId')
          .where('e.studentPersonId', '=', personId)
          .whereRef('e.startsOn', '<=', 'l.date')
          .where((w) => w.or([w('e.endsOn', 'is', null), w('e.endsOn', '>=', w.ref('l.date'))]))
          .select('e.id'),
      ),
    )
    .where((eb) =>
      eb.or([
        eb('l.subgroupId', 'is', null),
        eb.exists(
          eb
            .selectFrom('subgroupMembers as sm')
            .whereRef('sm.schoolId', '=', 'l.schoolId')
            .whereRef('sm.subgroupId', '=', 'l.subgroupId')
            .where('sm.studentPersonId', '=', personId)
            .select('sm.subgroupId'),
        ),
      ]),
    )
    .execute();
}

/**
 * A parent's children linked at the school who are its students today (not deleted), with today's class;
 * the order (surname, name) decides the default child.
 */
export async function childrenAt(db: Database, schoolId: number, parentPersonId: number, today: string) {
  return currentChildLinks(db, schoolId, parentPersonId, today)
    .leftJoin('classEnrollments as e', (j) =>
      j
        .onRef('e.schoolId', '=', 'g.institutionId')
        .onRef('e.studentPersonId', '=', 'g.childPersonId')
        .on('e.startsOn', '<=', today)
        .on((w) => w.or([w('e.endsOn', 'is', null), w('e.endsOn', '>=', today)])),
    )
    .leftJoin('classes as c', (j) => j.onRef('c.schoolId', '=', 'e.schoolId').onRef('c.id', '=', 'e.classId'))
    .select(['p.id as personId', 'p.surname', 'p.firstName', 'p.patronymic', 'c.grade', 'c.letter'])
    .orderBy('p.surname')
    .orderBy('p.firstName')
    .orderBy('p.id')
    .execute();
}

/** Monday … Sunday of the week containing `date`. */
export function weekOf(date: string) {
  const from = addDays(date, 1 - isoWeekday(date));
  return { from, to: addDays(from, 6) };
}

export async function myTimetable(deps: AppDeps, actor: Actor, q: MyTimetableQuery): Promise<MyTimetable> {
  const school = schoolFor(actor, 'timetable.readOwn');
  const profile = actor.context?.profile;
  const today = localDate(deps.clock.now());
  const week = weekOf(q.from ?? today);
  const from = q.from ?? week.from;
  const to = q.to ?? (q.from ? addDays(q.from, 6) : week.to);
  checkRange(from, to);
  const self = { personId: actor.personId, name: fullName(actor) };

  let view: MyTimetable['view'] = 'none';
  let person = self;
  let children: MyTimetable['children'] = [];
  let lessons: Lesson[] = [];
  if (profile === 'parent') {
    const rows = await childrenAt(deps.db, school.id, actor.personId, today);
    children = rows.map((c) => ({
      personId: c.personId,
      name: fullName(c),
      classLabel: c.grade !== null && c.letter !== null ? className({ grade: c.grade, letter: c.letter }) : null,
    }));
    const chosen = q.personId === undefined ? children[0] : children.find((c) => c.personId === q.personId);
    // Someone who is not one's own current child at this school is not visible from here.
    if (q.personId !== undefined && !chosen) throw notFound();
    if (chosen) {
      view = 'child';
      person = { personId: chosen.personId, name: chosen.name };
      lessons = (await studentLessons(deps.db, school.id, chosen.personId, from, to)).map(presentLesson);
    }
  } else {
    if (q.personId !== undefined && q.personId !== actor.personId) throw notFound();
    if (profile === 'student') {
      view = 'student';
      lessons = (await studentLessons(deps.db, school.id, actor.personId, from, to)).map(presentLesson);
    } else if (profile === 'school_employee') {
      view = 'teacher';
      lessons = (await teacherLessons(deps.db, school.id, actor.personId, from, to)).map(presentLesson);
    }
  }
  const bells = await bellsAround(deps.db, school.id, from);
  return { view, person, children, from, to, bells, lessons };
}
