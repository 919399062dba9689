import { zDiaryWeek } from '@common/schemas/diary.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkGuardian, type Tenant } from '../../test/factories.js';
import { type Client, signIn, type TestApp } from '../../test/harness.js';
import { createJournal, type JournalFixture } from '../journal/journal.fixtures.js';
import { periodAssignments } from '../journal/period-assignments.js';
import { computeTermResults } from '../journal/term-results.js';
import { countStatements, diaryTenants, ok } from './diary.fixtures.js';
import { diaryWeek } from './week.service.js';

let t: TestApp;
let a: Tenant;
let b: Tenant;
let admin: Client;
let teacher: Client;
let parent: Client;
let student: Client;
let j: JournalFixture;
/** The parent's second child, at school b. */
let jb: JournalFixture;
let homeworkId: number;
let sochId: number;

const db = () => t.deps.db;
const as = (p: { username: string; password: string }) => signIn(t.app, p.username, p.password);
const st = () => j.students[0]!.personId;
const ls = (i: number) => j.lessons[i]!.id;
const jurl = (rest = '') => `/api/v1/journal/${j.assignmentId}${rest}`;

beforeAll(async () => {
  ({ t, a, b, admin, teacher, j } = await diaryTenants({ students: 2, lessons: 12 }));
  jb = await createJournal(db(), t.deps.hasher, {
    schoolId: b.school.id,
    teacherPersonId: b.people.teacher.personId,
    students: 1,
    lessons: 3,
  });
  // The tenant's parent: a child in school a (besides the tenant's own student) and one in school b.
  await linkGuardian(db(), a.school.id, a.people.parent.personId, st());
  await db()
    .insertInto('memberships')
    .values({
      institutionId: b.school.id,
      personId: a.people.parent.personId,
      profile: 'parent',
      roles: [],
      isAdmin: false,
      startsOn: '2020-09-01',
    })
    .execute();
  await linkGuardian(db(), b.school.id, a.people.parent.personId, jb.students[0]!.personId);
  parent = await as(a.people.parent);
  student = await as(j.students[0]!);

  // The journal, written through its API: ФО 8 then corrected to 9 (a changed mark), ФО 7, an absence,
  // homework due two days later, a cancelled lesson, a СОр 15/20 and a СОч (out of 40) not written yet.
  await ok(
    teacher.put(jurl('/marks'), {
      cells: [
        { studentId: st(), lessonId: ls(0), value: 8, comment: 'Жақсы', expectedVersion: null },
        { studentId: st(), lessonId: ls(3), value: 7, expectedVersion: null },
      ],
    }),
  );
  await ok(
    teacher.put(jurl('/marks'), { cells: [{ studentId: st(), lessonId: ls(0), value: 9, expectedVersion: 1 }] }),
  );
  await ok(
    teacher.put(jurl('/attendance'), {
      cells: [{ studentId: st(), lessonId: ls(1), code: 'absent', expectedVersion: null }],
    }),
  );
  await ok(teacher.put(`/api/v1/lessons/${ls(0)}/homework`, { text: 'Есеп 5', dueDate: '2026-09-03' }));
  homeworkId = (await db().selectFrom('homework').where('lessonId', '=', ls(0)).select('id').executeTakeFirstOrThrow())
    .id;
  // A file on the homework (stored as the journal's upload stores it).
  await db()
    .insertInto('homeworkAttachments')
    .values({
      schoolId: a.school.id,
      lessonId: ls(0),
      homeworkId,
      fileName: 'есеп.pdf',
      contentType: 'application/pdf',
      size: 4,
      bytes: new Uint8Array([37, 80, 68, 70]),
      createdBy: a.people.teacher.personId,
    })
    .execute();
  await ok(admin.post(`/api/v1/lessons/${ls(2)}/cancel`, { note: 'Мұғалім ауырып қалды' }));
  const sor = await ok(
    teacher.post(jurl('/works'), { kind: 'sor', title: 'БЖБ 1', maxScore: 20, date: '2026-09-04' }),
    201,
  );
  await ok(
    teacher.put(jurl('/marks'), {
      cells: [{ studentId: st(), workId: sor.json().id, value: 15, expectedVersion: null }],
    }),
  );
  sochId = (
    await ok(teacher.post(jurl('/works'), { kind: 'soch', title: 'ТЖБ', maxScore: 40, date: '2026-09-08' }), 201)
  ).json().id;
});
afterAll(async () => {
  await t.close();
});

