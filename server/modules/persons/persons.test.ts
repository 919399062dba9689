import { maskIin } from '@common/iin.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGION_IDS } from '../../db/migrations/0002_reference_institutions.js';
import { DAY_MS } from '../../lib/clock.js';
import { createInstitution, createPerson, createTenant, type Tenant } from '../../test/factories.js';
import { type Client, createTestApp, signIn, type TestApp } from '../../test/harness.js';
import { auditText, makeIin, writeCounts } from './persons.fixtures.js';

let t: TestApp;
let a: Tenant; // the school whose people the tests create
let b: Tenant; // another region: everything of `a` must be invisible from here
let admin: Client;
let teacher: Client;
let parent: Client;
let otherAdmin: Client;
/** Every temporary password handed out in this file: none may ever reach the audit log. */
const passwords: string[] = [];

interface Created {
  person: { id: number; iin: string | null; username: string | null; memberships: Array<{ id: number }> };
  credentials: { username: string; temporaryPassword: string };
}

async function create(c: Client, body: Record<string, unknown>) {
  const res = await c.post('/api/v1/persons', body);
  if (res.statusCode === 201) passwords.push((res.json() as Created).credentials.temporaryPassword);
  return res;
}

const teacherBody = (over: Record<string, unknown> = {}) => ({
  surname: 'Әлиев',
  firstName: 'Нұрлан',
  patronymic: 'Серікұлы',
  birthDate: '1985-03-02',
  gender: 'male',
  iin: makeIin('1985-03-02', 'male'),
  phone: '+7 701 000 00 00',
  membership: { institutionId: a.school.id, profile: 'school_employee', roles: ['teacher'] },
  ...over,
});

beforeAll(async () => {
  t = await createTestApp();
  a = await createTenant(t.deps.db, t.deps.hasher);
  b = await createTenant(t.deps.db, t.deps.hasher, REGION_IDS[1]);
  const p = a.people;
  admin = await signIn(t.app, p.schoolAdmin.username, p.schoolAdmin.password);
  teacher = await signIn(t.app, p.teacher.username, p.teacher.password);
  parent = await signIn(t.app, p.parent.username, p.parent.password);
  otherAdmin = await signIn(t.app, b.people.schoolAdmin.username, b.people.schoolAdmin.password);
});
afterAll(() => t.close());

