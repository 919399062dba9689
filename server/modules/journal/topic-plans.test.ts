import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson, createTenant, type Tenant, type TestPerson } from '../../test/factories.js';
import { type Client, createTestApp, signIn, type TestApp } from '../../test/harness.js';
import { multipart } from '../imports/imports.fixtures.js';
import { createAssignment, createSubject } from '../timetable/timetable.fixtures.js';
import { createJournal, type JournalFixture } from './journal.fixtures.js';

let t: TestApp;
let a: Tenant;
let admin: Client;
let teacher: Client;
let other: TestPerson;
let otherClient: Client;
/** Six lessons in quarter 1. */
let j: JournalFixture;
/** Two lessons in quarter 1 (closed below) and two in quarter 2. */
let k: JournalFixture;

const db = () => t.deps.db;
const scope = (x: JournalFixture, grade = 5) => `subjectId=${x.subjectId}&grade=${grade}&yearId=${x.yearId}`;
const upload = (client: Client, x: JournalFixture, name: string, bytes: Buffer) => {
  const { body, contentType } = multipart(name, bytes);
  return client.request('POST', `/api/v1/topic-plans?${scope(x)}`, body, { 'content-type': contentType });
};
const csv = (text: string) => Buffer.from(text, 'utf8');
async function xlsx(rows: Array<Array<string | number | null>>) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('КТП');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const topics = async (x: JournalFixture) =>
  (
    await db()
      .selectFrom('lessons')
      .where('schoolId', '=', a.school.id)
      .where('classId', '=', x.classId)
      .where('subjectId', '=', x.subjectId)
      .select(['id', 'topic'])
      .orderBy('date')
      .orderBy('lessonNumber')
      .execute()
  ).map((l) => l.topic);
const setLocale = (personId: number, locale: 'kk' | 'ru' | 'en') =>
  db().updateTable('accounts').set({ locale }).where('personId', '=', personId).execute();
const audit = (action: string) =>
  db()
    .selectFrom('auditEvents')
    .where('institutionId', '=', a.school.id)
    .where('action', '=', action)
    .select(['subjectId', 'before', 'after'])
    .orderBy('id')
    .execute();

beforeAll(async () => {
  t = await createTestApp();
  a = await createTenant(db(), t.deps.hasher);
  admin = await signIn(t.app, a.people.schoolAdmin.username, a.people.schoolAdmin.password);
  teacher = await signIn(t.app, a.people.teacher.username, a.people.teacher.password);
  j = await createJournal(db(), t.deps.hasher, {
    schoolId: a.school.id,
    teacherPersonId: a.people.teacher.personId,
    students: 1,
    lessons: 6,
  });
  k = await createJournal(db(), t.deps.hasher, {
    schoolId: a.school.id,
    teacherPersonId: a.people.teacher.personId,
    students: 1,
    lessons: 2,
    yearId: j.yearId,
  });
  const q2 = await db()
    .selectFrom('academicPeriods')
    .where('schoolId', '=', a.school.id)
    .where('yearId', '=', j.yearId)
    .where('kind', '=', 'quarter')
    .where('number', '=', 2)
    .select(['id', 'startsOn'])
    .executeTakeFirstOrThrow();
  await db()
    .insertInto('lessons')
    .values(
      ['2026-11-02', '2026-11-03'].map((date) => ({
        schoolId: a.school.id,
        yearId: j.yearId,
        periodId: q2.id,
        date,
        shift: 1,
        lessonNumber: 2,
        classId: k.classId,
        subjectId: k.subjectId,
        teacherPersonId: a.people.teacher.personId,
      })),
    )
    .execute();
  // A teacher of another subject in the same grade.
  other = await createPerson(db(), t.deps.hasher, {
    institutionId: a.school.id,
    profile: 'school_employee',
    roles: ['teacher'],
  });
  await createAssignment(db(), {
    schoolId: a.school.id,
    yearId: j.yearId,
    classId: j.classId,
    subjectId: await createSubject(db(), a.school.id, 'Other subject'),
    teacherPersonId: other.personId,
  });
  otherClient = await signIn(t.app, other.username, other.password);
});
afterAll(async () => {
  await t.close();
});

