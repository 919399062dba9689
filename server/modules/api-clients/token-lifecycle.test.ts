import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultRouteScope } from '../../policies/api-scopes.js';
import { createInstitution, createPerson, createTenant, type Tenant, type TestPerson } from '../../test/factories.js';
import { createTestApp, signIn, type TestApp } from '../../test/harness.js';
import { createJournal, type JournalFixture } from '../journal/journal.fixtures.js';
import { grantedScope } from './v2-auth.service.js';

/**
 * Issue 8 §1, the token lifecycle on a real database: scopes enforced per route, the token's chosen membership,
 * sign-out with a token, refresh-token reuse revoking the grant.
 */
let t: TestApp;
let tenant: Tenant;
let client: { id: number; clientId: string; secret: string };
let journal: JournalFixture;
const ALLOWED = ['CommonInfo', 'EducationalInfo', 'Marks', 'Lessons'];

type Body = Record<string, unknown>;
type Tokens = { accessToken: string; refreshToken: string; scope: string };
const login = (p: TestPerson, scope?: string) =>
  t.app.inject({
    method: 'POST',
    url: '/v2/authorizations/bycredentials',
    payload: {
      username: p.username,
      password: p.password,
      client_id: client.clientId,
      client_secret: client.secret,
      ...(scope === undefined ? {} : { scope }),
    },
  });
