import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGION_IDS } from '../../db/migrations/0002_reference_institutions.js';
import { SESSION_COOKIE } from '../../plugins/auth.js';
import { createInstitution, createPerson, createTenant, type Tenant } from '../../test/factories.js';
import { type Client, createTestApp, signIn, type TestApp } from '../../test/harness.js';
import { auditText, makeIin, writeCounts } from '../persons/persons.fixtures.js';

let t: TestApp;
let a: Tenant;
let b: Tenant;
let admin: Client;
let teacher: Client;
let otherAdmin: Client;
/** Every temporary password handed out here: none may reach the audit log. */
const passwords: string[] = [];

interface Created {
  items: Array<{
    personId: number;
    surname: string;
    firstName: string;
    patronymic: string | null;
    username: string;
    temporaryPassword: string;
  }>;
  expiresAt: string;
}

type Row = Record<string, unknown>;
const row = (surname: string, firstName: string, over: Row = {}): Row => ({
  surname,
  firstName,
  patronymic: 'Ерланұлы',
  birthDate: '2015-04-12',
  gender: 'male',
  ...over,
});

async function bulk(c: Client, body: Row) {
  const res = await c.post('/api/v1/persons/bulk', body);
  if (res.statusCode === 201) passwords.push(...(res.json() as Created).items.map((i) => i.temporaryPassword));
  return res;
}

beforeAll(async () => {
  t = await createTestApp({ SIGNIN_FREE_FAILURES: '100' });
  a = await createTenant(t.deps.db, t.deps.hasher);
  b = await createTenant(t.deps.db, t.deps.hasher, REGION_IDS[2]);
  admin = await signIn(t.app, a.people.schoolAdmin.username, a.people.schoolAdmin.password);
  teacher = await signIn(t.app, a.people.teacher.username, a.people.teacher.password);
  otherAdmin = await signIn(t.app, b.people.schoolAdmin.username, b.people.schoolAdmin.password);
});
afterAll(() => t.close());

