import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson, createTenant, linkGuardian, type Tenant } from '../../test/factories.js';
import { createTestApp, signIn, type TestApp } from '../../test/harness.js';

let t: TestApp;
let tenant: Tenant;
beforeAll(async () => {
  t = await createTestApp();
  tenant = await createTenant(t.deps.db, t.deps.hasher);
});
afterAll(() => t.close());

describe('me', () => {
  it('describes the person, their context and what the context may do', async () => {
    const c = await signIn(t.app, tenant.people.schoolAdmin.username, tenant.people.schoolAdmin.password);
    const me = (await c.get('/api/v1/me')).json();
    expect(me).toMatchObject({
      personId: tenant.people.schoolAdmin.personId,
      context: { institutionId: tenant.school.id, profile: 'school_employee', isAdmin: true },
      capabilities: { listPeople: true, managePeople: true, manageGuardianships: true, manageInstitutions: false },
    });
    const parent = await signIn(t.app, tenant.people.parent.username, tenant.people.parent.password);
    expect((await parent.get('/api/v1/me')).json().capabilities).toMatchObject({
      listPeople: false,
      seeChildren: true,
    });
  });

  it("lists a parent's linked children who are current students, and nobody else's", async () => {
    const formerStudent = await createPerson(t.deps.db, t.deps.hasher, {
      institutionId: tenant.school.id,
      profile: 'student',
    });
    await t.deps.db
      .updateTable('memberships')
      .set({ endsOn: '2026-06-01', endReason: 'end_of_study' })
      .where('id', '=', formerStudent.membershipId)
      .execute();
    await linkGuardian(t.deps.db, tenant.school.id, tenant.people.parent.personId, formerStudent.personId);
    const c = await signIn(t.app, tenant.people.parent.username, tenant.people.parent.password);
    const children = (await c.get('/api/v1/me/children')).json().items as Array<{ personId: number }>;
    expect(children.map((x) => x.personId)).toEqual([tenant.people.student.personId]);
    const teacher = await signIn(t.app, tenant.people.teacher.username, tenant.people.teacher.password);
    expect((await teacher.get('/api/v1/me/children')).json()).toEqual({ items: [] });
  });

  it('refuses an unsupported language with a localised 400 and keeps the old one', async () => {
    const c = await signIn(t.app, tenant.people.teacher.username, tenant.people.teacher.password);
    const res = await c.request('PATCH', '/api/v1/me/preferences', { locale: 'de' }, { 'accept-language': 'en' });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([{ path: 'body.locale', message: expect.any(String) }]);
    expect((await c.get('/api/v1/me')).json().locale).toBe('kk');
  });
});