describe('whose diary', () => {
  it('a student reads themself, a parent their current children in every school, staff nobody', async () => {
    const mine = (await ok(student.get('/api/v1/diary/students'))).json().items;
    expect(mine).toEqual([expect.objectContaining({ personId: st(), schoolId: a.school.id, self: true })]);
    const children = (await ok(parent.get('/api/v1/diary/students'))).json().items;
    expect(children.map((c: { personId: number; schoolId: number }) => [c.personId, c.schoolId]).sort()).toEqual(
      [
        [st(), a.school.id],
        [a.people.student.personId, a.school.id],
        [jb.students[0]!.personId, b.school.id],
      ].sort(),
    );
    expect(children.every((c: { self: boolean }) => !c.self)).toBe(true);
    expect(children.find((c: { personId: number }) => c.personId === st()).classLabel).toMatch(/^5/);
    expect((await ok(teacher.get('/api/v1/diary/students'))).json().items).toEqual([]);
  });
});

describe('week', () => {
  it('shows lessons with marks, attendance, homework set and due, a cancelled lesson and a work', async () => {
    const week = (await ok(parent.get(`/api/v1/diary/${st()}/week?date=2026-09-02`))).json();
    expect(week).toMatchObject({ from: '2026-08-31', to: '2026-09-06', today: '2026-10-01' });
    expect(week.days.map((d: { date: string }) => d.date)).toEqual([
      '2026-08-31',
      '2026-09-01',
      '2026-09-02',
      '2026-09-03',
      '2026-09-04',
      '2026-09-05',
      '2026-09-06',
    ]);
    const [mon, tue, wed, thu, fri] = week.days;
    expect(mon.lessons).toEqual([]);
    expect(tue.lessons).toHaveLength(1);
    expect(tue.lessons[0]).toMatchObject({
      id: ls(0),
      number: 2,
      cancelled: false,
      substitute: null,
      mark: { value: 9, comment: 'Жақсы', changed: true },
      attendance: null,
      homework: {
        id: homeworkId,
        text: 'Есеп 5',
        dueDate: '2026-09-03',
        done: false,
        attachments: [{ id: expect.any(Number), fileName: 'есеп.pdf', size: 4, contentType: 'application/pdf' }],
      },
    });
    expect(wed.lessons[0]).toMatchObject({ id: ls(1), mark: null, attendance: 'absent', homework: null });
    expect(thu.lessons[0]).toMatchObject({ id: ls(2), cancelled: true });
    expect(thu.homeworkDue).toEqual([expect.objectContaining({ id: homeworkId, setOn: '2026-09-01' })]);
    expect(fri.lessons[0].mark).toMatchObject({ value: 7, changed: false });
    expect(fri.works).toEqual([
      expect.objectContaining({ kind: 'sor', title: 'БЖБ 1', maxScore: 20, score: 15, changed: false }),
    ]);
    // The student's own view is the same week.
    const own = (await ok(student.get(`/api/v1/diary/${st()}/week?date=2026-09-02`))).json();
    expect(own.days[1].lessons[0].mark.value).toBe(9);
    // The other student of the class sees none of it.
    const other = await as(j.students[1]!);
    expect((await other.get(`/api/v1/diary/${st()}/week`)).statusCode).toBe(404);
  });

  it('reads a fixed number of statements whatever the number of lessons', async () => {
    const one = await createJournal(db(), t.deps.hasher, {
      schoolId: a.school.id,
      teacherPersonId: a.people.teacher.personId,
      yearId: j.yearId,
      students: 1,
      lessons: 1,
    });
    const many = await createJournal(db(), t.deps.hasher, {
      schoolId: a.school.id,
      teacherPersonId: a.people.teacher.personId,
      yearId: j.yearId,
      students: 1,
      lessons: 30,
      perDay: 8,
    });
    // Marks, attendance and homework on every lesson of the big week.
    const tm = (f: JournalFixture) => `/api/v1/journal/${f.assignmentId}`;
    const manyStudent = many.students[0]!.personId;
    await ok(
      teacher.put(`${tm(many)}/marks`, {
        cells: many.lessons.map((l) => ({ studentId: manyStudent, lessonId: l.id, value: 6, expectedVersion: null })),
      }),
    );
    await ok(
      teacher.put(`${tm(many)}/attendance`, {
        cells: many.lessons.map((l) => ({
          studentId: manyStudent,
          lessonId: l.id,
          code: 'late',
          expectedVersion: null,
        })),
      }),
    );
    for (const l of many.lessons.slice(0, 5))
      await ok(teacher.put(`/api/v1/lessons/${l.id}/homework`, { text: 'Оқу', dueDate: '2026-09-04' }));

    const counted = async (f: JournalFixture) => {
      const personId = f.students[0]!.personId;
      const { result: week, statements } = await countStatements(t, personId, (deps, actor) =>
        diaryWeek(deps, actor, personId, '2026-09-01'),
      );
      return { statements, lessons: week.days.reduce((n, d) => n + d.lessons.length, 0) };
    };
    const small = await counted(one);
    const big = await counted(many);
    expect(small.lessons).toBe(1);
    expect(big.lessons).toBe(30);
    expect(big.statements).toBe(small.statements);
    // One: the access check, the lessons (marks, attendance, homework), the homework due and the works, as JSON.
    expect(big.statements).toBe(1);
  });

  it('sends exactly the documented shape (the JSON comes from the database, past the response serialiser)', async () => {
    for (const [client, date] of [
      [parent, '2026-09-02'],
      [student, '2026-09-09'],
      [parent, undefined],
    ] as const) {
      const res = await ok(client.get(`/api/v1/diary/${st()}/week${date ? `?date=${date}` : ''}`));
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      const week = res.json();
      // parse() drops keys the schema does not know and fails on a wrong type: equal means neither happened.
      expect(zDiaryWeek.parse(week)).toEqual(week);
    }
    expect((await parent.get(`/api/v1/diary/${j.students[1]!.personId}/week`)).statusCode).toBe(404);
  });
});