describe('topic plans: upload', () => {
  it('reads kk, ru and en headers from CSV and XLSX, with a title line above and hours defaulting to 1', async () => {
    const kk = await upload(teacher, j, 'ktp-kk.csv', csv('№;Тақырып;Сағат саны\n1;Натурал сандар;2\n2;Бөлшектер;\n'));
    expect(kk.statusCode, kk.body).toBe(201);
    expect(kk.json()).toMatchObject({
      title: 'ktp-kk',
      totalHours: 3,
      items: [
        { position: 1, topic: 'Натурал сандар', hours: 2 },
        { position: 2, topic: 'Бөлшектер', hours: 1 },
      ],
    });
    const ru = await upload(
      teacher,
      j,
      'ktp-ru.xlsx',
      await xlsx([['КТП по математике, 5 класс'], ['№ п/п', 'Тема урока', 'Кол-во часов'], [1, 'Дроби', 3]]),
    );
    expect(ru.statusCode, ru.body).toBe(201);
    expect(ru.json().items).toEqual([{ position: 1, topic: 'Дроби', hours: 3 }]);
    // A title line that mentions «тематический» above a single «Тема» column.
    const single = await upload(
      teacher,
      j,
      'ktp-title.xlsx',
      await xlsx([['Календарно-тематический план'], [], ['Тема'], ['Часть речи'], ['Имя существительное']]),
    );
    expect(single.statusCode, single.body).toBe(201);
    expect(single.json().items).toEqual([
      { position: 1, topic: 'Часть речи', hours: 1 },
      { position: 2, topic: 'Имя существительное', hours: 1 },
    ]);
    const en = await upload(teacher, j, 'plan.csv', csv('Topic,Hours\nFractions,1\n"Decimals, part 1",2\n'));
    expect(en.statusCode, en.body).toBe(201);
    expect(en.json().items).toEqual([
      { position: 1, topic: 'Fractions', hours: 1 },
      { position: 2, topic: 'Decimals, part 1', hours: 2 },
    ]);
    // One plan per subject × grade × year: each upload replaced it (same id), audited with what it replaced.
    expect(new Set([kk.json().id, ru.json().id, single.json().id, en.json().id]).size).toBe(1);
    expect((await audit('journal.topicPlanUploaded')).length).toBe(1);
    const replaced = await audit('journal.topicPlanReplaced');
    expect(replaced).toHaveLength(3);
    expect(replaced[0]).toMatchObject({ before: { topics: 2, hours: 3 }, after: { topics: 1, hours: 3 } });
    const got = await teacher.get(`/api/v1/topic-plans?${scope(j)}`);
    expect(got.json().plan).toMatchObject({ id: en.json().id, totalHours: 3, grade: 5 });
    // Without a yearId: the current school year (the test clock, 1 October 2026, is inside 2026–27).
    const current = await teacher.get(`/api/v1/topic-plans?subjectId=${j.subjectId}&grade=5`);
    expect(current.json().plan).toMatchObject({ id: en.json().id, yearId: j.yearId });
    // Another grade has no plan yet.
    expect((await teacher.get(`/api/v1/topic-plans?${scope(j, 6)}`)).json()).toEqual({ plan: null });
  });

  it('refuses a file with bad rows, naming every row in the caller’s language; nothing is stored', async () => {
    await setLocale(a.people.teacher.personId, 'ru');
    const before = (await teacher.get(`/api/v1/topic-plans?${scope(j)}`)).json().plan;
    const res = await upload(
      teacher,
      j,
      'bad.csv',
      csv('№;Тема;Часы\n1;Дроби;1\n2;;1\n3;Проценты;11\n4;Уравнения;два\n'),
    );
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.code).toBe('topicPlans.invalidRows');
    expect(body.message).toContain('3');
    expect(body.issues.map((i: { path: string }) => i.path)).toEqual(['row.3', 'row.4', 'row.5']);
    expect(body.issues[0].message).toBe('Строка 3: тема не заполнена.');
    expect(body.issues[1].message).toContain('Строка 4');
    expect(body.issues[2].message).toContain('«два»');
    expect((await teacher.get(`/api/v1/topic-plans?${scope(j)}`)).json().plan).toEqual(before);

    const many = ['Тема', ...Array.from({ length: 401 }, (_, i) => `Тема ${i + 1}`)].join('\n');
    const tooMany = await upload(teacher, j, 'many.csv', csv(many));
    expect(tooMany.statusCode).toBe(422);
    expect(tooMany.json().code).toBe('topicPlans.tooManyRows');
    const noTopic = await upload(teacher, j, 'x.csv', csv('Name;Date\nA;B\n'));
    expect(noTopic.json().code).toBe('topicPlans.noTopicColumn');
    await setLocale(a.people.teacher.personId, 'kk');
  });

  it('a teacher of another subject is refused; an administrator may upload', async () => {
    const res = await upload(otherClient, j, 'ktp.csv', csv('Тақырып\nA\n'));
    expect(res.statusCode).toBe(403);
    const plan = (await teacher.get(`/api/v1/topic-plans?${scope(j)}`)).json().plan;
    expect((await otherClient.delete(`/api/v1/topic-plans/${plan.id}`)).statusCode).toBe(403);
    expect((await otherClient.post(`/api/v1/journal/${j.assignmentId}/topic-plan/apply`, {})).statusCode).toBe(403);
    const byAdmin = await upload(admin, k, 'ktp.csv', csv('Тақырып;Сағат\nK1;1\nK2;1\nK3;1\nK4;1\nK5;1\n'));
    expect(byAdmin.statusCode, byAdmin.body).toBe(201);
  });
});

