import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJournal, type JournalFixture } from '../modules/journal/journal.fixtures.js';
import { type ApiClient, apiClient, type SignedInApi, signInApi } from './api-client.js';
import { createTenant, linkGuardian, type Tenant } from './factories.js';
import { createTestApp, type TestApp } from './harness.js';

/**
 * Issue 8 §3 end to end through the typed client (api-client.ts): the paths, parameters, bodies and response
 * fields below are checked by tsc against common/api/v1.d.ts, generated from the app's OpenAPI document — a
 * wrong name here fails `npm run typecheck`, and a document that no longer matches the code fails
 * openapi-client.test.ts. Both ways in: the web app's session cookie and a bearer API token.
 */
let t: TestApp;
let a: Tenant;
let j: JournalFixture;
let teacher: SignedInApi;
let parent: SignedInApi;

const st = (i: number) => j.students[i]!.personId;
const ls = (i: number) => j.lessons[i]!.id;
const as = (p: { username: string; password: string }) => signInApi(t.app, p.username, p.password);

beforeAll(async () => {
  t = await createTestApp();
  a = await createTenant(t.deps.db, t.deps.hasher);
  j = await createJournal(t.deps.db, t.deps.hasher, {
    schoolId: a.school.id,
    teacherPersonId: a.people.teacher.personId,
    students: 2,
    lessons: 5,
  });
  await linkGuardian(t.deps.db, a.school.id, a.people.parent.personId, st(0));
  teacher = await as(a.people.teacher);
  parent = await as(a.people.parent);
}, 180_000);
afterAll(() => t.close());

describe('the typed client with a session', () => {
  it('signs in and reads me; without a session the API answers 401 with a typed error', async () => {
    const me = await teacher.api.GET('/api/v1/me');
    expect(me.response.status).toBe(200);
    expect(me.data).toMatchObject({ personId: a.people.teacher.personId, username: a.people.teacher.username });
    expect(me.data?.memberships.map((m) => [m.institutionId, m.profile, m.roles])).toEqual([
      [a.school.id, 'school_employee', ['teacher']],
    ]);
    const anonymous = await apiClient(t.app).GET('/api/v1/me');
    expect(anonymous.response.status).toBe(401);
    expect(anonymous.error?.code).toBe('unauthenticated');
  });

  it('reads the journal grid and saves marks (PUT), then sees them in the grid', async () => {
    const path = { assignmentId: j.assignmentId };
    const grid = await teacher.api.GET('/api/v1/journal/{assignmentId}', { params: { path } });
    expect(grid.data?.students.map((s) => s.id)).toEqual([st(0), st(1)]);
    expect(grid.data?.lessons.map((l) => l.id)).toEqual(j.lessons.map((l) => l.id));
    expect(grid.data?.marks).toEqual([]);

    const saved = await teacher.api.PUT('/api/v1/journal/{assignmentId}/marks', {
      params: { path },
      body: {
        cells: [
          { studentId: st(0), lessonId: ls(0), value: 8, comment: 'Жақсы', expectedVersion: null },
          { studentId: st(1), lessonId: ls(0), value: 6, expectedVersion: null },
        ],
      },
    });
    expect(saved.response.status).toBe(200);
    expect(saved.data?.marks.map((m) => [m.studentId, m.kind, m.value, m.version])).toEqual([
      [st(0), 'fo', 8, 1],
      [st(1), 'fo', 6, 1],
    ]);
    // @ts-expect-error — a misspelled response field is a compile error, not a silent undefined
    expect(saved.data?.revison).toBeUndefined();

    const wrong = await teacher.api.PUT('/api/v1/journal/{assignmentId}/marks', {
      params: { path },
      body: {
        cells: [
          {
            // @ts-expect-error — a misspelled request field is a compile error (and a 400 at run time)
            studentID: st(0),
            lessonId: ls(1),
            value: 5,
            expectedVersion: null,
          },
        ],
      },
    });
    expect(wrong.response.status).toBe(400);

    const period = grid.data?.period.id;
    const again = await teacher.api.GET('/api/v1/journal/{assignmentId}', {
      params: { path, query: { periodId: period } },
    });
    expect(again.data?.marks.map((m) => [m.studentId, m.lessonId, m.value, m.comment])).toEqual([
      [st(0), ls(0), 8, 'Жақсы'],
      [st(1), ls(0), 6, null],
    ]);
  });

  it('saves attendance and homework, which the parent then reads in the diary week', async () => {
    const attendance = await teacher.api.PUT('/api/v1/journal/{assignmentId}/attendance', {
      params: { path: { assignmentId: j.assignmentId } },
      body: { cells: [{ studentId: st(0), lessonId: ls(1), code: 'absent', expectedVersion: null }] },
    });
    expect(attendance.response.status).toBe(200);
    expect(attendance.data?.attendance).toEqual([
      { studentId: st(0), lessonId: ls(1), code: 'absent', reason: null, version: 1 },
    ]);

    const homework = await teacher.api.PUT('/api/v1/lessons/{id}/homework', {
      params: { path: { id: ls(0) } },
      body: { text: 'Есеп 5', dueDate: '2026-09-03' },
    });
    expect(homework.response.status).toBe(200);
    expect(homework.data?.homework).toEqual({ text: 'Есеп 5', dueDate: '2026-09-03', attachments: [] });

    // Lessons 0 and 1 are on Tuesday 1 and Wednesday 2 September (the first weekdays of quarter 1).
    const week = await parent.api.GET('/api/v1/diary/{studentId}/week', {
      params: { path: { studentId: st(0) }, query: { date: '2026-09-02' } },
    });
    expect(week.response.status).toBe(200);
    expect(week.data).toMatchObject({ from: '2026-08-31', to: '2026-09-06' });
    const [, tue, wed, thu] = week.data?.days ?? [];
    expect(tue?.lessons[0]).toMatchObject({
      id: ls(0),
      mark: { value: 8, comment: 'Жақсы', changed: false },
      attendance: null,
      homework: { text: 'Есеп 5', dueDate: '2026-09-03', done: false },
    });
    expect(wed?.lessons[0]).toMatchObject({ id: ls(1), mark: null, attendance: 'absent' });
    expect(thu?.homeworkDue.map((h) => h.text)).toEqual(['Есеп 5']);

    // The other student's diary is not the parent's (404, the existence of the pupil is not told).
    const foreign = await parent.api.GET('/api/v1/diary/{studentId}/week', {
      params: { path: { studentId: st(1) } },
    });
    expect(foreign.response.status).toBe(404);
  });
});

