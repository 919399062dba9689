import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGION_IDS } from '../../db/migrations/0002_reference_institutions.js';
import { createPerson, createTenant, type Tenant, type TestPerson } from '../../test/factories.js';
import { type Client, createTestApp, signIn, type TestApp } from '../../test/harness.js';
import {
  createAssignment,
  createClass,
  createSubgroup,
  createSubject,
  createYear,
  enroll,
  setCurriculum,
} from './timetable.fixtures.js';

let t: TestApp;
let a: Tenant;
let b: Tenant;
let admin: Client;
let adminB: Client;
let year: Awaited<ReturnType<typeof createYear>>;
let yearB: Awaited<ReturnType<typeof createYear>>;
let cls5: number;
let cls1: number;
let g1: number;
let g2: number;
let T1: TestPerson;
let T2: TestPerson;
let T3: TestPerson;
let T4: TestPerson;
let S2: TestPerson;
const asg = {} as Record<'math5' | 'kaz5' | 'eng5g1' | 'eng5g2' | 'eng5g1b' | 'math1', number>;
let asgB: number;
const room = {} as Record<'r1' | 'r2' | 'r3' | 'archived', number>;

const db = () => t.deps.db;
const as = (p: { username: string; password: string }) => signIn(t.app, p.username, p.password);
const at = (iso: string) => t.clock.set(new Date(iso));
const url = (rest = '') => `/api/v1/school-years/${year.yearId}/timetable${rest}`;
const put = (changes: unknown[], client = admin) => client.put(url(), { changes });

beforeAll(async () => {
  t = await createTestApp();
  a = await createTenant(db(), t.deps.hasher);
  b = await createTenant(db(), t.deps.hasher, REGION_IDS[2]);
  admin = await as(a.people.schoolAdmin);
  adminB = await as(b.people.schoolAdmin);
  const s = a.school.id;
  year = await createYear(db(), s);
  yearB = await createYear(db(), b.school.id);
  cls5 = await createClass(db(), s, year.yearId, 5, 'Ә', 'kk');
  cls1 = await createClass(db(), s, year.yearId, 1, 'А', 'ru');
  const staff = (surname: string) =>
    createPerson(db(), t.deps.hasher, { institutionId: s, profile: 'school_employee', roles: ['teacher'], surname });
  T1 = a.people.teacher;
  T2 = await staff('Екінші');
  T3 = await staff('Үшінші');
  T4 = await staff('Төртінші');
  S2 = await createPerson(db(), t.deps.hasher, { institutionId: s, profile: 'student' });
  await enroll(db(), s, year.yearId, cls5, a.people.student.personId);
  await enroll(db(), s, year.yearId, cls5, S2.personId);
  g1 = await createSubgroup(db(), s, cls5, '1-топ', [a.people.student.personId]);
  g2 = await createSubgroup(db(), s, cls5, '2-топ', [S2.personId]);
  const math = await createSubject(db(), s, 'Mathematics');
  const kaz = await createSubject(db(), s, 'Kazakh');
  const eng = await createSubject(db(), s, 'English');
  const y = { schoolId: s, yearId: year.yearId };
  asg.math5 = await createAssignment(db(), { ...y, classId: cls5, subjectId: math, teacherPersonId: T1.personId });
  asg.kaz5 = await createAssignment(db(), { ...y, classId: cls5, subjectId: kaz, teacherPersonId: T2.personId });
  asg.eng5g1 = await createAssignment(db(), {
    ...y,
    classId: cls5,
    subjectId: eng,
    subgroupId: g1,
    teacherPersonId: T2.personId,
  });
  asg.eng5g2 = await createAssignment(db(), {
    ...y,
    classId: cls5,
    subjectId: eng,
    subgroupId: g2,
    teacherPersonId: T3.personId,
  });
  asg.eng5g1b = await createAssignment(db(), {
    ...y,
    classId: cls5,
    subjectId: eng,
    subgroupId: g1,
    teacherPersonId: T3.personId,
  });
  asg.math1 = await createAssignment(db(), { ...y, classId: cls1, subjectId: math, teacherPersonId: T1.personId });
  await setCurriculum(db(), { ...y, grade: 5, language: 'kk', subjectId: math, hoursPerWeek: 2 });
  await setCurriculum(db(), { ...y, grade: 5, language: 'kk', subjectId: eng, hoursPerWeek: 4 });
  const classB = await createClass(db(), b.school.id, yearB.yearId, 5, 'А', 'kk');
  const mathB = await createSubject(db(), b.school.id, 'Maths B');
  asgB = await createAssignment(db(), {
    schoolId: b.school.id,
    yearId: yearB.yearId,
    classId: classB,
    subjectId: mathB,
    teacherPersonId: b.people.teacher.personId,
  });
});
afterAll(() => t.close());

const auditCount = async (action: string) =>
  (
    await db()
      .selectFrom('auditEvents')
      .where('institutionId', '=', a.school.id)
      .where('action', '=', action)
      .select('id')
      .execute()
  ).length;
const entryRows = () =>
  db().selectFrom('timetableEntries').where('schoolId', '=', a.school.id).selectAll().orderBy('id').execute();