async function tokenOf(p: TestPerson, scope?: string): Promise<Tokens> {
  const res = await login(p, scope);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
const call = (token: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: Body) =>
  t.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
const refresh = (refreshToken: string) =>
  t.app.inject({
    method: 'POST',
    url: '/v2/authorizations/byrefreshtoken',
    payload: { client_id: client.clientId, client_secret: client.secret, grant_type: 'RefreshToken', refreshToken },
  });
const revocations = (personId: number) =>
  t.deps.db
    .selectFrom('auditEvents')
    .where('action', '=', 'apiToken.revoked')
    .where('subjectId', '=', personId)
    .select(['institutionId', 'after'])
    .orderBy('id')
    .execute();

beforeAll(async () => {
  t = await createTestApp();
  tenant = await createTenant(t.deps.db, t.deps.hasher);
  const region = await signIn(t.app, tenant.people.regionAdmin.username, tenant.people.regionAdmin.password);
  const created = await region.post('/api/v1/api-clients', { name: 'Lifecycle app', scopes: ALLOWED });
  expect(created.statusCode, created.body).toBe(201);
  client = {
    id: created.json().client.id,
    clientId: created.json().client.clientId,
    secret: created.json().clientSecret,
  };
  const admin = await signIn(t.app, tenant.people.schoolAdmin.username, tenant.people.schoolAdmin.password);
  expect((await admin.put(`/api/v1/school/api-clients/${client.id}`, { enabled: true })).statusCode).toBe(200);
  journal = await createJournal(t.deps.db, t.deps.hasher, {
    schoolId: tenant.school.id,
    teacherPersonId: tenant.people.teacher.personId,
  });
});
afterAll(() => t.close());

describe('scopes per route', () => {
  const putMark = (token: string, value: number) =>
    call(token, 'PUT', `/api/v1/journal/${journal.assignmentId}/marks`, {
      cells: [
        {
          studentId: journal.students[0]!.personId,
          lessonId: journal.lessons[0]!.id,
          value,
          expectedVersion: null,
        },
      ],
    });
  const marksInDb = () =>
    t.deps.db
      .selectFrom('marks')
      .where('schoolId', '=', tenant.school.id)
      .where('lessonId', '=', journal.lessons[0]!.id)
      .select('value')
      .execute()
      .then((rows) => rows.map((r) => Number(r.value)));

  it('a read-only token reads the journal but is refused a mark (localised 403 on /api/v1, accessDenied on /v2)', async () => {
    const read = await tokenOf(tenant.people.teacher, 'EducationalInfo');
    expect(read.scope).toBe('EducationalInfo');
    const grid = await call(read.accessToken, 'GET', `/api/v1/journal/${journal.assignmentId}`);
    expect(grid.statusCode, grid.body).toBe(200);
    expect(grid.json().students).toHaveLength(3);

    const refused = await putMark(read.accessToken, 8);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'apiClients.scopeMissing' });
    expect(refused.json().message).toContain('«Marks»');
    expect(await marksInDb()).toEqual([]);

    // v2: EducationalInfo reads pass; who-am-I needs CommonInfo, which this token lacks.
    expect((await call(read.accessToken, 'GET', '/v2/marks/values')).statusCode).toBe(200);
    const me = await call(read.accessToken, 'GET', '/v2/users/me');
    expect(me.statusCode).toBe(403);
    expect(me.json()).toEqual({ type: 'accessDenied', description: 'Access denied' });
    // A token asked for fewer scopes than its client allows gets no more, whatever the person may do.
    expect((await call(read.accessToken, 'GET', '/api/v1/me')).statusCode).toBe(403);
  });

  it('the same teacher with Marks granted ("marks", as Kundelik clients spell it) puts the mark', async () => {
    const write = await tokenOf(tenant.people.teacher, 'EducationalInfo,marks,Wall');
    // Within the client's allowed scopes, in the catalogue's spelling; Wall is not allowed to this client.
    expect(write.scope).toBe('EducationalInfo,Marks');
    const res = await putMark(write.accessToken, 8);
    expect(res.statusCode, res.body).toBe(200);
    expect(await marksInDb()).toEqual([8]);
    // The scope narrows what a token may do; it never widens the person's rights: a parent with Marks is refused.
    const parent = await tokenOf(tenant.people.parent, 'Marks,EducationalInfo');
    expect([403, 404]).toContain((await putMark(parent.accessToken, 2)).statusCode);
    expect(await marksInDb()).toEqual([8]);
  });

  it('a login without scope gets the client’s allowed scopes; asking only for foreign ones grants none', async () => {
    const none = await tokenOf(tenant.people.parent);
    expect(none.scope).toBe(ALLOWED.join(','));
    expect((await call(none.accessToken, 'GET', '/api/v1/me')).statusCode).toBe(200);
    const foreign = await tokenOf(tenant.people.parent, 'Wall,Messages');
    expect(foreign.scope).toBe('');
    expect((await call(foreign.accessToken, 'GET', '/api/v1/me')).statusCode).toBe(403);
    // It can still sign itself out.
    expect((await call(foreign.accessToken, 'POST', '/api/v1/auth/sign-out')).statusCode).toBe(200);
  });

  it('cookie sessions are not scoped', async () => {
    const web = await signIn(t.app, tenant.people.parent.username, tenant.people.parent.password);
    expect((await web.get('/api/v1/me')).statusCode).toBe(200);
    expect((await web.patch('/api/v1/me/preferences', { locale: 'ru' })).statusCode).toBe(200);
  });

  it('grants: asked ∩ allowed, none asked → allowed (or every scope when the client has no list)', () => {
    expect(grantedScope('CommonInfo,educationalinfo', ['CommonInfo', 'EducationalInfo'])).toBe(
      'CommonInfo,EducationalInfo',
    );
    expect(grantedScope(undefined, ['CommonInfo'])).toBe('CommonInfo');
    expect(grantedScope('', [])).toBe(
      'CommonInfo,EducationalInfo,ContactInfo,FriendsAndRelatives,Marks,Lessons,EduWorks,Manage',
    );
    expect(grantedScope('Schools Avatar marks', [])).toBe('Schools,Avatar,Marks');
  });

  it('defaults each route to a scope by method and path', () => {
    const cases: Array<[string, string, string | null]> = [
      ['GET', '/api/v1/me', 'CommonInfo'],
      ['PUT', '/api/v1/me/context', 'CommonInfo'],
      ['POST', '/api/v1/auth/sign-out', null],
      ['GET', '/api/v1/journal/:assignmentId', 'EducationalInfo'],
      ['PUT', '/api/v1/journal/:assignmentId/marks', 'Marks'],
      ['POST', '/api/v1/journal/periods/:periodId/close', 'Marks'],
      ['PUT', '/api/v1/journal/:assignmentId/attendance', 'Lessons'],
      ['PUT', '/api/v1/lessons/:id/homework', 'Lessons'],
      ['POST', '/api/v1/journal/:assignmentId/works', 'EduWorks'],
      ['PATCH', '/api/v1/journal/:assignmentId/works/:workId', 'EduWorks'],
      ['DELETE', '/api/v1/lessons/:id/homework/attachments/:attachmentId', 'Lessons'],
      ['POST', '/api/v1/lessons/:id/cancel', 'Manage'],
      ['POST', '/api/v1/persons', 'Manage'],
      ['GET', '/v2/users/me', 'CommonInfo'],
      ['GET', '/v2.0/users/:user/context', 'CommonInfo'],
      ['POST', '/v2/users/many', 'CommonInfo'],
      ['GET', '/v2/users/me/feed', 'EducationalInfo'],
      ['POST', '/v2/lessons/many', 'EducationalInfo'],
      ['POST', '/v2/edu-groups/students', 'EducationalInfo'],
      ['GET', '/v2/edu-groups/:group/marks/:from/:to', 'EducationalInfo'],
      ['POST', '/v2/persons/:personId/works/:workId/mark', 'Marks'],
      ['PUT', '/v2/lessons/:lesson/log-entries', 'Lessons'],
      ['POST', '/v2/works', 'EduWorks'],
      ['GET', '/healthz', null],
    ];
    for (const [method, url, scope] of cases)
      expect([method, url, defaultRouteScope(method, url)]).toEqual([method, url, scope]);
  });
});

