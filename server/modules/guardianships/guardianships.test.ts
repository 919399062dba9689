import type { Profile } from '@common/enums.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGION_IDS } from '../../db/migrations/0002_reference_institutions.js';
import { createInstitution, createPerson, createTenant, linkGuardian, type Tenant } from '../../test/factories.js';
import { type Client, createTestApp, signIn, type TestApp } from '../../test/harness.js';

let t: TestApp;
let a: Tenant;
let b: Tenant;
let adminA: Client;
let adminB: Client;
beforeAll(async () => {
  t = await createTestApp();
  a = await createTenant(t.deps.db, t.deps.hasher);
  b = await createTenant(t.deps.db, t.deps.hasher, REGION_IDS[1]);
  adminA = await signIn(t.app, a.people.schoolAdmin.username, a.people.schoolAdmin.password);
  adminB = await signIn(t.app, b.people.schoolAdmin.username, b.people.schoolAdmin.password);
});
afterAll(() => t.close());

const as = (p: { username: string; password: string }) => signIn(t.app, p.username, p.password);
const person = (institutionId: number, profile: Profile, extra: Partial<Parameters<typeof createPerson>[2]> = {}) =>
  createPerson(t.deps.db, t.deps.hasher, { institutionId, profile, ...extra });

/** A second membership for someone who already exists (a parent of children in two schools…). */
async function addMembership(
  personId: number,
  institutionId: number,
  profile: Profile,
  dates: { startsOn?: string; endsOn?: string } = {},
) {
  const row = await t.deps.db
    .insertInto('memberships')
    .values({
      personId,
      institutionId,
      profile,
      startsOn: dates.startsOn ?? '2020-09-01',
      endsOn: dates.endsOn ?? null,
      endReason: dates.endsOn ? 'other' : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const linkRows = (institutionId: number, parentPersonId: number, childPersonId: number) =>
  t.deps.db
    .selectFrom('guardianships')
    .where('institutionId', '=', institutionId)
    .where('parentPersonId', '=', parentPersonId)
    .where('childPersonId', '=', childPersonId)
    .selectAll()
    .execute();

const auditRows = (institutionId: number, childPersonId: number, action: string) =>
  t.deps.db
    .selectFrom('auditEvents')
    .where('institutionId', '=', institutionId)
    .where('subjectType', '=', 'person')
    .where('subjectId', '=', childPersonId)
    .where('action', '=', action)
    .selectAll()
    .execute();

describe('POST /guardianships', () => {
  it('links a parent to a student of the school and audits it in the school', async () => {
    const parent = await person(a.school.id, 'parent', { surname: 'Ахметова', firstName: 'Айгүл' });
    const child = await person(a.school.id, 'student', { surname: 'Ахметов', firstName: 'Нұрлан' });
    const res = await adminA.post('/api/v1/guardianships', {
      parentPersonId: parent.personId,
      childPersonId: child.personId,
      relation: 'mother',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({
      institutionId: a.school.id,
      parent: { personId: parent.personId, surname: 'Ахметова', firstName: 'Айгүл', patronymic: null },
      child: { personId: child.personId, surname: 'Ахметов', firstName: 'Нұрлан', patronymic: null },
      relation: 'mother',
      createdAt: t.clock.now().toISOString(),
    });
    expect(await linkRows(a.school.id, parent.personId, child.personId)).toHaveLength(1);

    const audit = await auditRows(a.school.id, child.personId, 'guardianship.created');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorPersonId: a.people.schoolAdmin.personId,
      before: null,
      after: { parentPersonId: parent.personId, childPersonId: child.personId, relation: 'mother' },
    });
  });

  it('answers 409 for an existing link and writes nothing more', async () => {
    const { parent, student } = a.people; // linked by the factory
    const res = await adminA.post('/api/v1/guardianships', {
      parentPersonId: parent.personId,
      childPersonId: student.personId,
      relation: 'father',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('guardianship.exists');
    const rows = await linkRows(a.school.id, parent.personId, student.personId);
    expect(rows.map((r) => r.relation)).toEqual(['mother']);
    expect(await auditRows(a.school.id, student.personId, 'guardianship.created')).toHaveLength(0);
  });

  it('requires the child to be an active student and the parent an active parent of this school (422)', async () => {
    const parent = await person(a.school.id, 'parent');
    const child = await person(a.school.id, 'student');
    const graduate = await person(a.school.id, 'student');
    await t.deps.db
      .updateTable('memberships')
      .set({ endsOn: '2026-06-01', endReason: 'end_of_study' })
      .where('id', '=', graduate.membershipId)
      .execute();
    const post = (parentPersonId: number, childPersonId: number) =>
      adminA.post('/api/v1/guardianships', { parentPersonId, childPersonId, relation: 'guardian' });

    const teacherAsChild = await post(parent.personId, a.people.teacher.personId);
    expect(teacherAsChild.statusCode).toBe(422);
    expect(teacherAsChild.json()).toEqual({
      code: 'guardianship.childNotStudent',
      // In the administrator's own language (kk, the account default), not the raw key.
      message: 'Бала осы мектептің оқушысы болуы керек.',
    });
    const formerStudent = await post(parent.personId, graduate.personId);
    expect(formerStudent.statusCode).toBe(422);
    expect(formerStudent.json().code).toBe('guardianship.childNotStudent');
    const teacherAsParent = await post(a.people.teacher.personId, child.personId);
    expect(teacherAsParent.statusCode).toBe(422);
    expect(teacherAsParent.json().code).toBe('guardianship.parentNotParent');
    const self = await post(child.personId, child.personId);
    expect(self.statusCode).toBe(422);
    expect(self.json().code).toBe('guardianship.samePerson');

    const written = await t.deps.db
      .selectFrom('guardianships')
      .where('childPersonId', 'in', [a.people.teacher.personId, graduate.personId, child.personId])
      .selectAll()
      .execute();
    expect(written).toEqual([]);
  });

  it('answers 404 for people not in the school, also across schools, and writes nothing', async () => {
    const parentA = await person(a.school.id, 'parent');
    const childA = await person(a.school.id, 'student');
    // Admin of school B naming school A's people: they do not exist from B.
    const cross = await adminB.post('/api/v1/guardianships', {
      parentPersonId: parentA.personId,
      childPersonId: childA.personId,
      relation: 'mother',
    });
    expect(cross.statusCode).toBe(404);
    expect(cross.json().code).toBe('notFound');
    // One side local, the other foreign: still 404, never the 422 that would reveal the foreigner's profile.
    const mixed = await adminB.post('/api/v1/guardianships', {
      parentPersonId: b.people.parent.personId,
      childPersonId: childA.personId,
      relation: 'mother',
    });
    expect(mixed.statusCode).toBe(404);
    const missing = await adminA.post('/api/v1/guardianships', {
      parentPersonId: parentA.personId,
      childPersonId: 999_999_999,
      relation: 'mother',
    });
    expect(missing.statusCode).toBe(404);

    const written = await t.deps.db
      .selectFrom('guardianships')
      .where('childPersonId', '=', childA.personId)
      .selectAll()
      .execute();
    expect(written).toEqual([]);
  });

  it('is for the school administrator only (403 for teachers, parents and authority administrators)', async () => {
    const parent = await person(a.school.id, 'parent');
    const child = await person(a.school.id, 'student');
    const body = { parentPersonId: parent.personId, childPersonId: child.personId, relation: 'mother' };
    for (const who of [a.people.teacher, a.people.parent, a.people.districtAdmin, a.people.regionAdmin]) {
      const res = await (await as(who)).post('/api/v1/guardianships', body);
      expect(res.statusCode).toBe(403);
    }
    expect(await linkRows(a.school.id, parent.personId, child.personId)).toEqual([]);
  });

  it('rejects malformed input with 400', async () => {
    const { parent, student } = a.people;
    for (const body of [
      {},
      { parentPersonId: parent.personId, childPersonId: student.personId, relation: 'aunt' },
      { parentPersonId: 'abc', childPersonId: student.personId, relation: 'mother' },
      { parentPersonId: -1, childPersonId: student.personId, relation: 'mother' },
      { parentPersonId: parent.personId, childPersonId: 1e30, relation: 'mother' },
    ]) {
      const res = await adminA.post('/api/v1/guardianships', body);
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('validation.failed');
    }
    const noCsrf = await adminA.request(
      'POST',
      '/api/v1/guardianships',
      { parentPersonId: parent.personId, childPersonId: student.personId, relation: 'mother' },
      { 'x-csrf-token': 'forged' },
    );
    expect(noCsrf.statusCode).toBe(403);
  });
});

describe('GET /guardianships', () => {
  it("lists the school's links to its staff, optionally for one person, and nothing of other schools", async () => {
    const parent = await person(a.school.id, 'parent');
    const child1 = await person(a.school.id, 'student', { surname: 'Aaa' });
    const child2 = await person(a.school.id, 'student', { surname: 'Aab' });
    await linkGuardian(t.deps.db, a.school.id, parent.personId, child1.personId);
    await linkGuardian(t.deps.db, a.school.id, parent.personId, child2.personId);

    const teacher = await as(a.people.teacher);
    const all = await teacher.get('/api/v1/guardianships');
    expect(all.statusCode).toBe(200);
    const pairs = all
      .json()
      .items.map((g: { parent: { personId: number }; child: { personId: number } }) => [
        g.parent.personId,
        g.child.personId,
      ]);
    expect(pairs).toEqual(
      expect.arrayContaining([
        [a.people.parent.personId, a.people.student.personId],
        [parent.personId, child1.personId],
        [parent.personId, child2.personId],
      ]),
    );
    expect(pairs).not.toContainEqual([b.people.parent.personId, b.people.student.personId]);
    expect(all.json().items.every((g: { institutionId: number }) => g.institutionId === a.school.id)).toBe(true);

    const mine = await adminA.get(`/api/v1/guardianships?personId=${parent.personId}`);
    expect(mine.statusCode).toBe(200);
    expect(mine.json().items.map((g: { child: { personId: number } }) => g.child.personId)).toEqual([
      child1.personId,
      child2.personId,
    ]);
    const asChild = await adminA.get(`/api/v1/guardianships?personId=${child2.personId}`);
    expect(asChild.json().items).toHaveLength(1);
    expect(asChild.json().items[0].parent.personId).toBe(parent.personId);

    // School B's administrator asking about A's parent gets nothing, not A's links.
    const cross = await adminB.get(`/api/v1/guardianships?personId=${parent.personId}`);
    expect(cross.statusCode).toBe(200);
    expect(cross.json().items).toEqual([]);
  });

  it('is refused to parents and students (403) and rejects a malformed personId (400)', async () => {
    expect((await (await as(a.people.parent)).get('/api/v1/guardianships')).statusCode).toBe(403);
    expect((await (await as(a.people.student)).get('/api/v1/guardianships')).statusCode).toBe(403);
    expect((await adminA.get('/api/v1/guardianships?personId=abc')).statusCode).toBe(400);
    expect((await adminA.get('/api/v1/guardianships?personId=0')).statusCode).toBe(400);
  });
});

describe('DELETE /guardianships/:parentPersonId/:childPersonId', () => {
  it('removes the link and audits it; a second delete is 404', async () => {
    const parent = await person(a.school.id, 'parent');
    const child = await person(a.school.id, 'student');
    await linkGuardian(t.deps.db, a.school.id, parent.personId, child.personId);
    const url = `/api/v1/guardianships/${parent.personId}/${child.personId}`;

    const res = await adminA.delete(url);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
    expect(await linkRows(a.school.id, parent.personId, child.personId)).toEqual([]);
    const audit = await auditRows(a.school.id, child.personId, 'guardianship.deleted');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorPersonId: a.people.schoolAdmin.personId,
      before: { parentPersonId: parent.personId, childPersonId: child.personId, relation: 'mother' },
      after: null,
    });

    const again = await adminA.delete(url);
    expect(again.statusCode).toBe(404);
    expect(await auditRows(a.school.id, child.personId, 'guardianship.deleted')).toHaveLength(1);
  });

  it("cannot touch another school's link (404) and is refused to non-administrators (403)", async () => {
    const { parent, student } = a.people;
    const url = `/api/v1/guardianships/${parent.personId}/${student.personId}`;
    expect((await adminB.delete(url)).statusCode).toBe(404);
    expect((await (await as(a.people.teacher)).delete(url)).statusCode).toBe(403);
    expect((await (await as(a.people.districtAdmin)).delete(url)).statusCode).toBe(403);
    expect(await linkRows(a.school.id, parent.personId, student.personId)).toHaveLength(1);
  });

  it('rejects malformed keys with 400', async () => {
    expect((await adminA.delete('/api/v1/guardianships/abc/1')).statusCode).toBe(400);
    expect((await adminA.delete('/api/v1/guardianships/1/0')).statusCode).toBe(400);
  });
});

describe('GET /me/children', () => {
  it('shows a parent exactly their linked children who are still students', async () => {
    const parent = await person(a.school.id, 'parent');
    const current = await person(a.school.id, 'student', { surname: 'Current' });
    const left = await person(a.school.id, 'student', { surname: 'Left' });
    const notMine = await person(a.school.id, 'student', { surname: 'NotMine' });
    await linkGuardian(t.deps.db, a.school.id, parent.personId, current.personId);
    await linkGuardian(t.deps.db, a.school.id, parent.personId, left.personId);
    await linkGuardian(t.deps.db, a.school.id, a.people.parent.personId, notMine.personId);
    await t.deps.db
      .updateTable('memberships')
      .set({ endsOn: '2026-09-01', endReason: 'transfer' })
      .where('id', '=', left.membershipId)
      .execute();

    const res = await (await as(parent)).get('/api/v1/me/children');
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([
      {
        personId: current.personId,
        surname: 'Current',
        firstName: 'Test',
        patronymic: null,
        birthDate: '2012-05-04',
        institutionId: a.school.id,
        relation: 'mother',
      },
    ]);
  });

  it('lets the school link a child enrolled from a later date, shown to the parent once studies begin', async () => {
    const parent = await person(a.school.id, 'parent');
    const future = await person(a.school.id, 'student', { startsOn: '2026-10-05' });
    const link = await adminA.post('/api/v1/guardianships', {
      parentPersonId: parent.personId,
      childPersonId: future.personId,
      relation: 'father',
    });
    expect(link.statusCode).toBe(201);
    const c = await as(parent);
    expect((await c.get('/api/v1/me/children')).json().items).toEqual([]);
    const now = t.clock.now();
    t.clock.set(new Date('2026-10-05T04:00:00Z'));
    try {
      const later = await as(parent);
      const items = (await later.get('/api/v1/me/children')).json().items;
      expect(items.map((x: { personId: number; relation: string }) => [x.personId, x.relation])).toEqual([
        [future.personId, 'father'],
      ]);
    } finally {
      t.clock.set(now);
    }
  });

  it('shows a parent with children in two schools only the context school child', async () => {
    const other = await createInstitution(t.deps.db, a.district.id, 'school');
    const parent = await person(a.school.id, 'parent');
    const parentOtherMembership = await addMembership(parent.personId, other.id, 'parent');
    const childHere = await person(a.school.id, 'student');
    const childThere = await person(other.id, 'student');
    await linkGuardian(t.deps.db, a.school.id, parent.personId, childHere.personId);
    await linkGuardian(t.deps.db, other.id, parent.personId, childThere.personId);

    // School A's administrator cannot link the parent to the child of the other school.
    const cross = await adminA.post('/api/v1/guardianships', {
      parentPersonId: parent.personId,
      childPersonId: childThere.personId,
      relation: 'mother',
    });
    expect(cross.statusCode).toBe(404);

    const c = await as(parent);
    const me = await c.get('/api/v1/me');
    const contextSchool = me.json().context.institutionId as number;
    const ids = async () =>
      (await c.get('/api/v1/me/children')).json().items.map((x: { personId: number }) => x.personId);
    expect(await ids()).toEqual([contextSchool === a.school.id ? childHere.personId : childThere.personId]);

    const switchTo = contextSchool === a.school.id ? parentOtherMembership : parent.membershipId;
    expect((await c.put('/api/v1/me/context', { membershipId: switchTo })).statusCode).toBe(200);
    expect(await ids()).toEqual([contextSchool === a.school.id ? childThere.personId : childHere.personId]);
  });

  it('is empty for anyone acting as something other than a parent', async () => {
    const res = await adminA.get('/api/v1/me/children');
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([]);
  });
});