describe('topic plans: applied to a journal', () => {
  it('fills only empty topics by default, a 2-hour topic covering two lessons; overwrite from a date', async () => {
    const plan = await upload(teacher, j, 'ktp.csv', csv('№;Тақырып;Сағат\n1;A;2\n2;B;1\n3;C;2\n4;D;1\n5;E;1\n'));
    expect(plan.statusCode, plan.body).toBe(201);
    const planId = plan.json().id;
    // The teacher already typed the second lesson's topic.
    expect((await teacher.put(`/api/v1/lessons/${j.lessons[1]!.id}/topic`, { topic: 'Own' })).statusCode).toBe(200);
    const auditBefore = (await audit('journal.topicSet')).length;

    const res = await teacher.post(`/api/v1/journal/${j.assignmentId}/topic-plan/apply`, {});
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ filled: 5, skippedClosed: 0, covered: 6, lessons: 6 });
    expect(await topics(j)).toEqual(['A', 'Own', 'B', 'C', 'C', 'D']);
    // One topicSet per changed lesson (like setTopic) and a summary.
    const sets = (await audit('journal.topicSet')).slice(auditBefore);
    expect(sets).toHaveLength(5);
    expect(sets[0]).toMatchObject({
      subjectId: j.lessons[0]!.id,
      before: { topic: null },
      after: { topic: 'A', planId },
    });
    expect(await audit('journal.topicPlanApplied')).toMatchObject([
      { subjectId: j.assignmentId, after: { planId, filled: 5, overwriteFrom: null } },
    ]);
    // The grid sees the change.
    const grid = (await teacher.get(`/api/v1/journal/${j.assignmentId}`)).json();
    expect(grid.lessons.map((l: { topic: string | null }) => l.topic)).toEqual(['A', 'Own', 'B', 'C', 'C', 'D']);

    // Again: nothing left to fill.
    expect((await teacher.post(`/api/v1/journal/${j.assignmentId}/topic-plan/apply`, {})).json().filled).toBe(0);
    // Overwrite from the second lesson's date: only 'Own' differs from the plan.
    const over = await teacher.post(`/api/v1/journal/${j.assignmentId}/topic-plan/apply`, {
      overwriteFrom: j.lessons[1]!.date,
    });
    expect(over.json()).toMatchObject({ filled: 1 });
    expect(await topics(j)).toEqual(['A', 'A', 'B', 'C', 'C', 'D']);
  });

  it('skips lessons of a closed period and fills the rest in place', async () => {
    const q1 = k.q1.id;
    expect((await admin.post(`/api/v1/journal/periods/${q1}/close`, { classId: k.classId })).statusCode).toBe(200);
    const res = await teacher.post(`/api/v1/journal/${k.assignmentId}/topic-plan/apply`, {});
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ filled: 2, skippedClosed: 2, covered: 4, lessons: 4 });
    expect(await topics(k)).toEqual([null, null, 'K3', 'K4']);
  });

  it('without a plan: a clear 409; deleting a plan keeps the topics it filled', async () => {
    const plan = (await teacher.get(`/api/v1/topic-plans?${scope(j)}`)).json().plan;
    expect((await teacher.delete(`/api/v1/topic-plans/${plan.id}`)).statusCode).toBe(200);
    expect((await teacher.get(`/api/v1/topic-plans?${scope(j)}`)).json().plan).toBeNull();
    expect(await audit('journal.topicPlanDeleted')).toMatchObject([{ subjectId: plan.id }]);
    expect(await topics(j)).toEqual(['A', 'A', 'B', 'C', 'C', 'D']);
    const res = await teacher.post(`/api/v1/journal/${j.assignmentId}/topic-plan/apply`, {});
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('topicPlans.noPlan');
  });
});
