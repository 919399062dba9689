import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkGuardian, type Tenant } from '../../test/factories.js';
import { type Client, signIn, type TestApp } from '../../test/harness.js';
import { createJournal, type JournalFixture } from '../journal/journal.fixtures.js';
import { countStatements, diaryTenants, ok } from './diary.fixtures.js';
import { workDistribution } from './distribution.service.js';

/**
 * The diary's progress picture and the anonymised class distribution of a work (issue 7 §1), through the API on a
 * real database: a class of six with two ФО and one СОр for the first pupil and a СОр scored for everyone.
 */

let t: TestApp;
let a: Tenant;
let b: Tenant;
let admin: Client;
let teacher: Client;
let parent: Client;
let j: JournalFixture;
let other: JournalFixture;
let sorId: number;
let otherWorkId: number;

const db = () => t.deps.db;
const as = (p: { username: string; password: string }) => signIn(t.app, p.username, p.password);
const st = (i = 0) => j.students[i]!.personId;
const jurl = (rest = '') => `/api/v1/journal/${j.assignmentId}${rest}`;
const distUrl = (studentId: number, workId = sorId) => `/api/v1/diary/${studentId}/works/${workId}/distribution`;
const settingUrl = () => `/api/v1/institutions/${a.school.id}/diary-setting`;
/** СОр out of 20: 12 (60 %), 20 (100 %), 17 (85 %), 13 (65 %), 7 (35 %), 8 (40 %). */
const SCORES = [12, 20, 17, 13, 7, 8];

beforeAll(async () => {
  ({ t, a, b, admin, teacher, j } = await diaryTenants({ students: 6, lessons: 4 }));
  other = await createJournal(db(), t.deps.hasher, {
    schoolId: a.school.id,
    teacherPersonId: a.people.teacher.personId,
    yearId: j.yearId,
    students: 1,
    lessons: 1,
  });
  await linkGuardian(db(), a.school.id, a.people.parent.personId, st());
  parent = await as(a.people.parent);
  // ФО 6 on 1 Sep, ФО 10 on 3 Sep (lessons on 1, 2, 3, 4 Sep); the СОр on 2 Sep.
  await ok(
    teacher.put(jurl('/marks'), {
      cells: [
        { studentId: st(), lessonId: j.lessons[0]!.id, value: 6, expectedVersion: null },
        { studentId: st(), lessonId: j.lessons[2]!.id, value: 10, expectedVersion: null },
      ],
    }),
  );
  sorId = (
    await ok(teacher.post(jurl('/works'), { kind: 'sor', title: 'БЖБ 1', maxScore: 20, date: '2026-09-02' }), 201)
  ).json().id;
  // Four scores first: too few to publish.
  await ok(
    teacher.put(jurl('/marks'), {
      cells: SCORES.slice(0, 4).map((value, i) => ({ studentId: st(i), workId: sorId, value, expectedVersion: null })),
    }),
  );
  otherWorkId = (
    await ok(
      teacher.post(`/api/v1/journal/${other.assignmentId}/works`, {
        kind: 'sor',
        title: 'БЖБ',
        maxScore: 30,
        date: '2026-09-02',
      }),
      201,
    )
  ).json().id;
});
afterAll(async () => {
  await t.close();
});

describe('progress picture', () => {
  it('gives the running percent after each marked day, as the engine computes it, and the scale', async () => {
    const res = (await ok(parent.get(`/api/v1/diary/${st()}/subjects`))).json();
    const s = res.subjects.find((x: { assignmentId: number }) => x.assignmentId === j.assignmentId);
    // 1 Sep: ФО 6 alone → 60 % «3»; 2 Sep: + СОр 12/20 (60 %) → 60 % «3»; 3 Sep: ФО mean 8 → 80 %, with СОр 60 %
    // half and half (no СОч yet) → 70 % «4».
    expect(s.progress).toEqual([
      { date: '2026-09-01', percent: 60, grade: '3' },
      { date: '2026-09-02', percent: 60, grade: '3' },
      { date: '2026-09-03', percent: 70, grade: '4' },
    ]);
    // The last point is the running result the card shows.
    expect(s).toMatchObject({ percent: 70, grade: '4' });
    expect(s.thresholds).toEqual({ 3: 40, 4: 65, 5: 85 });
  });
});

