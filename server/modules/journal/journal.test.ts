import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGION_IDS } from '../../db/migrations/0002_reference_institutions.js';
import { createPerson, createTenant, type Tenant, type TestPerson } from '../../test/factories.js';
import { type Client, createTestApp, signIn, type TestApp } from '../../test/harness.js';
import { createJournal, type JournalFixture } from './journal.fixtures.js';
import { dayAbsences } from './journal.repository.js';

let t: TestApp;
let a: Tenant;
let b: Tenant;
let admin: Client;
let teacher: Client;
let other: Client;
let adminB: Client;
let otherTeacher: TestPerson;
let j: JournalFixture;

const db = () => t.deps.db;
const as = (p: { username: string; password: string }) => signIn(t.app, p.username, p.password);
const url = (rest = '') => `/api/v1/journal/${j.assignmentId}${rest}`;
const st = (i: number) => j.students[i]!.personId;
const ls = (i: number) => j.lessons[i]!.id;
const auditCount = async (action: string) =>
  (
    await db()
      .selectFrom('auditEvents')
      .where('institutionId', '=', a.school.id)
      .where('action', '=', action)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n;

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
  j = await createJournal(db(), t.deps.hasher, {
    schoolId: a.school.id,
    teacherPersonId: a.people.teacher.personId,
    students: 4,
    lessons: 12,
  });
});
afterAll(async () => {
  await t.close();
});

describe('journal grid', () => {
  it("lists the teacher's assignments; an administrator sees all of the school's", async () => {
    const mine = await teacher.get('/api/v1/journal/assignments');
    expect(mine.statusCode).toBe(200);
    expect(mine.json().items.map((x: { id: number }) => x.id)).toEqual([j.assignmentId]);
    expect(mine.json().items[0]).toMatchObject({ grade: 5, assessmentMode: { mode: 'graded', periodKind: 'quarter' } });
    expect((await other.get('/api/v1/journal/assignments')).json().items).toEqual([]);
    const all = await admin.get(`/api/v1/journal/assignments?classId=${j.classId}`);
    expect(all.json().items).toHaveLength(1);
    expect((await adminB.get('/api/v1/journal/assignments')).json().items).toEqual([]);
  });

  it('answers the grid of the current period with students, lessons and an empty journal', async () => {
    const res = await teacher.get(url());
    expect(res.statusCode).toBe(200);
    const g = res.json();
    expect(g.period).toMatchObject({ id: j.q1.id, closed: false });
    expect(g.periods).toHaveLength(4);
    expect(g.students.map((s: { id: number }) => s.id)).toEqual(j.students.map((s) => s.personId));
    expect(g.lessons).toHaveLength(12);
    expect(g.lessons[0]).toMatchObject({ id: ls(0), date: '2026-09-01', topic: null, homework: null });
    expect(g.marks).toEqual([]);
    expect(g.canWrite).toBe(true);
    expect(typeof g.revision).toBe('number');
  });

  it('refuses other staff (403) and other schools (404)', async () => {
    expect((await other.get(url())).statusCode).toBe(403);
    expect((await adminB.get(url())).statusCode).toBe(404);
    expect(
      (
        await adminB.put(url('/marks'), {
          cells: [{ studentId: st(0), lessonId: ls(0), value: 5, expectedVersion: null }],
        })
      ).statusCode,
    ).toBe(404);
    const student = await as(a.people.student);
    expect((await student.get(url())).statusCode).toBe(403);
  });
});

