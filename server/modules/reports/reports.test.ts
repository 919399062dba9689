import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGION_IDS } from '../../db/migrations/0002_reference_institutions.js';
import { createPerson, createTenant, type Tenant, type TestPerson } from '../../test/factories.js';
import { type Client, createTestApp, signIn, type TestApp } from '../../test/harness.js';
import { createJournal, type JournalFixture } from '../journal/journal.fixtures.js';
import { createAssignment, createSubject } from '../timetable/timetable.fixtures.js';

/**
 * The reports against hand-computed numbers. One class of six pupils, two subjects (graded per quarter):
 *
 *   pupil | S1 (with СОч: FO = СОч % → grade) | S2 (no СОч: FO × 10 %) | category
 *   s0    | 10, 10/10 → «5»                   | 10 → «5»               | excellent
 *   s1    |  8,  8/10 → «4»                   | 10 → «5»               | oneFour
 *   s2    |  5,  5/10 → «3»                   |  8 → «4»               | oneThree
 *   s3    |  3,  3/10 → «2»                   | 10 → «5»               | failing
 *   s4    | exempt                            |  8 → «4»               | good
 *   s5    | СОч н/а, no FO → н/а              | no marks → none        | na
 *
 * S1: n5..n2 = 1 each, н/а 1, exempt 1 → N 5, average 3.5, success 60 %, quality 40 %, СОУ (100+64+36+16+7)/5 = 44.6.
 * S2: n5 3, n4 2, none 1 → N 5, average 4.6, success 100 %, quality 100 %, СОУ (300+128)/5 = 85.6.
 * Class (by pupil, lowest grade): N 6 → success 4/6 = 66.7 %, quality 3/6 = 50 %;
 *   all grades: average 37/9 = 4.11, СОУ (400+192+36+16+7)/10 = 65.1.
 */
let t: TestApp;
let a: Tenant;
let b: Tenant;
let admin: Client;
let adminB: Client;
let teacher: Client;
let j: JournalFixture;
let other: JournalFixture;
let otherTeacher: TestPerson;
let s2Assignment: number;
let sochId: number;

const db = () => t.deps.db;
const st = (i: number) => j.students[i]!.personId;
const ls = (i: number) => j.lessons[i]!.id;
const perf = () => `/api/v1/reports/performance?periodId=${j.q1.id}`;
const perfClass = () => `/api/v1/reports/performance/classes/${j.classId}?periodId=${j.q1.id}`;

async function ok(res: Promise<LightMyRequestResponse>, status = 200) {
  const r = await res;
  if (r.statusCode !== status) throw new Error(`${r.statusCode} ${r.body}`);
  return r;
}

