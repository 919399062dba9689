import {
  type Assignment,
  CLASS_CAPACITY,
  type ClassHistoryEntry,
  type ClassSummary,
  type PersonName,
} from '@common/schemas/classes.js';
import { className } from './classes.queries.js';
import type { AssignmentRow, ClassListRow, classHistory } from './classes.repository.js';

const personName = (
  personId: number | null,
  surname: string | null,
  firstName: string | null,
  patronymic: string | null,
): PersonName | null =>
  personId !== null && surname !== null && firstName !== null ? { personId, surname, firstName, patronymic } : null;

export const presentClass = (r: ClassListRow): ClassSummary => {
  const studentCount = Number(r.studentCount ?? 0);
  return {
    id: r.id,
    yearId: r.yearId,
    grade: r.grade,
    letter: r.letter,
    name: className(r),
    language: r.language,
    shift: r.shift,
    classTeacher: personName(r.classTeacherPersonId, r.teacherSurname, r.teacherFirstName, r.teacherPatronymic),
    studentCount,
    overCapacity: studentCount > CLASS_CAPACITY,
  };
};

export const presentAssignment = (r: AssignmentRow): Assignment => ({
  id: r.id,
  yearId: r.yearId,
  classId: r.classId,
  className: className(r),
  subgroupId: r.subgroupId,
  subgroupName: r.subgroupName,
  subjectId: r.subjectId,
  subjectName: { kk: r.subjectNameKk, ru: r.subjectNameRu, en: r.subjectNameEn },
  teacher: {
    personId: r.teacherPersonId,
    surname: r.teacherSurname,
    firstName: r.teacherFirstName,
    patronymic: r.teacherPatronymic,
  },
  timetableEntryCount: Number(r.timetableEntryCount ?? 0),
});

export const presentHistory = (r: Awaited<ReturnType<typeof classHistory>>[number]): ClassHistoryEntry => ({
  enrollmentId: r.enrollmentId,
  yearId: r.yearId,
  yearName: r.yearName,
  classId: r.classId,
  className: className(r),
  language: r.language,
  startsOn: r.startsOn,
  endsOn: r.endsOn,
  endReason: r.endReason,
});
