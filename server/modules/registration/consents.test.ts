import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemoryMailer } from '../../lib/mail.js';
import { createPerson, createTenant, linkGuardian, type Tenant } from '../../test/factories.js';
import { type Client, createTestApp, signIn, type TestApp } from '../../test/harness.js';
import { isMinor } from './minors.js';

let t: TestApp;
let tenant: Tenant;
let parent: Client;
let mailer: MemoryMailer;

beforeAll(async () => {
  t = await createTestApp();
  mailer = t.deps.mailer as MemoryMailer;
  tenant = await createTenant(t.deps.db, t.deps.hasher);
  parent = await signIn(t.app, tenant.people.parent.username, tenant.people.parent.password);
  // The school administrator has an e-mail address (and reads Russian); the notice goes there.
  await t.deps.db
    .updateTable('persons')
    .set({ email: 'zavuch@school.example' })
    .where('id', '=', tenant.people.schoolAdmin.personId)
    .execute();
  await t.deps.db
    .updateTable('accounts')
    .set({ locale: 'ru' })
    .where('personId', '=', tenant.people.schoolAdmin.personId)
    .execute();
});
afterAll(() => t.close());

const childId = () => tenant.people.student.personId;
const studentView = async () => {
  const student = await signIn(t.app, tenant.people.student.username, tenant.people.student.password);
  return (await student.get('/api/v1/registration')).json().consent;
};
const consentRows = () =>
  t.deps.db
    .selectFrom('minorConsents')
    .where('institutionId', '=', tenant.school.id)
    .where('childPersonId', '=', childId())
    .selectAll()
    .orderBy('id')
    .execute();

describe('age of majority', () => {
  it('turns 18 on the birthday, and on 1 March for someone born on 29 February', () => {
    expect(isMinor('2008-10-01', '2026-10-01')).toBe(false);
    expect(isMinor('2008-10-02', '2026-10-01')).toBe(true);
    expect(isMinor('2008-02-29', '2026-02-28')).toBe(true);
    expect(isMinor('2008-02-29', '2026-03-01')).toBe(false);
  });
});