beforeAll(async () => {
  t = await createTestApp();
  a = await createTenant(db(), t.deps.hasher);
  b = await createTenant(db(), t.deps.hasher, REGION_IDS[2]);
  admin = await signIn(t.app, a.people.schoolAdmin.username, a.people.schoolAdmin.password);
  adminB = await signIn(t.app, b.people.schoolAdmin.username, b.people.schoolAdmin.password);
  teacher = await signIn(t.app, a.people.teacher.username, a.people.teacher.password);
  // 15 lessons of S1, five a day: Tue 1, Wed 2, Thu 3 September 2026 (lesson numbers 2–6).
  j = await createJournal(db(), t.deps.hasher, {
    schoolId: a.school.id,
    teacherPersonId: a.people.teacher.personId,
    students: 6,
    lessons: 15,
    perDay: 5,
  });
  // S2: no СОч this year, one lesson on Friday 4 September.
  const s2 = await createSubject(db(), a.school.id, 'Reports S2');
  s2Assignment = await createAssignment(db(), {
    schoolId: a.school.id,
    yearId: j.yearId,
    classId: j.classId,
    subjectId: s2,
    teacherPersonId: a.people.teacher.personId,
  });
  await db()
    .insertInto('assessmentModes')
    .values({
      schoolId: a.school.id,
      yearId: j.yearId,
      subjectId: s2,
      grade: 5,
      mode: 'graded',
      hasTermSummative: false,
    })
    .execute();
  const [s2Lesson] = await db()
    .insertInto('lessons')
    .values({
      schoolId: a.school.id,
      yearId: j.yearId,
      periodId: j.q1.id,
      date: '2026-09-04',
      shift: 1,
      lessonNumber: 2,
      classId: j.classId,
      subjectId: s2,
      teacherPersonId: a.people.teacher.personId,
    })
    .returning('id')
    .execute();
  // Another class, another teacher, with a СОч subject and no СОч work: "missing СОч".
  otherTeacher = await createPerson(db(), t.deps.hasher, {
    institutionId: a.school.id,
    profile: 'school_employee',
    roles: ['teacher'],
    surname: 'Ақанов',
  });
  other = await createJournal(db(), t.deps.hasher, {
    schoolId: a.school.id,
    teacherPersonId: otherTeacher.personId,
    students: 2,
    lessons: 3,
    yearId: j.yearId,
  });
  // …which also has a pass/fail subject without any mark yet: while the period runs that is "no grade", not н/а.
  const pf = await createSubject(db(), a.school.id, 'Reports PF');
  await createAssignment(db(), {
    schoolId: a.school.id,
    yearId: j.yearId,
    classId: other.classId,
    subjectId: pf,
    teacherPersonId: otherTeacher.personId,
  });
  await db()
    .insertInto('assessmentModes')
    .values({ schoolId: a.school.id, yearId: j.yearId, subjectId: pf, grade: 5, mode: 'pass_fail' })
    .execute();

  const s1 = `/api/v1/journal/${j.assignmentId}`;
  sochId = (
    await ok(teacher.post(`${s1}/works`, { kind: 'soch', title: 'ТЖБ', maxScore: 10, date: '2026-09-02' }), 201)
  ).json().id;
  const fo = ls(10); // Thursday's first lesson: nobody was absent.
  await ok(
    teacher.put(`${s1}/marks`, {
      cells: [
        ...[10, 8, 5, 3].flatMap((v, i) => [
          { studentId: st(i), lessonId: fo, value: v, expectedVersion: null },
          { studentId: st(i), workId: sochId, value: v, expectedVersion: null },
        ]),
        { studentId: st(4), lessonId: fo, value: 'exempt', expectedVersion: null },
        { studentId: st(5), workId: sochId, value: 'na', expectedVersion: null },
      ],
    }),
  );
  await ok(
    teacher.put(`/api/v1/journal/${s2Assignment}/marks`, {
      cells: [10, 10, 8, 10, 8].map((v, i) => ({
        studentId: st(i),
        lessonId: s2Lesson!.id,
        value: v,
        expectedVersion: null,
      })),
    }),
  );
  // Attendance (§3). Tuesday: s0 sick at all 5 lessons (a full day, illness); s1 absent at 4 of 5 and late at the
  // 5th (no full day). Wednesday: s2 misses all 5, 3 sick + 2 excused (a full day, not an illness day).
  const cell = (studentId: number, lessonId: number, code: string) => ({
    studentId,
    lessonId,
    code,
    expectedVersion: null,
  });
  await ok(
    teacher.put(`${s1}/attendance`, {
      cells: [
        ...[0, 1, 2, 3, 4].map((i) => cell(st(0), ls(i), 'sick')),
        ...[0, 1, 2, 3].map((i) => cell(st(1), ls(i), 'absent')),
        cell(st(1), ls(4), 'late'),
        ...[5, 6, 7].map((i) => cell(st(2), ls(i), 'sick')),
        ...[8, 9].map((i) => cell(st(2), ls(i), 'excused')),
      ],
    }),
  );
  await ok(teacher.put(`/api/v1/lessons/${ls(0)}/topic`, { topic: 'Кіріспе' }));
});
afterAll(async () => {
  await t.close();
});

