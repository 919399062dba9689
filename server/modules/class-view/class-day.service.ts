import type { ClassDay } from '@common/schemas/class-view.js';
import type { AppDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../auth/actor.js';
import { attendanceOf, dayAbsences } from '../journal/journal.repository.js';
import { fullDayCode } from './at-risk.js';
import { classViewAccess } from './class-view.access.js';
import { mergeStudents, presentClass } from './class-view.presenter.js';
import { classStudents, dayLessons, subgroupMembers } from './class-view.repository.js';

/**
 * The class teacher's morning screen: one day's lessons of the class × its pupils with their attendance codes,
 * and the full-day absences (§3) derived by the journal's dayAbsences, each with the code it counts under
 * (at-risk.ts fullDayCode). Six statements whatever the class size: access, lessons, pupils, full days, then
 * sub-group members and attendance of those lessons.
 */
export async function classDay(deps: AppDeps, actor: Actor, classId: number, date: string): Promise<ClassDay> {
  const db = deps.db;
  const { school, cls } = await classViewAccess(db, actor, classId);
  if (date < cls.yearStartsOn || date > cls.yearEndsOn) {
    throw new AppError(422, 'classes.dateOutsideYear', { startsOn: cls.yearStartsOn, endsOn: cls.yearEndsOn });
  }
  const [lessons, enrolments, absences] = await Promise.all([
    dayLessons(db, school.id, classId, date),
    classStudents(db, school.id, classId, date, date),
    dayAbsences(db, school.id, classId, date),
  ]);
  const subgroupIds = [...new Set(lessons.flatMap((l) => (l.subgroupId === null ? [] : [l.subgroupId])))];
  const [members, attendance] = await Promise.all([
    subgroupMembers(db, school.id, subgroupIds),
    attendanceOf(
      db,
      school.id,
      lessons.map((l) => l.id),
    ),
  ]);
  const scheduled = new Set(lessons.filter((l) => l.status === 'scheduled').map((l) => l.id));
  const marked = attendance.flatMap((a) => (a.code === null ? [] : [{ ...a, code: a.code }]));
  // dayAbsences tells who missed the whole day and whether all of it was illness; any н decides the rest.
  const unexcused = new Set(
    marked.filter((a) => a.code === 'absent' && scheduled.has(a.lessonId)).map((a) => a.studentPersonId),
  );
  return {
    class: presentClass(cls, actor.personId),
    date,
    lessons: lessons.map((l) => ({
      id: l.id,
      lessonNumber: l.lessonNumber,
      subject: { kk: l.nameKk, ru: l.nameRu, en: l.nameEn },
      subgroupId: l.subgroupId,
      subgroupName: l.subgroupName,
      assignmentId: l.assignmentId === null ? null : Number(l.assignmentId),
      status: l.status,
      memberIds:
        l.subgroupId === null
          ? null
          : members.filter((m) => m.subgroupId === l.subgroupId).map((m) => m.studentPersonId),
    })),
    students: mergeStudents(enrolments, cls.language).map((s) => ({ id: s.id, name: `${s.surname} ${s.firstName}` })),
    attendance: marked.map((a) => ({
      studentId: a.studentPersonId,
      lessonId: a.lessonId,
      code: a.code,
      reason: a.reason,
    })),
    fullDays: absences.map((a) => ({
      studentId: a.studentId,
      code: fullDayCode({ allSick: a.sick, anyUnexcused: unexcused.has(a.studentId) }),
    })),
  };
}
