import { policyFor, termResult } from '@common/assessment/index.js';
import type { ClassView, ClassViewCell } from '@common/schemas/class-view.js';
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGION_IDS } from '../../db/migrations/0002_reference_institutions.js';
import { createPerson, createTenant, type Tenant, type TestPerson } from '../../test/factories.js';
import { type Client, createTestApp, signIn, type TestApp } from '../../test/harness.js';
import type { Actor } from '../auth/actor.js';
import { createJournal, type JournalFixture } from '../journal/journal.fixtures.js';
import { createAssignment, createSubgroup, createSubject } from '../timetable/timetable.fixtures.js';
import { AT_RISK_MIN_LESSONS, AT_RISK_UNEXCUSED_FULL_DAYS, fullDayCode, risksOf } from './at-risk.js';
import { classOverview } from './class-view.service.js';

/**
 * Class A (5 pupils, class teacher = the tenant's teacher T) with three subjects:
 * - M: T's journal fixture, 10 lessons (one a weekday from 1 September, lesson 2);
 * - E: taught by another teacher O, lessons 3, 4 and 6 on 1 September, and a СОч;
 * - L: O's sub-group subject (pupils 0 and 1 only), lesson 5 on 1 September.
 * Class B (2 pupils) is led by another teacher. Marks and attendance go through the journal API.
 */
let t: TestApp;
let a: Tenant;
let b: Tenant;
let admin: Client;
let teacher: Client;
let other: Client;
let adminB: Client;
let otherTeacher: TestPerson;
let j: JournalFixture;
let jb: JournalFixture;
let e = 0;
let l = 0;
const DAY = '2026-09-01';
const dayLessons: Record<string, number> = {};

const db = () => t.deps.db;
const as = (p: { username: string; password: string }) => signIn(t.app, p.username, p.password);
const st = (i: number) => j.students[i]!.personId;
const view = async (c: Client, query = '') => {
  const res = await c.get(`/api/v1/class-view/${j.classId}${query}`);
  expect(res.statusCode).toBe(200);
  return res.json() as ClassView;
};
const cell = (v: ClassView, assignmentId: number, studentId: number) =>
  v.cells.find((c) => c.assignmentId === assignmentId && c.studentId === studentId);
const student = (v: ClassView, id: number) => v.students.find((s) => s.id === id)!;

async function ok<R extends { statusCode: number; body: string }>(res: Promise<R>): Promise<R> {
  const r = await res;
  if (r.statusCode !== 200 && r.statusCode !== 201) throw new Error(`${r.statusCode} ${r.body}`);
  return r;
}

