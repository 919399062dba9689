import type { Profile } from '@common/enums.js';
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGION_IDS } from '../../db/migrations/0002_reference_institutions.js';
import { createPerson, createTenant, type Tenant } from '../../test/factories.js';
import { type Client, createTestApp, signIn, type TestApp } from '../../test/harness.js';
import { seedDemoClasses } from './classes.demo.js';
import { enrollStudents } from './classes.enrollment.js';
import { closeYear, createYear } from './classes.fixtures.js';
import { classRoster, findClass, studentClassOn } from './classes.queries.js';

let t: TestApp;
let a: Tenant;
let b: Tenant;
let adminA: Client;
let adminB: Client;
let yearA: number;
let yearB: number;
beforeAll(async () => {
  t = await createTestApp();
  a = await createTenant(t.deps.db, t.deps.hasher);
  b = await createTenant(t.deps.db, t.deps.hasher, REGION_IDS[1]);
  adminA = await signIn(t.app, a.people.schoolAdmin.username, a.people.schoolAdmin.password);
  adminB = await signIn(t.app, b.people.schoolAdmin.username, b.people.schoolAdmin.password);
  yearA = (await createYear(t.deps.db, a.school.id)).id;
  yearB = (await createYear(t.deps.db, b.school.id)).id;
});
afterAll(() => t.close());

const db = () => t.deps.db;
const person = (institutionId: number, profile: Profile, extra: Partial<Parameters<typeof createPerson>[2]> = {}) =>
  createPerson(t.deps.db, t.deps.hasher, { institutionId, profile, ...extra });