describe("the token's chosen membership", () => {
  let teacher: TestPerson;
  let second: { schoolId: number; membershipId: number };
  let closed: { membershipId: number };
  beforeAll(async () => {
    teacher = await createPerson(t.deps.db, t.deps.hasher, {
      institutionId: tenant.school.id,
      profile: 'school_employee',
      roles: ['teacher'],
    });
    const addMembership = async (schoolId: number) =>
      (
        await t.deps.db
          .insertInto('memberships')
          .values({
            institutionId: schoolId,
            personId: teacher.personId,
            profile: 'school_employee',
            roles: ['teacher'],
            startsOn: '2020-09-01',
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    // A second school that enabled the app, and a third that did not.
    const b = await createInstitution(t.deps.db, tenant.district.id, 'school');
    await t.deps.db.insertInto('apiClientSchools').values({ schoolId: b.id, apiClientId: client.id }).execute();
    second = { schoolId: b.id, membershipId: await addMembership(b.id) };
    const c = await createInstitution(t.deps.db, tenant.district.id, 'school');
    closed = { membershipId: await addMembership(c.id) };
  });

  it('PUT /me/context with a token keeps the choice on that token for its next requests', async () => {
    const token = await tokenOf(teacher, 'CommonInfo');
    const other = await tokenOf(teacher, 'CommonInfo');
    const contextOf = async (access: string) => (await call(access, 'GET', '/api/v1/me')).json().context.id as number;
    expect(await contextOf(token.accessToken)).toBe(teacher.membershipId);

    const switched = await call(token.accessToken, 'PUT', '/api/v1/me/context', { membershipId: second.membershipId });
    expect(switched.statusCode, switched.body).toBe(200);
    expect(switched.json().context.institutionId).toBe(second.schoolId);
    expect(await contextOf(token.accessToken)).toBe(second.membershipId);
    // Per token: the app's other grant stays where it was.
    expect(await contextOf(other.accessToken)).toBe(teacher.membershipId);
    // A refresh keeps the grant, so the new access token acts there too.
    const next = (await refresh(token.refreshToken)).json() as Tokens;
    expect(await contextOf(next.accessToken)).toBe(second.membershipId);

    const audit = await t.deps.db
      .selectFrom('auditEvents')
      .where('action', '=', 'apiToken.contextChanged')
      .where('subjectId', '=', teacher.personId)
      .select(['institutionId', 'actorPersonId', 'before', 'after'])
      .execute();
    expect(audit).toEqual([
      {
        institutionId: second.schoolId,
        actorPersonId: teacher.personId,
        before: { membershipId: teacher.membershipId },
        after: expect.objectContaining({ membershipId: second.membershipId, apiClientId: client.id }),
      },
    ]);
  });

  it('refuses a membership at a school that did not enable the app, and a foreign one', async () => {
    const token = await tokenOf(teacher, 'CommonInfo');
    const refused = await call(token.accessToken, 'PUT', '/api/v1/me/context', { membershipId: closed.membershipId });
    expect(refused.statusCode).toBe(403);
    const foreign = await call(token.accessToken, 'PUT', '/api/v1/me/context', {
      membershipId: tenant.people.teacher.membershipId,
    });
    expect(foreign.statusCode).toBe(404);
    expect((await call(token.accessToken, 'GET', '/api/v1/me')).json().context.id).toBe(teacher.membershipId);
  });
});

describe('a token whose chosen membership ended', () => {
  it('falls back to a membership at a school that enables the app, never one that does not', async () => {
    // Three schools in id order: X did not enable the app, Y and Z did. The person's first membership is at X.
    const [x, y, z] = [
      await createInstitution(t.deps.db, tenant.district.id, 'school'),
      await createInstitution(t.deps.db, tenant.district.id, 'school'),
      await createInstitution(t.deps.db, tenant.district.id, 'school'),
    ];
    const person = await createPerson(t.deps.db, t.deps.hasher, {
      institutionId: x!.id,
      profile: 'school_employee',
      roles: ['teacher'],
    });
    const member = async (schoolId: number) =>
      (
        await t.deps.db
          .insertInto('memberships')
          .values({ institutionId: schoolId, personId: person.personId, profile: 'parent', startsOn: '2020-09-01' })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const atY = await member(y!.id);
    const atZ = await member(z!.id);
    await t.deps.db
      .insertInto('apiClientSchools')
      .values([y!, z!].map((s) => ({ schoolId: s.id, apiClientId: client.id })))
      .execute();
    const token = await tokenOf(person, 'CommonInfo');
    const contextOf = async () => (await call(token.accessToken, 'GET', '/api/v1/me')).json().context.id as number;
    expect(await contextOf()).toBe(atY);
    await t.deps.db
      .updateTable('memberships')
      .set({ endsOn: '2026-10-01', endReason: 'transfer' })
      .where('id', '=', atY)
      .execute();
    expect(await contextOf()).toBe(atZ);
  });
});

describe('sign-out with a token', () => {
  it('revokes that grant (access and refresh token), audited; other tokens and the web session live on', async () => {
    const person = await createPerson(t.deps.db, t.deps.hasher, { institutionId: tenant.school.id, profile: 'parent' });
    const web = await signIn(t.app, person.username, person.password);
    const token = await tokenOf(person);
    const kept = await tokenOf(person);
    const out = await call(token.accessToken, 'POST', '/api/v1/auth/sign-out');
    expect(out.statusCode, out.body).toBe(200);
    expect((await call(token.accessToken, 'GET', '/api/v1/me')).statusCode).toBe(401);
    const v2 = await call(token.accessToken, 'GET', '/v2/users/me');
    expect(v2.statusCode).toBe(401);
    expect(v2.json().type).toBe('invalidToken');
    const again = await refresh(token.refreshToken);
    expect(again.statusCode).toBe(401);
    expect(again.json().type).toBe('authorizationFailed');

    expect((await call(kept.accessToken, 'GET', '/api/v1/me')).statusCode).toBe(200);
    expect((await web.get('/api/v1/me')).statusCode).toBe(200);
    const row = await t.deps.db
      .selectFrom('apiTokens')
      .where('personId', '=', person.personId)
      .where('revokedAt', 'is not', null)
      .select(['revokeReason'])
      .execute();
    expect(row).toEqual([{ revokeReason: 'sign_out' }]);
    expect(await revocations(person.personId)).toEqual([
      {
        institutionId: tenant.school.id,
        after: expect.objectContaining({ apiClientId: client.id, reason: 'sign_out' }),
      },
    ]);
  });
});

describe('refresh-token reuse', () => {
  it('presenting a used refresh token revokes the whole grant, the newest tokens too', async () => {
    const person = await createPerson(t.deps.db, t.deps.hasher, {
      institutionId: tenant.school.id,
      profile: 'student',
    });
    const first = await tokenOf(person);
    const rotated = await refresh(first.refreshToken);
    expect(rotated.statusCode, rotated.body).toBe(200);
    const second = rotated.json() as Tokens;
    expect((await call(second.accessToken, 'GET', '/v2/users/me')).statusCode).toBe(200);

    const reused = await refresh(first.refreshToken);
    expect(reused.statusCode).toBe(401);
    expect(reused.json()).toEqual({
      type: 'authorizationFailed',
      description: 'Refresh token already used; access is revoked, sign in again',
    });
    const v2 = await call(second.accessToken, 'GET', '/v2/users/me');
    expect(v2.statusCode).toBe(401);
    expect(v2.json()).toEqual({ type: 'invalidToken', description: 'Invalid or expired token' });
    expect((await refresh(second.refreshToken)).json().type).toBe('authorizationFailed');

    const row = await t.deps.db
      .selectFrom('apiTokens')
      .where('personId', '=', person.personId)
      .select(['revokeReason'])
      .executeTakeFirstOrThrow();
    expect(row.revokeReason).toBe('refresh_reused');
    expect(await revocations(person.personId)).toEqual([
      {
        institutionId: tenant.school.id,
        after: expect.objectContaining({ apiClientId: client.id, reason: 'refresh_reused' }),
      },
    ]);
    // Presented once more: still refused, no second revocation recorded.
    expect((await refresh(first.refreshToken)).statusCode).toBe(401);
    expect(await revocations(person.personId)).toHaveLength(1);
  });

  it("another client's credentials cannot revoke a grant by replaying its used refresh token", async () => {
    const person = await createPerson(t.deps.db, t.deps.hasher, {
      institutionId: tenant.school.id,
      profile: 'student',
    });
    const first = await tokenOf(person);
    const second = (await refresh(first.refreshToken)).json() as Tokens;
    const region = await signIn(t.app, tenant.people.regionAdmin.username, tenant.people.regionAdmin.password);
    const stranger = (await region.post('/api/v1/api-clients', { name: 'Stranger' })).json();
    const replay = await t.app.inject({
      method: 'POST',
      url: '/v2/authorizations/byrefreshtoken',
      payload: {
        client_id: stranger.client.clientId,
        client_secret: stranger.clientSecret,
        refreshToken: first.refreshToken,
      },
    });
    expect(replay.json()).toMatchObject({ type: 'authorizationFailed', description: 'Invalid refresh token' });
    expect((await call(second.accessToken, 'GET', '/v2/users/me')).statusCode).toBe(200);
  });
});