describe('performance report (§4.1)', () => {
  it("answers one class's subject rows, total and pupil categories, computed from the running results", async () => {
    const r = (await ok(admin.get(perfClass()))).json();
    expect(r.running).toBe(true);
    expect(r.subjects).toHaveLength(2);
    const s1 = r.subjects.find((s: { subjectId: number }) => s.subjectId === j.subjectId);
    const s2 = r.subjects.find((s: { subjectId: number }) => s.subjectId !== j.subjectId);
    expect(s1.counts).toEqual({ n5: 1, n4: 1, n3: 1, n2: 1, na: 1, exempt: 1, pass: 0, fail: 0, none: 0 });
    expect(s1).toMatchObject({ n: 5, average: 3.5, success: 60, quality: 40, sou: 44.6 });
    expect(s2.counts).toEqual({ n5: 3, n4: 2, n3: 0, n2: 0, na: 0, exempt: 0, pass: 0, fail: 0, none: 1 });
    expect(s2).toMatchObject({ n: 5, average: 4.6, success: 100, quality: 100, sou: 85.6 });
    expect(r.total).toMatchObject({ n: 6, success: 66.7, quality: 50, average: 4.11, sou: 65.1 });
    const category = (i: number) => r.pupils.find((p: { studentId: number }) => p.studentId === st(i)).category;
    expect([0, 1, 2, 3, 4, 5].map(category)).toEqual(['excellent', 'oneFour', 'oneThree', 'failing', 'good', 'na']);
    expect(r.categories).toEqual({
      excellent: 1,
      oneFour: 1,
      good: 1,
      oneThree: 1,
      satisfactory: 0,
      failing: 1,
      na: 1,
      none: 0,
    });
    expect(r.pupils.find((p: { studentId: number }) => p.studentId === st(4)).grades).toEqual({
      [String(j.subjectId)]: 'exempt',
      [String(s2.subjectId)]: '4',
    });
  });

  it('summarises the whole school: one row per class and the total', async () => {
    const r = (await ok(admin.get(perf()))).json();
    expect(r.running).toBe(true);
    const mine = r.classes.find((c: { classId: number }) => c.classId === j.classId);
    expect(mine).toMatchObject({
      pupils: 6,
      n: 6,
      success: 66.7,
      quality: 50,
      average: 4.11,
      sou: 65.1,
      running: true,
    });
    // The other class has no marks at all: nobody counted.
    const theirs = r.classes.find((c: { classId: number }) => c.classId === other.classId);
    expect(theirs).toMatchObject({ pupils: 2, n: 0, success: null, quality: null, average: null });
    expect(theirs.categories).toMatchObject({ none: 2, na: 0 });
    const detail = (
      await ok(admin.get(`/api/v1/reports/performance/classes/${other.classId}?periodId=${j.q1.id}`))
    ).json();
    expect(detail.subjects.map((x: { counts: { none: number; na: number } }) => x.counts)).toEqual([
      expect.objectContaining({ none: 2, na: 0 }),
      expect.objectContaining({ none: 2, na: 0 }),
    ]);
    expect(r.total).toMatchObject({ pupils: 8, n: 6, success: 66.7, quality: 50, average: 4.11, sou: 65.1 });
  });
});

