import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINISTRY_ID, REGION_IDS } from '../../db/migrations/0002_reference_institutions.js';
import { createInstitution, createPerson, createTenant, type Tenant } from '../../test/factories.js';
import { type Client, createTestApp, signIn, type TestApp } from '../../test/harness.js';

let t: TestApp;
let a: Tenant;
/** A second tenant in the same region: its district is a sibling of a's. */
let b: Tenant;
const REGION = REGION_IDS[0]!;

beforeAll(async () => {
  t = await createTestApp();
  a = await createTenant(t.deps.db, t.deps.hasher, REGION);
  b = await createTenant(t.deps.db, t.deps.hasher, REGION);
});
afterAll(() => t.close());

const as = (p: { username: string; password: string }) => signIn(t.app, p.username, p.password);
const names = (base: string) => ({ nameKk: `${base} kk`, nameRu: `${base} ru`, nameEn: `${base} en` });

const row = (id: number) =>
  t.deps.db.selectFrom('institutions').where('id', '=', id).selectAll().executeTakeFirstOrThrow();
const auditOf = (id: number, action?: string) =>
  t.deps.db
    .selectFrom('auditEvents')
    .where('subjectType', '=', 'institution')
    .where('subjectId', '=', id)
    .$if(action !== undefined, (qb) => qb.where('action', '=', action!))
    .selectAll()
    .execute();