describe('POST /persons/bulk', () => {
  it('creates everyone with unique usernames, one membership each, audit events, and working credentials', async () => {
    const before = await writeCounts(t.deps.db);
    const iin = makeIin('2015-05-20', 'female');
    const rows = [
      row('Сапаров', 'Ерлан'),
      row('Сапаров', 'Ерболат'), // same username base as the first: numbered
      row('Әлиева', 'Аружан', { patronymic: null, gender: 'female', birthDate: '2015-05-20', iin }),
      row('Қасымов', 'Нұрлан', { patronymic: undefined }),
    ];
    const res = await bulk(admin, { institutionId: a.school.id, profile: 'student', locale: 'ru', rows });
    expect(res.statusCode).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const created = res.json() as Created;
    expect(created.items.map((i) => [i.surname, i.firstName, i.username])).toEqual([
      ['Сапаров', 'Ерлан', 'saparov.e'],
      ['Сапаров', 'Ерболат', 'saparov.e2'],
      ['Әлиева', 'Аружан', 'alieva.a'],
      ['Қасымов', 'Нұрлан', 'kasymov.n'],
    ]);
    expect(new Set(created.items.map((i) => i.personId)).size).toBe(4);
    for (const item of created.items) expect(item.temporaryPassword).toMatch(/^[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){2}$/);
    expect(new Date(created.expiresAt).getTime()).toBe(
      t.clock.now().getTime() + t.deps.config.TEMP_CREDENTIALS_DAYS * 86_400_000,
    );

    const after = await writeCounts(t.deps.db);
    expect(after).toEqual({
      persons: before.persons + 4,
      accounts: before.accounts + 4,
      memberships: before.memberships + 4,
      auditEvents: before.auditEvents + 8,
    });

    const ids = created.items.map((i) => i.personId);
    const accounts = await t.deps.db
      .selectFrom('accounts')
      .where('personId', 'in', ids)
      .select(['personId', 'locale', 'passwordIsTemporary', 'registeredAt', 'passwordHash'])
      .execute();
    expect(accounts).toHaveLength(4);
    for (const acc of accounts) {
      expect(acc).toMatchObject({ locale: 'ru', passwordIsTemporary: true, registeredAt: null });
      expect(acc.passwordHash).toMatch(/^\$argon2id\$/);
    }
    const persons = await t.deps.db
      .selectFrom('persons')
      .where('id', 'in', ids)
      .select(['id', 'patronymic', 'iin', 'gender'])
      .orderBy('id')
      .execute();
    expect(persons.map((p) => [p.patronymic, p.iin, p.gender])).toEqual([
      ['Ерланұлы', null, 'male'],
      ['Ерланұлы', null, 'male'],
      [null, iin, 'female'],
      [null, null, 'male'],
    ]);

    // Each one is a student of the school, on the admin's list, with the audit trail of a single creation.
    const detail = await admin.get(`/api/v1/persons/${ids[2]}`);
    expect(detail.json()).toMatchObject({
      surname: 'Әлиева',
      iin,
      profiles: ['student'],
      memberships: [{ institutionId: a.school.id, profile: 'student', startsOn: '2026-10-01' }],
    });
    const audit = await t.deps.db
      .selectFrom('auditEvents')
      .where('subjectId', 'in', ids)
      .select(['action', 'institutionId', 'actorPersonId', 'subjectId'])
      .execute();
    for (const id of ids) {
      expect(audit.filter((e) => e.subjectId === id).map((e) => e.action)).toEqual(
        expect.arrayContaining(['person.created', 'membership.created']),
      );
    }
    expect(
      audit.every((e) => e.institutionId === a.school.id && e.actorPersonId === a.people.schoolAdmin.personId),
    ).toBe(true);

    // Everyone can sign in with what the answer said, straight into registration.
    for (const item of created.items) {
      const c = await signIn(t.app, item.username, item.temporaryPassword);
      const me = (await c.get('/api/v1/me')).json();
      expect(me.personId).toBe(item.personId);
      expect(me.requiredActions).toContain('register');
    }
    expect(await auditText(t.deps.db)).not.toMatch(new RegExp(passwords.join('|')));
  });

  it('takes the maximum of 500 rows in one go, numbering repeated names', async () => {
    const names = ['Ахметов', 'Бекова', 'Жұмабаев', 'Серікова', 'Оспанов'];
    const rows = Array.from({ length: 500 }, (_, i) => row(names[i % 5]!, `Оқушы${i}`, { patronymic: null }));
    const res = await bulk(admin, { institutionId: a.school.id, profile: 'student', rows });
    expect(res.statusCode).toBe(201);
    const usernames = (res.json() as Created).items.map((i) => i.username);
    expect(new Set(usernames).size).toBe(500);
    expect(usernames.slice(0, 6)).toEqual([
      'akhmetov.o',
      'bekova.o',
      'zhumabaev.o',
      'serikova.o',
      'ospanov.o',
      'akhmetov.o2',
    ]);
    expect(usernames.at(-1)).toBe('ospanov.o100');
  });

  it('numbers usernames against existing accounts too', async () => {
    const res = await bulk(admin, {
      institutionId: a.school.id,
      profile: 'parent',
      rows: [row('Сапаров', 'Ержан', { birthDate: '1985-01-01' })],
    });
    expect(res.statusCode).toBe(201);
    expect((res.json() as Created).items[0]!.username).toBe('saparov.e3');
  });

  it('writes nothing when one row is bad, and names every bad row in the caller’s language', async () => {
    const before = await writeCounts(t.deps.db);
    const wrongIin = makeIin('2014-01-01', 'male'); // says 2014 and male; the row says otherwise
    const res = await admin.request(
      'POST',
      '/api/v1/persons/bulk',
      {
        institutionId: a.school.id,
        profile: 'student',
        rows: [
          row('Бірінші', 'Жол'),
          row('Екінші', 'Жол', { birthDate: '2040-01-01' }),
          row('Үшінші', 'Жол'),
          row('Төртінші', 'Жол', { iin: wrongIin, gender: 'female' }),
        ],
      },
      { 'accept-language': 'en' },
    );
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.code).toBe('credentials.listHasProblems');
    // The account's language (Kazakh, the default) wins over the header.
    expect(body.message).toBe('Қатесі бар жолдар: 2. Ешкім жасалмады; тізімді түзетіп, қайта көріңіз.');
    expect(body.issues).toEqual([
      { path: 'body.rows.1.birthDate', message: 'Туған күні 1900 жыл мен бүгінгі күн аралығында болуы керек.' },
      { path: 'body.rows.3.iin', message: 'ЖСН туған күнге немесе жынысқа сәйкес келмейді.' },
    ]);
    expect(await writeCounts(t.deps.db)).toEqual(before);
  });

  it('refuses an IIN given twice in the list, or already registered', async () => {
    const twice = makeIin('2015-04-12', 'male');
    const existing = makeIin('2015-04-12', 'male');
    await createPerson(t.deps.db, t.deps.hasher, {
      institutionId: b.school.id, // registered in another region: still taken, and nothing else is revealed
      profile: 'student',
      birthDate: '2015-04-12',
      iin: existing,
    });
    expect((await admin.patch('/api/v1/me/preferences', { locale: 'ru' })).statusCode).toBe(200);
    const before = await writeCounts(t.deps.db);
    const res = await admin.post('/api/v1/persons/bulk', {
      institutionId: a.school.id,
      profile: 'student',
      rows: [row('А', 'Б', { iin: twice }), row('В', 'Г', { iin: twice }), row('Д', 'Е', { iin: existing })],
    });
    const after = await writeCounts(t.deps.db);
    await admin.patch('/api/v1/me/preferences', { locale: 'kk' });
    expect(res.statusCode).toBe(422);
    expect(res.json().issues).toEqual([
      { path: 'body.rows.1.iin', message: 'Этот ИИН встречается в списке больше одного раза.' },
      { path: 'body.rows.2.iin', message: 'Человек с таким ИИН уже зарегистрирован.' },
    ]);
    expect(after).toEqual(before);
  });

  it('answers malformed rows with 400 naming the row and field, in Kazakh by default', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/persons/bulk',
      cookies: { [SESSION_COOKIE]: admin.cookie },
      headers: { 'x-csrf-token': admin.csrfToken },
      payload: {
        institutionId: a.school.id,
        profile: 'student',
        rows: [row('А', 'Б'), row('В', 'Г', { birthDate: '12.04.2015', gender: 'x', iin: '123' })],
      },
    });
    expect(res.statusCode).toBe(400);
    const paths = new Set((res.json().issues as Array<{ path: string }>).map((i) => i.path));
    expect([...paths].sort()).toEqual(['body.rows.1.birthDate', 'body.rows.1.gender', 'body.rows.1.iin']);
    expect(res.json().message).toMatch(/[әғқңөұүһі]/i);

    for (const body of [
      { institutionId: a.school.id, profile: 'student', rows: [] },
      { institutionId: a.school.id, profile: 'student', rows: Array.from({ length: 501 }, () => row('А', 'Б')) },
      { institutionId: a.school.id, profile: 'nobody', rows: [row('А', 'Б')] },
      { institutionId: a.school.id, profile: 'student', rows: [row('А', '')] },
      { institutionId: a.school.id, profile: 'student', rows: 'Сапаров;Ерлан' },
    ]) {
      expect((await admin.post('/api/v1/persons/bulk', body)).statusCode).toBe(400);
    }
  });

  it('applies the persons rules: profile must fit the institution, roles only for staff, none into a closed one', async () => {
    const wrongProfile = await bulk(admin, {
      institutionId: a.school.id,
      profile: 'district_employee',
      rows: [row('А', 'Б')],
    });
    expect([wrongProfile.statusCode, wrongProfile.json().code]).toEqual([422, 'person.profileMismatch']);
    const roles = await bulk(admin, {
      institutionId: a.school.id,
      profile: 'student',
      roles: ['teacher'],
      rows: [row('А', 'Б')],
    });
    expect([roles.statusCode, roles.json().code]).toEqual([422, 'person.rolesOnlyForSchoolStaff']);
    const staff = await bulk(admin, {
      institutionId: a.school.id,
      profile: 'school_employee',
      roles: ['teacher', 'class_teacher'],
      rows: [row('Мұғалім', 'Бір', { birthDate: '1990-02-02' })],
    });
    expect(staff.statusCode).toBe(201);
    const m = await t.deps.db
      .selectFrom('memberships')
      .where('personId', '=', (staff.json() as Created).items[0]!.personId)
      .select(['roles', 'isAdmin'])
      .executeTakeFirstOrThrow();
    expect(m).toEqual({ roles: ['teacher', 'class_teacher'], isAdmin: false });

    const districtAdmin = await signIn(t.app, a.people.districtAdmin.username, a.people.districtAdmin.password);
    const closed = await createInstitution(t.deps.db, a.district.id, 'school');
    await t.deps.db.updateTable('institutions').set({ closedAt: new Date() }).where('id', '=', closed.id).execute();
    const intoClosed = await bulk(districtAdmin, {
      institutionId: closed.id,
      profile: 'student',
      rows: [row('А', 'Б')],
    });
    expect([intoClosed.statusCode, intoClosed.json().code]).toEqual([422, 'institution.closed']);
  });

  it('lets a district administrator fill a school beneath them', async () => {
    const districtAdmin = await signIn(t.app, a.people.districtAdmin.username, a.people.districtAdmin.password);
    const res = await bulk(districtAdmin, {
      institutionId: a.school.id,
      profile: 'student',
      rows: [row('Аудан', 'Бір')],
    });
    expect(res.statusCode).toBe(201);
  });

  it('hides institutions outside the scope (404) and refuses non-administrators (403)', async () => {
    const parent = await signIn(t.app, a.people.parent.username, a.people.parent.password);
    const before = await writeCounts(t.deps.db);
    const foreign = await bulk(otherAdmin, { institutionId: a.school.id, profile: 'student', rows: [row('А', 'Б')] });
    expect(foreign.statusCode).toBe(404);
    const missing = await bulk(admin, { institutionId: 987_654_321, profile: 'student', rows: [row('А', 'Б')] });
    expect(missing.statusCode).toBe(404);
    const byTeacher = await bulk(teacher, { institutionId: a.school.id, profile: 'student', rows: [row('А', 'Б')] });
    expect(byTeacher.statusCode).toBe(403);
    const byParent = await bulk(parent, { institutionId: a.school.id, profile: 'student', rows: [row('А', 'Б')] });
    expect([403, 404]).toContain(byParent.statusCode);
    expect(await writeCounts(t.deps.db)).toEqual(before);
  });
});