const lessonsOf = (entryId: number) =>
  db()
    .selectFrom('lessons')
    .where('schoolId', '=', a.school.id)
    .where('timetableEntryId', '=', entryId)
    .selectAll()
    .orderBy('generatedFor')
    .execute();
const lessonOn = async (entryId: number, date: string) => (await lessonsOf(entryId)).find((l) => l.date === date)!;

describe('rooms', () => {
  it('are added, renamed, archived (audited), unique per school, managed only by the administrator', async () => {
    const created = await admin.post('/api/v1/rooms', { name: '101', capacity: 30 });
    expect(created.statusCode).toBe(201);
    const r = created.json();
    expect(r).toMatchObject({ name: '101', capacity: 30, archived: false });
    expect((await admin.post('/api/v1/rooms', { name: '101' })).json().code).toBe('timetable.roomNameTaken');
    // Another school may have its own «101».
    expect((await adminB.post('/api/v1/rooms', { name: '101' })).statusCode).toBe(201);

    const renamed = await admin.patch(`/api/v1/rooms/${r.id}`, { name: 'Физика 101' });
    expect(renamed.json()).toMatchObject({ name: 'Физика 101', capacity: 30 });
    expect((await admin.patch(`/api/v1/rooms/${r.id}`, {})).statusCode).toBe(400);
    expect((await adminB.patch(`/api/v1/rooms/${r.id}`, { name: 'x' })).statusCode).toBe(404);

    const teacher = await as(T1);
    expect((await teacher.post('/api/v1/rooms', { name: '999' })).statusCode).toBe(403);
    expect((await teacher.get('/api/v1/rooms')).statusCode).toBe(200);

    expect((await admin.post(`/api/v1/rooms/${r.id}/archive`)).json().archived).toBe(true);
    expect((await admin.post(`/api/v1/rooms/${r.id}/archive`)).statusCode).toBe(409);
    const names = (q: string) =>
      admin.get(`/api/v1/rooms${q}`).then((x) => x.json().items.map((i: { name: string }) => i.name));
    expect(await names('')).not.toContain('Физика 101');
    expect(await names('?includeArchived=true')).toContain('Физика 101');
    expect(await auditCount('room.created')).toBe(1);
    expect(await auditCount('room.updated')).toBe(1);
    expect(await auditCount('room.archived')).toBe(1);

    for (const [k, name] of [
      ['r1', '201'],
      ['r2', '202'],
      ['r3', '203'],
    ] as const) {
      room[k] = (await admin.post('/api/v1/rooms', { name })).json().id;
    }
    room.archived = r.id;
  });
});

const add = (assignmentId: number, weekday: number, lessonNumber: number, roomId: number | null = null, shift = 1) => ({
  op: 'add',
  assignmentId,
  weekday,
  shift,
  lessonNumber,
  roomId,
});
const entryIds = {} as Record<'mon5' | 'tue5' | 'kaz5' | 'engG1' | 'engG2' | 'mon1', number>;