describe('marks', () => {
  it('saves cells one by one like the keyboard, then a pasted column in one request', async () => {
    const first = await teacher.put(url('/marks'), {
      cells: [{ studentId: st(0), lessonId: ls(0), value: 8, expectedVersion: null }],
    });
    expect(first.statusCode).toBe(200);
    expect(first.json().marks[0]).toMatchObject({
      studentId: st(0),
      lessonId: ls(0),
      kind: 'fo',
      value: 8,
      version: 1,
      changed: false,
    });
    const column = await teacher.put(url('/marks'), {
      cells: [1, 2, 3].map((i) => ({ studentId: st(i), lessonId: ls(0), value: 6 + i, expectedVersion: null })),
    });
    expect(column.statusCode).toBe(200);
    expect(column.json().marks.map((m: { value: number }) => m.value)).toEqual([7, 8, 9]);
    const grid = (await teacher.get(url())).json();
    expect(grid.marks).toHaveLength(4);
    expect(await auditCount('journal.markCreated')).toBe(4);
  });

  it('changes and clears a mark with its version; the change is flagged and audited', async () => {
    const grid = (await teacher.get(url())).json();
    const m = grid.marks.find((x: { studentId: number }) => x.studentId === st(0));
    const res = await teacher.put(url('/marks'), {
      cells: [{ studentId: st(0), lessonId: ls(0), value: 10, comment: 'Жақсы', expectedVersion: m.version }],
      reason: 'Қайта тексеру',
    });
    expect(res.json().marks[0]).toMatchObject({ value: 10, comment: 'Жақсы', version: 2, changed: true });
    const cleared = await teacher.put(url('/marks'), {
      cells: [{ studentId: st(0), lessonId: ls(0), value: null, expectedVersion: 2 }],
    });
    expect(cleared.json()).toMatchObject({ marks: [], removedMarkIds: [m.id] });
    // Entered again: a new row that continues the version, so students still see "changed".
    const again = await teacher.put(url('/marks'), {
      cells: [{ studentId: st(0), lessonId: ls(0), value: 9, expectedVersion: null }],
    });
    expect(again.json().marks[0]).toMatchObject({ value: 9, version: 3, changed: true });
    expect(await auditCount('journal.markChanged')).toBe(1);
    expect(await auditCount('journal.markDeleted')).toBe(1);
    const history = await admin.get(`/api/v1/journal/marks/${m.id}/history`);
    expect(history.statusCode).toBe(200);
    expect(history.json().items.map((h: { action: string }) => h.action)).toEqual([
      'journal.markCreated',
      'journal.markChanged',
      'journal.markDeleted',
    ]);
    expect(history.json().items[1]).toMatchObject({
      before: { value: 8 },
      after: { value: 10, comment: 'Жақсы', reason: 'Қайта тексеру' },
    });
    expect((await teacher.get(`/api/v1/journal/marks/${m.id}/history`)).statusCode).toBe(403);
    expect((await adminB.get(`/api/v1/journal/marks/${m.id}/history`)).statusCode).toBe(404);
  });

  it('never overwrites a concurrent edit: 409 with the current cell, nothing of the batch written', async () => {
    const before = (await teacher.get(url())).json();
    const m1 = before.marks.find((x: { studentId: number }) => x.studentId === st(1));
    // The administrator changes it first.
    expect(
      (
        await admin.put(url('/marks'), {
          cells: [{ studentId: st(1), lessonId: ls(0), value: 4, expectedVersion: m1.version }],
        })
      ).statusCode,
    ).toBe(200);
    const stale = await teacher.put(url('/marks'), {
      cells: [
        { studentId: st(1), lessonId: ls(0), value: 5, expectedVersion: m1.version },
        { studentId: st(2), lessonId: ls(1), value: 5, expectedVersion: null },
      ],
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({
      code: 'journal.conflict',
      marks: [{ studentId: st(1), lessonId: ls(0), current: { value: 4, version: m1.version + 1 } }],
    });
    const after = (await teacher.get(url())).json();
    expect(after.marks.find((x: { lessonId: number }) => x.lessonId === ls(1))).toBeUndefined();
    // The page polls the changes and sees the administrator's value.
    const changes = await teacher.get(url(`/changes?since=${before.revision}`));
    expect(changes.statusCode).toBe(200);
    expect(changes.json().marks).toEqual([expect.objectContaining({ studentId: st(1), value: 4 })]);
  });

  it('validates values against the column: ФО 1–10, no pass/fail in a graded subject, same cell once', async () => {
    const put = (value: unknown, extra = {}) =>
      teacher.put(url('/marks'), {
        cells: [{ studentId: st(3), lessonId: ls(2), value, expectedVersion: null, ...extra }],
      });
    expect((await put(11)).json().code).toBe('journal.foRange');
    expect((await put(101)).statusCode).toBe(400);
    expect((await put(7.5)).json().code).toBe('journal.foRange');
    expect((await put(0)).json().code).toBe('journal.foRange');
    expect((await put('pass')).json().code).toBe('journal.passFailOnly');
    expect((await put('н')).statusCode).toBe(400);
    expect((await put(5, { workId: 1 })).statusCode).toBe(400);
    const dup = await teacher.put(url('/marks'), {
      cells: [
        { studentId: st(3), lessonId: ls(2), value: 5, expectedVersion: null },
        { studentId: st(3), lessonId: ls(2), value: 6, expectedVersion: null },
      ],
    });
    expect(dup.json().code).toBe('journal.duplicateCell');
    expect((await put('exempt')).json().marks[0]).toMatchObject({ kind: 'status', value: 'exempt' });
    const grid = (await teacher.get(url())).json();
    expect(grid.students.find((s: { id: number }) => s.id === st(3)).exempt).toBe(true);
    // A student or lesson outside the journal is not found.
    const outsider = await teacher.put(url('/marks'), {
      cells: [{ studentId: a.people.student.personId, lessonId: ls(2), value: 5, expectedVersion: null }],
    });
    expect(outsider.statusCode).toBe(404);
  });

  it('lets only the teacher, an administrator or the lesson’s substitute write', async () => {
    const cell = (lessonId: number) => ({ cells: [{ studentId: st(2), lessonId, value: 7, expectedVersion: null }] });
    expect((await other.put(url('/marks'), cell(ls(3)))).statusCode).toBe(403);
    expect(
      (
        await other.put(url('/attendance'), {
          cells: [{ studentId: st(2), lessonId: ls(3), code: 'absent', expectedVersion: null }],
        })
      ).statusCode,
    ).toBe(403);
    await db()
      .updateTable('lessons')
      .set({ substituteTeacherPersonId: otherTeacher.personId, changedAt: new Date() })
      .where('id', '=', ls(3))
      .execute();
    expect((await other.put(url('/marks'), cell(ls(3)))).statusCode).toBe(200);
    // Only that lesson: not another one, not a work.
    expect((await other.put(url('/marks'), cell(ls(4)))).statusCode).toBe(403);
    expect((await other.get(url())).json().canWrite).toBe(true);
    expect(
      (await other.post(url('/works'), { kind: 'sor', title: 'БЖБ', maxScore: 10, date: '2026-09-10' })).statusCode,
    ).toBe(403);
  });
});

describe('attendance', () => {
  it('records н/п/б/о with versions, and derives full-day absences', async () => {
    const res = await teacher.put(url('/attendance'), {
      cells: [
        { studentId: st(0), lessonId: ls(5), code: 'sick', reason: 'Анықтама', expectedVersion: null },
        { studentId: st(1), lessonId: ls(5), code: 'late', expectedVersion: null },
      ],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().attendance).toHaveLength(2);
    const stale = await teacher.put(url('/attendance'), {
      cells: [{ studentId: st(0), lessonId: ls(5), code: 'absent', expectedVersion: null }],
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().attendance[0].current).toMatchObject({ code: 'sick', version: 1 });
    const day = j.lessons[5]!.date;
    expect(await dayAbsences(db(), a.school.id, j.classId, day)).toEqual([{ studentId: st(0), sick: true }]);
    const cleared = await teacher.put(url('/attendance'), {
      cells: [{ studentId: st(0), lessonId: ls(5), code: null, expectedVersion: 1 }],
    });
    expect(cleared.json().attendance[0]).toMatchObject({ code: null, version: 2 });
    expect(await dayAbsences(db(), a.school.id, j.classId, day)).toEqual([]);
    expect(await auditCount('journal.attendanceSet')).toBe(3);
  });
});

describe('summative works and the rules of §1.4–1.5', () => {
  it('creates a СОр, scores it within its maximum, and refuses the fourth СОр of the term', async () => {
    const w = await teacher.post(url('/works'), { kind: 'sor', title: 'БЖБ 1', maxScore: 15, date: '2026-09-14' });
    expect(w.statusCode).toBe(201);
    const workId = w.json().id;
    const score = await teacher.put(url('/marks'), {
      cells: [
        { studentId: st(0), workId, value: 12.5, expectedVersion: null },
        { studentId: st(1), workId, value: 16, expectedVersion: null },
      ],
    });
    expect(score.statusCode).toBe(422);
    expect(score.json()).toMatchObject({ code: 'journal.scoreRange' });
    expect(score.json().message).toContain('15');
    const ok = await teacher.put(url('/marks'), {
      cells: [{ studentId: st(0), workId, value: 12.5, expectedVersion: null }],
    });
    expect(ok.json().marks[0]).toMatchObject({ kind: 'score', value: 12.5, workId });
    expect((await teacher.patch(url(`/works/${workId}`), { maxScore: 10 })).json().code).toBe('journal.scoreAboveMax');

    for (const date of ['2026-09-21', '2026-09-28']) {
      expect((await teacher.post(url('/works'), { kind: 'sor', title: 'БЖБ', maxScore: 10, date })).statusCode).toBe(
        201,
      );
    }
    const fourth = await teacher.post(url('/works'), { kind: 'sor', title: 'БЖБ 4', maxScore: 10, date: '2026-10-05' });
    expect(fourth.statusCode).toBe(422);
    expect(fourth.json()).toMatchObject({ code: 'journal.rule', rules: ['sorPerTerm'] });
    // Explained in the user's language (the school's default here is Kazakh).
    expect(fourth.json().message).toContain('3 БЖБ');
    // A teacher cannot override; an administrator can, with a reason (recorded and audited).
    const override = { override: { reason: 'Педкеңес шешімі' } };
    expect(
      (
        await teacher.post(url('/works'), {
          kind: 'sor',
          title: 'БЖБ 4',
          maxScore: 10,
          date: '2026-10-05',
          ...override,
        })
      ).statusCode,
    ).toBe(403);
    const forced = await admin.post(url('/works'), {
      kind: 'sor',
      title: 'БЖБ 4',
      maxScore: 10,
      date: '2026-10-05',
      ...override,
    });
    expect(forced.statusCode).toBe(201);
    expect(forced.json().overridden).toBe(true);
    expect(await auditCount('journal.ruleOverridden')).toBe(1);
    const rows = await db().selectFrom('journalOverrides').where('schoolId', '=', a.school.id).selectAll().execute();
    expect(rows).toMatchObject([{ rules: ['sorPerTerm'], reason: 'Педкеңес шешімі' }]);
  });

  it('refuses a СОч on the term’s last day or on a СОр day of the subject', async () => {
    const lastLesson = j.lessons.at(-1)!.date;
    const code = async (date: string) =>
      (await teacher.post(url('/works'), { kind: 'soch', title: 'ТЖБ', maxScore: 20, date })).json();
    // The fixture's last lesson is the class's last day of the term so far.
    expect((await code(lastLesson)).rules).toEqual(['sochLastDay']);
    expect((await code('2026-09-14')).rules).toEqual(['sorSochSameDay']);
    const ok = await teacher.post(url('/works'), { kind: 'soch', title: 'ТЖБ', maxScore: 20, date: '2026-09-15' });
    expect(ok.statusCode).toBe(201);
    expect((await code('2027-08-01')).code).toBe('journal.dateOutsidePeriods');
  });

  it('allows at most 3 СОч per class per day', async () => {
    const s = a.school.id;
    const more = [];
    for (let i = 0; i < 3; i++) {
      const subj = await db()
        .insertInto('subjects')
        .values({ schoolId: s, nameKk: `P${i}`, nameRu: `P${i}`, nameEn: `P${i}` })
        .returning('id')
        .executeTakeFirstOrThrow();
      const asg = await db()
        .insertInto('teachingAssignments')
        .values({
          schoolId: s,
          yearId: j.yearId,
          classId: j.classId,
          subjectId: subj.id,
          teacherPersonId: a.people.teacher.personId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      more.push(asg.id);
    }
    const soch = (asg: number) =>
      teacher.post(`/api/v1/journal/${asg}/works`, { kind: 'soch', title: 'ТЖБ', maxScore: 20, date: '2026-09-15' });
    expect((await soch(more[0]!)).statusCode).toBe(201);
    expect((await soch(more[1]!)).statusCode).toBe(201);
    expect((await soch(more[2]!)).json().rules).toEqual(['sochPerDay']);
  });

  it('records an administrator’s re-check of a disputed СОч score with its reason (§1.5)', async () => {
    const soch = (await teacher.get(url())).json().works.find((w: { kind: string }) => w.kind === 'soch');
    const first = await teacher.put(url('/marks'), {
      cells: [{ studentId: st(2), workId: soch.id, value: 11, expectedVersion: null }],
    });
    const mark = first.json().marks[0];
    const why = 'Апелляция: 3-тапсырма қайта тексерілді';
    const recheck = await admin.put(url('/marks'), {
      cells: [{ studentId: st(2), workId: soch.id, value: 14.5, expectedVersion: mark.version }],
      reason: why,
    });
    expect(recheck.statusCode).toBe(200);
    expect(recheck.json().marks[0]).toMatchObject({ id: mark.id, value: 14.5, version: 2, changed: true });
    const history = (await admin.get(`/api/v1/journal/marks/${mark.id}/history`)).json().items;
    expect(history.map((h: { action: string }) => h.action)).toEqual(['journal.markCreated', 'journal.markChanged']);
    expect(history[1]).toMatchObject({ before: { value: 11 }, after: { value: 14.5, reason: why } });
  });

  it('removes a work with its scores, audited', async () => {
    const grid = (await teacher.get(url())).json();
    const work = grid.works[0];
    expect((await teacher.delete(url(`/works/${work.id}`))).statusCode).toBe(200);
    const after = (await teacher.get(url())).json();
    expect(after.works.map((w: { id: number }) => w.id)).not.toContain(work.id);
    expect(after.marks.filter((m: { workId: number | null }) => m.workId === work.id)).toEqual([]);
    expect(await auditCount('journal.workDeleted')).toBe(1);
    const changes = (await teacher.get(url(`/changes?since=${grid.revision}`))).json();
    expect(changes.removedWorkIds).toEqual([work.id]);
    expect(changes.removedMarkIds.length).toBe(1);
  });
});

describe('topics and homework', () => {
  it('sets a topic and homework, visible in the grid and the changes', async () => {
    const rev = (await teacher.get(url())).json().revision;
    const topic = await teacher.put(`/api/v1/lessons/${ls(6)}/topic`, { topic: 'Бөлшектер' });
    expect(topic.statusCode).toBe(200);
    expect(topic.json().topic).toBe('Бөлшектер');
    const hw = await teacher.put(`/api/v1/lessons/${ls(6)}/homework`, {
      text: '№ 12, 13',
      dueDate: j.lessons[7]!.date,
    });
    expect(hw.json().homework).toEqual({ text: '№ 12, 13', dueDate: j.lessons[7]!.date, attachments: [] });
    expect(
      (await teacher.put(`/api/v1/lessons/${ls(6)}/homework`, { text: 'x', dueDate: '2026-08-01' })).json().code,
    ).toBe('journal.dueBeforeLesson');
    const changes = (await teacher.get(url(`/changes?since=${rev}`))).json();
    expect(changes.lessons.map((l: { id: number }) => l.id)).toEqual([ls(6)]);
    expect((await other.put(`/api/v1/lessons/${ls(6)}/topic`, { topic: 'x' })).statusCode).toBe(403);
    expect((await adminB.put(`/api/v1/lessons/${ls(6)}/topic`, { topic: 'x' })).statusCode).toBe(404);
    expect(await auditCount('journal.topicSet')).toBe(1);
    expect(await auditCount('journal.homeworkSet')).toBe(1);
  });
});

describe('closing a period', () => {
  it('makes the period read-only for the class; a reopen needs a reason and is audited', async () => {
    const close = `/api/v1/journal/periods/${j.q1.id}/close`;
    expect((await teacher.post(close, { classId: j.classId })).statusCode).toBe(403);
    expect((await adminB.post(close, { classId: j.classId })).statusCode).toBe(404);
    expect((await admin.post(close, { classId: j.classId })).json()).toEqual({
      periodId: j.q1.id,
      classId: j.classId,
      closed: true,
    });
    expect((await admin.post(close, { classId: j.classId })).json().code).toBe('journal.alreadyClosed');

    const grid = (await teacher.get(url())).json();
    expect(grid.period.closed).toBe(true);
    expect(grid.canWrite).toBe(false);
    const write = await teacher.put(url('/marks'), {
      cells: [{ studentId: st(2), lessonId: ls(8), value: 5, expectedVersion: null }],
    });
    expect(write.statusCode).toBe(409);
    expect(write.json().code).toBe('journal.periodClosed');
    expect(
      (
        await admin.put(url('/attendance'), {
          cells: [{ studentId: st(2), lessonId: ls(8), code: 'absent', expectedVersion: null }],
        })
      ).statusCode,
    ).toBe(409);
    expect((await teacher.put(`/api/v1/lessons/${ls(8)}/topic`, { topic: 'x' })).statusCode).toBe(409);
    expect(
      (await teacher.post(url('/works'), { kind: 'sor', title: 'x', maxScore: 5, date: '2026-09-16' })).statusCode,
    ).toBe(409);

    const reopen = `/api/v1/journal/periods/${j.q1.id}/reopen`;
    expect((await admin.post(reopen, { classId: j.classId })).statusCode).toBe(400);
    expect((await admin.post(reopen, { classId: j.classId, reason: 'Қате түзету' })).json().closed).toBe(false);
    expect((await admin.post(reopen, { classId: j.classId, reason: 'again' })).json().code).toBe('journal.notClosed');
    expect(
      (
        await teacher.put(url('/marks'), {
          cells: [{ studentId: st(2), lessonId: ls(8), value: 5, expectedVersion: null }],
        })
      ).statusCode,
    ).toBe(200);
    const audit = await db()
      .selectFrom('auditEvents')
      .where('institutionId', '=', a.school.id)
      .where('action', 'in', ['journal.periodClosed', 'journal.periodReopened'])
      .select(['action', 'after'])
      .orderBy('id')
      .execute();
    expect(audit).toMatchObject([
      { action: 'journal.periodClosed' },
      { action: 'journal.periodReopened', after: { reason: 'Қате түзету' } },
    ]);
    // The whole school closed: every class is read-only.
    expect((await admin.post(close, {})).statusCode).toBe(200);
    expect((await teacher.get(url())).json().period.closed).toBe(true);
    expect((await admin.post(reopen, { reason: 'test' })).statusCode).toBe(200);
  });
});

describe('timetable regeneration', () => {
  it('keeps the lessons that have marks, attendance or a topic; replaces the untouched ones', async () => {
    const q2 = await db()
      .selectFrom('academicPeriods')
      .where('schoolId', '=', a.school.id)
      .where('yearId', '=', j.yearId)
      .where('kind', '=', 'quarter')
      .where('number', '=', 2)
      .select(['id', 'startsOn'])
      .executeTakeFirstOrThrow();
    const timetable = `/api/v1/school-years/${j.yearId}/timetable`;
    const saved = await admin.put(timetable, {
      changes: [{ op: 'add', assignmentId: j.assignmentId, roomId: null, weekday: 3, shift: 1, lessonNumber: 5 }],
    });
    expect(saved.statusCode).toBe(200);
    const entryId = saved.json().added[0];
    const generate = () => admin.post(`/api/v1/school-years/${j.yearId}/periods/${q2.id}/generate-lessons`);
    expect((await generate()).statusCode).toBe(200);
    const generated = await db()
      .selectFrom('lessons')
      .where('schoolId', '=', a.school.id)
      .where('timetableEntryId', '=', entryId)
      .select(['id', 'date'])
      .orderBy('date')
      .execute();
    expect(generated.length).toBeGreaterThan(5);
    const [marked, attended, topical] = generated;
    const q2url = `${url('/marks')}`;
    expect(
      (
        await teacher.put(q2url, {
          cells: [{ studentId: st(0), lessonId: marked!.id, value: 7, expectedVersion: null }],
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await teacher.put(url('/attendance'), {
          cells: [{ studentId: st(0), lessonId: attended!.id, code: 'absent', expectedVersion: null }],
        })
      ).statusCode,
    ).toBe(200);
    expect((await teacher.put(`/api/v1/lessons/${topical!.id}/topic`, { topic: 'Тақырып' })).statusCode).toBe(200);

    // The entry goes: regeneration removes its lessons, except the three the journal refers to.
    expect((await admin.put(timetable, { changes: [{ op: 'remove', entryId }] })).statusCode).toBe(200);
    const res = await generate();
    expect(res.statusCode).toBe(200);
    const left = await db()
      .selectFrom('lessons')
      .where('schoolId', '=', a.school.id)
      .where('timetableEntryId', '=', entryId)
      .select('id')
      .orderBy('date')
      .execute();
    expect(left.map((l) => l.id)).toEqual([marked!.id, attended!.id, topical!.id]);
  });
});
