import { passFailResult, policyFor, termResult } from '@common/assessment/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, type Tenant } from '../../test/factories.js';
import { type Client, createTestApp, signIn, type TestApp } from '../../test/harness.js';
import { createJournal, type JournalFixture } from './journal.fixtures.js';

let t: TestApp;
let a: Tenant;
let admin: Client;
let teacher: Client;
let j: JournalFixture;
let pf: JournalFixture;

const db = () => t.deps.db;
const policy = policyFor(2026)!;
const url = (rest = '') => `/api/v1/journal/${j.assignmentId}${rest}`;
const st = (i: number) => j.students[i]!.personId;
const ls = (i: number) => j.lessons[i]!.id;
const fixed = () =>
  db()
    .selectFrom('termGrades')
    .where('schoolId', '=', a.school.id)
    .where('periodId', '=', j.q1.id)
    .select(['assignmentId', 'studentPersonId', 'percent', 'grade', 'status', 'policyCode'])
    .execute();
const gradeOf = async (assignmentId: number, studentId: number) =>
  (await fixed()).find((r) => r.assignmentId === assignmentId && r.studentPersonId === studentId);

beforeAll(async () => {
  t = await createTestApp();
  a = await createTenant(db(), t.deps.hasher);
  admin = await signIn(t.app, a.people.schoolAdmin.username, a.people.schoolAdmin.password);
  teacher = await signIn(t.app, a.people.teacher.username, a.people.teacher.password);
  j = await createJournal(db(), t.deps.hasher, {
    schoolId: a.school.id,
    teacherPersonId: a.people.teacher.personId,
    students: 4,
    lessons: 8,
  });
  // A pass/fail subject in another class of the same year.
  pf = await createJournal(db(), t.deps.hasher, {
    schoolId: a.school.id,
    teacherPersonId: a.people.teacher.personId,
    students: 2,
    lessons: 3,
    yearId: j.yearId,
  });
  await db()
    .insertInto('assessmentModes')
    .values({ schoolId: a.school.id, yearId: j.yearId, subjectId: pf.subjectId, grade: 5, mode: 'pass_fail' })
    .execute();
});
afterAll(async () => {
  await t.close();
});

