import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGION_IDS } from '../../db/migrations/0002_reference_institutions.js';
import { DAY_MS } from '../../lib/clock.js';
import { createPerson, createTenant, linkGuardian, type Tenant } from '../../test/factories.js';
import { type Client, createTestApp, signIn, type TestApp } from '../../test/harness.js';
import { auditText, makeIin, writeCounts } from './persons.fixtures.js';

let t: TestApp;
let a: Tenant;
let b: Tenant;
let admin: Client;
const passwords: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  a = await createTenant(t.deps.db, t.deps.hasher);
  b = await createTenant(t.deps.db, t.deps.hasher, REGION_IDS[2]);
  admin = await signIn(t.app, a.people.schoolAdmin.username, a.people.schoolAdmin.password);
});
afterAll(() => t.close());

async function newStudent(surname: string) {
  const res = await admin.post('/api/v1/persons', {
    surname,
    firstName: 'Дана',
    birthDate: '2013-02-03',
    gender: 'female',
    iin: makeIin('2013-02-03', 'female'),
    membership: { institutionId: a.school.id, profile: 'student' },
  });
  expect(res.statusCode).toBe(201);
  const body = res.json();
  passwords.push(body.credentials.temporaryPassword);
  return {
    id: body.person.id as number,
    membershipId: body.person.memberships[0].id as number,
    username: body.credentials.username as string,
    password: body.credentials.temporaryPassword as string,
  };
}

const membershipEvents = (personId: number, action: string) =>
  t.deps.db
    .selectFrom('auditEvents')
    .where('subjectId', '=', personId)
    .where('action', '=', action)
    .selectAll()
    .execute();

describe('adding memberships', () => {
  it('adds a membership at a school the administrator manages, audited there', async () => {
    const teacherId = a.people.teacher.personId;
    const res = await admin.post(`/api/v1/persons/${teacherId}/memberships`, {
      institutionId: a.school.id,
      profile: 'parent',
      startsOn: '2026-09-01',
    });
    expect(res.statusCode).toBe(201);
    const detail = res.json();
    expect(detail.profiles).toEqual(['parent', 'school_employee']);
    const added = detail.memberships.find((m: { profile: string }) => m.profile === 'parent');
    expect(added).toMatchObject({ institutionId: a.school.id, startsOn: '2026-09-01', endsOn: null, roles: [] });
    expect(await membershipEvents(teacherId, 'membership.created')).toMatchObject([
      {
        institutionId: a.school.id,
        actorPersonId: a.people.schoolAdmin.personId,
        after: { membershipId: added.id, profile: 'parent' },
      },
    ]);

    const again = await admin.post(`/api/v1/persons/${teacherId}/memberships`, {
      institutionId: a.school.id,
      profile: 'parent',
    });
    expect([again.statusCode, again.json().code]).toEqual([409, 'person.membershipExists']);
  });

  it('refuses memberships that do not fit, out of scope or by someone who cannot manage, writing nothing', async () => {
    const id = a.people.parent.personId;
    const teacher = await signIn(t.app, a.people.teacher.username, a.people.teacher.password);
    const before = await writeCounts(t.deps.db); // after the sign-in, which is audited itself
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ institutionId: a.school.id, profile: 'district_employee' }, 422, 'person.profileMismatch'],
      [{ institutionId: a.school.id, profile: 'parent', roles: ['director'] }, 422, 'person.rolesOnlyForSchoolStaff'],
      [{ institutionId: a.school.id, profile: 'student', isAdmin: true }, 422, 'person.adminOnlyForStaff'],
      [{ institutionId: a.district.id, profile: 'district_employee' }, 404, 'notFound'],
      [{ institutionId: b.school.id, profile: 'school_employee' }, 404, 'notFound'],
    ];
    for (const [body, status, code] of cases) {
      const res = await admin.post(`/api/v1/persons/${id}/memberships`, body);
      expect([res.statusCode, res.json().code]).toEqual([status, code]);
    }
    const byTeacher = await teacher.post(`/api/v1/persons/${id}/memberships`, {
      institutionId: a.school.id,
      profile: 'school_employee',
    });
    expect(byTeacher.statusCode).toBe(403);
    const foreign = await admin.post(`/api/v1/persons/${b.people.teacher.personId}/memberships`, {
      institutionId: a.school.id,
      profile: 'school_employee',
    });
    expect(foreign.statusCode).toBe(404);
    expect(await writeCounts(t.deps.db)).toEqual(before);
  });
});