const auditCount = async () =>
  Number(
    (
      await t.deps.db
        .selectFrom('auditEvents')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const ids = (body: { items: Array<{ id: number }> }) => body.items.map((i) => i.id);

async function create(c: Client, parentId: number, kind: string, base: string, extra: object = {}) {
  const res = await c.post('/api/v1/institutions', { parentId, kind, ...names(base), ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; parentId: number; path: Array<{ id: number }>; childCount: number };
}

describe('creating', () => {
  it('lets a regional admin create a district and a school under it, each audited once', async () => {
    const c = await as(a.people.regionAdmin);
    const district = await create(c, REGION, 'district', 'Новый район', { code: ' RD-7 ' });
    expect(district).toMatchObject({
      parentId: REGION,
      kind: 'district',
      nameRu: 'Новый район ru',
      code: 'RD-7',
      closedAt: null,
      childCount: 0,
      canManage: true,
    });
    expect(district.path.map((p) => p.id)).toEqual([REGION]);

    const school = await create(c, district.id, 'school', 'Школа №1');
    expect(school.path.map((p) => p.id)).toEqual([REGION, district.id]);
    expect((await row(school.id)).ancestors).toEqual([MINISTRY_ID, REGION, district.id, school.id]);

    const children = await c.get(`/api/v1/institutions?parentId=${district.id}`);
    expect(ids(children.json())).toEqual([school.id]);
    expect((await c.get(`/api/v1/institutions/${district.id}`)).json().childCount).toBe(1);

    const audit = await auditOf(school.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      institutionId: school.id,
      action: 'institution.created',
      actorPersonId: a.people.regionAdmin.personId,
      before: null,
      after: { parentId: district.id, kind: 'school', ...names('Школа №1'), code: null },
    });
    expect(await auditOf(district.id, 'institution.created')).toHaveLength(1);
  });

  it('refuses a kind that cannot sit under the parent, writing nothing', async () => {
    const c = await as(a.people.regionAdmin);
    const before = await auditCount();
    const region = await c.post('/api/v1/institutions', { parentId: REGION, kind: 'region', ...names('x') });
    expect(region.statusCode).toBe(422);
    expect(region.json()).toEqual({
      code: 'institution.invalidChildKind',
      message: 'Бұл түрдегі ұйымды мұнда орналастыруға болмайды.',
    });
    const underDistrict = await c.post('/api/v1/institutions', {
      parentId: a.district.id,
      kind: 'district',
      ...names('Район в районе'),
    });
    expect(underDistrict.statusCode).toBe(422);
    const ministry = await c.post('/api/v1/institutions', { parentId: REGION, kind: 'ministry', ...names('m') });
    expect(ministry.json().code).toBe('institution.invalidChildKind');
    const written = await t.deps.db
      .selectFrom('institutions')
      .where('nameEn', '=', 'Район в районе en')
      .select('id')
      .execute();
    expect(written).toEqual([]);
    expect(await auditCount()).toBe(before);
  });

  it('answers 403 to staff who can see the parent but may not create, 404 where they cannot see it', async () => {
    const teacher = await as(a.people.teacher);
    expect(
      (await teacher.post('/api/v1/institutions', { parentId: a.school.id, kind: 'school', ...names('t') })).statusCode,
    ).toBe(403);
    expect(
      (await teacher.post('/api/v1/institutions', { parentId: a.district.id, kind: 'school', ...names('t') }))
        .statusCode,
    ).toBe(404);
    const schoolAdmin = await as(a.people.schoolAdmin);
    expect(
      (await schoolAdmin.post('/api/v1/institutions', { parentId: a.school.id, kind: 'school', ...names('t') }))
        .statusCode,
    ).toBe(403);
    const regionStaff = await as(a.people.regionStaff);
    const res = await regionStaff.post('/api/v1/institutions', {
      parentId: a.district.id,
      kind: 'school',
      ...names('t'),
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('forbidden');
    const districtAdmin = await as(a.people.districtAdmin);
    const foreign = await districtAdmin.post('/api/v1/institutions', {
      parentId: b.district.id,
      kind: 'school',
      ...names('t'),
    });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().code).toBe('notFound');
  });
});

describe('renaming', () => {
  it('lets a district admin rename a school, auditing only what changed', async () => {
    const school = await createInstitution(t.deps.db, a.district.id, 'school', 'Старое имя');
    const c = await as(a.people.districtAdmin);
    const res = await c.patch(`/api/v1/institutions/${school.id}`, { nameRu: 'Новое имя', code: 'SCH-1' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: school.id, nameRu: 'Новое имя', nameKk: 'Старое имя kk', code: 'SCH-1' });
    expect((await row(school.id)).nameRu).toBe('Новое имя');
    const audit = await auditOf(school.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      institutionId: school.id,
      action: 'institution.updated',
      before: { nameRu: 'Старое имя ru', code: null },
      after: { nameRu: 'Новое имя', code: 'SCH-1' },
    });

    // The same values again change nothing and add no audit row; an empty code clears it.
    expect((await c.patch(`/api/v1/institutions/${school.id}`, { nameRu: 'Новое имя' })).statusCode).toBe(200);
    expect(await auditOf(school.id)).toHaveLength(1);
    const cleared = await c.patch(`/api/v1/institutions/${school.id}`, { code: '' });
    expect(cleared.json().code).toBeNull();
    expect(await auditOf(school.id)).toHaveLength(2);
  });

  it('refuses a teacher (403) and another district (404)', async () => {
    const teacher = await as(a.people.teacher);
    expect((await teacher.patch(`/api/v1/institutions/${a.school.id}`, { nameRu: 'x' })).statusCode).toBe(403);
    const other = await as(b.people.districtAdmin);
    expect((await other.patch(`/api/v1/institutions/${a.school.id}`, { nameRu: 'x' })).statusCode).toBe(404);
    expect((await row(a.school.id)).nameRu).not.toBe('x');
  });
});

describe('moving', () => {
  it('lets a district admin move a school between two bodies of its district and back under the district', async () => {
    const c = await as(a.people.districtAdmin);
    const o1 = await create(c, a.district.id, 'other', 'Отдел 1');
    const o2 = await create(c, a.district.id, 'other', 'Отдел 2');
    const school = await createInstitution(t.deps.db, o1.id, 'school');
    const moved = await c.post(`/api/v1/institutions/${school.id}/move`, { parentId: o2.id });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().parentId).toBe(o2.id);
    expect(moved.json().path.map((p: { id: number }) => p.id)).toEqual([a.district.id, o2.id]);
    expect((await row(school.id)).ancestors).toEqual([MINISTRY_ID, REGION, a.district.id, o2.id, school.id]);
    expect(ids((await c.get(`/api/v1/institutions?parentId=${o1.id}`)).json())).toEqual([]);

    // Directly under the administrator's own institution: allowed (creating there is).
    const home = await c.post(`/api/v1/institutions/${school.id}/move`, { parentId: a.district.id });
    expect(home.statusCode, home.body).toBe(200);
    expect((await row(school.id)).ancestors).toEqual([MINISTRY_ID, REGION, a.district.id, school.id]);

    const audit = await auditOf(school.id, 'institution.moved');
    expect(audit.map((e) => [e.institutionId, e.before, e.after])).toEqual([
      [school.id, { parentId: o1.id }, { parentId: o2.id }],
      [school.id, { parentId: o2.id }, { parentId: a.district.id }],
    ]);
  });

  it('lets a regional admin move a body with its schools between two of its districts', async () => {
    const c = await as(a.people.regionAdmin);
    const body = await createInstitution(t.deps.db, a.district.id, 'other');
    const school = await createInstitution(t.deps.db, body.id, 'school');
    const res = await c.post(`/api/v1/institutions/${body.id}/move`, { parentId: b.district.id });
    expect(res.statusCode, res.body).toBe(200);
    expect((await row(body.id)).ancestors).toEqual([MINISTRY_ID, REGION, b.district.id, body.id]);
    expect((await row(school.id)).ancestors).toEqual([MINISTRY_ID, REGION, b.district.id, body.id, school.id]);
    // Now the other district sees it and the old one does not.
    const oldAdmin = await as(a.people.districtAdmin);
    expect((await oldAdmin.get(`/api/v1/institutions/${school.id}`)).statusCode).toBe(404);
    const newAdmin = await as(b.people.districtAdmin);
    const seen = await newAdmin.get(`/api/v1/institutions/${school.id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().path.map((p: { id: number }) => p.id)).toEqual([b.district.id, body.id]);
  });

  it('rewrites the ancestors of the whole subtree, grandchildren included', async () => {
    const minister = await createPerson(t.deps.db, t.deps.hasher, {
      institutionId: MINISTRY_ID,
      profile: 'ministry_employee',
      isAdmin: true,
    });
    const [from, to] = [REGION_IDS[1]!, REGION_IDS[2]!];
    const district = await createInstitution(t.deps.db, from, 'district');
    const body = await createInstitution(t.deps.db, district.id, 'other');
    const grandchild = await createInstitution(t.deps.db, body.id, 'school');
    const c = await as(minister);
    const res = await c.post(`/api/v1/institutions/${district.id}/move`, { parentId: to });
    expect(res.statusCode, res.body).toBe(200);
    expect((await row(grandchild.id)).ancestors).toEqual([MINISTRY_ID, to, district.id, body.id, grandchild.id]);
    expect((await row(body.id)).ancestors).toEqual([MINISTRY_ID, to, district.id, body.id]);
    // One audit row for the move, none for the rows the trigger rewrote.
    expect(await auditOf(district.id, 'institution.moved')).toHaveLength(1);
    expect(await auditOf(grandchild.id, 'institution.moved')).toHaveLength(0);
  });

  it('refuses a move into its own subtree or onto itself, changing nothing', async () => {
    const c = await as(a.people.regionAdmin);
    const district = await createInstitution(t.deps.db, REGION, 'district');
    const body = await createInstitution(t.deps.db, district.id, 'other');
    const before = await auditCount();
    const into = await c.post(`/api/v1/institutions/${district.id}/move`, { parentId: body.id });
    expect(into.statusCode).toBe(422);
    expect(into.json()).toEqual({
      code: 'institution.cycle',
      message: 'Ұйымды өзінің ішіне немесе өз тармағына көшіруге болмайды.',
    });
    const self = await c.post(`/api/v1/institutions/${district.id}/move`, { parentId: district.id });
    expect(self.json().code).toBe('institution.cycle');
    expect((await row(district.id)).parentId).toBe(REGION);
    expect((await row(body.id)).ancestors).toEqual([MINISTRY_ID, REGION, district.id, body.id]);
    expect(await auditCount()).toBe(before);
  });

  it('is backed by the database: the trigger refuses a cycle with the check_violation the service maps', async () => {
    // The service checks first; the trigger still guards the tree if a concurrent move slips past that check.
    const district = await createInstitution(t.deps.db, REGION, 'district');
    const body = await createInstitution(t.deps.db, district.id, 'other');
    const err = await t.deps.db
      .updateTable('institutions')
      .set({ parentId: body.id })
      .where('id', '=', district.id)
      .execute()
      .catch((e: { code?: string }) => e);
    expect((err as { code?: string }).code).toBe('23514');
  });

  it('refuses wrong kinds (422), foreign targets (404), its own node (403) and non-admins (403)', async () => {
    const c = await as(a.people.districtAdmin);
    const school = await createInstitution(t.deps.db, a.district.id, 'school');
    const other = await createInstitution(t.deps.db, a.district.id, 'other');
    const under = await c.post(`/api/v1/institutions/${other.id}/move`, { parentId: school.id });
    expect(under.json().code).toBe('institution.invalidChildKind');
    expect((await c.post(`/api/v1/institutions/${school.id}/move`, { parentId: b.district.id })).statusCode).toBe(404);
    expect((await c.post(`/api/v1/institutions/${school.id}/move`, { parentId: REGION })).statusCode).toBe(404);
    expect((await c.post(`/api/v1/institutions/${a.district.id}/move`, { parentId: a.district.id })).statusCode).toBe(
      403,
    );
    expect((await c.post(`/api/v1/institutions/${b.school.id}/move`, { parentId: a.district.id })).statusCode).toBe(
      404,
    );
    const staff = await as(a.people.districtStaff);
    expect((await staff.post(`/api/v1/institutions/${school.id}/move`, { parentId: other.id })).statusCode).toBe(403);
    expect((await row(school.id)).parentId).toBe(a.district.id);
  });
});

describe('reading', () => {
  it('hides another district from a district admin (404), whatever the route', async () => {
    const c = await as(a.people.districtAdmin);
    const detail = await c.get(`/api/v1/institutions/${b.school.id}`);
    expect(detail.statusCode).toBe(404);
    expect(detail.json().code).toBe('notFound');
    expect((await c.get(`/api/v1/institutions?parentId=${b.district.id}`)).statusCode).toBe(404);
    expect((await c.get(`/api/v1/institutions?parentId=${REGION}`)).statusCode).toBe(404);
    expect((await c.post(`/api/v1/institutions/${b.school.id}/close`, { reason: 'x' })).statusCode).toBe(404);
    expect((await c.get(`/api/v1/institutions/${a.school.id}`)).statusCode).toBe(200);
  });

  it('shows school staff, students and parents only their school', async () => {
    for (const p of [a.people.teacher, a.people.student, a.people.parent]) {
      const c = await as(p);
      const top = await c.get('/api/v1/institutions');
      expect(top.statusCode).toBe(200);
      expect(ids(top.json())).toEqual([a.school.id]);
      expect((await c.get(`/api/v1/institutions?parentId=${REGION}`)).statusCode).toBe(404);
      expect((await c.get(`/api/v1/institutions/${a.district.id}`)).statusCode).toBe(404);
      const own = await c.get(`/api/v1/institutions/${a.school.id}`);
      expect(own.json()).toMatchObject({ id: a.school.id, path: [], canManage: false });
      // A search over "the whole scope" is still only that school.
      expect(ids((await c.get('/api/v1/institutions?q=school')).json())).toEqual([a.school.id]);
      expect(ids((await c.get('/api/v1/institutions?q=district')).json())).toEqual([]);
    }
  });

  it('gives authority staff their node on top and the path from it down to the parent', async () => {
    const c = await as(a.people.regionStaff);
    const top = (await c.get('/api/v1/institutions')).json();
    expect(top.items).toHaveLength(1);
    expect(top.items[0]).toMatchObject({ id: REGION, kind: 'region', parentId: MINISTRY_ID });
    expect(top.items[0].childCount).toBeGreaterThanOrEqual(2);
    const detail = (await c.get(`/api/v1/institutions/${a.school.id}`)).json();
    expect(detail.path).toEqual([
      expect.objectContaining({ id: REGION, kind: 'region' }),
      expect.objectContaining({ id: a.district.id, kind: 'district' }),
    ]);
    expect(detail.canManage).toBe(false);
    const admin = await as(a.people.regionAdmin);
    expect((await admin.get(`/api/v1/institutions/${a.school.id}`)).json().canManage).toBe(true);
  });

  it('orders children by the name in the caller language and counts only open children unless asked', async () => {
    const district = await createInstitution(t.deps.db, REGION, 'district');
    const insert = (kk: string, ru: string) =>
      t.deps.db
        .insertInto('institutions')
        .values({ parentId: district.id, kind: 'school', nameKk: kk, nameRu: ru, nameEn: `${kk}/${ru}` })
        .returning('id')
        .executeTakeFirstOrThrow();
    const x = await insert('А мектеп', 'Я школа');
    const y = await insert('Я мектеп', 'А школа');
    const closed = await insert('Б мектеп', 'Б школа');
    await t.deps.db
      .updateTable('institutions')
      .set({ closedAt: new Date('2026-01-01T00:00:00Z'), closedReason: 'merged' })
      .where('id', '=', closed.id)
      .execute();
    const person = await createPerson(t.deps.db, t.deps.hasher, {
      institutionId: REGION,
      profile: 'regional_employee',
    });
    const c = await as(person);
    expect(ids((await c.get(`/api/v1/institutions?parentId=${district.id}`)).json())).toEqual([x.id, y.id]);
    expect((await c.patch('/api/v1/me/preferences', { locale: 'ru' })).statusCode).toBe(200);
    expect(ids((await c.get(`/api/v1/institutions?parentId=${district.id}`)).json())).toEqual([y.id, x.id]);
    const all = (await c.get(`/api/v1/institutions?parentId=${district.id}&includeClosed=true`)).json();
    expect(ids(all)).toEqual([y.id, closed.id, x.id]);
    expect(all.items[1].closedAt).toBe('2026-01-01T00:00:00.000Z');
    expect(ids((await c.get(`/api/v1/institutions?parentId=${district.id}&includeClosed=false`)).json())).toEqual([
      y.id,
      x.id,
    ]);

    const counts = async (q: string) =>
      (await c.get(`/api/v1/institutions?q=${encodeURIComponent(q)}`)).json().items as Array<{ childCount: number }>;
    await t.deps.db.updateTable('institutions').set({ code: 'CNT-1' }).where('id', '=', district.id).execute();
    expect((await counts('CNT-1')).map((i) => i.childCount)).toEqual([2]);
    expect((await c.get('/api/v1/institutions?q=cnt-1&includeClosed=true')).json().items[0].childCount).toBe(3);
    expect((await c.get(`/api/v1/institutions/${district.id}`)).json().childCount).toBe(2);
    expect(ids((await c.get(`/api/v1/institutions?parentId=${district.id}&kind=district`)).json())).toEqual([]);
  });

  it('searches Russian and Kazakh names and codes case-insensitively, only inside the scope', async () => {
    const mine = await t.deps.db
      .insertInto('institutions')
      .values({
        parentId: a.district.id,
        kind: 'school',
        nameKk: 'Абай атындағы №7 мектеп-гимназия',
        nameRu: 'Школа-гимназия №7 имени Абая',
        nameEn: 'Abai school-gymnasium No. 7',
        code: 'GYM-7',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const theirs = await t.deps.db
      .insertInto('institutions')
      .values({
        parentId: b.district.id,
        kind: 'school',
        nameKk: 'Абай атындағы №8 мектеп-гимназия',
        nameRu: 'Школа-гимназия №8 имени Абая',
        nameEn: 'Abai school-gymnasium No. 8',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const search = async (c: Client, q: string) => {
      const res = await c.get(`/api/v1/institutions?q=${encodeURIComponent(q)}`);
      expect(res.statusCode, res.body).toBe(200);
      return ids(res.json());
    };
    const c = await as(a.people.districtAdmin);
    expect(await search(c, 'ГИМНАЗИЯ №7')).toEqual([mine.id]);
    expect(await search(c, 'атындағы')).toEqual([mine.id]);
    expect(await search(c, 'МЕКТЕП-ГИМНАЗИЯ')).toEqual([mine.id]);
    expect(await search(c, 'gym-7')).toEqual([mine.id]);
    // The user's wildcards are literal: no name holds "%" or "_".
    expect(await search(c, '%')).toEqual([]);
    expect(await search(c, '_')).toEqual([]);
    // The region sees both; the other district only its own.
    expect((await search(await as(a.people.regionStaff), 'мектеп-гимназия')).sort()).toEqual(
      [mine.id, theirs.id].sort(),
    );
    expect(await search(await as(b.people.districtStaff), 'гимназия')).toEqual([theirs.id]);
  });
});

describe('closing', () => {
  it('closes an empty school once, with its reason, audited', async () => {
    const c = await as(a.people.districtAdmin);
    const school = await create(c, a.district.id, 'school', 'Закрываемая');
    const res = await c.post(`/api/v1/institutions/${school.id}/close`, { reason: 'Реорганизация' });
    expect(res.statusCode, res.body).toBe(200);
    const now = t.clock.now().toISOString();
    expect(res.json()).toMatchObject({ closedAt: now, closedReason: 'Реорганизация' });
    const audit = await auditOf(school.id, 'institution.closed');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      institutionId: school.id,
      before: { closedAt: null, closedReason: null },
      after: { closedAt: now, closedReason: 'Реорганизация' },
    });

    const again = await c.post(`/api/v1/institutions/${school.id}/close`, { reason: 'ещё раз' });
    expect(again.statusCode).toBe(422);
    expect(again.json()).toEqual({ code: 'institution.closed', message: 'Ұйым жабылған.' });
    // Closed: hidden by default, and no longer a parent or a rename target.
    expect(ids((await c.get(`/api/v1/institutions?parentId=${a.district.id}`)).json())).not.toContain(school.id);
    expect(ids((await c.get(`/api/v1/institutions?parentId=${a.district.id}&includeClosed=true`)).json())).toContain(
      school.id,
    );
    expect((await c.patch(`/api/v1/institutions/${school.id}`, { nameRu: 'x' })).json().code).toBe(
      'institution.closed',
    );
    const body = await create(c, a.district.id, 'other', 'Орган');
    await c.post(`/api/v1/institutions/${body.id}/close`, { reason: 'r' });
    const under = await c.post('/api/v1/institutions', { parentId: body.id, kind: 'school', ...names('поздно') });
    expect(under.json().code).toBe('institution.closed');
    expect(await auditOf(school.id, 'institution.closed')).toHaveLength(1);
  });

  it('refuses while open children or active memberships remain', async () => {
    const c = await as(a.people.regionAdmin);
    const children = await c.post(`/api/v1/institutions/${a.district.id}/close`, { reason: 'r' });
    expect(children.statusCode).toBe(422);
    expect(children.json().code).toBe('institution.hasOpenChildren');
    const members = await c.post(`/api/v1/institutions/${a.school.id}/close`, { reason: 'r' });
    expect(members.statusCode).toBe(422);
    expect(members.json().code).toBe('institution.hasActiveMembers');
    expect((await row(a.school.id)).closedAt).toBeNull();
    expect(await auditOf(a.school.id, 'institution.closed')).toHaveLength(0);
  });

  it('closes a school whose memberships have all ended', async () => {
    const school = await createInstitution(t.deps.db, a.district.id, 'school');
    const p = await createPerson(t.deps.db, t.deps.hasher, { institutionId: school.id, profile: 'school_employee' });
    const c = await as(a.people.districtAdmin);
    expect((await c.post(`/api/v1/institutions/${school.id}/close`, { reason: 'r' })).json().code).toBe(
      'institution.hasActiveMembers',
    );
    await t.deps.db
      .updateTable('memberships')
      .set({ endsOn: '2026-09-30', endReason: 'end_of_employment' })
      .where('id', '=', p.membershipId)
      .execute();
    expect((await c.post(`/api/v1/institutions/${school.id}/close`, { reason: 'r' })).statusCode).toBe(200);
  });

  it('lets no one close their own institution, nor a teacher their school', async () => {
    const admin = await as(a.people.districtAdmin);
    expect((await admin.post(`/api/v1/institutions/${a.district.id}/close`, { reason: 'r' })).statusCode).toBe(403);
    const teacher = await as(a.people.teacher);
    expect((await teacher.post(`/api/v1/institutions/${a.school.id}/close`, { reason: 'r' })).statusCode).toBe(403);
  });
});

describe('malformed input', () => {
  it('answers a localised 400 naming the field, never a 500, and writes nothing', async () => {
    const c = await as(a.people.regionAdmin);
    const before = await auditCount();
    const issues = async (res: Awaited<ReturnType<Client['get']>>) => {
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().code).toBe('validation.failed');
      return res.json().issues as Array<{ path: string; message: string }>;
    };
    expect(await issues(await c.get('/api/v1/institutions/abc'))).toEqual([
      { path: 'params.id', message: expect.any(String) },
    ]);
    await issues(await c.get('/api/v1/institutions/99999999999999999999'));
    await issues(await c.post('/api/v1/institutions/1.5/move', { parentId: REGION }));
    await issues(await c.get('/api/v1/institutions?kind=university'));
    await issues(await c.get('/api/v1/institutions?includeClosed=maybe'));
    await issues(await c.get('/api/v1/institutions?limit=0'));
    await issues(await c.get(`/api/v1/institutions?q=${'я'.repeat(101)}`));

    const create = await issues(
      await c.post('/api/v1/institutions', {
        parentId: 'x',
        kind: 'university',
        nameKk: '   ',
        nameRu: 'я'.repeat(301),
        nameEn: 'ok',
        code: 'c'.repeat(51),
      }),
    );
    expect(create).toEqual(
      expect.arrayContaining([
        { path: 'body.parentId', message: expect.any(String) },
        { path: 'body.kind', message: 'Рұқсат етілген мәндердің бірін таңдаңыз.' },
        { path: 'body.nameKk', message: 'Міндетті өріс.' },
        { path: 'body.nameRu', message: 'Мәні тым ұзын.' },
        { path: 'body.code', message: 'Мәні тым ұзын.' },
      ]),
    );
    const missing = await issues(await c.post('/api/v1/institutions', { parentId: a.district.id, kind: 'school' }));
    expect(missing.map((i) => i.path).sort()).toEqual(['body.nameEn', 'body.nameKk', 'body.nameRu']);

    expect(await issues(await c.patch(`/api/v1/institutions/${a.school.id}`, {}))).toEqual([
      { path: 'body', message: 'Өзгертетін ештеңе жоқ.' },
    ]);
    await issues(await c.patch(`/api/v1/institutions/${a.school.id}`, { nameEn: '' }));
    await issues(await c.post(`/api/v1/institutions/${a.school.id}/close`, { reason: '  ' }));
    await issues(await c.post(`/api/v1/institutions/${a.school.id}/close`, { reason: 'я'.repeat(501) }));
    await issues(await c.post(`/api/v1/institutions/${a.school.id}/move`, { parentId: -3 }));

    expect(await auditCount()).toBe(before);
    expect((await row(a.school.id)).nameEn).not.toBe('');
  });

  it('answers in the caller language', async () => {
    const p = await createPerson(t.deps.db, t.deps.hasher, {
      institutionId: REGION,
      profile: 'regional_employee',
      isAdmin: true,
    });
    const c = await as(p);
    await c.patch('/api/v1/me/preferences', { locale: 'en' });
    const res = await c.post('/api/v1/institutions', { parentId: a.district.id, kind: 'school', nameKk: '' });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe('Some fields are not filled in correctly.');
    expect(res.json().issues).toEqual(expect.arrayContaining([{ path: 'body.nameKk', message: 'Required.' }]));
    const kind = await c.post('/api/v1/institutions', { parentId: a.school.id, kind: 'school', ...names('x') });
    expect(kind.json()).toEqual({
      code: 'institution.invalidChildKind',
      message: 'An institution of this kind cannot be placed there.',
    });
  });
});

describe('OpenAPI', () => {
  it('documents every institutions route with its schemas', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = res.json().paths as Record<string, Record<string, { tags: string[]; responses: object }>>;
    const routes = [
      ['/api/v1/institutions', 'get'],
      ['/api/v1/institutions', 'post'],
      ['/api/v1/institutions/{id}', 'get'],
      ['/api/v1/institutions/{id}', 'patch'],
      ['/api/v1/institutions/{id}/move', 'post'],
      ['/api/v1/institutions/{id}/close', 'post'],
    ] as const;
    for (const [path, method] of routes) {
      expect(paths[path]?.[method]?.tags, `${method} ${path}`).toEqual(['institutions']);
      expect(Object.keys(paths[path]![method]!.responses)).toContain('404');
    }
    expect(Object.keys(paths['/api/v1/institutions']!.post!.responses)).toEqual(
      expect.arrayContaining(['201', '400', '403', '404', '422']),
    );
  });
});