describe('attendance report (§3)', () => {
  it('derives full days only when every lesson of the day was missed; counts lessons, illness and lates', async () => {
    const r = (await ok(admin.get(`/api/v1/reports/attendance/classes/${j.classId}?periodId=${j.q1.id}`))).json();
    const row = (i: number) => r.pupils.find((p: { studentId: number }) => p.studentId === st(i));
    expect(row(0)).toMatchObject({ days: 1, sickDays: 1, lessons: 5, sickLessons: 5, lates: 0 });
    expect(row(1)).toMatchObject({ days: 0, sickDays: 0, lessons: 4, sickLessons: 0, lates: 1 });
    expect(row(2)).toMatchObject({ days: 1, sickDays: 0, lessons: 5, sickLessons: 3, lates: 0 });
    expect(row(3)).toMatchObject({ days: 0, lessons: 0, lates: 0 });
    expect(r.total).toEqual({ days: 2, sickDays: 1, lessons: 14, sickLessons: 8, lates: 1 });
    // A date range: Tuesday only.
    const tue = (
      await ok(admin.get(`/api/v1/reports/attendance/classes/${j.classId}?from=2026-09-01&to=2026-09-01`))
    ).json();
    expect(tue.total).toEqual({ days: 1, sickDays: 1, lessons: 9, sickLessons: 5, lates: 1 });
    const school = (await ok(admin.get(`/api/v1/reports/attendance?periodId=${j.q1.id}`))).json();
    expect(school.classes.find((c: { classId: number }) => c.classId === j.classId)).toMatchObject({
      pupils: 6,
      days: 2,
      lessons: 14,
    });
    expect(school.total).toMatchObject({ pupils: 8, days: 2, sickDays: 1, lessons: 14, sickLessons: 8, lates: 1 });
  });

  it('refuses a missing or reversed range with a localised 400', async () => {
    expect((await admin.get('/api/v1/reports/attendance')).statusCode).toBe(400);
    expect((await admin.get('/api/v1/reports/attendance?from=2026-09-05&to=2026-09-01')).statusCode).toBe(400);
    const long = await admin.get('/api/v1/reports/attendance?from=2026-01-01&to=2027-12-31');
    expect(long.statusCode).toBe(400);
    expect(long.json().code).toBe('reports.rangeTooLong');
  });
});

describe('fill-in status', () => {
  it('counts held lessons without topic, empty lessons, missing СОч and unscored СОч per teacher', async () => {
    const r = (await ok(admin.get(`/api/v1/reports/fill-in?periodId=${j.q1.id}`))).json();
    expect(r.today).toBe('2026-10-01');
    const mine = r.teachers.find((x: { teacherPersonId: number }) => x.teacherPersonId === a.people.teacher.personId);
    // S1: 15 lessons, one with a topic; S2: 1 lesson. Empty: Thursday's lessons 2–5 of S1 (no attendance, no mark).
    expect(mine).toMatchObject({ noTopic: 15, empty: 4, missingSoch: 0, unscoredSoch: 1 });
    const s1 = mine.items.find((i: { assignmentId: number }) => i.assignmentId === j.assignmentId);
    expect(s1.empty).toEqual(['2026-09-03', '2026-09-03', '2026-09-03', '2026-09-03']);
    // s4 (exempt) has no score on the СОч yet.
    expect(s1.unscoredSoch).toEqual([{ workId: sochId, title: 'ТЖБ', date: '2026-09-02', students: 1 }]);
    const theirs = r.teachers.find((x: { teacherPersonId: number }) => x.teacherPersonId === otherTeacher.personId);
    expect(theirs).toMatchObject({ noTopic: 3, empty: 3, missingSoch: 1, unscoredSoch: 0 });
    expect(theirs.items[0]).toMatchObject({ assignmentId: other.assignmentId, missingSoch: true });
  });
});

