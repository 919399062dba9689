import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { createV2World, type V2World, v2get } from './v2.fixtures.js';

let t: TestApp;
let w: V2World;
beforeAll(async () => {
  t = await createTestApp();
  w = await createV2World(t);
});
afterAll(() => t.close());

describe('v2 plugin: auth and errors', () => {
  it('answers 401 tokenRequired without a token and invalidToken with a bad one', async () => {
    const none = await v2get(t, '/v2/users/me');
    expect(none.statusCode).toBe(401);
    expect(none.json()).toEqual({ type: 'tokenRequired', description: expect.any(String) });
    const bad = await v2get(t, '/v2.0/users/me', 'nope');
    expect(bad.statusCode).toBe(401);
    expect(bad.json().type).toBe('invalidToken');
  });
  it('never accepts the web session cookie', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v2/users/me', cookies: { dapter_session: 'x' } });
    expect(res.json().type).toBe('tokenRequired');
  });
  it('answers unknown paths and bad parameters with a JSON type', async () => {
    const nf = await v2get(t, '/v2/no/such/thing', w.tokens.student);
    expect(nf.statusCode).toBe(404);
    expect(nf.json().type).toBe('notFound');
    const bad = await v2get(t, '/v2/users/abc', w.tokens.student);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().type).toBe('parameterInvalid');
  });
  it('accepts the query parameter and the bearer header, and serves /v2 and /v2.0 identically', async () => {
    const header = await v2get(t, '/v2/users/me', w.tokens.student);
    const query = await t.app.inject({ method: 'GET', url: `/v2.0/users/me?access_token=${w.tokens.student}` });
    const bearer = await t.app.inject({
      method: 'GET',
      url: '/v2.0/users/me',
      headers: { authorization: `Bearer ${w.tokens.student}` },
    });
    expect(header.statusCode).toBe(200);
    expect(query.json()).toEqual(header.json());
    expect(bearer.json()).toEqual(header.json());
  });
});

describe('v2 users', () => {
  it('users/me: the User with id twins and the role', async () => {
    const me = (await v2get(t, '/v2/users/me', w.tokens.student)).json();
    const id = w.a.tenant.people.student.personId;
    expect(me).toMatchObject({ id, id_str: String(id), personId: id, personId_str: String(id), roles: ['EduStudent'] });
    expect(me.birthday).toBe('2012-05-04T00:00:00');
    expect(me.sex).toBe('Female');
  });
  it("users/me/context: schools, groups (class and sub-group), and a parent's children as objects", async () => {
    const s = (await v2get(t, '/v2/users/me/context', w.tokens.student)).json();
    expect(s.schoolIds).toEqual([w.a.tenant.school.id]);
    expect(s.groupIds).toContain(w.a.j.classId);
    expect(s.eduGroups.map((g: { type: string }) => g.type).sort()).toEqual(['Group', 'Subgroup']);
    const cls = s.eduGroups.find((g: { type: string }) => g.type === 'Group');
    expect(cls.subjects.map((x: { id: number }) => x.id)).toEqual([w.a.j.subjectId]);
    expect(s.children).toEqual([]);
    const p = (await v2get(t, '/v2/users/me/context', w.tokens.parent)).json();
    expect(p.roles).toEqual(['EduParent']);
    expect(p.children).toHaveLength(1);
    expect(p.children[0]).toMatchObject({
      personId: w.a.tenant.people.student.personId,
      schoolIds: [w.a.tenant.school.id],
    });
    expect(p.children[0].groupIds).toContain(w.a.j.classId);
  });
  it('users/me/schools, edu-groups, roles, children', async () => {
    expect((await v2get(t, '/v2/users/me/schools', w.tokens.student)).json()).toEqual([w.a.tenant.school.id]);
    expect((await v2get(t, '/v2/users/me/edu-groups', w.tokens.student)).json()).toContain(w.a.j.classId);
    expect((await v2get(t, '/v2/users/me/roles', w.tokens.admin)).json()).toEqual([
      'EduStaff',
      'EduSchoolAdministrator',
    ]);
    expect((await v2get(t, '/v2/users/me/children', w.tokens.parent)).json()).toEqual([
      w.a.tenant.people.student.personId,
    ]);
  });
  it('users/{id}: a pupil sees no classmate (the web app shows pupils no roster), a teacher does; foreign is 404', async () => {
    const mate = w.a.j.students[0]!.personId;
    const hidden = await v2get(t, `/v2/users/${mate}`, w.tokens.student);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().type).toBe('notFound');
    const res = await v2get(t, `/v2/users/${mate}`, w.tokens.teacher);
    expect(res.statusCode).toBe(200);
    expect(res.json().email).toBeNull();
    const foreign = await v2get(t, `/v2/users/${w.b.tenant.people.student.personId}`, w.tokens.student);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().type).toBe('notFound');
    expect((await v2get(t, '/v2/users/me/classmates', w.tokens.student)).json()).toEqual([]);
  });
  it('users/many and users/me/relatives', async () => {
    const mate = w.a.j.students[0]!.personId;
    const foreign = w.b.tenant.people.student.personId;
    const res = await t.app.inject({
      method: 'POST',
      url: '/v2/users/many',
      headers: { 'access-token': w.tokens.teacher },
      payload: [mate, foreign],
    });
    expect(res.json().map((u: { id: number }) => u.id)).toEqual([mate]);
    const rel = (await v2get(t, '/v2/users/me/relatives', w.tokens.parent)).json();
    expect(rel).toEqual([
      { type: 'Child', person: expect.objectContaining({ id: w.a.tenant.people.student.personId }) },
    ]);
  });
});

describe('v2 in the OpenAPI document', () => {
  it('lists /v2 routes under the kundelik-v2 tag and hides the /v2.0 copies', async () => {
    const res = await t.app.inject('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const paths = res.json().paths as Record<string, Record<string, { tags?: string[] }>>;
    expect(paths['/v2/users/{user}']?.get?.tags).toEqual(['kundelik-v2']);
    expect(Object.keys(paths).some((p) => p.startsWith('/v2.0/'))).toBe(false);
  });
});