describe('the weekly timetable', () => {
  it('saves a change set in one go, sub-groups of a class sharing a slot', async () => {
    const res = await put([
      add(asg.math5, 1, 1, room.r1),
      add(asg.math5, 2, 1, room.r1),
      add(asg.kaz5, 1, 2, room.r2),
      add(asg.eng5g1, 3, 3, room.r1),
      add(asg.eng5g2, 3, 3, room.r2),
      add(asg.math1, 1, 2, room.r1),
    ]);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.added).toHaveLength(6);
    expect(body.conflicts).toEqual([]);
    expect(body.regenerated).toEqual({ created: 0, removed: 0, kept: 0 });
    [entryIds.mon5, entryIds.tue5, entryIds.kaz5, entryIds.engG1, entryIds.engG2, entryIds.mon1] = body.added;
    expect(await entryRows()).toHaveLength(6);
    expect(await auditCount('timetable.saved')).toBe(1);
  });

  it('refuses a save that double-books anything and writes nothing; the check says the same without writing', async () => {
    await admin.patch('/api/v1/me/preferences', { locale: 'ru' });
    const before = JSON.stringify(await entryRows());
    const audits = await auditCount('timetable.saved');

    // The harmless first change is refused with the rest: a save is all or nothing.
    const changes = [add(asg.kaz5, 4, 1), add(asg.math1, 1, 1)];
    const res = await put(changes);
    expect(res.statusCode).toBe(409);
    const body = res.json();
    expect(body.code).toBe('timetable.conflicts');
    expect(body.conflicts).toHaveLength(1);
    expect(body.conflicts[0]).toMatchObject({
      kind: 'teacherBusy',
      entryIds: [entryIds.mon5],
      changeIndexes: [1],
      blocking: true,
      slots: [
        { day: 1, shift: 1, lessonNumber: 1 },
        { day: 1, shift: 1, lessonNumber: 1 },
      ],
    });
    expect(body.conflicts[0].message).toContain('понедельник');
    const t1 = await db()
      .selectFrom('persons')
      .where('id', '=', T1.personId)
      .select('surname')
      .executeTakeFirstOrThrow();
    expect(body.conflicts[0].message).toContain(t1.surname);
    expect(body.conflicts[0].message).toContain('два урока');
    expect(JSON.stringify(await entryRows())).toBe(before);
    expect(await auditCount('timetable.saved')).toBe(audits);

    const check = await admin.post(url('/check'), { changes });
    expect(check.statusCode).toBe(200);
    expect(check.json().conflicts.map((c: { kind: string }) => c.kind)).toEqual(['teacherBusy']);
    expect(JSON.stringify(await entryRows())).toBe(before);
    await admin.patch('/api/v1/me/preferences', { locale: 'kk' });
  });

  it('finds every kind of conflict', async () => {
    const kinds = async (changes: unknown[]) => {
      const res = await admin.post(url('/check'), { changes });
      expect(res.statusCode).toBe(200);
      return res
        .json()
        .conflicts.filter((c: { blocking: boolean }) => c.blocking)
        .map((c: { kind: string }) => c.kind);
    };
    // Room 201 taken by two classes with different teachers.
    expect(await kinds([add(asg.kaz5, 4, 1, room.r1), add(asg.math1, 4, 1, room.r1)])).toEqual(['roomBusy']);
    // A whole-class lesson on top of another.
    expect(await kinds([add(asg.kaz5, 1, 1)])).toEqual(['classBusy']);
    // The same sub-group twice (two teachers).
    expect(await kinds([add(asg.eng5g1, 3, 4), add(asg.eng5g1b, 3, 4)])).toEqual(['subgroupBusy']);
    // Seven lessons on Monday for grade 5 (at most 6).
    expect(await kinds([3, 4, 5, 6, 7].map((n) => add(asg.kaz5, 1, n)))).toEqual(['dayLimit']);
    // A third hour of mathematics where the curriculum gives two.
    expect(await kinds([add(asg.math5, 4, 2)])).toEqual(['weeklyHours']);
    // Shift 2's first lesson (13:30) overlaps shift 1's seventh (13:25–14:10): the same teacher cannot do both.
    const noTuesday = { op: 'remove', entryId: entryIds.tue5 };
    expect(await kinds([noTuesday, add(asg.math5, 5, 7), add(asg.math1, 5, 1, null, 2)])).toEqual(['teacherBusy']);
    // A free slot and a different week day are fine.
    expect(await kinds([add(asg.kaz5, 4, 1)])).toEqual([]);
  });

  it('refuses what can never be right with a precise 4xx', async () => {
    const code = async (changes: unknown[]) => {
      const res = await put(changes);
      return [res.statusCode, res.json().code];
    };
    expect(await code([add(asg.kaz5, 6, 1)])).toEqual([422, 'timetable.weekdayOutsideWeek']);
    expect(await code([add(asg.kaz5, 4, 9)])).toEqual([422, 'timetable.noBell']);
    expect(await code([add(asg.kaz5, 4, 1, null, 3)])).toEqual([422, 'timetable.shiftOutsideYear']);
    expect(await code([add(asg.kaz5, 4, 1, room.archived)])).toEqual([422, 'timetable.roomArchived']);
    expect(await code([add(asgB, 4, 1)])).toEqual([404, 'notFound']);
    const mv = { op: 'move', entryId: entryIds.kaz5, weekday: 5, shift: 1, lessonNumber: 2 };
    expect(await code([mv, { op: 'remove', entryId: entryIds.kaz5 }])).toEqual([422, 'timetable.duplicateChange']);
    expect(await code([{ op: 'remove', entryId: 999_999 }])).toEqual([404, 'notFound']);
    expect((await put([])).statusCode).toBe(400);
    // Another school cannot even see the year.
    expect((await put([add(asg.kaz5, 4, 1)], adminB)).statusCode).toBe(404);
    expect((await adminB.get(url())).statusCode).toBe(404);
    expect((await put([add(asg.kaz5, 4, 1)], await as(T1))).statusCode).toBe(403);

    await db()
      .updateTable('academicYears')
      .set({ status: 'closed', closedAt: new Date() })
      .where('id', '=', year.yearId)
      .execute();
    expect(await code([add(asg.kaz5, 4, 1)])).toEqual([409, 'schoolYear.closed']);
    await db()
      .updateTable('academicYears')
      .set({ status: 'active', closedAt: null })
      .where('id', '=', year.yearId)
      .execute();
  });

  it('moves and removes entries', async () => {
    const moved = await put([
      { op: 'move', entryId: entryIds.kaz5, weekday: 5, shift: 1, lessonNumber: 2, roomId: null },
    ]);
    expect(moved.statusCode).toBe(200);
    const row = (await entryRows()).find((e) => e.id === entryIds.kaz5);
    expect(row).toMatchObject({ weekday: 5, lessonNumber: 2, roomId: null });
    expect((await put([{ op: 'remove', entryId: entryIds.kaz5 }])).statusCode).toBe(200);
    expect((await entryRows()).map((e) => e.id)).not.toContain(entryIds.kaz5);
  });

  it('shows views per class, teacher and room, with the palette of the class', async () => {
    const byClass = (await admin.get(url(`?classId=${cls5}`))).json();
    expect(byClass.entries.map((e: { id: number }) => e.id).sort()).toEqual(
      [entryIds.mon5, entryIds.tue5, entryIds.engG1, entryIds.engG2].sort(),
    );
    expect(byClass.entries.find((e: { id: number }) => e.id === entryIds.engG1)).toMatchObject({
      classLabel: '5 Ә',
      subgroupName: '1-топ',
      subject: { en: 'English' },
      roomName: '201',
      weekday: 3,
    });
    const mathPalette = byClass.palette.find((p: { assignmentId: number }) => p.assignmentId === asg.math5);
    expect(mathPalette).toMatchObject({ scheduled: 2, subjectScheduled: 2, curriculumHours: 2 });
    expect(byClass.palette.find((p: { assignmentId: number }) => p.assignmentId === asg.eng5g2)).toMatchObject({
      scheduled: 1,
      subjectScheduled: 1,
      curriculumHours: 4,
    });
    expect(byClass.bells.length).toBeGreaterThan(0);
    expect(byClass.classes.map((c: { label: string }) => c.label)).toEqual(['1 А', '5 Ә']);

    const byTeacher = (await admin.get(url(`?teacherPersonId=${T1.personId}`))).json();
    expect(byTeacher.entries.map((e: { id: number }) => e.id).sort()).toEqual(
      [entryIds.mon5, entryIds.tue5, entryIds.mon1].sort(),
    );
    const byRoom = (await admin.get(url(`?roomId=${room.r2}`))).json();
    expect(byRoom.entries.map((e: { id: number }) => e.id)).toEqual([entryIds.engG2]);
    expect((await admin.get(url('?classId=999999'))).statusCode).toBe(404);
    // Staff and students of the school read it; they cannot change it.
    expect((await (await as(T2)).get(url(`?classId=${cls5}`))).statusCode).toBe(200);
  });
});

