import { policyFor, termResult, yearGrade } from '@common/assessment/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, type Tenant } from '../../test/factories.js';
import { type Client, createTestApp, signIn, type TestApp } from '../../test/harness.js';
import { createJournal, type JournalFixture } from './journal.fixtures.js';
import { yearResultOf } from './year-grades.js';

let t: TestApp;
let a: Tenant;
let admin: Client;
let teacher: Client;
/** Graded per quarter without СОч: the quarter grade comes from the ФО marks alone. */
let fo: JournalFixture;
/** The default mode (with СОч), nothing written: every quarter is н/а. */
let na: JournalFixture;
/** A 1-hour subject graded per half-year. */
let half: JournalFixture;
/** Зачёт / незачёт. */
let pf: JournalFixture;
let periods: Array<{ id: number; kind: string; number: number; startsOn: string }>;

const db = () => t.deps.db;
const policy = policyFor(2026)!;
const period = (kind: string, n: number) => periods.find((p) => p.kind === kind && p.number === n)!;

/** The first weekday on or after a date. */
function weekday(from: string) {
  const d = new Date(`${from}T00:00:00Z`);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** One lesson of the journal at the start of each given period; returns their ids in that order. */
async function lessonsIn(j: JournalFixture, ps: Array<{ id: number; startsOn: string }>, lessonNumber = 5) {
  const rows = await db()
    .insertInto('lessons')
    .values(
      ps.map((p) => ({
        schoolId: a.school.id,
        yearId: j.yearId,
        periodId: p.id,
        date: weekday(p.startsOn),
        shift: 1,
        lessonNumber,
        classId: j.classId,
        subjectId: j.subjectId,
        teacherPersonId: a.people.teacher.personId,
      })),
    )
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

async function put(j: JournalFixture, cells: Array<{ student: number; lesson: number; value: number | string }>) {
  const res = await teacher.put(`/api/v1/journal/${j.assignmentId}/marks`, {
    cells: cells.map((c) => ({
      studentId: j.students[c.student]!.personId,
      lessonId: c.lesson,
      value: c.value,
      expectedVersion: null,
    })),
  });
  expect(res.statusCode, res.body).toBe(200);
}

const yearRows = (assignmentId: number) =>
  db()
    .selectFrom('yearGrades')
    .where('schoolId', '=', a.school.id)
    .where('assignmentId', '=', assignmentId)
    .select(['studentPersonId', 'grade', 'status', 'periodKind'])
    .execute();
const yearOf = async (j: JournalFixture, i: number) =>
  (await yearRows(j.assignmentId)).find((r) => r.studentPersonId === j.students[i]!.personId);
const close = (p: { id: number }, classId?: number) =>
  admin.post(`/api/v1/journal/periods/${p.id}/close`, classId === undefined ? {} : { classId });
const reopen = (p: { id: number }, classId?: number) =>
  admin.post(`/api/v1/journal/periods/${p.id}/reopen`, { reason: 'Қайта есептеу', ...(classId ? { classId } : {}) });
const foGrade = (marks: number[]) =>
  termResult({ policy, fo: marks, sor: [], soch: null, hasSoch: false, gradeLevel: 5 }).grade;

beforeAll(async () => {
  t = await createTestApp();
  a = await createTenant(db(), t.deps.hasher);
  admin = await signIn(t.app, a.people.schoolAdmin.username, a.people.schoolAdmin.password);
  teacher = await signIn(t.app, a.people.teacher.username, a.people.teacher.password);
  const base = { schoolId: a.school.id, teacherPersonId: a.people.teacher.personId, lessons: 1 };
  fo = await createJournal(db(), t.deps.hasher, { ...base, students: 4 });
  na = await createJournal(db(), t.deps.hasher, { ...base, students: 1, yearId: fo.yearId });
  half = await createJournal(db(), t.deps.hasher, { ...base, students: 1, yearId: fo.yearId });
  pf = await createJournal(db(), t.deps.hasher, { ...base, students: 2, yearId: fo.yearId });
  periods = await db()
    .selectFrom('academicPeriods')
    .where('schoolId', '=', a.school.id)
    .where('yearId', '=', fo.yearId)
    .select(['id', 'kind', 'number', 'startsOn'])
    .execute();
  const mode = (j: JournalFixture, m: 'graded' | 'pass_fail', hasTermSummative: boolean, periodKind: string) =>
    db()
      .insertInto('assessmentModes')
      .values({
        schoolId: a.school.id,
        yearId: fo.yearId,
        subjectId: j.subjectId,
        grade: 5,
        mode: m,
        hasTermSummative,
        periodKind: periodKind as 'quarter',
      })
      .execute();
  await mode(fo, 'graded', false, 'quarter');
  await mode(half, 'graded', false, 'half_year');
  await mode(pf, 'pass_fail', false, 'quarter');

  const quarters = [1, 2, 3, 4].map((n) => period('quarter', n));
  // ФО 10 → «5», 7 → «4», 5 → «3», 3 → «2» (checked against the engine below).
  const q = await lessonsIn(fo, quarters);
  await put(fo, [
    ...[10, 7, 7, 10].map((value, i) => ({ student: 0, lesson: q[i]!, value })),
    ...[10, 7, 5, 3].map((value, i) => ({ student: 1, lesson: q[i]!, value })),
    ...q.map((lesson) => ({ student: 2, lesson, value: 'exempt' })),
    // Student 3 has marks in Q1 and Q4 only: the empty quarters are left out of the mean.
    { student: 3, lesson: q[0]!, value: 5 },
    { student: 3, lesson: q[3]!, value: 7 },
  ]);
  const h = await lessonsIn(half, [period('half_year', 1), period('half_year', 2)], 6);
  await put(half, [
    { student: 0, lesson: h[0]!, value: 10 },
    { student: 0, lesson: h[1]!, value: 7 },
  ]);
  const p = await lessonsIn(pf, quarters, 7);
  await put(pf, [
    ...['pass', 'pass', 'fail', 'pass'].map((value, i) => ({ student: 0, lesson: p[i]!, value })),
    ...['pass', 'pass', 'pass', 'fail'].map((value, i) => ({ student: 1, lesson: p[i]!, value })),
  ]);
});
afterAll(async () => {
  await t.close();
});

describe('year grades fixed when the last period closes', () => {
  it('the ФО marks give the quarter grades the examples need', () => {
    expect([10, 7, 5, 3].map((m) => foGrade([m]))).toEqual([5, 4, 3, 2]);
  });

  it("close three quarters → none; the fourth → the engine's yearGrade; reopen releases; closing again recomputes", async () => {
    for (const n of [1, 2, 3]) expect((await close(period('quarter', n))).statusCode).toBe(200);
    expect(await yearRows(fo.assignmentId)).toEqual([]);
    expect(await yearRows(pf.assignmentId)).toEqual([]);

    expect((await close(period('quarter', 4))).statusCode).toBe(200);
    // 5, 4, 4, 5 → 4.5 → «5»; 5, 4, 3, 2 → 3.5 → «4» (half-up).
    expect(yearGrade([5, 4, 4, 5])).toBe(5);
    expect(yearGrade([5, 4, 3, 2])).toBe(4);
    expect(await yearOf(fo, 0)).toMatchObject({ grade: '5', status: 'graded', periodKind: 'quarter' });
    expect(await yearOf(fo, 1)).toMatchObject({ grade: '4', status: 'graded' });
    // Exempt in every quarter → exempt, no grade.
    expect(await yearOf(fo, 2)).toMatchObject({ grade: null, status: 'exempt' });
    // Q1 «3» (ФО 5), Q4 «4» (ФО 7), Q2–Q3 empty: mean 3.5 → «4».
    expect(await yearOf(fo, 3)).toMatchObject({ grade: String(yearGrade([3, null, null, 4])), status: 'graded' });
    expect(String(yearGrade([3, null, null, 4]))).toBe('4');
    // A missed СОч every quarter: н/а for the year.
    expect(await yearOf(na, 0)).toMatchObject({ grade: 'na', status: 'na' });
    // Pass/fail: the latest period stands (the engine's passFailResult).
    expect(await yearOf(pf, 0)).toMatchObject({ grade: 'pass', status: 'graded' });
    expect(await yearOf(pf, 1)).toMatchObject({ grade: 'fail', status: 'graded' });
    // The half-year subject is not fixed by quarters.
    expect(await yearRows(half.assignmentId)).toEqual([]);

    // The close's audit counts the year grades.
    const audit = await db()
      .selectFrom('auditEvents')
      .where('institutionId', '=', a.school.id)
      .where('action', '=', 'journal.termGradesFixed')
      .where('subjectId', '=', period('quarter', 4).id)
      .select('after')
      .execute();
    expect(audit).toMatchObject([{ after: { year: { assignments: 3, students: 7, na: 1, exempt: 1 } } }]);
    const earlier = await db()
      .selectFrom('auditEvents')
      .where('institutionId', '=', a.school.id)
      .where('action', '=', 'journal.termGradesFixed')
      .where('subjectId', '=', period('quarter', 3).id)
      .select('after')
      .executeTakeFirstOrThrow();
    expect(earlier.after).toMatchObject({ year: { assignments: 0, students: 0 } });

    // The results view: fixed term grades per quarter and the fixed year grade, read-only.
    const results = await teacher.get(`/api/v1/journal/${fo.assignmentId}/results`);
    expect(results.statusCode).toBe(200);
    const r = results.json();
    expect(r.periodKind).toBe('quarter');
    expect(r.periods).toHaveLength(4);
    const s0 = r.students.find((s: { id: number }) => s.id === fo.students[0]!.personId);
    expect(s0.terms.map((x: { grade: string }) => x.grade)).toEqual(['5', '4', '4', '5']);
    expect(s0.year).toEqual({ grade: '5', status: 'graded' });
    for (const method of ['PUT', 'POST', 'PATCH', 'DELETE'] as const) {
      const w = await admin.request(method, `/api/v1/journal/${fo.assignmentId}/year-grades`, { grade: '5' });
      expect(w.statusCode).toBe(404);
    }

    // Reopen one quarter: released (with the count in the reopen's audit); the results show it open.
    expect((await reopen(period('quarter', 2))).statusCode).toBe(200);
    expect(await yearRows(fo.assignmentId)).toEqual([]);
    expect(await yearRows(na.assignmentId)).toEqual([]);
    const reopened = await db()
      .selectFrom('auditEvents')
      .where('institutionId', '=', a.school.id)
      .where('action', '=', 'journal.periodReopened')
      .select('after')
      .executeTakeFirstOrThrow();
    expect(reopened.after).toMatchObject({ yearGradesReleased: 7 });
    const open = (await teacher.get(`/api/v1/journal/${fo.assignmentId}/results`)).json();
    const s0open = open.students.find((s: { id: number }) => s.id === fo.students[0]!.personId);
    expect(s0open.terms[1]).toBeNull();
    expect(s0open.year).toBeNull();

    // Change student 0's Q2 mark 7 → 3 («2»): closing again recomputes 5, 2, 4, 5 → 4.
    const grid = (await teacher.get(`/api/v1/journal/${fo.assignmentId}?periodId=${period('quarter', 2).id}`)).json();
    const mark = grid.marks.find((m: { studentId: number }) => m.studentId === fo.students[0]!.personId);
    const change = await teacher.put(`/api/v1/journal/${fo.assignmentId}/marks`, {
      cells: [{ studentId: mark.studentId, lessonId: mark.lessonId, value: 3, expectedVersion: mark.version }],
    });
    expect(change.statusCode).toBe(200);
    expect((await close(period('quarter', 2))).statusCode).toBe(200);
    expect(await yearOf(fo, 0)).toMatchObject({ grade: String(yearGrade([5, 2, 4, 5])), status: 'graded' });
    expect(String(yearGrade([5, 2, 4, 5]))).toBe('4');
  });

  it('a class closing the last quarter on its own gets year grades; the others wait', async () => {
    // Reopen Q4 for the school, then close it for one class only.
    expect((await reopen(period('quarter', 4))).statusCode).toBe(200);
    expect(await yearRows(fo.assignmentId)).toEqual([]);
    expect((await close(period('quarter', 4), fo.classId)).statusCode).toBe(200);
    expect(await yearOf(fo, 0)).toMatchObject({ grade: '4' });
    expect(await yearRows(pf.assignmentId)).toEqual([]);
    // Reopening that class releases only its grades.
    expect((await close(period('quarter', 4), pf.classId)).statusCode).toBe(200);
    expect((await reopen(period('quarter', 4), fo.classId)).statusCode).toBe(200);
    expect(await yearRows(fo.assignmentId)).toEqual([]);
    expect(await yearRows(pf.assignmentId)).toHaveLength(2);
  });

  it('a half-year subject: both half-years closed → the mean of the two half-year grades', async () => {
    expect((await close(period('half_year', 1))).statusCode).toBe(200);
    expect(await yearRows(half.assignmentId)).toEqual([]);
    expect((await close(period('half_year', 2))).statusCode).toBe(200);
    // «5» and «4» → 4.5 → «5».
    expect(await yearOf(half, 0)).toMatchObject({
      grade: String(yearGrade([foGrade([10])!, foGrade([7])!] as [5, 4])),
      status: 'graded',
      periodKind: 'half_year',
    });
    expect((await yearOf(half, 0))!.grade).toBe('5');
    // The quarter-kind grades are not touched by a half-year reopen.
    expect((await reopen(period('half_year', 2))).statusCode).toBe(200);
    expect(await yearRows(half.assignmentId)).toEqual([]);
    expect(await yearRows(pf.assignmentId)).toHaveLength(2);
  });
});

describe('yearResultOf (the decisions around the engine)', () => {
  const g = (grade: string | null, status = grade === null ? 'empty' : 'graded') => ({
    grade: grade as '5' | null,
    status,
  });
  it('н/а in any period → н/а; exempt everywhere → exempt; an invalid period → no grade; ungraded', () => {
    expect(yearResultOf('graded', [g('5'), g('na', 'na'), g('5'), g('5')], 5, 2026)).toEqual({
      grade: 'na',
      status: 'na',
    });
    expect(yearResultOf('graded', [g(null, 'exempt'), g(null, 'exempt')], 5, 2026)).toEqual({
      grade: null,
      status: 'exempt',
    });
    // Exempt in some periods only: the others count.
    expect(yearResultOf('graded', [g(null, 'exempt'), g('3'), g('4'), g('4')], 5, 2026)).toEqual({
      grade: '4',
      status: 'graded',
    });
    expect(yearResultOf('graded', [g('5'), g(null, 'invalid')], 5, 2026)).toEqual({ grade: null, status: 'invalid' });
    expect(yearResultOf('ungraded', [g(null, 'ungraded')], 1, 2026)).toEqual({ grade: null, status: 'ungraded' });
    expect(yearResultOf('graded', [g(null), g(null)], 5, 2026)).toEqual({ grade: null, status: 'empty' });
    expect(yearResultOf('pass_fail', [g('pass'), g('na', 'na')], 5, 2026)).toEqual({ grade: 'na', status: 'na' });
    expect(yearResultOf('pass_fail', [g('fail'), g('pass')], 5, 2026)).toEqual({ grade: 'pass', status: 'graded' });
  });
});