describe('creating people', () => {
  let nurlan: Created;
  let student: Created;

  it('creates a teacher with a generated username and a one-time temporary password', async () => {
    const body = teacherBody();
    const res = await create(admin, body);
    expect(res.statusCode).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    nurlan = res.json();
    expect(nurlan.credentials.username).toBe('aliev.n');
    expect(nurlan.credentials.temporaryPassword).toMatch(/^[A-Za-z2-9]{4}-[A-Za-z2-9]{4}-[A-Za-z2-9]{4}$/);
    expect(nurlan.person).toMatchObject({
      surname: 'Әлиев',
      firstName: 'Нұрлан',
      iin: body.iin, // the administrator sees it whole
      username: 'aliev.n',
      profiles: ['school_employee'],
      canManage: true,
      parents: [],
      children: [],
    });
    expect(nurlan.person.memberships).toMatchObject([
      { institutionId: a.school.id, profile: 'school_employee', roles: ['teacher'], startsOn: '2026-10-01' },
    ]);

    const account = await t.deps.db
      .selectFrom('accounts')
      .where('personId', '=', nurlan.person.id)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(account.passwordHash).toMatch(/^\$argon2id\$/);
    expect(account.passwordHash).not.toContain(nurlan.credentials.temporaryPassword);
    expect(account.passwordIsTemporary).toBe(true);
    expect(new Date(account.tempPasswordExpiresAt!).getTime()).toBe(
      t.clock.now().getTime() + t.deps.config.TEMP_CREDENTIALS_DAYS * DAY_MS,
    );

    // The credentials work at the real sign-in endpoint and land in the new membership.
    const c = await signIn(t.app, nurlan.credentials.username, nurlan.credentials.temporaryPassword);
    const me = (await c.get('/api/v1/me')).json();
    expect(me.passwordIsTemporary).toBe(true);
    expect(me.context).toMatchObject({ institutionId: a.school.id, profile: 'school_employee', roles: ['teacher'] });
  });

  it('numbers a username that is taken, and creates a student', async () => {
    const res = await create(admin, teacherBody({ firstName: 'Нұржан', iin: null }));
    expect(res.statusCode).toBe(201);
    expect(res.json().credentials.username).toBe('aliev.n2');

    const st = await create(admin, {
      surname: 'Қасымова',
      firstName: 'Әйгерім',
      birthDate: '2012-05-04',
      gender: 'female',
      iin: makeIin('2012-05-04', 'female'),
      membership: { institutionId: a.school.id, profile: 'student' },
    });
    expect(st.statusCode).toBe(201);
    student = st.json();
    expect(student.credentials.username).toBe('kasymova.a');
    const c = await signIn(t.app, student.credentials.username, student.credentials.temporaryPassword);
    expect((await c.get('/api/v1/me')).json().context.profile).toBe('student');
  });

  it('gives two people created at the same moment with the same name different usernames', async () => {
    const body = (firstName: string) => teacherBody({ surname: 'Жұмабаев', firstName, iin: null });
    const [r1, r2] = await Promise.all([create(admin, body('Ерлан')), create(admin, body('Ержан'))]);
    expect([r1.statusCode, r2.statusCode]).toEqual([201, 201]);
    expect([r1.json().credentials.username, r2.json().credentials.username].sort()).toEqual([
      'zhumabaev.e',
      'zhumabaev.e2',
    ]);
  });

  it('lists and searches the school’s people, ordered by surname, name and id, with a total', async () => {
    const all = (await admin.get('/api/v1/persons?limit=200')).json();
    expect(all.total).toBe(all.items.length);
    const ids = all.items.map((p: { id: number }) => p.id);
    expect(ids).toEqual(expect.arrayContaining([nurlan.person.id, student.person.id, a.people.teacher.personId]));
    expect(ids).not.toContain(b.people.teacher.personId);
    const keys = all.items.map((p: { surname: string; firstName: string; id: number }) => [
      p.surname,
      p.firstName,
      p.id,
    ]);
    expect(keys).toEqual(
      [...keys].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : x[2] - y[2])),
    );

    // Case-insensitive, any part of the name, several words narrow down.
    const byName = (await admin.get(`/api/v1/persons?q=${encodeURIComponent('әлиев')}`)).json();
    expect(byName.items.map((p: { firstName: string }) => p.firstName).sort()).toEqual(['Нұржан', 'Нұрлан']);
    const twoWords = (await admin.get(`/api/v1/persons?q=${encodeURIComponent('нұрлан ӘЛИЕВ')}`)).json();
    expect(twoWords.items.map((p: { id: number }) => p.id)).toEqual([nurlan.person.id]);
    const byPatronymic = (await admin.get(`/api/v1/persons?q=${encodeURIComponent('серікұлы')}`)).json();
    expect(byPatronymic.items.map((p: { id: number }) => p.id)).toContain(nurlan.person.id);
    const byUsername = (await admin.get('/api/v1/persons?q=aliev.n2')).json();
    expect(byUsername.items.map((p: { firstName: string }) => p.firstName)).toEqual(['Нұржан']);
    const wildcard = (await admin.get(`/api/v1/persons?q=${encodeURIComponent('%')}`)).json();
    expect(wildcard.total).toBe(0);

    const students = (await admin.get('/api/v1/persons?profile=student')).json();
    expect(students.items.map((p: { id: number }) => p.id).sort()).toEqual(
      [a.people.student.personId, student.person.id].sort(),
    );
    expect(students.items.every((p: { profiles: string[] }) => p.profiles.includes('student'))).toBe(true);

    const page = (await admin.get('/api/v1/persons?limit=2&offset=1')).json();
    expect(page.total).toBe(all.total);
    expect(page.items.map((p: { id: number }) => p.id)).toEqual(ids.slice(1, 3));
  });

  it('shows the IIN whole to administrators and masked to a teacher, and lets only administrators search by it', async () => {
    const iin = nurlan.person.iin!;
    const mine = (list: { items: Array<{ id: number; iin: string | null }> }) =>
      list.items.find((p) => p.id === nurlan.person.id)?.iin;
    expect(mine((await admin.get('/api/v1/persons?limit=200')).json())).toBe(iin);
    expect(mine((await teacher.get('/api/v1/persons?limit=200')).json())).toBe(maskIin(iin));

    const adminSearch = (await admin.get(`/api/v1/persons?q=${iin}`)).json();
    expect(adminSearch.items.map((p: { id: number }) => p.id)).toEqual([nurlan.person.id]);
    const teacherSearch = (await teacher.get(`/api/v1/persons?q=${iin}`)).json();
    expect(teacherSearch.total).toBe(0);

    const detail = (await teacher.get(`/api/v1/persons/${nurlan.person.id}`)).json();
    expect(detail).toMatchObject({ iin: maskIin(iin), username: null, canManage: false });
    expect(JSON.stringify(detail)).not.toContain(iin);
  });

  it('lets a parent see their own child and themself but no one else, and not list anybody', async () => {
    expect((await parent.get('/api/v1/persons')).statusCode).toBe(403);
    const child = await parent.get(`/api/v1/persons/${a.people.student.personId}`);
    expect(child.statusCode).toBe(200);
    expect(child.json()).toMatchObject({
      canManage: false,
      username: null,
      parents: [{ personId: a.people.parent.personId, relation: 'mother', institutionId: a.school.id }],
    });
    expect((await parent.get(`/api/v1/persons/${a.people.parent.personId}`)).statusCode).toBe(200);
    for (const id of [student.person.id, nurlan.person.id, a.people.teacher.personId, b.people.student.personId]) {
      const res = await parent.get(`/api/v1/persons/${id}`);
      expect(res.statusCode).toBe(404);
    }
    const studentClient = await signIn(t.app, a.people.student.username, a.people.student.password);
    expect((await studentClient.get('/api/v1/persons')).statusCode).toBe(403);
    expect((await studentClient.get(`/api/v1/persons/${a.people.student.personId}`)).json().parents).toHaveLength(1);
    expect((await studentClient.get(`/api/v1/persons/${a.people.parent.personId}`)).statusCode).toBe(404);
  });

  it('shows the school’s people and links to staff in the detail', async () => {
    const res = await admin.get(`/api/v1/persons/${a.people.parent.personId}`);
    expect(res.json().children).toEqual([
      expect.objectContaining({ personId: a.people.student.personId, institutionId: a.school.id }),
    ]);
  });

  it('hides everything of the school from an administrator of another school', async () => {
    const id = nurlan.person.id;
    const membershipId = nurlan.person.memberships[0]!.id;
    const attempts = [
      await otherAdmin.get(`/api/v1/persons/${id}`),
      await otherAdmin.patch(`/api/v1/persons/${id}`, { surname: 'Hacked' }),
      await otherAdmin.post(`/api/v1/persons/${id}/memberships`, {
        institutionId: b.school.id,
        profile: 'school_employee',
      }),
      await otherAdmin.post(`/api/v1/memberships/${membershipId}/end`, { reason: 'other' }),
      await otherAdmin.post(`/api/v1/persons/${id}/reset-password`),
      await otherAdmin.get(`/api/v1/persons?institutionId=${a.school.id}`),
      await create(otherAdmin, teacherBody({ iin: null })),
    ];
    expect(attempts.map((r) => r.statusCode)).toEqual([404, 404, 404, 404, 404, 404, 404]);
    const list = (await otherAdmin.get('/api/v1/persons?limit=200')).json();
    expect(list.items.map((p: { id: number }) => p.id)).not.toContain(id);
    expect(list.total).toBe(list.items.length);
  });

  it('lets a district administrator list the people of all its schools, and narrow to one', async () => {
    const school2 = await createInstitution(t.deps.db, a.district.id, 'school');
    const far = await createPerson(t.deps.db, t.deps.hasher, { institutionId: school2.id, profile: 'student' });
    const district = await signIn(t.app, a.people.districtAdmin.username, a.people.districtAdmin.password);
    const all = (await district.get('/api/v1/persons?limit=200')).json();
    const ids = all.items.map((p: { id: number }) => p.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        nurlan.person.id,
        a.people.student.personId,
        far.personId,
        a.people.districtStaff.personId,
      ]),
    );
    expect(ids).not.toContain(a.people.regionStaff.personId);
    expect(ids).not.toContain(b.people.student.personId);
    // District administrators are administrators: IINs in their district are visible to them.
    expect(all.items.find((p: { id: number }) => p.id === nurlan.person.id).iin).toBe(nurlan.person.iin);

    const one = (await district.get(`/api/v1/persons?institutionId=${school2.id}`)).json();
    expect(one.items.map((p: { id: number }) => p.id)).toEqual([far.personId]);
    expect(one.total).toBe(1);
    // A school administrator cannot widen their view to the district.
    expect((await admin.get(`/api/v1/persons?institutionId=${a.district.id}`)).statusCode).toBe(404);
  });
});