describe('lesson generation', () => {
  it('materialises a quarter: holidays, breaks and grade 1’s February week skipped', async () => {
    const q3 = year.quarter(3);
    const res = await admin.post(`/api/v1/school-years/${year.yearId}/periods/${q3.id}/generate-lessons`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ removed: 0, kept: 0, from: '2027-01-11', to: '2027-03-21' });

    const dates = async (entryId: number) => (await lessonsOf(entryId)).map((l) => l.date);
    // Mondays of Q3: 10, minus 8 March and 15 March (holidays).
    const mon5 = await dates(entryIds.mon5);
    expect(mon5).toHaveLength(8);
    expect(mon5).not.toContain('2027-03-08');
    expect(mon5).not.toContain('2027-03-15');
    expect(mon5).toContain('2027-02-08');
    // Grade 1 also has 8–14 February off.
    const mon1 = await dates(entryIds.mon1);
    expect(mon1).toHaveLength(7);
    expect(mon1).not.toContain('2027-02-08');
    // Every Tuesday of Q3 is taught.
    expect(await dates(entryIds.tue5)).toHaveLength(10);
    // Sub-groups keep their own lessons.
    expect((await lessonsOf(entryIds.engG1))[0]).toMatchObject({
      subgroupId: g1,
      roomId: room.r1,
      shift: 1,
      lessonNumber: 3,
    });
    const all = await db().selectFrom('lessons').where('schoolId', '=', a.school.id).selectAll().execute();
    expect(res.json().created).toBe(all.length);
    expect(all.every((l) => l.periodId === q3.id && l.generatedFor === l.date)).toBe(true);
    expect(await auditCount('timetable.lessonsGenerated')).toBe(1);

    // Again: nothing to do. The half-year containing it adds only the fourth quarter, attached to that quarter.
    const again = await admin.post(`/api/v1/school-years/${year.yearId}/periods/${q3.id}/generate-lessons`);
    expect(again.json()).toMatchObject({ created: 0, removed: 0, kept: 0 });
    const h2 = year.periods.find((p) => p.kind === 'half_year' && p.number === 2)!;
    const half = await admin.post(`/api/v1/school-years/${year.yearId}/periods/${h2.id}/generate-lessons`);
    expect(half.statusCode).toBe(200);
    const q4Lessons = await db()
      .selectFrom('lessons')
      .where('schoolId', '=', a.school.id)
      .where('date', '>=', year.quarter(4).startsOn)
      .select(['periodId'])
      .execute();
    expect(half.json().created).toBe(q4Lessons.length);
    expect(q4Lessons.every((l) => l.periodId === year.quarter(4).id)).toBe(true);
    expect(
      (await adminB.post(`/api/v1/school-years/${year.yearId}/periods/${q3.id}/generate-lessons`)).statusCode,
    ).toBe(404);
  });

  it('puts Saturday lessons only into a six-day week', async () => {
    await db().updateTable('academicYears').set({ daysPerWeek: 6 }).where('id', '=', year.yearId).execute();
    const res = await put([add(asg.eng5g2, 6, 3)]);
    expect(res.statusCode).toBe(200);
    const satEntry = res.json().added[0];
    // The save regenerated the generated periods (today is before them: all of them).
    expect(res.json().regenerated.created).toBeGreaterThan(10);
    expect((await lessonsOf(satEntry)).length).toBeGreaterThan(10);

    await db().updateTable('academicYears').set({ daysPerWeek: 5 }).where('id', '=', year.yearId).execute();
    const q3 = await admin.post(`/api/v1/school-years/${year.yearId}/periods/${year.quarter(3).id}/generate-lessons`);
    expect(q3.json().removed).toBe(10); // the ten Saturdays of Q3
    const rest = await lessonsOf(satEntry);
    expect(rest.every((l) => l.date >= year.quarter(4).startsOn)).toBe(true);
    expect((await put([{ op: 'remove', entryId: satEntry }])).json().regenerated.removed).toBe(rest.length);
    expect(await lessonsOf(satEntry)).toEqual([]);
  });

  it('regenerates after a timetable edit from today on, keeping past and changed lessons', async () => {
    at('2027-02-01T03:00:00Z'); // Monday 1 February, 08:00 in Almaty
    // Months later: the sessions have expired.
    admin = await as(a.people.schoolAdmin);
    adminB = await as(b.people.schoolAdmin);
    const past = (await lessonsOf(entryIds.tue5)).filter((l) => l.date < '2027-02-01');
    expect(past.map((l) => l.date)).toEqual(['2027-01-12', '2027-01-19', '2027-01-26']);
    const cancelled = await lessonOn(entryIds.tue5, '2027-02-16');
    expect((await admin.post(`/api/v1/lessons/${cancelled.id}/cancel`, { note: 'Экскурсия' })).statusCode).toBe(200);
    const mondayIds = (await lessonsOf(entryIds.mon5)).map((l) => l.id);

    const res = await put([{ op: 'move', entryId: entryIds.tue5, weekday: 3, shift: 1, lessonNumber: 5 }]);
    expect(res.statusCode).toBe(200);
    expect(res.json().regenerated.kept).toBe(1);

    const after = await lessonsOf(entryIds.tue5);
    // The past stays as it was, the cancelled Tuesday stays, future Tuesdays became Wednesdays.
    expect(after.filter((l) => l.date < '2027-02-01').map((l) => l.id)).toEqual(past.map((l) => l.id));
    expect(after.find((l) => l.id === cancelled.id)).toMatchObject({ status: 'cancelled', date: '2027-02-16' });
    const future = after.filter((l) => l.date >= '2027-02-01' && l.id !== cancelled.id);
    expect(future.every((l) => new Date(`${l.date}T00:00:00Z`).getUTCDay() === 3 && l.lessonNumber === 5)).toBe(true);
    expect(future.map((l) => l.date)).toContain('2027-02-03');
    // 6 Tuesdays left in Q3 after the cancelled one, 9 in Q4; as many Wednesdays instead.
    expect(res.json().regenerated).toEqual({ created: 15, removed: 15, kept: 1 });
    // Lessons the edit did not concern keep their ids.
    expect((await lessonsOf(entryIds.mon5)).map((l) => l.id)).toEqual(mondayIds);
  });
});

