import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInstitution, createPerson, createTenant, type Tenant } from '../../test/factories.js';
import { type Client, createTestApp, signIn, type TestApp } from '../../test/harness.js';
import { makeIin } from '../persons/persons.fixtures.js';

let t: TestApp;
let tenant: Tenant;
let other: Tenant;
let admin: Client;
let student: Client;

beforeAll(async () => {
  t = await createTestApp();
  tenant = await createTenant(t.deps.db, t.deps.hasher);
  other = await createTenant(t.deps.db, t.deps.hasher);
  admin = await signIn(t.app, tenant.people.schoolAdmin.username, tenant.people.schoolAdmin.password);
  student = await signIn(t.app, tenant.people.student.username, tenant.people.student.password);
});
afterAll(() => t.close());

const personRow = (id: number) =>
  t.deps.db
    .selectFrom('persons')
    .where('id', '=', id)
    .select(['surname', 'firstName', 'birthDate'])
    .executeTakeFirstOrThrow();
const requestRows = (personId: number) =>
  t.deps.db.selectFrom('correctionRequests').where('personId', '=', personId).selectAll().orderBy('id').execute();

async function file(client: Client, proposed: Record<string, unknown>, comment?: string) {
  const res = await client.post('/api/v1/registration/corrections', { proposed, ...(comment ? { comment } : {}) });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: number };
}

describe('the administrators’ queue', () => {
  it('shows a request to its institution’s administrators with the values then and proposed', async () => {
    const before = await personRow(tenant.people.student.personId);
    const { id } = await file(student, { firstName: 'Айгерім' }, 'Менің атым қате жазылған');
    const res = await admin.get('/api/v1/corrections?status=open');
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([
      expect.objectContaining({
        id,
        institutionId: tenant.school.id,
        person: expect.objectContaining({ id: tenant.people.student.personId, surname: before.surname }),
        current: { firstName: before.firstName },
        proposed: { firstName: 'Айгерім' },
        comment: 'Менің атым қате жазылған',
        status: 'open',
      }),
    ]);
    expect(res.json().total).toBe(1);
    const audit = await t.deps.db
      .selectFrom('auditEvents')
      .where('institutionId', '=', tenant.school.id)
      .where('action', '=', 'correction.requested')
      .select(['subjectId', 'actorPersonId'])
      .execute();
    expect(audit).toEqual([
      { subjectId: tenant.people.student.personId, actorPersonId: tenant.people.student.personId },
    ]);
  });

  it('applies a request: the data change, audited as person.updated, and the person sees the answer', async () => {
    const [open] = (await admin.get('/api/v1/corrections?status=open')).json().items;
    const before = await personRow(tenant.people.student.personId);
    t.clock.advance(60_000);
    const res = await admin.post(`/api/v1/corrections/${open.id}/resolve`, { answer: 'Түзетілді' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'resolved',
      answer: 'Түзетілді',
      resolvedAt: t.clock.now().toISOString(),
    });
    expect(res.json().resolvedBy).toContain('Test');
    expect((await personRow(tenant.people.student.personId)).firstName).toBe('Айгерім');

    const audit = await t.deps.db
      .selectFrom('auditEvents')
      .where('institutionId', '=', tenant.school.id)
      .where('subjectId', '=', tenant.people.student.personId)
      .where('action', 'in', ['person.updated', 'correction.resolved'])
      .select(['action', 'before', 'after', 'actorPersonId'])
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      {
        action: 'person.updated',
        before: { firstName: before.firstName },
        after: { firstName: 'Айгерім' },
        actorPersonId: tenant.people.schoolAdmin.personId,
      },
      {
        action: 'correction.resolved',
        before: null,
        after: { requestId: open.id },
        actorPersonId: tenant.people.schoolAdmin.personId,
      },
    ]);

    const mine = (await student.get('/api/v1/registration/corrections')).json().items;
    expect(mine[0]).toMatchObject({ id: open.id, status: 'resolved', answer: 'Түзетілді' });
    const again = await admin.post(`/api/v1/corrections/${open.id}/resolve`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('correction.closed');
  });

  it('rejects with a required answer and leaves the data as they were', async () => {
    const { id } = await file(student, { surname: 'Басқа' });
    const before = await personRow(tenant.people.student.personId);
    expect((await admin.post(`/api/v1/corrections/${id}/reject`, {})).statusCode).toBe(400);
    expect((await admin.post(`/api/v1/corrections/${id}/reject`, { answer: '  ' })).statusCode).toBe(400);
    const res = await admin.post(`/api/v1/corrections/${id}/reject`, { answer: 'Құжатпен келіңіз' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'rejected', answer: 'Құжатпен келіңіз' });
    expect(await personRow(tenant.people.student.personId)).toEqual(before);
    expect(
      (await admin.get('/api/v1/corrections?status=rejected')).json().items.map((c: { id: number }) => c.id),
    ).toEqual([id]);
    expect((await admin.get('/api/v1/corrections')).json().total).toBe(2);
    const mine = (await student.get('/api/v1/registration/corrections')).json().items;
    expect(mine.map((c: { status: string }) => c.status)).toEqual(['rejected', 'resolved']);
  });

  it('refuses a correction that contradicts the IIN, changing nothing', async () => {
    const p = await createPerson(t.deps.db, t.deps.hasher, {
      institutionId: tenant.school.id,
      profile: 'school_employee',
      birthDate: '1985-03-02',
      iin: makeIin('1985-03-02', 'female'),
    });
    const c = await signIn(t.app, p.username, p.password);
    const { id } = await file(c, { birthDate: '1985-03-03' });
    const res = await admin.post(`/api/v1/corrections/${id}/resolve`, {});
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('person.iinMismatch');
    expect((await personRow(p.personId)).birthDate).toBe('1985-03-02');
    expect((await requestRows(p.personId))[0]!.status).toBe('open');
  });

  it('files at every institution of the person; whoever answers first closes every copy', async () => {
    const school2 = await createInstitution(t.deps.db, tenant.district.id, 'school');
    const admin2p = await createPerson(t.deps.db, t.deps.hasher, {
      institutionId: school2.id,
      profile: 'school_employee',
      isAdmin: true,
    });
    const admin2 = await signIn(t.app, admin2p.username, admin2p.password);
    const mum = tenant.people.parent;
    await t.deps.db
      .insertInto('memberships')
      .values({ institutionId: school2.id, personId: mum.personId, profile: 'parent', startsOn: '2020-09-01' })
      .execute();
    const mumClient = await signIn(t.app, mum.username, mum.password);
    const filed = await file(mumClient, { surname: 'Қайырбекова' });
    const copies = await requestRows(mum.personId);
    expect(copies.map((c) => c.institutionId).sort()).toEqual([tenant.school.id, school2.id].sort());
    expect(new Set(copies.map((c) => c.requestKey)).size).toBe(1);
    // The person sees one request, not two.
    expect((await mumClient.get('/api/v1/registration/corrections')).json().items).toHaveLength(1);

    const atSchool2 = (await admin2.get('/api/v1/corrections?status=open')).json().items;
    expect(atSchool2).toHaveLength(1);
    // The person's id for the request is the first copy (school 1's): school 2's administrator cannot act on it.
    expect(atSchool2[0].id).not.toBe(filed.id);
    expect((await admin2.post(`/api/v1/corrections/${filed.id}/resolve`, {})).statusCode).toBe(404);
    expect((await admin2.post(`/api/v1/corrections/${atSchool2[0].id}/resolve`, {})).statusCode).toBe(200);
    expect((await requestRows(mum.personId)).map((c) => c.status)).toEqual(['resolved', 'resolved']);
    const stillOpen = (await admin.get('/api/v1/corrections?status=open')).json().items;
    expect(stillOpen.filter((c: { person: { id: number } }) => c.person.id === mum.personId)).toEqual([]);
    expect((await personRow(mum.personId)).surname).toBe('Қайырбекова');
    // Both institutions' logs tell the story.
    const logged = await t.deps.db
      .selectFrom('auditEvents')
      .where('subjectId', '=', mum.personId)
      .where('action', '=', 'correction.resolved')
      .select('institutionId')
      .execute();
    expect(logged.map((l) => l.institutionId).sort()).toEqual([tenant.school.id, school2.id].sort());
  });
});