const students = async (n: number, institutionId = a.school.id) => {
  const list = [];
  for (let i = 0; i < n; i++) list.push(await person(institutionId, 'student'));
  return list.map((s) => s.personId);
};
let letterSeq = 0;
const LETTERS = ['А', 'Б', 'В', 'Г', 'Ғ', 'Д', 'Е', 'Ж', 'З', 'И', 'К', 'Қ', 'Л', 'М', 'Н', 'Ң', 'О', 'Ө', 'П'];
/** A fresh class of school A (a new grade/letter each time). */
async function newClass(client = adminA, yearId = yearA, extra: Record<string, unknown> = {}) {
  const n = letterSeq++;
  const res = await client.post('/api/v1/classes', {
    yearId,
    grade: (n % 12) + 1,
    letter: LETTERS[Math.floor(n / 12) % LETTERS.length],
    language: 'kk',
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; name: string; letter: string };
}
const enrollmentsOf = (personId: number) =>
  db()
    .selectFrom('classEnrollments')
    .where('studentPersonId', '=', personId)
    .select(['schoolId', 'classId', 'startsOn', 'endsOn', 'endReason'])
    .orderBy('startsOn')
    .orderBy('id')
    .execute();

describe('classes', () => {
  it('creates «5 Ә» in Kazakh from a lower-case letter, lists it, and refuses the same class twice', async () => {
    const res = await adminA.post('/api/v1/classes', {
      yearId: yearA,
      grade: 5,
      letter: 'ә',
      language: 'kk',
      shift: 2,
      classTeacherPersonId: a.people.teacher.personId,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      grade: 5,
      letter: 'Ә',
      name: '5 Ә',
      language: 'kk',
      shift: 2,
      classTeacher: { personId: a.people.teacher.personId },
      studentCount: 0,
      overCapacity: false,
      roster: [],
    });
    const list = await adminA.get(`/api/v1/classes?yearId=${yearA}`);
    expect(list.json().items.map((c: { name: string }) => c.name)).toContain('5 Ә');
    const again = await adminA.post('/api/v1/classes', { yearId: yearA, grade: 5, letter: 'Ә', language: 'ru' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('classes.exists');

    const audit = await db()
      .selectFrom('auditEvents')
      .where('institutionId', '=', a.school.id)
      .where('action', '=', 'class.created')
      .where('subjectId', '=', res.json().id)
      .select(['actorPersonId', 'after'])
      .execute();
    expect(audit).toMatchObject([{ actorPersonId: adminA.personId, after: { letter: 'Ә', grade: 5 } }]);
  });

  it('accepts letters of any alphabet and other languages of instruction, and refuses digits and bad grades', async () => {
    for (const [letter, language] of [
      ['ІТ', 'ug'],
      ['B', 'en'],
      ['Ў', 'uz'],
    ] as const) {
      const res = await adminA.post('/api/v1/classes', { yearId: yearA, grade: 11, letter, language });
      expect(res.statusCode, `${letter} ${res.body}`).toBe(201);
      expect(res.json().letter).toBe(letter);
    }
    for (const body of [
      { yearId: yearA, grade: 7, letter: '7', language: 'kk' },
      { yearId: yearA, grade: 7, letter: 'ABC', language: 'kk' },
      { yearId: yearA, grade: 13, letter: 'А', language: 'kk' },
      { yearId: yearA, grade: 7, letter: 'А', language: 'Kazakh' },
    ]) {
      const res = await adminA.post('/api/v1/classes', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
  });

  it('requires the class teacher to work at the school', async () => {
    const student = await person(a.school.id, 'student');
    for (const id of [student.personId, b.people.teacher.personId]) {
      const res = await adminA.post('/api/v1/classes', {
        yearId: yearA,
        grade: 3,
        letter: 'Я',
        language: 'ru',
        classTeacherPersonId: id,
      });
      expect(res.statusCode).toBe(422);
      expect(res.json().code).toBe('classes.notEmployee');
    }
    const cls = await newClass();
    const patched = await adminA.patch(`/api/v1/classes/${cls.id}`, {
      classTeacherPersonId: a.people.teacher.personId,
      language: 'ru',
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ language: 'ru', classTeacher: { personId: a.people.teacher.personId } });
  });

  it('enrols students, warns above 25 without refusing, and audits each one', async () => {
    const cls = await newClass();
    const ids = await students(26);
    const res = await adminA.post(`/api/v1/classes/${cls.id}/students`, { personIds: ids });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ studentCount: 26, overCapacity: true, unchanged: [], moved: [] });
    expect(res.json().enrolled).toHaveLength(26);
    expect(res.json().warnings).toEqual([{ code: 'classes.overCapacity', message: expect.stringContaining('26') }]);

    const detail = (await adminA.get(`/api/v1/classes/${cls.id}`)).json();
    expect(detail).toMatchObject({ studentCount: 26, overCapacity: true });
    expect(detail.roster).toHaveLength(26);
    expect(detail.warnings[0].code).toBe('classes.overCapacity');
    const listed = (await adminA.get(`/api/v1/classes?yearId=${yearA}`))
      .json()
      .items.find((c: { id: number }) => c.id === cls.id);
    expect(listed).toMatchObject({ studentCount: 26, overCapacity: true });

    const audit = await db()
      .selectFrom('auditEvents')
      .where('institutionId', '=', a.school.id)
      .where('action', '=', 'class.enrolled')
      .where('subjectId', 'in', ids)
      .select(['subjectId', 'after'])
      .execute();
    expect(audit).toHaveLength(26);
    expect(audit[0]!.after).toEqual({ classId: cls.id, yearId: yearA, startsOn: '2026-10-01' });

    // Enrolling the same students again changes nothing.
    const again = await adminA.post(`/api/v1/classes/${cls.id}/students`, { personIds: ids.slice(0, 3) });
    expect(again.json()).toMatchObject({ enrolled: [], unchanged: ids.slice(0, 3) });
  });

  it('enrols in a fixed number of statements whatever the number of students', async () => {
    let statements = 0;
    const counter: KyselyPlugin = {
      transformQuery: (args) => {
        statements++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const counted = db().withPlugin(counter);
    const origin = { actorPersonId: null, actorMembershipId: null, ip: null, userAgent: null, at: new Date() };
    const run = async (n: number) => {
      const cls = await newClass();
      const ids = await students(n);
      const from = await newClass();
      // Half of them come from another class: the move path is measured too.
      await counted
        .transaction()
        .execute((trx) => enrollStudents(trx, a.school.id, yearA, from.id, ids.slice(0, n / 2), '2026-09-01', origin));
      statements = 0;
      await counted
        .transaction()
        .execute((trx) => enrollStudents(trx, a.school.id, yearA, cls.id, ids, '2026-10-01', origin));
      return statements;
    };
    const few = await run(2);
    const many = await run(40);
    expect(few).toBeGreaterThan(4);
    expect(many).toBe(few);
    expect(many).toBeLessThanOrEqual(10);
  });

  it('moves a student between classes and keeps the history', async () => {
    const [s] = await students(1);
    const from = await newClass();
    const to = await newClass();
    await adminA.post(`/api/v1/classes/${from.id}/students`, { personIds: [s], startsOn: '2026-09-01' });
    const moved = await adminA.post(`/api/v1/classes/${to.id}/students`, { personIds: [s], startsOn: '2026-10-01' });
    expect(moved.json()).toMatchObject({ enrolled: [s], moved: [{ personId: s, fromClassId: from.id }] });
    expect(await enrollmentsOf(s!)).toEqual([
      { schoolId: a.school.id, classId: from.id, startsOn: '2026-09-01', endsOn: '2026-09-30', endReason: 'moved' },
      { schoolId: a.school.id, classId: to.id, startsOn: '2026-10-01', endsOn: null, endReason: null },
    ]);
    // The exported reads agree: on each date the student is in exactly one class.
    expect((await studentClassOn(db(), a.school.id, s!, '2026-09-15'))?.id).toBe(from.id);
    expect((await studentClassOn(db(), a.school.id, s!, '2026-10-01'))?.id).toBe(to.id);
    expect((await classRoster(db(), a.school.id, from.id, '2026-10-01')).map((r) => r.personId)).not.toContain(s);
    expect((await classRoster(db(), a.school.id, to.id, '2026-10-01')).map((r) => r.personId)).toContain(s);
    expect(await findClass(db(), b.school.id, to.id)).toBeUndefined();

    const history = await adminA.get(`/api/v1/persons/${s}/class-history`);
    expect(history.json().items).toMatchObject([
      { classId: from.id, endsOn: '2026-09-30', endReason: 'moved' },
      { classId: to.id, endsOn: null },
    ]);

    // A move on the day the enrolment began replaces it (it never covered a day of its own).
    const third = await newClass();
    await adminA.post(`/api/v1/classes/${third.id}/students`, { personIds: [s], startsOn: '2026-10-01' });
    expect((await enrollmentsOf(s!)).map((e) => [e.classId, e.endsOn])).toEqual([
      [from.id, '2026-09-30'],
      [third.id, null],
    ]);
  });

  it('re-plans a move scheduled for later', async () => {
    const [s] = await students(1);
    const [a1, b1, c1] = [await newClass(), await newClass(), await newClass()];
    await adminA.post(`/api/v1/classes/${a1.id}/students`, { personIds: [s], startsOn: '2026-09-01' });
    await adminA.post(`/api/v1/classes/${b1.id}/students`, { personIds: [s], startsOn: '2027-01-11' });
    expect((await studentClassOn(db(), a.school.id, s!, '2026-11-02'))?.id).toBe(a1.id);
    // Plans change: the student goes to C from 2 November instead of to B in January.
    const res = await adminA.post(`/api/v1/classes/${c1.id}/students`, { personIds: [s], startsOn: '2026-11-02' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().moved).toEqual([{ personId: s, fromClassId: a1.id }]);
    expect((await enrollmentsOf(s!)).map((e) => [e.classId, e.startsOn, e.endsOn, e.endReason])).toEqual([
      [a1.id, '2026-09-01', '2026-11-01', 'moved'],
      [c1.id, '2026-11-02', null, null],
    ]);
  });

  it('refuses people who are not current students of the school, writing nothing', async () => {
    const cls = await newClass();
    const [ok] = await students(1);
    const foreign = b.people.student.personId;
    const leftEarlier = await person(a.school.id, 'student');
    await db()
      .updateTable('memberships')
      .set({ endsOn: '2026-09-15', endReason: 'transfer' })
      .where('id', '=', leftEarlier.membershipId)
      .execute();
    for (const bad of [foreign, a.people.teacher.personId, leftEarlier.personId]) {
      const res = await adminA.post(`/api/v1/classes/${cls.id}/students`, { personIds: [ok, bad] });
      expect(res.statusCode).toBe(422);
      expect(res.json().code).toBe('classes.notStudent');
    }
    expect(await enrollmentsOf(ok!)).toEqual([]);
    const outside = await adminA.post(`/api/v1/classes/${cls.id}/students`, {
      personIds: [ok],
      startsOn: '2027-06-01',
    });
    expect(outside.json().code).toBe('classes.dateOutsideYear');
  });

  it('lets a student leave a class, keeping the row', async () => {
    const cls = await newClass();
    const [s] = await students(1);
    await adminA.post(`/api/v1/classes/${cls.id}/students`, { personIds: [s], startsOn: '2026-09-01' });
    const left = await adminA.post(`/api/v1/classes/${cls.id}/students/${s}/leave`, {
      endsOn: '2026-10-05',
      reason: 'left_school',
    });
    expect(left.statusCode, left.body).toBe(200);
    expect(await enrollmentsOf(s!)).toMatchObject([{ endsOn: '2026-10-05', endReason: 'left_school' }]);
    const again = await adminA.post(`/api/v1/classes/${cls.id}/students/${s}/leave`, { reason: 'left_school' });
    expect(again.json().code).toBe('classes.notEnrolled');
    // Re-enrolling inside the ended stretch would rewrite history: refused.
    const overlap = await adminA.post(`/api/v1/classes/${cls.id}/students`, {
      personIds: [s],
      startsOn: '2026-10-01',
    });
    expect(overlap.json().code).toBe('classes.enrollmentOverlap');
  });

  it('ends the enrolment when the student leaves the school; the old school still reads its own rows', async () => {
    const cls = await newClass();
    const s = await person(a.school.id, 'student', { surname: 'Қасымова' });
    await adminA.post(`/api/v1/classes/${cls.id}/students`, { personIds: [s.personId], startsOn: '2026-09-01' });
    const ended = await adminA.post(`/api/v1/memberships/${s.membershipId}/end`, {
      reason: 'transfer',
      endsOn: '2026-10-01',
    });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(await enrollmentsOf(s.personId)).toMatchObject([
      { classId: cls.id, endsOn: '2026-09-30', endReason: 'left_school' },
    ]);
    const audit = await db()
      .selectFrom('auditEvents')
      .where('institutionId', '=', a.school.id)
      .where('action', '=', 'membership.ended')
      .where('subjectId', '=', s.personId)
      .select('after')
      .executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ enrollmentsEnded: 1 });

    // The student moves to school B and is enrolled there.
    await db()
      .insertInto('memberships')
      .values({ institutionId: b.school.id, personId: s.personId, profile: 'student', startsOn: '2026-10-01' })
      .execute();
    const clsB = await newClass(adminB, yearB);
    const inB = await adminB.post(`/api/v1/classes/${clsB.id}/students`, { personIds: [s.personId] });
    expect(inB.statusCode, inB.body).toBe(200);

    // Each school reads only its own rows; school A still sees what happened while the student was there.
    const fromA = (await adminA.get(`/api/v1/persons/${s.personId}/class-history`)).json().items;
    const fromB = (await adminB.get(`/api/v1/persons/${s.personId}/class-history`)).json().items;
    expect(fromA).toMatchObject([{ classId: cls.id, endReason: 'left_school' }]);
    expect(fromB).toMatchObject([{ classId: clsB.id, endsOn: null }]);
    expect(fromA).toHaveLength(1);
    expect(fromB).toHaveLength(1);
    // The old class's roster for September still lists the student; October's does not.
    const sept = (await adminA.get(`/api/v1/classes/${cls.id}?on=2026-09-15`)).json().roster;
    expect(sept.map((r: { surname: string }) => r.surname)).toContain('Қасымова');
    const oct = (await adminA.get(`/api/v1/classes/${cls.id}`)).json().roster;
    expect(oct.map((r: { personId: number }) => r.personId)).not.toContain(s.personId);
  });

  it('ends enrolments when the profile is deleted', async () => {
    const cls = await newClass();
    const s = await person(a.school.id, 'student');
    await adminA.post(`/api/v1/classes/${cls.id}/students`, { personIds: [s.personId], startsOn: '2026-09-01' });
    const res = await adminA.post(`/api/v1/persons/${s.personId}/delete`, { reason: 'created_by_mistake' });
    expect(res.statusCode, res.body).toBe(200);
    expect(await enrollmentsOf(s.personId)).toMatchObject([{ endsOn: '2026-09-30', endReason: 'left_school' }]);
  });

  it("answers 404 for another school's classes and students, and changes nothing", async () => {
    const cls = await newClass();
    const [s] = await students(1);
    await adminA.post(`/api/v1/classes/${cls.id}/students`, { personIds: [s] });
    const before = await enrollmentsOf(s!);
    const [bStudent] = await students(1, b.school.id);
    const attempts = [
      adminB.get(`/api/v1/classes/${cls.id}`),
      adminB.patch(`/api/v1/classes/${cls.id}`, { shift: 3 }),
      adminB.post(`/api/v1/classes/${cls.id}/students`, { personIds: [bStudent] }),
      adminB.post(`/api/v1/classes/${cls.id}/students/${s}/leave`, { reason: 'data_error' }),
      adminB.post(`/api/v1/classes/${cls.id}/subgroups`, { name: 'x', personIds: [] }),
      adminB.get(`/api/v1/persons/${s}/class-history`),
      adminB.post('/api/v1/classes', { yearId: yearA, grade: 1, letter: 'Ы', language: 'kk' }),
      adminB.get(`/api/v1/classes?yearId=${yearA}`),
    ];
    for (const res of await Promise.all(attempts)) expect(res.statusCode, res.body).toBe(404);
    expect(await enrollmentsOf(s!)).toEqual(before);
    expect((await findClass(db(), a.school.id, cls.id))?.shift).toBe(1);
  });

  it('lets teachers read but not change, and hides rosters from students and parents', async () => {
    const cls = await newClass();
    const [s] = await students(1);
    await adminA.post(`/api/v1/classes/${cls.id}/students`, { personIds: [s] });
    const teacher = await signIn(t.app, a.people.teacher.username, a.people.teacher.password);
    expect((await teacher.get(`/api/v1/classes/${cls.id}`)).json().roster).toHaveLength(1);
    expect(
      (await teacher.post('/api/v1/classes', { yearId: yearA, grade: 2, letter: 'Ю', language: 'kk' })).statusCode,
    ).toBe(403);
    for (const who of [a.people.student, a.people.parent]) {
      const c = await signIn(t.app, who.username, who.password);
      const res = await c.get(`/api/v1/classes/${cls.id}`);
      expect(res.statusCode).toBe(200);
      expect(res.json().roster).toEqual([]);
      expect(res.json().studentCount).toBe(1);
      expect((await c.get(`/api/v1/persons/${s}/class-history`)).statusCode).toBe(404);
    }
    // A student reads their own history, a linked parent their child's.
    const cls2 = await newClass();
    await adminA.post(`/api/v1/classes/${cls2.id}/students`, { personIds: [a.people.student.personId] });
    const own = await signIn(t.app, a.people.student.username, a.people.student.password);
    expect((await own.get(`/api/v1/persons/${a.people.student.personId}/class-history`)).json().items).toHaveLength(1);
    const parent = await signIn(t.app, a.people.parent.username, a.people.parent.password);
    expect((await parent.get(`/api/v1/persons/${a.people.student.personId}/class-history`)).json().items).toHaveLength(
      1,
    );
  });

  it('refuses every write into a closed year, and still reads it', async () => {
    const year = await createYear(db(), a.school.id, { startsOn: '2025-09-02', endsOn: '2026-05-25' });
    const cls = await newClass(adminA, year.id);
    const [s] = await students(1);
    await adminA.post(`/api/v1/classes/${cls.id}/students`, { personIds: [s], startsOn: '2025-09-02' });
    await closeYear(db(), a.school.id, year.id);
    const subject = (await adminA.post('/api/v1/subjects', { catalogueCodes: ['mathematics'] })).json().items[0];
    const writes = [
      adminA.post('/api/v1/classes', { yearId: year.id, grade: 9, letter: 'Э', language: 'kk' }),
      adminA.patch(`/api/v1/classes/${cls.id}`, { shift: 2 }),
      adminA.post(`/api/v1/classes/${cls.id}/students`, { personIds: [s], startsOn: '2026-05-01' }),
      adminA.post(`/api/v1/classes/${cls.id}/students/${s}/leave`, { endsOn: '2026-05-01', reason: 'data_error' }),
      adminA.post(`/api/v1/classes/${cls.id}/subgroups`, { name: '1', personIds: [] }),
      adminA.post('/api/v1/teaching-assignments', {
        classId: cls.id,
        subjectId: subject.id,
        teacherPersonId: a.people.teacher.personId,
      }),
    ];
    for (const res of await Promise.all(writes)) {
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json().code).toBe('schoolYear.closed');
    }
    const read = await adminA.get(`/api/v1/classes/${cls.id}`);
    expect(read.json()).toMatchObject({ yearClosed: true, studentCount: 1 });
  });
});

describe('sub-groups', () => {
  it('creates, renames and re-members a sub-group of class students only', async () => {
    const cls = await newClass();
    const ids = await students(4);
    await adminA.post(`/api/v1/classes/${cls.id}/students`, { personIds: ids });
    const [outsider] = await students(1);
    const refused = await adminA.post(`/api/v1/classes/${cls.id}/subgroups`, {
      name: '1-топ',
      personIds: [ids[0], outsider],
    });
    expect(refused.json().code).toBe('classes.notInClass');
    const created = await adminA.post(`/api/v1/classes/${cls.id}/subgroups`, {
      name: '1-топ',
      personIds: ids.slice(0, 2),
    });
    expect(created.statusCode, created.body).toBe(201);
    const group = created.json().subgroups[0];
    expect(group.members.map((m: { personId: number }) => m.personId).sort()).toEqual(ids.slice(0, 2).sort());
    const dup = await adminA.post(`/api/v1/classes/${cls.id}/subgroups`, { name: '1-топ', personIds: [] });
    expect(dup.statusCode).toBe(409);

    const patched = await adminA.patch(`/api/v1/subgroups/${group.id}`, {
      name: 'Ағылшын 1',
      personIds: ids.slice(1, 3),
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const g = patched.json().subgroups.find((x: { id: number }) => x.id === group.id);
    expect(g.name).toBe('Ағылшын 1');
    expect(g.members.map((m: { personId: number }) => m.personId).sort()).toEqual(ids.slice(1, 3).sort());
    expect((await adminA.patch(`/api/v1/subgroups/${group.id}`, { personIds: [outsider] })).statusCode).toBe(422);
    expect((await adminB.patch(`/api/v1/subgroups/${group.id}`, { name: 'x' })).statusCode).toBe(404);
    expect((await adminB.delete(`/api/v1/subgroups/${group.id}`)).statusCode).toBe(404);
  });

  it('refuses to delete a sub-group an assignment uses, then deletes it once free', async () => {
    const cls = await newClass();
    const ids = await students(2);
    await adminA.post(`/api/v1/classes/${cls.id}/students`, { personIds: ids });
    const group = (await adminA.post(`/api/v1/classes/${cls.id}/subgroups`, { name: 'A', personIds: ids })).json()
      .subgroups[0];
    const subject = (await adminA.post('/api/v1/subjects', { catalogueCodes: ['english'] })).json().items[0];
    const assignment = await adminA.post('/api/v1/teaching-assignments', {
      classId: cls.id,
      subgroupId: group.id,
      subjectId: subject.id,
      teacherPersonId: a.people.teacher.personId,
    });
    expect(assignment.statusCode, assignment.body).toBe(201);
    expect(assignment.json()).toMatchObject({ subgroupName: 'A', subjectName: { kk: 'Ағылшын тілі' } });
    const used = await adminA.delete(`/api/v1/subgroups/${group.id}`);
    expect(used.statusCode).toBe(409);
    expect(used.json().code).toBe('classes.subgroupInUse');
    expect((await adminA.delete(`/api/v1/teaching-assignments/${assignment.json().id}`)).statusCode).toBe(200);
    expect((await adminA.delete(`/api/v1/subgroups/${group.id}`)).statusCode).toBe(200);
    const audit = await db()
      .selectFrom('auditEvents')
      .where('institutionId', '=', a.school.id)
      .where('subjectId', '=', cls.id)
      .where('action', 'in', ['subgroup.created', 'subgroup.deleted', 'assignment.created', 'assignment.deleted'])
      .select('action')
      .orderBy('id')
      .execute();
    expect(audit.map((x) => x.action)).toEqual([
      'subgroup.created',
      'assignment.created',
      'assignment.deleted',
      'subgroup.deleted',
    ]);
  });
});

describe('teaching assignments', () => {
  it('allows several teachers per subject, refuses duplicates and non-staff, and filters', async () => {
    const cls = await newClass();
    const second = await person(a.school.id, 'school_employee', { roles: ['teacher'] });
    const subject = (await adminA.post('/api/v1/subjects', { catalogueCodes: ['informatics'] })).json().items[0];
    const body = { classId: cls.id, subjectId: subject.id, teacherPersonId: a.people.teacher.personId };
    expect((await adminA.post('/api/v1/teaching-assignments', body)).statusCode).toBe(201);
    expect(
      (await adminA.post('/api/v1/teaching-assignments', { ...body, teacherPersonId: second.personId })).statusCode,
    ).toBe(201);
    const dup = await adminA.post('/api/v1/teaching-assignments', body);
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('classes.assignmentExists');
    for (const teacherPersonId of [b.people.teacher.personId, a.people.student.personId]) {
      const res = await adminA.post('/api/v1/teaching-assignments', { ...body, teacherPersonId });
      expect(res.json().code).toBe('classes.notEmployee');
    }
    const foreignSubject = (await adminB.post('/api/v1/subjects', { catalogueCodes: ['informatics'] })).json().items[0];
    expect(
      (await adminA.post('/api/v1/teaching-assignments', { ...body, subjectId: foreignSubject.id })).statusCode,
    ).toBe(404);

    const byClass = (await adminA.get(`/api/v1/teaching-assignments?classId=${cls.id}`)).json();
    expect(byClass.yearId).toBe(yearA);
    expect(byClass.items).toHaveLength(2);
    const byTeacher = (await adminA.get(`/api/v1/teaching-assignments?teacherPersonId=${second.personId}`)).json();
    expect(byTeacher.items.map((x: { classId: number }) => x.classId)).toEqual([cls.id]);
    expect((await adminB.get(`/api/v1/teaching-assignments?classId=${cls.id}`)).json().items).toEqual([]);
  });

  it('refuses to delete an assignment the timetable uses', async () => {
    const cls = await newClass();
    const subject = (await adminA.post('/api/v1/subjects', { catalogueCodes: ['physics'] })).json().items[0];
    const created = (
      await adminA.post('/api/v1/teaching-assignments', {
        classId: cls.id,
        subjectId: subject.id,
        teacherPersonId: a.people.teacher.personId,
      })
    ).json();
    await db()
      .insertInto('timetableEntries')
      .values({ schoolId: a.school.id, yearId: yearA, assignmentId: created.id, weekday: 1, shift: 1, lessonNumber: 1 })
      .execute();
    const res = await adminA.delete(`/api/v1/teaching-assignments/${created.id}`);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('classes.assignmentInTimetable');
    expect((await adminB.delete(`/api/v1/teaching-assignments/${created.id}`)).statusCode).toBe(404);
  });
});

describe('demo seed', () => {
  it('builds classes, curriculum, modes, assignments and enrolments a school can open', async () => {
    const c = await createTenant(t.deps.db, t.deps.hasher, REGION_IDS[2]);
    const year = await createYear(db(), c.school.id);
    const second = await person(c.school.id, 'school_employee', { roles: ['teacher'] });
    const pupils = await students(7, c.school.id);
    const demo = await seedDemoClasses(db(), {
      schoolId: c.school.id,
      yearId: year.id,
      teacherPersonIds: [c.people.teacher.personId, second.personId],
      studentPersonIds: [c.people.student.personId, ...pupils],
    });
    expect(Object.keys(demo.classIds).sort()).toEqual(['1 А', '10 А', '5 Ә', '5 Б', '7 А'].sort());
    const admin = await signIn(t.app, c.people.schoolAdmin.username, c.people.schoolAdmin.password);
    const detail = (await admin.get(`/api/v1/classes/${demo.classIds['5 Ә']}`)).json();
    expect(detail).toMatchObject({
      name: '5 Ә',
      language: 'kk',
      classTeacher: { personId: c.people.teacher.personId },
    });
    expect(detail.roster.map((r: { personId: number }) => r.personId)).toContain(c.people.student.personId);
    expect(detail.subgroups).toHaveLength(2);
    expect(detail.assignments.length).toBeGreaterThan(10);
    const curriculum = (await admin.get(`/api/v1/school-years/${year.id}/curriculum`)).json();
    expect(curriculum.warnings).toEqual([]);
    const modes = (await admin.get(`/api/v1/school-years/${year.id}/assessment-modes`)).json();
    expect(modes.items.every((m: { isDefault: boolean }) => !m.isDefault)).toBe(true);
    const teacher = await signIn(t.app, c.people.teacher.username, c.people.teacher.password);
    const mine = (
      await teacher.get(`/api/v1/teaching-assignments?teacherPersonId=${c.people.teacher.personId}`)
    ).json();
    expect(mine.items.length).toBeGreaterThanOrEqual(5);
  });
});