describe('ending memberships', () => {
  it('ends the last membership: live sessions end, a new sign-in has no context, the parent loses sight', async () => {
    const s = await newStudent('Кетуова');
    await linkGuardian(t.deps.db, a.school.id, a.people.parent.personId, s.id);
    const parent = await signIn(t.app, a.people.parent.username, a.people.parent.password);
    expect((await parent.get(`/api/v1/persons/${s.id}`)).statusCode).toBe(200);
    const session = await signIn(t.app, s.username, s.password);
    expect((await session.get('/api/v1/me')).statusCode).toBe(200);

    const res = await admin.post(`/api/v1/memberships/${s.membershipId}/end`, { reason: 'transfer' });
    expect(res.statusCode).toBe(200);
    expect(res.json().profiles).toEqual([]);
    expect(res.json().memberships).toMatchObject([{ id: s.membershipId, endsOn: '2026-10-01', endReason: 'transfer' }]);

    expect((await session.get('/api/v1/me')).statusCode).toBe(401);
    const again = await signIn(t.app, s.username, s.password);
    const me = (await again.get('/api/v1/me')).json();
    expect(me.context).toBeNull();
    expect(me.memberships).toEqual([]);

    // The link stays (the child may come back); the parent simply no longer sees a former student.
    expect((await parent.get(`/api/v1/persons/${s.id}`)).statusCode).toBe(404);
    const link = await t.deps.db
      .selectFrom('guardianships')
      .where('childPersonId', '=', s.id)
      .select('parentPersonId')
      .execute();
    expect(link).toEqual([{ parentPersonId: a.people.parent.personId }]);

    const ids = async (query: string) =>
      (await admin.get(`/api/v1/persons?q=${encodeURIComponent('Кетуова')}${query}`))
        .json()
        .items.map((p: { id: number }) => p.id);
    expect(await ids('')).toEqual([]);
    expect(await ids('&includeEnded=true')).toEqual([s.id]);

    expect(await membershipEvents(s.id, 'membership.ended')).toMatchObject([
      {
        institutionId: a.school.id,
        before: { membershipId: s.membershipId, endsOn: null },
        after: { membershipId: s.membershipId, endsOn: '2026-10-01', endReason: 'transfer' },
      },
    ]);

    const twice = await admin.post(`/api/v1/memberships/${s.membershipId}/end`, { reason: 'other' });
    expect([twice.statusCode, twice.json().code]).toEqual([422, 'person.membershipEnded']);
  });

  it('keeps the sessions of someone who still has another active membership', async () => {
    const teacherId = a.people.teacher.personId;
    const session = await signIn(t.app, a.people.teacher.username, a.people.teacher.password);
    const detail = (await admin.get(`/api/v1/persons/${teacherId}`)).json();
    const parentMembership = detail.memberships.find((m: { profile: string }) => m.profile === 'parent');
    const res = await admin.post(`/api/v1/memberships/${parentMembership.id}/end`, {
      reason: 'end_of_representation',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().profiles).toEqual(['school_employee']);
    const me = await session.get('/api/v1/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().memberships.map((m: { profile: string }) => m.profile)).toEqual(['school_employee']);
  });

  it('checks the end date against the start and lets a membership run until a later end date', async () => {
    const p = await createPerson(t.deps.db, t.deps.hasher, {
      institutionId: a.school.id,
      profile: 'school_employee',
      startsOn: '2021-09-01',
    });
    const early = await admin.post(`/api/v1/memberships/${p.membershipId}/end`, {
      reason: 'end_of_employment',
      endsOn: '2021-08-31',
    });
    expect([early.statusCode, early.json().code]).toEqual([422, 'person.endBeforeStart']);

    const session = await signIn(t.app, p.username, p.password);
    const later = await admin.post(`/api/v1/memberships/${p.membershipId}/end`, {
      reason: 'end_of_employment',
      endsOn: '2026-10-05',
    });
    expect(later.statusCode).toBe(200);
    expect((await session.get('/api/v1/me')).json().context).toMatchObject({ id: p.membershipId });
    const start = t.clock.now();
    t.clock.advance(4 * DAY_MS);
    try {
      const fresh = await signIn(t.app, p.username, p.password);
      expect((await fresh.get('/api/v1/me')).json().context).toBeNull();
    } finally {
      t.clock.set(start);
    }
  });

  it('lets only administrators over the membership end it; others get 403 or, outside their scope, 404', async () => {
    const s = await newStudent('Шектеулі');
    const teacher = await signIn(t.app, a.people.teacher.username, a.people.teacher.password);
    const parent = await signIn(t.app, a.people.parent.username, a.people.parent.password);
    const other = await signIn(t.app, b.people.schoolAdmin.username, b.people.schoolAdmin.password);
    const end = (c: Client, id = s.membershipId) => c.post(`/api/v1/memberships/${id}/end`, { reason: 'other' });
    expect((await end(teacher)).statusCode).toBe(403);
    expect((await end(parent)).statusCode).toBe(404);
    expect((await end(other)).statusCode).toBe(404);
    expect((await end(admin, 987_654_321)).statusCode).toBe(404);
    const district = await signIn(t.app, a.people.districtAdmin.username, a.people.districtAdmin.password);
    expect((await end(district)).statusCode).toBe(200);
  });

  it('keeps passwords out of the audit log', async () => {
    const text = await auditText(t.deps.db);
    expect(text).toContain('membership.ended');
    expect(passwords.length).toBeGreaterThan(1);
    for (const password of passwords) expect(text).not.toContain(password);
  });
});