describe('class distribution of a work', () => {
  it('is off until the school switches it on; only the school administrator may', async () => {
    expect((await ok(parent.get(distUrl(st())))).json()).toEqual({
      workId: sorId,
      kind: 'sor',
      maxScore: 20,
      hidden: 'disabled',
      bands: [],
      own: null,
    });
    expect((await ok(admin.get(settingUrl()))).json()).toEqual({
      institutionId: a.school.id,
      classDistribution: false,
      canChange: true,
    });
    expect((await ok(teacher.get(settingUrl()))).json().canChange).toBe(false);
    expect((await teacher.put(settingUrl(), { classDistribution: true })).statusCode).toBe(403);
    const bAdmin = await as(b.people.schoolAdmin);
    expect((await bAdmin.get(settingUrl())).statusCode).toBe(404);
    expect((await bAdmin.put(settingUrl(), { classDistribution: true })).statusCode).toBe(404);
    expect((await ok(admin.put(settingUrl(), { classDistribution: true }))).json().classDistribution).toBe(true);
    const audit = await db()
      .selectFrom('auditEvents')
      .where('institutionId', '=', a.school.id)
      .where('action', '=', 'institution.distributionSettingChanged')
      .select(['before', 'after'])
      .execute();
    expect(audit).toEqual([{ before: { classDistribution: false }, after: { classDistribution: true } }]);
  });

  it('withholds the histogram while fewer than five pupils have scores', async () => {
    const res = (await ok(parent.get(distUrl(st())))).json();
    expect(res).toMatchObject({ hidden: 'tooFew', bands: [], own: null });
  });

  it('counts the scores per grade band, names no one, and marks the own band', async () => {
    await ok(
      teacher.put(jurl('/marks'), {
        cells: SCORES.slice(4).map((value, i) => ({
          studentId: st(i + 4),
          workId: sorId,
          value,
          expectedVersion: null,
        })),
      }),
    );
    const res = await ok(parent.get(distUrl(st())));
    // 35 % → «2»; 40 % and 60 % → «3»; 65 % → «4»; 85 % and 100 % → «5».
    expect(res.json()).toEqual({
      workId: sorId,
      kind: 'sor',
      maxScore: 20,
      hidden: null,
      bands: [
        { grade: '2', from: 0, to: 39, count: 1 },
        { grade: '3', from: 40, to: 64, count: 2 },
        { grade: '4', from: 65, to: 84, count: 1 },
        { grade: '5', from: 85, to: 100, count: 2 },
      ],
      own: '3',
    });
    // No name (the fixture's pupils are «Оқушы00»…) and no person field anywhere in the answer.
    expect(res.body).not.toContain('Оқушы');
    expect(res.body).not.toMatch(/person|name|student/i);
    // The pupil themself reads the same counts, their own band «5».
    const pupil = await as(j.students[1]!);
    expect((await ok(pupil.get(distUrl(st(1))))).json()).toMatchObject({ own: '5', hidden: null });
  });

  it('reads three statements', async () => {
    const { result: res, statements } = await countStatements(t, st(2), (deps, actor) =>
      workDistribution(deps, actor, st(2), sorId),
    );
    expect(res.own).toBe('5');
    expect(statements).toBe(3);
  });

  it('answers 404 for a child not linked, a child not in that class, a foreign work, and staff', async () => {
    // The parent's own other child (the tenant's student) is not in the class of the work.
    expect((await parent.get(distUrl(a.people.student.personId))).statusCode).toBe(404);
    // A pupil of the class the parent is not linked to.
    expect((await parent.get(distUrl(st(1)))).statusCode).toBe(404);
    // A work of another class of the same school, through the linked child.
    expect((await parent.get(distUrl(st(), otherWorkId))).statusCode).toBe(404);
    // Another school's people.
    const bParent = await as(b.people.parent);
    expect((await bParent.get(distUrl(st()))).statusCode).toBe(404);
    const bStudent = await as(b.people.student);
    expect((await bStudent.get(distUrl(b.people.student.personId))).statusCode).toBe(404);
    // The teacher reads the journal, not the diary.
    expect((await teacher.get(distUrl(st()))).statusCode).toBe(404);
  });
});