describe("parents' consent for minors", () => {
  it('shows the parent a pending consent, records it with who and when, and tells the student', async () => {
    const list = await parent.get('/api/v1/consents');
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([
      expect.objectContaining({
        childPersonId: childId(),
        institutionId: tenant.school.id,
        required: true,
        given: false,
        mine: null,
        others: [],
      }),
    ]);
    expect(await studentView()).toEqual({ required: true, given: false });

    const res = await parent.request(
      'POST',
      '/api/v1/consents',
      { childPersonId: childId() },
      { 'user-agent': 'ParentPhone/2.0' },
    );
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ given: true, mine: { givenAt: t.clock.now().toISOString() } });
    expect(await consentRows()).toEqual([
      expect.objectContaining({
        parentPersonId: tenant.people.parent.personId,
        givenAt: t.clock.now(),
        ip: '127.0.0.1',
        userAgent: 'ParentPhone/2.0',
        withdrawnAt: null,
      }),
    ]);
    expect(await studentView()).toEqual({ required: true, given: true });

    // A second click changes nothing.
    const again = await parent.post('/api/v1/consents', { childPersonId: childId() });
    expect(again.statusCode).toBe(200);
    expect(await consentRows()).toHaveLength(1);
    const audit = await t.deps.db
      .selectFrom('auditEvents')
      .where('institutionId', '=', tenant.school.id)
      .where('subjectId', '=', childId())
      .where('action', '=', 'consent.given')
      .select('actorPersonId')
      .execute();
    expect(audit).toEqual([{ actorPersonId: tenant.people.parent.personId }]);
  });

  it("shows another linked parent's consent, and withdrawing one's own keeps theirs", async () => {
    const father = await createPerson(t.deps.db, t.deps.hasher, { institutionId: tenant.school.id, profile: 'parent' });
    await linkGuardian(t.deps.db, tenant.school.id, father.personId, childId());
    const dad = await signIn(t.app, father.username, father.password);
    const seen = (await dad.get('/api/v1/consents')).json().items[0];
    expect(seen).toMatchObject({ given: true, mine: null });
    expect(seen.others).toHaveLength(1);
    expect((await dad.post('/api/v1/consents', { childPersonId: childId() })).statusCode).toBe(201);
    expect((await dad.delete(`/api/v1/consents/${childId()}`)).statusCode).toBe(200);
    expect(await studentView()).toEqual({ required: true, given: true });
    // Only their own can be withdrawn; there is none left.
    expect((await dad.delete(`/api/v1/consents/${childId()}`)).statusCode).toBe(404);
  });

  it('withdraws: history kept, the school audited and mailed in its administrator’s language', async () => {
    mailer.sent.length = 0;
    const res = await parent.delete(`/api/v1/consents/${childId()}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ given: false, mine: null });
    const mine = (await consentRows()).filter((r) => r.parentPersonId === tenant.people.parent.personId);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.withdrawnAt).toEqual(t.clock.now());
    expect(await studentView()).toEqual({ required: true, given: false });

    const audit = await t.deps.db
      .selectFrom('auditEvents')
      .where('institutionId', '=', tenant.school.id)
      .where('subjectId', '=', childId())
      .where('action', '=', 'consent.withdrawn')
      .select('actorPersonId')
      .execute();
    expect(audit.map((a) => a.actorPersonId)).toContain(tenant.people.parent.personId);

    expect(mailer.sent).toHaveLength(1);
    const mail = mailer.sent[0]!;
    expect(mail.to).toBe('zavuch@school.example');
    expect(mail.subject).toMatch(/согласие/);
    const child = await t.deps.db
      .selectFrom('persons')
      .where('id', '=', childId())
      .select('surname')
      .executeTakeFirstOrThrow();
    expect(mail.text).toContain(child.surname);

    // Given again later: a new row, the old one stays as history.
    expect((await parent.post('/api/v1/consents', { childPersonId: childId() })).statusCode).toBe(201);
    expect((await consentRows()).filter((r) => r.parentPersonId === tenant.people.parent.personId)).toHaveLength(2);
  });

  it('stops counting a consent when the parent is no longer linked to the child', async () => {
    const kid = await createPerson(t.deps.db, t.deps.hasher, {
      institutionId: tenant.school.id,
      profile: 'student',
      birthDate: '2014-01-01',
    });
    await linkGuardian(t.deps.db, tenant.school.id, tenant.people.parent.personId, kid.personId);
    expect((await parent.post('/api/v1/consents', { childPersonId: kid.personId })).statusCode).toBe(201);
    await t.deps.db
      .deleteFrom('guardianships')
      .where('institutionId', '=', tenant.school.id)
      .where('childPersonId', '=', kid.personId)
      .execute();
    const student = await signIn(t.app, kid.username, kid.password);
    expect((await student.get('/api/v1/registration')).json().consent).toEqual({ required: true, given: false });
    expect((await parent.delete(`/api/v1/consents/${kid.personId}`)).statusCode).toBe(404);
  });

  it('needs no consent for an adult student', async () => {
    const adult = await createPerson(t.deps.db, t.deps.hasher, {
      institutionId: tenant.school.id,
      profile: 'student',
      birthDate: '2007-05-01',
    });
    await linkGuardian(t.deps.db, tenant.school.id, tenant.people.parent.personId, adult.personId);
    const item = (await parent.get('/api/v1/consents'))
      .json()
      .items.find((i: { childPersonId: number }) => i.childPersonId === adult.personId);
    expect(item).toMatchObject({ required: false, given: false });
    const res = await parent.post('/api/v1/consents', { childPersonId: adult.personId });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('registration.consentNotNeeded');
    const student = await signIn(t.app, adult.username, adult.password);
    expect((await student.get('/api/v1/registration')).json().consent).toEqual({ required: false, given: false });
  });

  it("refuses anyone else's child (404) and non-parents (403), and malformed ids (400)", async () => {
    const other = await createTenant(t.deps.db, t.deps.hasher);
    const stranger = await signIn(t.app, other.people.parent.username, other.people.parent.password);
    expect((await stranger.post('/api/v1/consents', { childPersonId: childId() })).statusCode).toBe(404);
    expect((await stranger.delete(`/api/v1/consents/${childId()}`)).statusCode).toBe(404);
    const strangersView = (await stranger.get('/api/v1/consents')).json() as {
      items: Array<{ childPersonId: number }>;
    };
    expect(strangersView.items.map((i) => i.childPersonId)).not.toContain(childId());
    expect(strangersView.items.map((i) => i.childPersonId)).toEqual([other.people.student.personId]);
    const teacher = await signIn(t.app, tenant.people.teacher.username, tenant.people.teacher.password);
    expect((await teacher.post('/api/v1/consents', { childPersonId: childId() })).statusCode).toBe(403);
    expect((await teacher.get('/api/v1/consents')).json()).toEqual({ items: [] });
    for (const body of [{}, { childPersonId: 'x' }, { childPersonId: -1 }]) {
      expect((await parent.post('/api/v1/consents', body)).statusCode).toBe(400);
    }
    expect((await parent.delete('/api/v1/consents/abc')).statusCode).toBe(400);
  });
});