describe('one-off changes', () => {
  const post = (id: number, action: string, body: unknown = {}, client = admin) =>
    client.post(`/api/v1/lessons/${id}/${action}`, body);

  it('substitutes a teacher, refusing one who is busy then, and keeps the history', async () => {
    const g2Lesson = await lessonOn(entryIds.engG2, '2027-02-10');
    const g1Lesson = await lessonOn(entryIds.engG1, '2027-02-10');
    const busy = await post(g2Lesson.id, 'substitute', { teacherPersonId: T2.personId });
    expect(busy.statusCode).toBe(409);
    expect(busy.json().code).toBe('timetable.lessonConflicts');
    expect(busy.json().conflicts[0]).toMatchObject({ kind: 'teacherBusy' });
    expect(busy.json().conflicts[0].lessonIds.sort()).toEqual([g1Lesson.id, g2Lesson.id].sort());
    expect(busy.json().conflicts[0].message).toContain('Екінші');

    const ok = await post(g2Lesson.id, 'substitute', { teacherPersonId: T4.personId, note: 'Ауырып қалды' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      substitute: { personId: T4.personId },
      changes: ['substitute'],
      note: 'Ауырып қалды',
    });
    expect(ok.json().substitute.name).toContain('Төртінші');
    expect((await post(g2Lesson.id, 'substitute', { teacherPersonId: S2.personId })).json().code).toBe(
      'timetable.substituteNotStaff',
    );
    expect((await post(g2Lesson.id, 'substitute', { teacherPersonId: T3.personId })).json().code).toBe(
      'timetable.substituteIsTeacher',
    );
    expect((await post(g2Lesson.id, 'substitute', { teacherPersonId: T4.personId })).json().code).toBe(
      'timetable.noChange',
    );
    expect(await auditCount('lesson.substituted')).toBe(1);
  });

  it('changes a room, refusing one that is taken', async () => {
    const g1Lesson = await lessonOn(entryIds.engG1, '2027-02-10');
    const taken = await post(g1Lesson.id, 'room', { roomId: room.r2 });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().conflicts[0]).toMatchObject({ kind: 'roomBusy' });
    expect(taken.json().conflicts[0].message).toContain('202');
    expect((await post(g1Lesson.id, 'room', { roomId: room.archived })).statusCode).toBe(422);
    const roomB = (await adminB.get('/api/v1/rooms')).json().items[0].id;
    expect((await post(g1Lesson.id, 'room', { roomId: roomB })).statusCode).toBe(404);
    const ok = await post(g1Lesson.id, 'room', { roomId: room.r3 });
    expect(ok.json()).toMatchObject({ roomId: room.r3, roomName: '203', changes: ['room'] });
  });

  it('moves a lesson to a free slot of a teaching day; regeneration does not put it back', async () => {
    const lesson = await lessonOn(entryIds.mon5, '2027-02-08');
    const move = (date: string, lessonNumber: number) => post(lesson.id, 'move', { date, lessonNumber });
    expect((await move('2027-03-08', 1)).json().code).toBe('timetable.notTeachingDay'); // 8 March
    expect((await move('2027-02-13', 1)).json().code).toBe('timetable.notTeachingDay'); // a Saturday
    expect((await move('2027-06-10', 1)).json().code).toBe('timetable.outsideYear');
    expect((await move('2027-02-12', 9)).json().code).toBe('timetable.noBell');
    expect((await move('2027-02-08', 1)).json().code).toBe('timetable.noChange');
    // Wednesday's 3rd lesson is the class's English (both groups).
    const clash = await move('2027-02-10', 3);
    expect(clash.statusCode).toBe(409);
    expect(clash.json().conflicts.map((c: { kind: string }) => c.kind)).toEqual(['classBusy']);
    // Wednesday's 5th is the same teacher's, room's and class's mathematics.
    const clash2 = await move('2027-02-10', 5);
    expect(clash2.json().conflicts.map((c: { kind: string }) => c.kind)).toEqual([
      'teacherBusy',
      'roomBusy',
      'classBusy',
    ]);

    const ok = await move('2027-02-12', 6);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      date: '2027-02-12',
      lessonNumber: 6,
      startsAt: '12:35',
      changes: ['move'],
      movedFrom: { date: '2027-02-08', shift: 1, lessonNumber: 1 },
    });
    await admin.post(`/api/v1/school-years/${year.yearId}/periods/${year.quarter(3).id}/generate-lessons`);
    const forThatDay = (await lessonsOf(entryIds.mon5)).filter((l) => l.generatedFor === '2027-02-08');
    expect(forThatDay).toHaveLength(1);
    expect(forThatDay[0]).toMatchObject({ id: lesson.id, date: '2027-02-12' });
  });

  it('cancels and restores, with the whole history and audit', async () => {
    // The lesson moved to 12 February above.
    const lesson = (await lessonsOf(entryIds.mon5)).find((l) => l.generatedFor === '2027-02-08')!;
    expect((await post(lesson.id, 'cancel', { note: 'Карантин' })).json()).toMatchObject({
      status: 'cancelled',
      note: 'Карантин',
    });
    expect((await post(lesson.id, 'cancel')).json().code).toBe('timetable.alreadyCancelled');
    expect((await post(lesson.id, 'restore')).json().status).toBe('scheduled');
    expect((await post(lesson.id, 'restore')).json().code).toBe('timetable.notCancelled');

    const history = await admin.get(`/api/v1/lessons/${lesson.id}/changes`);
    expect(history.statusCode).toBe(200);
    const items = history.json().items;
    expect(items.map((c: { kind: string }) => c.kind)).toEqual(['move', 'cancel', 'restore']);
    expect(items[0]).toMatchObject({
      before: { date: '2027-02-08', shift: 1, lessonNumber: 1 },
      after: { date: '2027-02-12', shift: 1, lessonNumber: 6 },
      actor: { personId: a.people.schoolAdmin.personId },
    });
    expect(items[1]).toMatchObject({
      note: 'Карантин',
      before: { status: 'scheduled' },
      after: { status: 'cancelled' },
    });
    expect(await auditCount('lesson.moved')).toBe(1);
    expect(await auditCount('lesson.cancelled')).toBe(2);
    expect(await auditCount('lesson.restored')).toBe(1);
    const row = await db()
      .selectFrom('lessons')
      .where('id', '=', lesson.id)
      .select('changedAt')
      .executeTakeFirstOrThrow();
    expect(row.changedAt).not.toBeNull();

    // Teachers read lessons but do not change them; another school does not see them at all.
    const teacher = await as(T1);
    expect((await post(lesson.id, 'cancel', {}, teacher)).statusCode).toBe(403);
    expect((await teacher.get(`/api/v1/lessons/${lesson.id}/changes`)).statusCode).toBe(200);
    expect((await post(lesson.id, 'cancel', {}, adminB)).statusCode).toBe(404);
    expect((await adminB.get(`/api/v1/lessons/${lesson.id}/changes`)).statusCode).toBe(404);
  });

  it('lists a week of lessons per class or teacher (substitutions included)', async () => {
    const week = (q: string) => admin.get(`/api/v1/lessons?from=2027-02-08&to=2027-02-14&${q}`);
    const byClass = (await week(`classId=${cls5}`)).json();
    expect(byClass.bells.length).toBeGreaterThan(0);
    const moved = byClass.items.find((l: { movedFrom: unknown }) => l.movedFrom !== null);
    expect(moved).toMatchObject({ date: '2027-02-12', classLabel: '5 Ә', changes: ['cancel', 'move', 'restore'] });
    expect(byClass.items.every((l: { classId: number }) => l.classId === cls5)).toBe(true);
    const byT4 = (await week(`teacherPersonId=${T4.personId}`)).json().items;
    expect(byT4.map((l: { substitute: { personId: number } }) => l.substitute.personId)).toEqual([T4.personId]);
    expect((await admin.get('/api/v1/lessons?from=2027-02-14&to=2027-02-08')).json().code).toBe('timetable.badRange');
    expect((await admin.get('/api/v1/lessons?from=2027-01-01&to=2027-05-01')).json().code).toBe(
      'timetable.rangeTooLong',
    );
    expect((await adminB.get('/api/v1/lessons?from=2027-02-08&to=2027-02-14')).json().items).toEqual([]);
  });
});