beforeAll(async () => {
  t = await createTestApp();
  a = await createTenant(db(), t.deps.hasher);
  b = await createTenant(db(), t.deps.hasher, REGION_IDS[2]);
  admin = await as(a.people.schoolAdmin);
  teacher = await as(a.people.teacher);
  adminB = await as(b.people.schoolAdmin);
  otherTeacher = await createPerson(db(), t.deps.hasher, {
    institutionId: a.school.id,
    profile: 'school_employee',
    roles: ['teacher'],
  });
  other = await as(otherTeacher);
  const schoolId = a.school.id;
  j = await createJournal(db(), t.deps.hasher, {
    schoolId,
    teacherPersonId: a.people.teacher.personId,
    students: 5,
    lessons: 10,
  });
  jb = await createJournal(db(), t.deps.hasher, {
    schoolId,
    teacherPersonId: otherTeacher.personId,
    students: 2,
    lessons: 3,
    yearId: j.yearId,
  });
  await db()
    .updateTable('classes')
    .set({ classTeacherPersonId: a.people.teacher.personId })
    .where('id', '=', j.classId)
    .execute();
  await db()
    .updateTable('classes')
    .set({ classTeacherPersonId: otherTeacher.personId })
    .where('id', '=', jb.classId)
    .execute();
  const base = { schoolId, yearId: j.yearId, classId: j.classId, teacherPersonId: otherTeacher.personId };
  const subjectE = await createSubject(db(), schoolId, 'English');
  e = await createAssignment(db(), { ...base, subjectId: subjectE });
  const group = await createSubgroup(db(), schoolId, j.classId, 'Топ 1', [st(0), st(1)]);
  const subjectL = await createSubject(db(), schoolId, 'Informatics');
  l = await createAssignment(db(), { ...base, subjectId: subjectL, subgroupId: group });
  const lesson = { schoolId, yearId: j.yearId, periodId: j.q1.id, date: DAY, shift: 1, classId: j.classId };
  const rows = await db()
    .insertInto('lessons')
    .values([
      { ...lesson, lessonNumber: 3, subjectId: subjectE, teacherPersonId: otherTeacher.personId },
      { ...lesson, lessonNumber: 4, subjectId: subjectE, teacherPersonId: otherTeacher.personId },
      { ...lesson, lessonNumber: 5, subjectId: subjectL, subgroupId: group, teacherPersonId: otherTeacher.personId },
      { ...lesson, lessonNumber: 6, subjectId: subjectE, teacherPersonId: otherTeacher.personId },
    ])
    .returning(['id', 'lessonNumber'])
    .execute();
  for (const r of rows) dayLessons[r.lessonNumber] = r.id;
  dayLessons[2] = j.lessons[0]!.id;

  // ФО in M by the teacher: pupil 1 is on a «2» (mean 2.33 → 23.3 %).
  const fo = (studentIdx: number, values: number[]) =>
    values.map((value, i) => ({
      studentId: st(studentIdx),
      lessonId: j.lessons[i + 1]!.id,
      value,
      expectedVersion: null,
    }));
  await ok(
    teacher.put(`/api/v1/journal/${j.assignmentId}/marks`, {
      cells: [...fo(0, [8, 9, 10]), ...fo(1, [2, 3, 2]), ...fo(2, [6, 7]), ...fo(3, [5])],
    }),
  );
  // E (by the administrator, who may write every journal): a ФО for pupil 1, a СОч missed by pupil 4 (н/а).
  await ok(
    admin.put(`/api/v1/journal/${e}/marks`, {
      cells: [{ studentId: st(1), lessonId: dayLessons[3], value: 10, expectedVersion: null }],
    }),
  );
  const soch = await ok(
    admin.post(`/api/v1/journal/${e}/works`, { kind: 'soch', title: 'ТЖБ', maxScore: 20, date: '2026-09-08' }),
  );
  await ok(
    admin.put(`/api/v1/journal/${e}/marks`, {
      cells: [{ studentId: st(4), workId: soch.json().id, value: 'na', expectedVersion: null }],
    }),
  );
  await ok(
    admin.put(`/api/v1/journal/${l}/marks`, {
      cells: [{ studentId: st(0), lessonId: dayLessons[5], value: 7, expectedVersion: null }],
    }),
  );
  // Attendance on 1 September. Pupil 0 misses 4 of their 5 lessons (present at the sub-group's); pupils 2, 3 and 4
  // (not in the sub-group: 4 lessons) miss the whole day — п/б mixed, one н, all б.
  const mark = (asg: number, cells: Array<[number, number, string]>) =>
    ok(
      admin.put(`/api/v1/journal/${asg}/attendance`, {
        cells: cells.map(([s, n, code]) => ({
          studentId: st(s),
          lessonId: dayLessons[n],
          code,
          expectedVersion: null,
        })),
      }),
    );
  await mark(j.assignmentId, [
    [0, 2, 'excused'],
    [2, 2, 'sick'],
    [3, 2, 'absent'],
    [4, 2, 'sick'],
  ]);
  await mark(e, [
    [0, 3, 'excused'],
    [0, 4, 'excused'],
    [0, 6, 'excused'],
    [2, 3, 'excused'],
    [2, 4, 'sick'],
    [2, 6, 'excused'],
    [3, 3, 'sick'],
    [3, 4, 'sick'],
    [3, 6, 'sick'],
    [4, 3, 'sick'],
    [4, 4, 'sick'],
    [4, 6, 'sick'],
    [1, 3, 'late'],
  ]);
  await mark(l, [[0, 5, 'present']]);
});
afterAll(async () => {
  await t.close();
});

describe('the classes a user may open', () => {
  it('lists the class teacher’s own class, every class for an administrator, none for other staff', async () => {
    const mine = await teacher.get('/api/v1/class-view/classes');
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toMatchObject({
      yearId: j.yearId,
      items: [{ id: j.classId, label: expect.stringMatching(/^5 /), mine: true }],
    });
    expect(mine.json().items).toHaveLength(1);
    const all = (await admin.get('/api/v1/class-view/classes')).json();
    expect(all.items.map((c: { id: number }) => c.id).sort()).toEqual([j.classId, jb.classId].sort());
    expect((await other.get('/api/v1/class-view/classes')).json().items).toEqual([
      {
        id: jb.classId,
        mine: true,
        label: expect.any(String),
        grade: 5,
        letter: expect.any(String),
        yearId: j.yearId,
        classTeacherName: expect.any(String),
      },
    ]);
    expect((await adminB.get('/api/v1/class-view/classes')).json().items).toEqual([]);
    expect((await adminB.get(`/api/v1/class-view/classes?yearId=${j.yearId}`)).statusCode).toBe(404);
  });
});