describe('exports', () => {
  it('writes the class performance as XLSX with numbers and percentage formats, and a PDF', async () => {
    const res = await admin.get(`/api/v1/reports/performance/export?periodId=${j.q1.id}&classId=${j.classId}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(String(res.headers['content-disposition'])).toMatch(
      /attachment; filename="[^"]+\.xlsx"; filename\*=UTF-8''/,
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets).toHaveLength(2);
    const sheet = wb.worksheets[0]!;
    expect(sheet.name.length).toBeLessThanOrEqual(31);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    // Header, two subjects, the total.
    expect(sheet.rowCount).toBe(4);
    const values = (r: number) => (sheet.getRow(r).values as unknown[]).slice(1);
    const s1Row = [2, 3].map(values).find((v) => v.includes(3.5))!;
    // [subject, n5 n4 n3 n2 na exempt pass fail none, average, N, success, quality, СОУ]
    expect(s1Row.slice(1)).toEqual([1, 1, 1, 1, 1, 1, 0, 0, 0, 3.5, 5, 0.6, 0.4, 0.446]);
    expect(sheet.getRow(2).getCell(13).numFmt).toBe('0.0%');
    const total = values(4);
    expect(total.slice(-5)).toEqual([4.11, 6, 0.667, 0.5, 0.651]);

    const pdf = await admin.get(
      `/api/v1/reports/performance/export?periodId=${j.q1.id}&classId=${j.classId}&format=pdf`,
    );
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const bytes = pdf.rawPayload;
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.toString('latin1').match(/\/Type \/Page\b/g)?.length ?? 0).toBeGreaterThan(0);
  });

  it('writes the school summaries and the attendance report', async () => {
    for (const q of ['', '&format=pdf']) {
      const p = await admin.get(`/api/v1/reports/performance/export?periodId=${j.q1.id}${q}`);
      expect(p.statusCode).toBe(200);
      const a2 = await admin.get(`/api/v1/reports/attendance/export?periodId=${j.q1.id}${q}`);
      expect(a2.statusCode).toBe(200);
    }
    const res = await admin.get(`/api/v1/reports/attendance/export?periodId=${j.q1.id}&classId=${j.classId}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const last = (sheet.getRow(sheet.rowCount).values as unknown[]).slice(2);
    expect(last).toEqual([2, 1, 14, 8, 1]);
    const audit = await db()
      .selectFrom('auditEvents')
      .where('institutionId', '=', a.school.id)
      .where('action', '=', 'export.report')
      .select('after')
      .execute();
    expect(audit.length).toBeGreaterThanOrEqual(6);
  });
});

describe('fixed results and access', () => {
  it('reads the term grades fixed at the close once the period is closed', async () => {
    await ok(admin.post(`/api/v1/journal/periods/${j.q1.id}/close`, { classId: j.classId }));
    const r = (await ok(admin.get(perfClass()))).json();
    expect(r.running).toBe(false);
    expect(r.total).toMatchObject({ n: 6, success: 66.7, quality: 50, average: 4.11, sou: 65.1 });
    // The fixed rows are what counts (not a recomputation): change one and the report follows.
    await db()
      .updateTable('termGrades')
      .set({ grade: '4' })
      .where('schoolId', '=', a.school.id)
      .where('assignmentId', '=', s2Assignment)
      .where('studentPersonId', '=', st(0))
      .execute();
    const r2 = (await ok(admin.get(perfClass()))).json();
    expect(r2.pupils.find((p: { studentId: number }) => p.studentId === st(0)).category).toBe('oneFour');
    // The other class is still open: the school summary is running as a whole, per class as the case may be.
    const s = (await ok(admin.get(perf()))).json();
    expect(s.running).toBe(true);
    expect(s.classes.find((c: { classId: number }) => c.classId === j.classId).running).toBe(false);
  });

  it("refuses a teacher (403) and another school's administrator (404)", async () => {
    for (const url of [
      perf(),
      perfClass(),
      `/api/v1/reports/fill-in?periodId=${j.q1.id}`,
      `/api/v1/reports/attendance?periodId=${j.q1.id}`,
      `/api/v1/reports/performance/export?periodId=${j.q1.id}`,
    ]) {
      expect((await teacher.get(url)).statusCode).toBe(403);
      expect((await adminB.get(url)).statusCode).toBe(404);
    }
    expect((await teacher.get('/api/v1/me')).json().capabilities.readReports).toBe(false);
    expect((await admin.get('/api/v1/me')).json().capabilities.readReports).toBe(true);
  });
});
