import type { App } from '../../app.js';
import type { Database } from '../../db/client.js';
import type { PasswordHasher } from '../../lib/password.js';
import { createPerson, createTenant, linkGuardian } from '../../test/factories.js';
import { issueApiToken } from '../api-clients/tokens.service.js';
import { createJournal } from '../journal/journal.fixtures.js';

/**
 * A school with one class journal and known marks for the v2 marks tests: 3 pupils, 5 lessons in quarter 1 of
 * 2026–27 (from 2026-09-01), ФО marks, one СОр (max 20) and one СОч (max 30), attendance, and API tokens for the
 * pupil, their parent, the class's teacher, a teacher of another class of the school and the administrator.
 */
export async function createMarksWorld(db: Database, hasher: PasswordHasher, now: Date) {
  const tenant = await createTenant(db, hasher);
  const schoolId = tenant.school.id;
  const j = await createJournal(db, hasher, { schoolId, teacherPersonId: tenant.people.teacher.personId, students: 3 });
  const [s0, s1, s2] = j.students as [(typeof j.students)[0], (typeof j.students)[0], (typeof j.students)[0]];
  const otherTeacher = await createPerson(db, hasher, { institutionId: schoolId, profile: 'school_employee' });
  const other = await createJournal(db, hasher, {
    schoolId,
    teacherPersonId: otherTeacher.personId,
    students: 1,
    yearId: j.yearId,
  });
  // A parent of pupil s0 only (s1 is a stranger to them).
  const parent = await createPerson(db, hasher, { institutionId: schoolId, profile: 'parent' });
  await linkGuardian(db, schoolId, parent.personId, s0.personId);
  const teacher = tenant.people.teacher.personId;
  const at = new Date('2026-09-03T06:00:00Z'); // 11:00 in Almaty
  const fo = (lessonIdx: number, student: number, value: number) => ({
    schoolId,
    yearStart: 2026,
    studentPersonId: student,
    lessonId: j.lessons[lessonIdx]!.id,
    kind: 'fo' as const,
    value,
    createdAt: at,
    createdBy: teacher,
    updatedAt: at,
    updatedBy: teacher,
  });
  const works = await db
    .insertInto('assessmentWorks')
    .values(
      [
        { kind: 'sor' as const, title: 'СОр 1', maxScore: 20, date: j.lessons[2]!.date, lessonId: null },
        { kind: 'soch' as const, title: 'СОч', maxScore: 30, date: j.lessons[4]!.date, lessonId: j.lessons[4]!.id },
      ].map((w) => ({
        schoolId,
        assignmentId: j.assignmentId,
        periodId: j.q1.id,
        ...w,
        createdBy: teacher,
        createdAt: at,
        updatedAt: at,
      })),
    )
    .returning('id')
    .execute();
  const [sor, soch] = works.map((w) => Number(w.id)) as [number, number];
  const score = (workId: number, student: number, s: number) => ({
    schoolId,
    yearStart: 2026,
    studentPersonId: student,
    workId,
    kind: 'score' as const,
    score: s,
    createdAt: at,
    createdBy: teacher,
    updatedAt: at,
    updatedBy: teacher,
  });
  const marks = await db
    .insertInto('marks')
    .values([
      fo(0, s0.personId, 8),
      fo(1, s0.personId, 5),
      fo(2, s0.personId, 3),
      fo(3, s0.personId, 9),
      fo(0, s1.personId, 10),
      fo(1, s2.personId, 6),
      score(sor, s0.personId, 15),
      score(sor, s1.personId, 7),
      score(soch, s0.personId, 24),
    ])
    .returning(['id', 'studentPersonId'])
    .execute();
  await db
    .insertInto('attendance')
    .values(
      [
        { lesson: 0, student: s0.personId, code: 'sick' as const, reason: 'ОРВИ' },
        { lesson: 1, student: s0.personId, code: 'late' as const, reason: null },
        { lesson: 1, student: s1.personId, code: 'absent' as const, reason: null },
        { lesson: 2, student: s1.personId, code: 'excused' as const, reason: null },
        { lesson: 3, student: s2.personId, code: 'present' as const, reason: null },
      ].map((a) => ({
        schoolId,
        lessonId: j.lessons[a.lesson]!.id,
        studentPersonId: a.student,
        code: a.code,
        reason: a.reason,
        updatedAt: at,
        updatedBy: teacher,
      })),
    )
    .execute();
  const token = async (personId: number) => (await issueApiToken(db, { personId, now })).accessToken;
  return {
    tenant,
    schoolId,
    j,
    other,
    pupils: [s0.personId, s1.personId, s2.personId] as const,
    sor,
    soch,
    markIds: marks.map((m) => Number(m.id)),
    tokens: {
      student: await token(s0.personId),
      parent: await token(parent.personId),
      teacher: await token(teacher),
      otherTeacher: await token(otherTeacher.personId),
      admin: await token(tenant.people.schoolAdmin.personId),
    },
  };
}
export type MarksWorld = Awaited<ReturnType<typeof createMarksWorld>>;

/** A v2 GET (or POST) with the Access-Token header, as every v2 client sends it. */
export async function v2Get(app: App, token: string, url: string) {
  const res = await app.inject({ method: 'GET', url, headers: { 'access-token': token } });
  return { status: res.statusCode, body: res.body ? (JSON.parse(res.body) as unknown) : null };
}