describe('my timetable', () => {
  const mine = async (client: Client, q = 'from=2027-02-08') => {
    const res = await client.get(`/api/v1/me/timetable?${q}`);
    expect(res.statusCode).toBe(200);
    return res.json();
  };

  it('shows a student the lessons of their class and their own sub-group', async () => {
    const s = await as(a.people.student);
    const body = await mine(s);
    expect(body).toMatchObject({ view: 'student', from: '2027-02-08', to: '2027-02-14', children: [] });
    const ids = body.lessons.map((l: { id: number }) => l.id);
    expect(ids).toContain((await lessonOn(entryIds.engG1, '2027-02-10')).id);
    expect(ids).not.toContain((await lessonOn(entryIds.engG2, '2027-02-10')).id);
    expect(ids).not.toContain((await lessonOn(entryIds.mon1, '2027-02-15')).id);
    expect(body.lessons.find((l: { roomName: string }) => l.roomName === '203')).toMatchObject({ changes: ['room'] });
    expect(body.bells[0]).toMatchObject({ shift: 1, lessonNumber: 1, startsAt: '08:00' });
    // Default: the current week (Monday 1 February).
    expect(await mine(s, '')).toMatchObject({ from: '2027-02-01', to: '2027-02-07' });
    expect((await s.get(`/api/v1/me/timetable?personId=${S2.personId}`)).statusCode).toBe(404);
  });

  it('shows the other sub-group its own lessons, from the day a late student joined', async () => {
    const late = await createPerson(db(), t.deps.hasher, { institutionId: a.school.id, profile: 'student' });
    await enroll(db(), a.school.id, year.yearId, cls5, late.personId, '2027-02-10');
    const body = await mine(await as(late));
    expect(body.lessons.length).toBeGreaterThan(0);
    expect(
      body.lessons.every(
        (l: { date: string; subgroupId: number | null }) => l.date >= '2027-02-10' && l.subgroupId === null,
      ),
    ).toBe(true);
    const other = await mine(await as(S2));
    expect(other.lessons.find((l: { subgroupId: number }) => l.subgroupId === g2)).toMatchObject({
      substitute: { personId: T4.personId },
    });
  });

  it("shows a parent their child's lessons, and no one else's", async () => {
    const p = await as(a.people.parent);
    const body = await mine(p);
    expect(body).toMatchObject({
      view: 'child',
      person: { personId: a.people.student.personId },
      children: [{ personId: a.people.student.personId, classLabel: '5 Ә' }],
    });
    const student = await mine(await as(a.people.student));
    expect(body.lessons).toEqual(student.lessons);
    expect((await p.get(`/api/v1/me/timetable?personId=${S2.personId}`)).statusCode).toBe(404);
    const lonely = await createPerson(db(), t.deps.hasher, { institutionId: a.school.id, profile: 'parent' });
    expect(await mine(await as(lonely))).toMatchObject({ view: 'none', lessons: [], children: [] });
  });

  it('shows a teacher their lessons, the ones they substitute in, and the ones given away (marked)', async () => {
    const t4 = await mine(await as(T4));
    expect(t4.view).toBe('teacher');
    expect(t4.lessons.map((l: { subgroupId: number }) => l.subgroupId)).toEqual([g2]);
    const t3 = await mine(await as(T3));
    const givenAway = t3.lessons.find((l: { date: string }) => l.date === '2027-02-10');
    expect(givenAway).toMatchObject({ teacher: { personId: T3.personId }, substitute: { personId: T4.personId } });
    const district = await as(a.people.districtStaff);
    expect((await district.get('/api/v1/me/timetable')).statusCode).toBe(403);
  });
});