describe('marks by subject', () => {
  it('lists every mark, the running result of the engine and the СОч needed for each grade', async () => {
    const res = (await ok(parent.get(`/api/v1/diary/${st()}/subjects`))).json();
    expect(res.period).toMatchObject({ id: j.q1.id, closed: false });
    const s = res.subjects.find((x: { assignmentId: number }) => x.assignmentId === j.assignmentId);
    expect(s.fo.map((m: { value: number }) => m.value)).toEqual([9, 7]);
    expect(s.fo[0]).toMatchObject({ date: '2026-09-01', comment: 'Жақсы', changed: true });
    expect(s.works).toEqual([
      expect.objectContaining({ kind: 'sor', score: 15, maxScore: 20 }),
      expect.objectContaining({ id: sochId, kind: 'soch', score: null, maxScore: 40 }),
    ]);
    // ФО mean 8 → 80 %; СОр 15/20 → 75 %; no СОч yet: 50/50 → 77.5 % → «4» (provisional).
    expect(s.parts).toEqual({ fo: 80, sor: 75, soch: null });
    expect(s).toMatchObject({ percent: 77.5, grade: '4', status: 'provisional', termGrade: null });
    // With the СОч: 25·0.8 + 25·0.75 = 38.75 so far. «3»: 38.75 + 50·1/40 = 40; «4»: 21/40 → 65 (20/40 → 63.75);
    // «5»: 37/40 → 85 (36/40 → 83.75).
    expect(s.projection).toEqual({ workId: sochId, max: 40, needed: { 3: 1, 4: 21, 5: 37 } });

    // The same numbers as the engine over the stored marks (term-results.ts, running: atClose = false).
    const period = { ...j.q1, kind: j.q1.kind as string };
    const assignments = await periodAssignments(db(), a.school.id, period, [j.classId]);
    const engine = (await computeTermResults(db(), a.school.id, period, assignments, false)).find(
      (r) => r.assignmentId === j.assignmentId && r.studentPersonId === st(),
    );
    expect(engine).toMatchObject({ percent: s.percent, grade: s.grade, status: s.status });
  });

  it('shows the fixed term grade once the period is closed', async () => {
    await ok(
      teacher.put(jurl('/marks'), { cells: [{ studentId: st(), workId: sochId, value: 31, expectedVersion: null }] }),
    );
    const running = (await ok(student.get(`/api/v1/diary/${st()}/subjects`))).json();
    const r = running.subjects.find((x: { assignmentId: number }) => x.assignmentId === j.assignmentId);
    // 20 + 18.75 + 50·31/40 (38.75) = 77.5 → «4»; nothing left to project.
    expect(r).toMatchObject({ percent: 77.5, grade: '4', status: 'graded', projection: null });

    await ok(admin.post(`/api/v1/journal/periods/${j.q1.id}/close`, { classId: j.classId }));
    const closed = (await ok(parent.get(`/api/v1/diary/${st()}/subjects?periodId=${j.q1.id}`))).json();
    expect(closed.period).toMatchObject({ id: j.q1.id, closed: true });
    const c = closed.subjects.find((x: { assignmentId: number }) => x.assignmentId === j.assignmentId);
    expect(c.termGrade).toEqual({ grade: '4', status: 'graded' });
    const yearRow = closed.year.find((y: { subject: string }) => y.subject === c.subject);
    expect(yearRow.terms[0]).toEqual({ periodId: j.q1.id, grade: '4', status: 'graded' });
    expect(yearRow.terms.slice(1)).toEqual([null, null, null]);
    expect(yearRow.year).toBeNull();
    await ok(admin.post(`/api/v1/journal/periods/${j.q1.id}/reopen`, { classId: j.classId, reason: 'тест' }));
  });
});