describe('term grades fixed when a period closes', () => {
  it("closing fixes the engine's result from the stored marks; a reopen releases them, closing again recomputes", async () => {
    const sor = (
      await teacher.post(url('/works'), { kind: 'sor', title: 'БЖБ', maxScore: 20, date: '2026-09-03' })
    ).json().id;
    const soch = (
      await teacher.post(url('/works'), { kind: 'soch', title: 'ТЖБ', maxScore: 20, date: '2026-09-08' })
    ).json().id;
    const put = await teacher.put(url('/marks'), {
      cells: [
        { studentId: st(0), lessonId: ls(0), value: 10, expectedVersion: null },
        { studentId: st(0), lessonId: ls(1), value: 7, expectedVersion: null },
        { studentId: st(0), workId: sor, value: 15, expectedVersion: null },
        { studentId: st(0), workId: soch, value: 13, expectedVersion: null },
        // СОч never written: missed at the close → н/а.
        { studentId: st(1), lessonId: ls(0), value: 9, expectedVersion: null },
        { studentId: st(1), workId: sor, value: 18, expectedVersion: null },
        { studentId: st(2), lessonId: ls(0), value: 'exempt', expectedVersion: null },
        // СОч marked н/а explicitly.
        { studentId: st(3), lessonId: ls(2), value: 8, expectedVersion: null },
        { studentId: st(3), workId: soch, value: 'na', expectedVersion: null },
      ],
    });
    expect(put.statusCode).toBe(200);
    const pfPut = await teacher.put(`/api/v1/journal/${pf.assignmentId}/marks`, {
      cells: [
        { studentId: pf.students[0]!.personId, lessonId: pf.lessons[0]!.id, value: 'pass', expectedVersion: null },
        { studentId: pf.students[1]!.personId, lessonId: pf.lessons[0]!.id, value: 'fail', expectedVersion: null },
      ],
    });
    expect(pfPut.statusCode).toBe(200);
    // Nothing is fixed while the period is open.
    expect(await fixed()).toEqual([]);
    expect((await teacher.get(url())).json().termGrades).toBeUndefined();

    const close = `/api/v1/journal/periods/${j.q1.id}/close`;
    expect((await admin.post(close, { classId: j.classId })).statusCode).toBe(200);
    const expected0 = termResult({
      policy,
      fo: [10, 7],
      sor: [{ score: 15, max: 20 }],
      soch: { score: 13, max: 20 },
      hasSoch: true,
      gradeLevel: 5,
    });
    expect(expected0.grade).not.toBeNull();
    const g0 = await gradeOf(j.assignmentId, st(0));
    expect(Number(g0!.percent)).toBeCloseTo(expected0.percent!, 9);
    expect(g0).toMatchObject({ grade: String(expected0.grade), status: 'graded', policyCode: policy.id });
    expect(await gradeOf(j.assignmentId, st(1))).toMatchObject({ grade: 'na', status: 'na' });
    expect(await gradeOf(j.assignmentId, st(2))).toMatchObject({ grade: null, status: 'exempt', percent: null });
    expect(await gradeOf(j.assignmentId, st(3))).toMatchObject({ grade: 'na', status: 'na' });
    // Only the closed class: the pass/fail class is untouched.
    expect((await fixed()).filter((r) => r.assignmentId === pf.assignmentId)).toEqual([]);

    const grid = (await teacher.get(url())).json();
    expect(grid.termGrades).toHaveLength(4);
    expect(grid.termGrades.find((g: { studentId: number }) => g.studentId === st(0))).toMatchObject({
      grade: String(expected0.grade),
    });
    const audit = await db()
      .selectFrom('auditEvents')
      .where('institutionId', '=', a.school.id)
      .where('action', '=', 'journal.termGradesFixed')
      .select('after')
      .execute();
    expect(audit).toMatchObject([{ after: { classId: j.classId, assignments: 1, students: 4, na: 2, exempt: 1 } }]);

    // No route writes a term grade.
    for (const method of ['PUT', 'POST', 'PATCH', 'DELETE'] as const) {
      const r = await admin.request(method, url('/term-grades'), { studentId: st(0), grade: '5' });
      expect(r.statusCode).toBe(404);
    }

    // Reopen: released, the running grade is shown again; change a mark; close again: recomputed.
    const reopen = `/api/v1/journal/periods/${j.q1.id}/reopen`;
    expect((await admin.post(reopen, { classId: j.classId, reason: 'Қате' })).statusCode).toBe(200);
    expect(await fixed()).toEqual([]);
    const grid2 = (await teacher.get(url())).json();
    expect(grid2.termGrades).toBeUndefined();
    const sochMark = grid2.marks.find(
      (m: { studentId: number; workId: number | null }) => m.studentId === st(0) && m.workId === soch,
    );
    expect(
      (
        await teacher.put(url('/marks'), {
          cells: [{ studentId: st(0), workId: soch, value: 20, expectedVersion: sochMark.version }],
        })
      ).statusCode,
    ).toBe(200);
    // The whole school this time: both classes, the pass/fail subject included.
    expect((await admin.post(close, {})).statusCode).toBe(200);
    const expected1 = termResult({
      policy,
      fo: [10, 7],
      sor: [{ score: 15, max: 20 }],
      soch: { score: 20, max: 20 },
      hasSoch: true,
      gradeLevel: 5,
    });
    const g1 = await gradeOf(j.assignmentId, st(0));
    expect(Number(g1!.percent)).toBeCloseTo(expected1.percent!, 9);
    expect(g1!.grade).toBe(String(expected1.grade));
    expect(Number(g1!.percent)).not.toBeCloseTo(Number(g0!.percent), 3);
    const pass = passFailResult({ marks: ['pass'], gradeLevel: 5, policy });
    expect(await gradeOf(pf.assignmentId, pf.students[0]!.personId)).toMatchObject({
      grade: pass.result,
      status: pass.status,
    });
    expect(await gradeOf(pf.assignmentId, pf.students[1]!.personId)).toMatchObject({ grade: 'fail', percent: null });
    expect(await fixed()).toHaveLength(6);

    // Reopening one class keeps its grades while the school's closure still holds the period.
    expect((await admin.post(close, { classId: j.classId })).statusCode).toBe(200);
    expect((await admin.post(reopen, { classId: j.classId, reason: 'x' })).statusCode).toBe(200);
    expect(await fixed()).toHaveLength(6);
    expect((await admin.post(reopen, { reason: 'x' })).statusCode).toBe(200);
    expect(await fixed()).toEqual([]);
  });
});