describe('refusals', () => {
  it('answers a malformed IIN with a 400 naming the field, in the language the user chose', async () => {
    const valid = makeIin('1985-03-02', 'male');
    const wrongCheckDigit = `${valid.slice(0, 11)}${(Number(valid[11]) + 1) % 10}`;
    const issues = async () => {
      const res = await admin.post('/api/v1/persons', teacherBody({ iin: wrongCheckDigit }));
      expect([res.statusCode, res.json().code]).toEqual([400, 'validation.failed']);
      return res.json().issues;
    };
    expect(await issues()).toEqual([{ path: 'body.iin', message: 'ЖСН дұрыс емес.' }]);
    await admin.patch('/api/v1/me/preferences', { locale: 'ru' });
    try {
      expect(await issues()).toEqual([{ path: 'body.iin', message: 'Некорректный ИИН.' }]);
    } finally {
      await admin.patch('/api/v1/me/preferences', { locale: 'kk' });
    }
  });

  it('refuses an IIN that disagrees with birth date or gender (422) and a taken one (409)', async () => {
    const mismatch = await create(admin, teacherBody({ iin: makeIin('1985-03-02', 'female') }));
    expect(mismatch.statusCode).toBe(422);
    expect(mismatch.json().code).toBe('person.iinMismatch');
    const otherDay = await create(admin, teacherBody({ iin: makeIin('1985-03-03', 'male') }));
    expect(otherDay.json().code).toBe('person.iinMismatch');

    const iin = makeIin('1985-03-02', 'male');
    expect((await create(admin, teacherBody({ iin }))).statusCode).toBe(201);
    const before = await writeCounts(t.deps.db);
    const taken = await create(admin, teacherBody({ iin, surname: 'Басқа' }));
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('person.iinTaken');
    expect(await writeCounts(t.deps.db)).toEqual(before);
  });

  it('lets only one of two simultaneous registrations of the same IIN through, without a 500', async () => {
    const iin = makeIin('1990-01-01', 'female');
    const body = teacherBody({ surname: 'Егізова', firstName: 'Айым', birthDate: '1990-01-01', gender: 'female', iin });
    const results = await Promise.all([create(admin, body), create(admin, body)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const holders = await t.deps.db.selectFrom('persons').where('iin', '=', iin).select('id').execute();
    expect(holders).toHaveLength(1);
  });

  it('writes nothing at all when the membership does not fit the institution', async () => {
    const before = await writeCounts(t.deps.db);
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ institutionId: a.school.id, profile: 'regional_employee' }, 422, 'person.profileMismatch'],
      [{ institutionId: a.school.id, profile: 'student', roles: ['teacher'] }, 422, 'person.rolesOnlyForSchoolStaff'],
      [{ institutionId: a.school.id, profile: 'parent', isAdmin: true }, 422, 'person.adminOnlyForStaff'],
      [{ institutionId: a.district.id, profile: 'district_employee' }, 404, 'notFound'],
      [{ institutionId: b.school.id, profile: 'student' }, 404, 'notFound'],
      [{ institutionId: 987654321, profile: 'student' }, 404, 'notFound'],
    ];
    for (const [membership, status, code] of cases) {
      const res = await create(admin, teacherBody({ iin: null, membership }));
      expect([res.statusCode, res.json().code]).toEqual([status, code]);
    }
    const future = await create(admin, teacherBody({ iin: null, birthDate: '2030-01-01' }));
    expect([future.statusCode, future.json().code]).toEqual([422, 'person.birthDateOutOfRange']);
    expect(await writeCounts(t.deps.db)).toEqual(before);
  });

  it('checks the profile against the kind of institution for a district administrator too', async () => {
    const district = await signIn(t.app, a.people.districtAdmin.username, a.people.districtAdmin.password);
    const wrong = await create(
      district,
      teacherBody({ iin: null, membership: { institutionId: a.district.id, profile: 'school_employee' } }),
    );
    expect([wrong.statusCode, wrong.json().code]).toEqual([422, 'person.profileMismatch']);
    const right = await create(
      district,
      teacherBody({
        iin: null,
        membership: { institutionId: a.district.id, profile: 'district_employee', isAdmin: true },
      }),
    );
    expect(right.statusCode).toBe(201);
    expect(right.json().person.memberships[0]).toMatchObject({ profile: 'district_employee', isAdmin: true });
  });

  it('does not add people to a closed school', async () => {
    const closed = await createInstitution(t.deps.db, a.district.id, 'school');
    await t.deps.db
      .updateTable('institutions')
      .set({ closedAt: t.clock.now(), closedReason: 'merged' })
      .where('id', '=', closed.id)
      .execute();
    const district = await signIn(t.app, a.people.districtAdmin.username, a.people.districtAdmin.password);
    const res = await create(
      district,
      teacherBody({ iin: null, membership: { institutionId: closed.id, profile: 'student' } }),
    );
    expect([res.statusCode, res.json().code]).toEqual([422, 'institution.closed']);
  });

  it('forbids people who may see the school but not manage it', async () => {
    expect((await create(teacher, teacherBody({ iin: null }))).statusCode).toBe(403);
    expect((await create(parent, teacherBody({ iin: null }))).statusCode).toBe(403);
  });

  it('answers malformed input with 400, never 500', async () => {
    const bad = [
      await admin.post('/api/v1/persons', { ...teacherBody(), birthDate: '1985-02-30' }),
      await admin.post('/api/v1/persons', { ...teacherBody(), gender: 'x' }),
      await admin.post('/api/v1/persons', { ...teacherBody(), membership: undefined }),
      await admin.post('/api/v1/persons', { ...teacherBody(), surname: '   ' }),
      await admin.post('/api/v1/persons', { ...teacherBody(), email: 'not-an-email' }),
      await admin.post('/api/v1/persons', { ...teacherBody(), membership: { institutionId: 'x', profile: 'student' } }),
      await admin.post('/api/v1/persons', {
        ...teacherBody(),
        membership: { institutionId: a.school.id, profile: 'student', startsOn: '2026-1-1' },
      }),
      await admin.post('/api/v1/persons', [1, 2]),
      await admin.request('POST', '/api/v1/persons', '{"surname":', { 'content-type': 'application/json' }),
      await admin.get('/api/v1/persons/abc'),
      await admin.get('/api/v1/persons/99999999999999999999'),
      await admin.get('/api/v1/persons/-1'),
      await admin.get('/api/v1/persons?limit=0'),
      await admin.get('/api/v1/persons?limit=abc'),
      await admin.get('/api/v1/persons?profile=king'),
      await admin.get('/api/v1/persons?includeEnded=maybe'),
      await admin.get(`/api/v1/persons?q=${'x'.repeat(101)}`),
      await admin.patch(`/api/v1/persons/${a.people.teacher.personId}`, {}),
      await admin.patch(`/api/v1/persons/${a.people.teacher.personId}`, { iin: '123' }),
      await admin.post(`/api/v1/persons/${a.people.teacher.personId}/memberships`, { profile: 'student' }),
      await admin.post('/api/v1/memberships/abc/end', { reason: 'other' }),
      await admin.post(`/api/v1/memberships/${a.people.teacher.membershipId}/end`, { reason: 'bored' }),
      await admin.post(`/api/v1/memberships/${a.people.teacher.membershipId}/end`, {
        reason: 'other',
        endsOn: 'today',
      }),
    ];
    expect(bad.map((r) => r.statusCode)).toEqual(bad.map(() => 400));
    expect(bad.map((r) => r.json().code)).not.toContain('internal');
  });

  it('reads includeEnded=false as false', async () => {
    const id = await t.deps.db
      .insertInto('persons')
      .values({ surname: 'Бұрынғы', firstName: 'Оқушы', birthDate: '2011-01-01', gender: 'male' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.deps.db
      .insertInto('memberships')
      .values({
        institutionId: a.school.id,
        personId: id.id,
        profile: 'student',
        startsOn: '2019-09-01',
        endsOn: '2024-06-01',
        endReason: 'end_of_study',
      })
      .execute();
    const ids = async (url: string) => (await admin.get(encodeURI(url))).json().items.map((p: { id: number }) => p.id);
    expect(await ids('/api/v1/persons?q=Бұрынғы')).toEqual([]);
    expect(await ids('/api/v1/persons?q=Бұрынғы&includeEnded=false')).toEqual([]);
    expect(await ids('/api/v1/persons?q=Бұрынғы&includeEnded=true')).toEqual([id.id]);
    // Someone who only used to be here stays visible to the school (history), with no current profile.
    expect((await admin.get(`/api/v1/persons/${id.id}`)).json()).toMatchObject({ profiles: [], canManage: true });
  });
});

describe('editing people', () => {
  it('lets an administrator correct a person, audited with the IIN masked', async () => {
    const body = teacherBody({ surname: 'Түзетов', firstName: 'Болат', iin: null });
    const created: Created = (await create(admin, body)).json();
    const id = created.person.id;
    const iin = makeIin('1985-03-02', 'male');
    const res = await admin.patch(`/api/v1/persons/${id}`, { surname: 'Түзетұлы', iin, patronymic: null });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ surname: 'Түзетұлы', iin, patronymic: null });

    const rows = await t.deps.db
      .selectFrom('auditEvents')
      .where('subjectId', '=', id)
      .where('action', '=', 'person.updated')
      .selectAll()
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      institutionId: a.school.id,
      before: { surname: 'Түзетов', iin: null, patronymic: 'Серікұлы' },
      after: { surname: 'Түзетұлы', iin: maskIin(iin), patronymic: null },
    });

    // Saving the same values again changes nothing and logs nothing.
    expect((await admin.patch(`/api/v1/persons/${id}`, { surname: 'Түзетұлы' })).statusCode).toBe(200);
    const again = await t.deps.db
      .selectFrom('auditEvents')
      .where('subjectId', '=', id)
      .where('action', '=', 'person.updated')
      .select('id')
      .execute();
    expect(again).toHaveLength(1);

    const clash = await admin.patch(`/api/v1/persons/${id}`, { birthDate: '1985-03-04' });
    expect([clash.statusCode, clash.json().code]).toEqual([422, 'person.iinMismatch']);
    const taken = await admin.patch(`/api/v1/persons/${a.people.teacher.personId}`, {
      iin,
      birthDate: '1985-03-02',
      gender: 'male',
    });
    expect([taken.statusCode, taken.json().code]).toEqual([409, 'person.iinTaken']);
    expect((await teacher.patch(`/api/v1/persons/${id}`, { surname: 'X' })).statusCode).toBe(403);
    expect((await parent.patch(`/api/v1/persons/${id}`, { surname: 'X' })).statusCode).toBe(404);
  });

  it('treats an e-mail address typed in by an administrator as unconfirmed', async () => {
    const target = await createPerson(t.deps.db, t.deps.hasher, { institutionId: a.school.id, profile: 'parent' });
    await t.deps.db
      .updateTable('accounts')
      .set({ emailVerifiedAt: t.clock.now() })
      .where('personId', '=', target.personId)
      .execute();
    const res = await admin.patch(`/api/v1/persons/${target.personId}`, { email: 'new.address@example.kz' });
    expect(res.statusCode).toBe(200);
    const account = await t.deps.db
      .selectFrom('accounts')
      .where('personId', '=', target.personId)
      .select('emailVerifiedAt')
      .executeTakeFirstOrThrow();
    expect(account.emailVerifiedAt).toBeNull();
  });

  it('resets a password: the old one stops working, sessions end, and only the new one is handed out', async () => {
    const target = await createPerson(t.deps.db, t.deps.hasher, {
      institutionId: a.school.id,
      profile: 'school_employee',
    });
    const session = await signIn(t.app, target.username, target.password);
    const res = await admin.post(`/api/v1/persons/${target.personId}/reset-password`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const { credentials } = res.json();
    passwords.push(credentials.temporaryPassword);
    expect(credentials.username).toBe(target.username);
    expect((await session.get('/api/v1/me')).statusCode).toBe(401);
    await expect(signIn(t.app, target.username, target.password)).rejects.toThrow(/401/);
    const fresh = await signIn(t.app, target.username, credentials.temporaryPassword);
    expect((await fresh.get('/api/v1/me')).json().passwordIsTemporary).toBe(true);
    const audit = await t.deps.db
      .selectFrom('auditEvents')
      .where('subjectId', '=', target.personId)
      .where('action', '=', 'account.passwordReset')
      .selectAll()
      .execute();
    expect(audit).toMatchObject([{ institutionId: a.school.id, before: null, after: null }]);

    expect((await teacher.post(`/api/v1/persons/${target.personId}/reset-password`)).statusCode).toBe(403);
  });

  it('does not let a school administrator take over an account that reaches beyond the school', async () => {
    // The district administrator is also a parent at the school.
    await t.deps.db
      .insertInto('memberships')
      .values({
        institutionId: a.school.id,
        personId: a.people.districtAdmin.personId,
        profile: 'parent',
        startsOn: '2020-09-01',
      })
      .execute();
    const res = await admin.post(`/api/v1/persons/${a.people.districtAdmin.personId}/reset-password`);
    expect(res.statusCode).toBe(403);
    // …while it can still see them as a parent of the school, username hidden.
    const detail = (await teacher.get(`/api/v1/persons/${a.people.districtAdmin.personId}`)).json();
    expect(detail.memberships.map((m: { profile: string }) => m.profile)).toEqual(['parent']);
    expect(detail.username).toBeNull();
  });
});