describe('homework', () => {
  it('lists overdue homework, lets the student tick it, and refuses the parent the tick', async () => {
    const url = `/api/v1/diary/${st()}/homework`;
    const overdue = (await ok(parent.get(`${url}?status=overdue`))).json().items;
    expect(overdue).toEqual([expect.objectContaining({ id: homeworkId, dueDate: '2026-09-03', done: false })]);
    expect((await ok(parent.get(`${url}?status=due`))).json().items).toEqual([]);
    expect((await parent.put(`${url}/${homeworkId}/done`, { done: true })).statusCode).toBe(403);
    expect((await ok(student.put(`${url}/${homeworkId}/done`, { done: true }))).json()).toEqual({
      homeworkId,
      done: true,
    });
    expect((await ok(parent.get(`${url}?status=done`))).json().items).toEqual([
      expect.objectContaining({ id: homeworkId, done: true }),
    ]);
    expect((await ok(parent.get(`${url}?status=overdue`))).json().items).toEqual([]);
    const week = (await ok(student.get(`/api/v1/diary/${st()}/week?date=2026-09-01`))).json();
    expect(week.days[1].lessons[0].homework.done).toBe(true);
    await ok(student.put(`${url}/${homeworkId}/done`, { done: false }));
    expect((await ok(parent.get(`${url}?status=overdue`))).json().items).toHaveLength(1);
    // Another school's homework id through the student's own id: not theirs.
    const foreign = await db()
      .selectFrom('homework')
      .where('schoolId', '=', b.school.id)
      .select('id')
      .executeTakeFirst();
    if (foreign) expect((await student.put(`${url}/${foreign.id}/done`, { done: true })).statusCode).toBe(404);
    expect((await student.get(`${url}?from=2026-09-10&to=2026-09-01`)).statusCode).toBe(422);
  });
});

describe('who may read which child', () => {
  const routes = (id: number, hw = homeworkId) =>
    [
      ['GET', `/api/v1/diary/${id}/week`],
      ['GET', `/api/v1/diary/${id}/week?date=2026-09-01`],
      ['GET', `/api/v1/diary/${id}/subjects`],
      ['GET', `/api/v1/diary/${id}/homework`],
      ['PUT', `/api/v1/diary/${id}/homework/${hw}/done`],
    ] as const;
  const status = (c: Client, method: 'GET' | 'PUT', url: string) =>
    method === 'GET' ? c.get(url) : c.put(url, { done: true });

  it("reads each child at the child's own school", async () => {
    const childB = jb.students[0]!.personId;
    const weekB = (await ok(parent.get(`/api/v1/diary/${childB}/week?date=2026-09-01`))).json();
    const lessonIds = weekB.days.flatMap((d: { lessons: { id: number }[] }) => d.lessons.map((l) => l.id));
    expect(lessonIds).toEqual(jb.lessons.map((l) => l.id));
    const weekA = (await ok(parent.get(`/api/v1/diary/${st()}/week?date=2026-09-01`))).json();
    const idsA = weekA.days.flatMap((d: { lessons: { id: number }[] }) => d.lessons.map((l) => l.id));
    expect(idsA.some((id: number) => lessonIds.includes(id))).toBe(false);
  });

  it('answers 404 on every route for a child not linked to the parent, in either school', async () => {
    const strangers = [j.students[1]!.personId, b.people.student.personId, a.people.teacher.personId];
    for (const id of strangers)
      for (const [method, url] of routes(id)) expect((await status(parent, method, url)).statusCode, url).toBe(404);
    // A student of school b reads none of school a's children, nor their own homework tick route with a's ids.
    const bStudent = await as(b.people.student);
    for (const [method, url] of routes(st())) expect((await status(bStudent, method, url)).statusCode, url).toBe(404);
    const bParent = await as(b.people.parent);
    for (const [method, url] of routes(jb.students[0]!.personId))
      expect((await status(bParent, method, url)).statusCode, url).toBe(404);
  });

  it('a parent whose link ended loses access on every route', async () => {
    const childB = jb.students[0]!.personId;
    expect((await parent.get(`/api/v1/diary/${childB}/week`)).statusCode).toBe(200);
    await db()
      .deleteFrom('guardianships')
      .where('institutionId', '=', b.school.id)
      .where('parentPersonId', '=', a.people.parent.personId)
      .where('childPersonId', '=', childB)
      .execute();
    for (const [method, url] of routes(childB)) expect((await status(parent, method, url)).statusCode, url).toBe(404);
    const list = (await ok(parent.get('/api/v1/diary/students'))).json().items;
    expect(list.map((c: { personId: number }) => c.personId)).not.toContain(childB);
  });
});