describe('who may see and answer', () => {
  it('hides a school’s requests from other institutions and refuses non-administrators', async () => {
    const { id } = await file(student, { firstName: 'Құпия' });
    const before = await requestRows(tenant.people.student.personId);
    const strangers = [
      other.people.schoolAdmin,
      other.people.districtAdmin,
      other.people.regionAdmin,
      tenant.people.districtAdmin,
    ];
    for (const p of strangers) {
      const c = await signIn(t.app, p.username, p.password);
      const list = await c.get('/api/v1/corrections');
      expect(list.statusCode).toBe(200);
      expect(list.body).not.toContain('Құпия');
      expect((await c.post(`/api/v1/corrections/${id}/resolve`, {})).statusCode).toBe(404);
      expect((await c.post(`/api/v1/corrections/${id}/reject`, { answer: 'no' })).statusCode).toBe(404);
    }
    for (const p of [tenant.people.teacher, tenant.people.parent, tenant.people.student]) {
      const c = await signIn(t.app, p.username, p.password);
      expect((await c.get('/api/v1/corrections')).statusCode).toBe(403);
      expect((await c.post(`/api/v1/corrections/${id}/resolve`, {})).statusCode).toBe(403);
    }
    expect(await requestRows(tenant.people.student.personId)).toEqual(before);
  });

  it('answers malformed input with 400', async () => {
    expect((await admin.get('/api/v1/corrections?status=maybe')).statusCode).toBe(400);
    expect((await admin.get('/api/v1/corrections?limit=0')).statusCode).toBe(400);
    expect((await admin.post('/api/v1/corrections/abc/resolve', {})).statusCode).toBe(400);
    expect((await admin.post('/api/v1/corrections/1/reject', { answer: 'x'.repeat(1001) })).statusCode).toBe(400);
    expect((await admin.post('/api/v1/corrections/99999999/resolve', {})).statusCode).toBe(404);
  });
});