describe('audit', () => {
  it('records creation with the IIN masked and no password material anywhere', async () => {
    const body = teacherBody({ surname: 'Аудитов', firstName: 'Ерік' });
    const created: Created = (await create(admin, body)).json();
    const rows = await t.deps.db
      .selectFrom('auditEvents')
      .where('subjectId', '=', created.person.id)
      .where('subjectType', '=', 'person')
      .selectAll()
      .orderBy('id')
      .execute();
    expect(rows.map((r) => [r.action, r.institutionId, r.actorPersonId])).toEqual([
      ['person.created', a.school.id, a.people.schoolAdmin.personId],
      ['membership.created', a.school.id, a.people.schoolAdmin.personId],
    ]);
    expect(rows[0]!.after).toMatchObject({
      surname: 'Аудитов',
      firstName: 'Ерік',
      birthDate: '1985-03-02',
      gender: 'male',
      iin: maskIin(body.iin as string),
      profile: 'school_employee',
      username: created.credentials.username,
    });
    expect(rows[1]!.after).toMatchObject({ membershipId: created.person.memberships[0]!.id, roles: ['teacher'] });

    const text = await auditText(t.deps.db);
    expect(text).toContain(created.credentials.username); // the search below does look at the rows' content
    expect(text).not.toContain(body.iin as string);
    expect(text).not.toContain('$argon2');
    expect(passwords.length).toBeGreaterThan(5);
    for (const password of passwords) expect(text).not.toContain(password);
  });

  it('documents the API', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const path of [
      '/api/v1/persons',
      '/api/v1/persons/{id}',
      '/api/v1/persons/{id}/memberships',
      '/api/v1/memberships/{id}/end',
      '/api/v1/persons/{id}/reset-password',
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
    expect(doc.paths['/api/v1/persons'].post.tags).toEqual(['persons']);
    expect(Object.keys(doc.paths['/api/v1/persons'].post.responses)).toEqual(
      expect.arrayContaining(['201', '403', '404', '409', '422']),
    );
  });
});