describe('the overview', () => {
  it('shows the engine’s running result per subject; the sub-group subject only for its members', async () => {
    const v = await view(teacher);
    expect(v.period).toMatchObject({ id: j.q1.id, kind: 'quarter', closed: false });
    expect(v.periods).toHaveLength(6);
    expect(v.asOf).toBe('2026-10-01');
    expect(v.subjects.map((s) => s.assignmentId).sort()).toEqual([j.assignmentId, e, l].sort());
    expect(v.students.map((s) => s.id)).toEqual(j.students.map((s) => s.personId));
    const policy = policyFor(2026)!;
    const engine = termResult({ policy, fo: [2, 3, 2], sor: [], soch: null, hasSoch: true, gradeLevel: 5 });
    expect(cell(v, j.assignmentId, st(1))).toEqual<ClassViewCell>({
      assignmentId: j.assignmentId,
      studentId: st(1),
      percent: engine.percent,
      grade: '2',
      status: 'provisional',
      fixed: false,
    });
    expect(engine.grade).toBe(2);
    expect(cell(v, j.assignmentId, st(0))).toMatchObject({ percent: 90, grade: '5' });
    expect(cell(v, j.assignmentId, st(4))).toMatchObject({ percent: null, grade: null, status: 'empty' });
    // L is a sub-group's: pupils 0 and 1 only.
    expect(
      v.cells
        .filter((c) => c.assignmentId === l)
        .map((c) => c.studentId)
        .sort(),
    ).toEqual([st(0), st(1)].sort());
    expect(cell(v, l, st(0))).toMatchObject({ percent: 70, grade: '4' });
    expect(cell(v, e, st(4))).toMatchObject({ grade: 'na', status: 'na' });
    expect(student(v, st(0)).average).toBe(4.5);
    expect(student(v, st(1)).average).toBe(3.5);
    expect(student(v, st(4)).average).toBeNull();
  });

  it('counts attendance in the period so far: lessons, codes, lates and full days', async () => {
    const v = await view(teacher);
    expect(student(v, st(0)).attendance).toMatchObject({ lessons: 14, missed: 4, excused: 4, fullDays: 0 });
    expect(student(v, st(1)).attendance).toMatchObject({ lessons: 14, missed: 0, late: 1 });
    expect(student(v, st(3)).attendance).toEqual({
      lessons: 13,
      missed: 4,
      sick: 3,
      excused: 0,
      unexcused: 1,
      late: 0,
      fullDays: 1,
      fullDaysUnexcused: 1,
      fullDaysSick: 0,
      missedPercent: (4 * 100) / 13,
    });
    expect(student(v, st(2)).attendance).toMatchObject({
      fullDays: 1,
      fullDaysUnexcused: 0,
      fullDaysSick: 0,
      sick: 2,
      excused: 2,
    });
    expect(student(v, st(4)).attendance).toMatchObject({ fullDays: 1, fullDaysUnexcused: 0, fullDaysSick: 1 });
  });

  it('names the pupils at risk and why: a «2» (with the subject), a missed СОч, absences from 30 %', async () => {
    const v = await view(teacher);
    expect(student(v, st(0)).risks).toEqual([]); // 4 of 14 lessons = 28.6 %: below the threshold
    expect(student(v, st(1)).risks).toEqual([{ kind: 'failing', assignmentIds: [j.assignmentId] }]);
    expect(v.subjects.find((s) => s.assignmentId === j.assignmentId)?.subject.en).toMatch(/^Math/);
    expect(student(v, st(2)).risks).toEqual([
      { kind: 'absences', missedPercent: (4 * 100) / 13, fullDaysUnexcused: 0 },
    ]);
    expect(student(v, st(3)).risks.map((r) => r.kind)).toEqual(['absences']);
    expect(student(v, st(4)).risks).toEqual([
      { kind: 'na_risk', assignmentIds: [e] },
      { kind: 'absences', missedPercent: (4 * 100) / 13, fullDaysUnexcused: 0 },
    ]);
    expect(v.summary).toEqual({ students: 5, atRisk: 4, failing: 1, naRisk: 1, absences: 3 });
    expect(v.thresholds).toEqual({ missedPercent: 30, unexcusedFullDays: 3 });
  });

  it('shows a pass/fail subject without a mark as empty while the period runs, its зачёт once given', async () => {
    const schoolId = a.school.id;
    const subjectId = await createSubject(db(), schoolId, 'Physical education');
    await db()
      .insertInto('assessmentModes')
      .values({ schoolId, yearId: j.yearId, subjectId, grade: 5, mode: 'pass_fail', hasTermSummative: false })
      .execute();
    const pe = await createAssignment(db(), {
      schoolId,
      yearId: j.yearId,
      classId: j.classId,
      subjectId,
      teacherPersonId: otherTeacher.personId,
    });
    const lesson = await db()
      .insertInto('lessons')
      .values({
        schoolId,
        yearId: j.yearId,
        periodId: j.q1.id,
        date: '2026-09-02',
        shift: 1,
        lessonNumber: 7,
        classId: j.classId,
        subjectId,
        teacherPersonId: otherTeacher.personId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await ok(
      admin.put(`/api/v1/journal/${pe}/marks`, {
        cells: [{ studentId: st(0), lessonId: lesson.id, value: 'pass', expectedVersion: null }],
      }),
    );
    const v = await view(teacher);
    expect(cell(v, pe, st(0))).toMatchObject({ grade: 'pass', fixed: false });
    // The engine's н/а for "no mark at all" is what the close fixes; until then the mark may still come.
    expect(cell(v, pe, st(1))).toMatchObject({ grade: null, status: 'empty', fixed: false });
    expect(student(v, st(1)).risks).toEqual([{ kind: 'failing', assignmentIds: [j.assignmentId] }]);
    expect(student(v, st(0)).average).toBe(4.5);
  });

  it('answers in a fixed number of statements whatever the class size', async () => {
    let statements = 0;
    const counter: KyselyPlugin = {
      transformQuery: (args) => {
        statements++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const deps = { ...t.deps, db: db().withPlugin(counter) };
    const actor = {
      personId: a.people.schoolAdmin.personId,
      context: {
        id: a.people.schoolAdmin.membershipId,
        institutionId: a.school.id,
        institutionKind: 'school',
        ancestors: a.school.ancestors,
        profile: 'school_employee',
        roles: ['deputy_director'],
        isAdmin: true,
      },
    } as unknown as Actor;
    await classOverview(deps, actor, j.classId, undefined);
    expect(statements).toBe(8); // access, assignments, periods, pupils, 3 of the engine, attendance
    statements = 0;
    await classOverview(deps, actor, jb.classId, undefined);
    expect(statements).toBeLessThanOrEqual(8);
  });

  it('shows the fixed term grades of a closed period, flagged, and the running ones again after a reopen', async () => {
    const close = `/api/v1/journal/periods/${j.q1.id}/close`;
    await ok(admin.post(close, { classId: j.classId }));
    const v = await view(teacher, `?periodId=${j.q1.id}`);
    expect(v.period.closed).toBe(true);
    const fixed = await db()
      .selectFrom('termGrades')
      .where('schoolId', '=', a.school.id)
      .where('periodId', '=', j.q1.id)
      .where(
        'assignmentId',
        'in',
        v.subjects.map((x) => x.assignmentId),
      )
      .select(['assignmentId', 'studentPersonId', 'grade'])
      .execute();
    expect(fixed.length).toBe(v.cells.length);
    for (const f of fixed)
      expect(cell(v, f.assignmentId, f.studentPersonId)).toMatchObject({ grade: f.grade, fixed: true });
    // At the close the unwritten СОч is missed: the fixed grade is н/а, not the running «2».
    expect(cell(v, j.assignmentId, st(1))).toMatchObject({ grade: 'na', fixed: true });
    expect(student(v, st(1)).risks.map((r) => r.kind)).toEqual(['na_risk']);
    await ok(admin.post(`/api/v1/journal/periods/${j.q1.id}/reopen`, { classId: j.classId, reason: 'test' }));
    expect(cell(await view(teacher), j.assignmentId, st(1))).toMatchObject({ grade: '2', fixed: false });
  });

  it('lets only the class teacher and administrators in', async () => {
    expect((await admin.get(`/api/v1/class-view/${j.classId}`)).statusCode).toBe(200);
    // O teaches two subjects of class A but does not lead it.
    expect((await other.get(`/api/v1/class-view/${j.classId}`)).statusCode).toBe(403);
    expect((await other.get(`/api/v1/class-view/${j.classId}/day?date=${DAY}`)).statusCode).toBe(403);
    // The class teacher of A cannot open B.
    expect((await teacher.get(`/api/v1/class-view/${jb.classId}`)).statusCode).toBe(403);
    expect((await other.get(`/api/v1/class-view/${jb.classId}`)).statusCode).toBe(200);
    const pupil = await as(a.people.student);
    expect((await pupil.get(`/api/v1/class-view/${j.classId}`)).statusCode).toBe(403);
    expect((await adminB.get(`/api/v1/class-view/${j.classId}`)).statusCode).toBe(404);
    expect((await adminB.get(`/api/v1/class-view/${j.classId}/day?date=${DAY}`)).statusCode).toBe(404);
    expect((await teacher.get(`/api/v1/class-view/${j.classId}?periodId=999999`)).statusCode).toBe(404);
  });
});

describe('the day screen', () => {
  it('shows the lessons × pupils and derives a full day only when every lesson was missed', async () => {
    const res = await teacher.get(`/api/v1/class-view/${j.classId}/day?date=${DAY}`);
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d.lessons.map((x: { lessonNumber: number }) => x.lessonNumber)).toEqual([2, 3, 4, 5, 6]);
    const sub = d.lessons.find((x: { lessonNumber: number }) => x.lessonNumber === 5);
    expect(sub).toMatchObject({ assignmentId: l, subgroupName: 'Топ 1' });
    expect([...sub.memberIds].sort()).toEqual([st(0), st(1)].sort());
    expect(d.lessons[0]).toMatchObject({ assignmentId: j.assignmentId, memberIds: null, status: 'scheduled' });
    expect(d.students).toHaveLength(5);
    expect(d.attendance).toContainEqual({ studentId: st(3), lessonId: dayLessons[2], code: 'absent', reason: null });
    // Pupil 0 missed 4 of 5 lessons: no full day. п/б mixed → excused, any н → unexcused, all б → sick.
    expect(d.fullDays).toEqual(
      expect.arrayContaining([
        { studentId: st(2), code: 'excused' },
        { studentId: st(3), code: 'absent' },
        { studentId: st(4), code: 'sick' },
      ]),
    );
    expect(d.fullDays).toHaveLength(3);
  });

  it('refuses a date outside the school year in the user’s language, and a malformed one', async () => {
    const res = await teacher.get(`/api/v1/class-view/${j.classId}/day?date=2027-07-01`);
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('classes.dateOutsideYear');
    expect(res.json().message).toContain('2027-05-25');
    expect((await teacher.get(`/api/v1/class-view/${j.classId}/day?date=2026-02-30`)).statusCode).toBe(400);
    expect((await teacher.get(`/api/v1/class-view/${j.classId}/day`)).statusCode).toBe(400);
  });
});

describe('the at-risk rules', () => {
  const attendance = {
    lessons: 100,
    missed: 29,
    sick: 0,
    excused: 29,
    unexcused: 0,
    late: 0,
    fullDays: 0,
    fullDaysUnexcused: 0,
    fullDaysSick: 0,
    missedPercent: 29,
  };
  it('puts a pupil on the list from 30 % missed or 3 unexcused full days', () => {
    expect(risksOf([], () => true, attendance)).toEqual([]);
    expect(risksOf([], () => true, { ...attendance, missed: 30, missedPercent: 30 })[0]?.kind).toBe('absences');
    expect(risksOf([], () => true, { ...attendance, fullDaysUnexcused: AT_RISK_UNEXCUSED_FULL_DAYS - 1 })).toEqual([]);
    expect(risksOf([], () => true, { ...attendance, fullDaysUnexcused: AT_RISK_UNEXCUSED_FULL_DAYS })).toEqual([
      { kind: 'absences', missedPercent: 29, fullDaysUnexcused: 3 },
    ]);
    // н/а only counts where the subject has a СОч.
    expect(risksOf([{ assignmentId: 1, grade: 'na' }], () => false, attendance)).toEqual([]);
  });
  it('judges the share of missed lessons only from AT_RISK_MIN_LESSONS lessons held', () => {
    const early = { ...attendance, lessons: AT_RISK_MIN_LESSONS - 1, missed: 5, missedPercent: (5 * 100) / 9 };
    expect(risksOf([], () => true, early)).toEqual([]);
    const enough = { ...early, lessons: AT_RISK_MIN_LESSONS, missedPercent: 50 };
    expect(risksOf([], () => true, enough)[0]?.kind).toBe('absences');
  });
  it('counts a full day as б only when all of it was б, unexcused when any of it was н', () => {
    expect(fullDayCode({ allSick: true, anyUnexcused: false })).toBe('sick');
    expect(fullDayCode({ allSick: false, anyUnexcused: true })).toBe('absent');
    expect(fullDayCode({ allSick: false, anyUnexcused: false })).toBe('excused');
  });
});