describe('the calendar feed', () => {
  const fetchFeed = (feedUrl: string) => t.app.inject({ method: 'GET', url: new URL(feedUrl).pathname });

  it('serves a student their lessons in Almaty time, cancellations marked, until rotated or revoked', async () => {
    const cancelMe = await lessonOn(entryIds.mon5, '2027-02-15');
    await admin.post(`/api/v1/lessons/${cancelMe.id}/cancel`, {});
    const s = await as(a.people.student);
    expect((await s.get('/api/v1/me/calendar-feed')).json()).toEqual({
      active: false,
      createdAt: null,
      lastUsedAt: null,
    });
    const created = await s.post('/api/v1/me/calendar-feed');
    expect(created.statusCode).toBe(201);
    const { url: feedUrl } = created.json();
    expect(feedUrl).toMatch(/^http:\/\/localhost:3000\/ical\/[A-Za-z0-9_-]{43}\.ics$/);
    const token = feedUrl.split('/ical/')[1].replace('.ics', '');
    const stored = await db()
      .selectFrom('calendarFeeds')
      .where('personId', '=', a.people.student.personId)
      .selectAll()
      .execute();
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(token);

    const res = await fetchFeed(feedUrl);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/calendar');
    const ics = res.body;
    expect(ics).toContain('BEGIN:VCALENDAR');
    expect(ics).toContain('TZID:Asia/Almaty');
    expect(ics).toContain('TZOFFSETTO:+0500');
    const g1Lesson = await lessonOn(entryIds.engG1, '2027-02-10');
    const event = (id: number) => ics.split('BEGIN:VEVENT').find((e) => e.includes(`UID:lesson-${id}@localhost`)) ?? '';
    expect(event(g1Lesson.id)).toContain('DTSTART;TZID=Asia/Almaty:20270210T095000');
    expect(event(g1Lesson.id)).toContain('DTEND;TZID=Asia/Almaty:20270210T103500');
    expect(event(g1Lesson.id)).toContain('LOCATION:203');
    expect(event(cancelMe.id)).toContain('STATUS:CANCELLED');
    expect(event(cancelMe.id)).toContain('DTSTART;TZID=Asia/Almaty:20270215T080000');
    expect(event(cancelMe.id)).toContain('тоқтатылды');
    expect(ics).toMatch(/DTSTAMP:\d{8}T\d{6}Z/);
    // Not the other group's lessons, nothing from more than 2 weeks back or 8 weeks ahead.
    expect(event((await lessonOn(entryIds.engG2, '2027-02-10')).id)).toBe('');
    expect(event((await lessonOn(entryIds.mon5, '2027-01-11')).id)).toBe('');
    expect(event((await lessonOn(entryIds.mon5, '2027-01-18')).id)).not.toBe('');
    expect((await s.get('/api/v1/me/calendar-feed')).json()).toMatchObject({ active: true });

    const rotated = (await s.post('/api/v1/me/calendar-feed')).json().url;
    expect((await fetchFeed(feedUrl)).statusCode).toBe(404);
    expect((await fetchFeed(rotated)).statusCode).toBe(200);
    expect((await s.delete('/api/v1/me/calendar-feed')).statusCode).toBe(200);
    expect((await fetchFeed(rotated)).statusCode).toBe(404);
    expect((await s.get('/api/v1/me/calendar-feed')).json().active).toBe(false);
    expect(await auditCount('calendarFeed.created')).toBe(2);
    expect(await auditCount('calendarFeed.revoked')).toBe(1);
    expect((await t.app.inject({ method: 'GET', url: '/ical/nonsense.ics' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/ical/${'A'.repeat(43)}.ics` })).statusCode).toBe(404);
  });

  it("gives a parent their child's lessons, named", async () => {
    const p = await as(a.people.parent);
    const res = await fetchFeed((await p.post('/api/v1/me/calendar-feed')).json().url);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('SUMMARY:Test: English');
  });

  it('stops at once for a disabled account and a deleted profile', async () => {
    const c4 = await as(T4);
    const feed4 = (await c4.post('/api/v1/me/calendar-feed')).json().url;
    expect((await fetchFeed(feed4)).body).toContain('English');
    await db().updateTable('accounts').set({ status: 'disabled' }).where('personId', '=', T4.personId).execute();
    expect((await fetchFeed(feed4)).statusCode).toBe(404);
    await db().updateTable('accounts').set({ status: 'active' }).where('personId', '=', T4.personId).execute();
    expect((await fetchFeed(feed4)).statusCode).toBe(200);

    const deleted = await admin.post(`/api/v1/persons/${T4.personId}/delete`, { reason: 'other' });
    expect(deleted.statusCode).toBe(200);
    expect((await fetchFeed(feed4)).statusCode).toBe(404);
    const rows = await db()
      .selectFrom('calendarFeeds')
      .where('personId', '=', T4.personId)
      .select('revokedAt')
      .execute();
    expect(rows.every((r) => r.revokedAt !== null)).toBe(true);
  });

  it('is for people of a school only', async () => {
    const district = await as(a.people.districtAdmin);
    expect((await district.post('/api/v1/me/calendar-feed')).statusCode).toBe(403);
  });
});