describe('the typed client with a bearer token', () => {
  let bearer: ApiClient;

  it('lets administrators register and enable an API client (admin routes)', async () => {
    const region = await as(a.people.regionAdmin);
    const created = await region.api.POST('/api/v1/api-clients', {
      body: { name: 'Typed client', scopes: ['CommonInfo', 'EducationalInfo', 'Marks'] },
    });
    expect(created.response.status).toBe(201);
    const client = created.data!.client;
    expect(client).toMatchObject({ name: 'Typed client', ownerInstitutionId: a.region.id, schools: 0 });

    const schoolAdmin = await as(a.people.schoolAdmin);
    const enabled = await schoolAdmin.api.PUT('/api/v1/school/api-clients/{id}', {
      params: { path: { id: client.id } },
      body: { enabled: true },
    });
    expect(enabled.data).toMatchObject({ id: client.id, enabled: true });

    // The token itself comes from the v2 password grant (the Kundelik-compatible surface, not /api/v1).
    const login = await t.app.inject({
      method: 'POST',
      url: '/v2/authorizations/bycredentials',
      payload: {
        username: a.people.teacher.username,
        password: a.people.teacher.password,
        client_id: client.clientId,
        client_secret: created.data!.clientSecret,
        scope: 'CommonInfo,EducationalInfo,Marks',
      },
    });
    expect(login.statusCode, login.body).toBe(200);
    bearer = apiClient(t.app, { bearer: login.json().accessToken });
  });

  it('acts as the same person, reads and writes /api/v1 without cookie or CSRF header', async () => {
    const me = await bearer.GET('/api/v1/me');
    expect(me.data?.personId).toBe(a.people.teacher.personId);
    const saved = await bearer.PUT('/api/v1/journal/{assignmentId}/marks', {
      params: { path: { assignmentId: j.assignmentId } },
      body: { cells: [{ studentId: st(1), lessonId: ls(2), value: 9, expectedVersion: null }] },
    });
    expect(saved.response.status).toBe(200);
    expect(saved.data?.marks[0]).toMatchObject({ studentId: st(1), lessonId: ls(2), value: 9, version: 1 });
    const grid = await bearer.GET('/api/v1/journal/{assignmentId}', {
      params: { path: { assignmentId: j.assignmentId } },
    });
    expect(grid.data?.marks.filter((m) => m.studentId === st(1)).map((m) => m.value)).toEqual([6, 9]);
    // A revoked or unknown token is a 401.
    expect((await apiClient(t.app, { bearer: 'not-a-token' }).GET('/api/v1/me')).response.status).toBe(401);
  });
});
