import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGION_IDS } from '../db/migrations/0002_reference_institutions.js';
import { crossTenantModules, SCHOOL_TABLES } from './cross-tenant.modules.js';
import type { Aim, Fixture } from './cross-tenant.types.js';
import { createInstitution, createPerson, createTenant, type Tenant, type TestPerson } from './factories.js';
import { type Client, createTestApp, type RouteInfo, signIn, type TestApp } from './harness.js';

/**
 * Tenant isolation, route by route. The routes come from the app itself; every one of them must have a
 * fixture below saying how to aim it at a victim tenant's data, so a new route fails this test until its
 * author decides what "foreign" means for it.
 *
 * Attackers: every profile of a tenant in another region; the district- and school-level profiles of
 * another district in the victim's region; the school-level profiles of another school in the victim's
 * district. Each gets 401/403/404 on targeted requests, never sees a victim's name or username in any
 * response, and the victim's rows are byte-for-byte unchanged afterwards.
 */
type Outcome = Aim['outcome'];

let victimMarkers: string[] = [];
let victimSurname = '';
let victimSchoolName = '';
/** The victim school admin's live session (signed in once in beforeAll). */
let victimSessionId = 0;
/** A data-correction request the victim's student filed at the victim school (set in beforeAll). */
let victimCorrectionId = 0;

const coreFixtures: Record<string, Fixture> = {
  'POST /api/v1/auth/sign-in': (v) => ({
    url: '/api/v1/auth/sign-in',
    body: { username: v.people.schoolAdmin.username, password: 'guess' },
    outcome: 'denied',
  }),
  'POST /api/v1/auth/sign-out': () => ({ url: '/api/v1/auth/sign-out', outcome: 'noLeak' }),
  'GET /api/v1/me': () => ({ url: '/api/v1/me', outcome: 'noLeak' }),
  'PATCH /api/v1/me/preferences': () => ({ url: '/api/v1/me/preferences', body: { locale: 'en' }, outcome: 'noLeak' }),
  'PUT /api/v1/me/context': (v) => ({
    url: '/api/v1/me/context',
    body: { membershipId: v.people.schoolAdmin.membershipId },
    outcome: 'denied',
  }),
  'GET /api/v1/me/children': () => ({ url: '/api/v1/me/children', outcome: 'noLeak' }),

  'GET /api/v1/institutions': (v) => ({ url: `/api/v1/institutions?parentId=${v.district.id}`, outcome: 'denied' }),
  'GET /api/v1/institutions/:id': (v) => ({ url: `/api/v1/institutions/${v.school.id}`, outcome: 'denied' }),
  'POST /api/v1/institutions': (v) => ({
    url: '/api/v1/institutions',
    body: { parentId: v.district.id, kind: 'school', nameKk: 'Шабуыл', nameRu: 'Атака', nameEn: 'Attack' },
    outcome: 'denied',
  }),
  'PATCH /api/v1/institutions/:id': (v) => ({
    url: `/api/v1/institutions/${v.school.id}`,
    body: { nameEn: 'Renamed by an attacker' },
    outcome: 'denied',
  }),
  'POST /api/v1/institutions/:id/move': (v, a) => ({
    url: `/api/v1/institutions/${v.school.id}/move`,
    body: { parentId: a.institutionId },
    outcome: 'denied',
  }),
  'POST /api/v1/institutions/:id/close': (v) => ({
    url: `/api/v1/institutions/${v.school.id}/close`,
    body: { reason: 'attack' },
    outcome: 'denied',
  }),

  'GET /api/v1/persons': (v) => ({ url: `/api/v1/persons?institutionId=${v.school.id}`, outcome: 'denied' }),
  'POST /api/v1/persons': (v) => ({
    url: '/api/v1/persons',
    body: {
      surname: 'Intruder',
      firstName: 'Eve',
      birthDate: '2012-01-01',
      gender: 'female',
      membership: { institutionId: v.school.id, profile: 'student' },
    },
    outcome: 'denied',
  }),
  'GET /api/v1/persons/:id': (v) => ({ url: `/api/v1/persons/${v.people.student.personId}`, outcome: 'denied' }),
  'PATCH /api/v1/persons/:id': (v) => ({
    url: `/api/v1/persons/${v.people.student.personId}`,
    body: { firstName: 'Changed' },
    outcome: 'denied',
  }),
  'POST /api/v1/persons/:id/memberships': (v, a) => ({
    // Adopting a foreign person into the attacker's own institution must not work either.
    url: `/api/v1/persons/${v.people.teacher.personId}/memberships`,
    body: { institutionId: a.institutionId, profile: 'parent' },
    outcome: 'denied',
  }),
  'POST /api/v1/persons/:id/reset-password': (v) => ({
    url: `/api/v1/persons/${v.people.teacher.personId}/reset-password`,
    body: {},
    outcome: 'denied',
  }),
  'POST /api/v1/persons/bulk': (v) => ({
    url: '/api/v1/persons/bulk',
    body: {
      institutionId: v.school.id,
      profile: 'student',
      rows: [{ surname: 'Intruder', firstName: 'Eve', birthDate: '2012-01-01', gender: 'female' }],
    },
    outcome: 'denied',
  }),
  // Authorization comes before the password check: a foreign person is a 404 whatever password is sent.
  'POST /api/v1/credentials/slips': (v) => ({
    url: '/api/v1/credentials/slips',
    body: { items: [{ personId: v.people.student.personId, temporaryPassword: 'abcd-efgh-jkmn' }], perPage: 1 },
    outcome: 'denied',
  }),
  'POST /api/v1/memberships/:id/end': (v) => ({
    url: `/api/v1/memberships/${v.people.student.membershipId}/end`,
    body: { reason: 'expulsion' },
    outcome: 'denied',
  }),
  'POST /api/v1/persons/:id/delete': (v) => ({
    url: `/api/v1/persons/${v.people.student.personId}/delete`,
    body: { reason: 'other' },
    outcome: 'denied',
  }),
  // Only ever about the caller themself; a wrong password keeps the attacker's own profile for the next routes.
  'POST /api/v1/me/deletion-request': () => ({
    url: '/api/v1/me/deletion-request',
    body: { password: 'not my password' },
    outcome: 'noLeak',
  }),

  // personId only filters the context school's own links: a foreign id finds nothing rather than 404.
  'GET /api/v1/guardianships': (v) => ({
    url: `/api/v1/guardianships?personId=${v.people.student.personId}`,
    outcome: 'noLeak',
  }),
  'POST /api/v1/guardianships': (v) => ({
    url: '/api/v1/guardianships',
    body: {
      parentPersonId: v.people.parent.personId,
      childPersonId: v.people.student.personId,
      relation: 'guardian',
    },
    outcome: 'denied',
  }),
  'DELETE /api/v1/guardianships/:parentPersonId/:childPersonId': (v) => ({
    url: `/api/v1/guardianships/${v.people.parent.personId}/${v.people.student.personId}`,
    outcome: 'denied',
  }),

  'GET /api/v1/audit': (v) => ({ url: `/api/v1/audit?institutionId=${v.school.id}`, outcome: 'denied' }),

  // Passwords, e-mail, recovery (issue 3 §3): self routes act on the attacker's own account only; public routes
  // answer the same for anyone; the recovery switch of a foreign institution is invisible.
  'GET /api/v1/password-policy': () => ({ url: '/api/v1/password-policy', outcome: 'noLeak' }),
  'POST /api/v1/me/password': () => ({
    url: '/api/v1/me/password',
    body: { currentPassword: 'not the password', newPassword: 'violet tractor umbrella' },
    outcome: 'noLeak',
  }),
  'GET /api/v1/me/email': () => ({ url: '/api/v1/me/email', outcome: 'noLeak' }),
  'POST /api/v1/me/email': () => ({
    url: '/api/v1/me/email',
    body: { email: 'attacker@example.kz', currentPassword: 'not the password' },
    outcome: 'noLeak',
  }),
  'POST /api/v1/auth/confirm-email': () => ({
    url: '/api/v1/auth/confirm-email',
    body: { token: 'A'.repeat(43) },
    outcome: 'noLeak',
  }),
  'POST /api/v1/auth/recovery': (v) => ({
    url: '/api/v1/auth/recovery',
    body: { login: v.people.schoolAdmin.username },
    outcome: 'noLeak',
  }),
  'POST /api/v1/auth/recovery/complete': () => ({
    url: '/api/v1/auth/recovery/complete',
    body: { token: 'A'.repeat(43), newPassword: 'violet tractor umbrella' },
    outcome: 'noLeak',
  }),
  'GET /api/v1/institutions/:id/recovery-setting': (v) => ({
    url: `/api/v1/institutions/${v.school.id}/recovery-setting`,
    outcome: 'denied',
  }),
  'PUT /api/v1/institutions/:id/recovery-setting': (v) => ({
    url: `/api/v1/institutions/${v.district.id}/recovery-setting`,
    body: { selfServiceRecovery: false },
    outcome: 'denied',
  }),
  'GET /api/v1/dev/outbox': () => ({ url: '/api/v1/dev/outbox', outcome: 'noLeak' }),

  // Registration wizard, agreements, corrections, consents (issue 3 §2). The wizard routes act on the caller only.
  'GET /api/v1/registration': () => ({ url: '/api/v1/registration', outcome: 'noLeak' }),
  'POST /api/v1/registration/corrections': () => ({
    url: '/api/v1/registration/corrections',
    body: { proposed: { firstName: 'Renamed' } },
    outcome: 'noLeak',
  }),
  'GET /api/v1/registration/corrections': () => ({ url: '/api/v1/registration/corrections', outcome: 'noLeak' }),
  // Attackers are registered already: 409, and their own account at most.
  'POST /api/v1/registration/complete': () => ({
    url: '/api/v1/registration/complete',
    body: { newPassword: 'copper-lantern-meadow-42', agreementVersionId: null, dataConfirmed: true },
    outcome: 'noLeak',
  }),
  'GET /api/v1/agreements/current': () => ({ url: '/api/v1/agreements/current', outcome: 'noLeak' }),
  'GET /api/v1/agreements': () => ({ url: '/api/v1/agreements', outcome: 'denied' }),
  'POST /api/v1/agreements': () => ({
    url: '/api/v1/agreements',
    body: { label: 'attack', textKk: 'x', textRu: 'x', textEn: 'x' },
    outcome: 'denied',
  }),
  'POST /api/v1/agreements/:id/publish': () => ({ url: '/api/v1/agreements/1/publish', outcome: 'denied' }),
  'POST /api/v1/agreements/:id/accept': () => ({ url: '/api/v1/agreements/1/accept', outcome: 'noLeak' }),
  // A school administrator gets their own school's people; never the victim's.
  'GET /api/v1/agreements/acceptances': () => ({ url: '/api/v1/agreements/acceptances', outcome: 'noLeak' }),
  'GET /api/v1/corrections': () => ({ url: '/api/v1/corrections', outcome: 'noLeak' }),
  'POST /api/v1/corrections/:id/resolve': () => ({
    url: `/api/v1/corrections/${victimCorrectionId}/resolve`,
    body: {},
    outcome: 'denied',
  }),
  'POST /api/v1/corrections/:id/reject': () => ({
    url: `/api/v1/corrections/${victimCorrectionId}/reject`,
    body: { answer: 'attack' },
    outcome: 'denied',
  }),
  'GET /api/v1/consents': () => ({ url: '/api/v1/consents', outcome: 'noLeak' }),
  'POST /api/v1/consents': (v) => ({
    url: '/api/v1/consents',
    body: { childPersonId: v.people.student.personId },
    outcome: 'denied',
  }),
  'DELETE /api/v1/consents/:childPersonId': (v) => ({
    url: `/api/v1/consents/${v.people.student.personId}`,
    outcome: 'denied',
  }),

  // Sessions: one's own list never shows another person's; ending is aimed at the victim admin's live session.
  'GET /api/v1/me/sessions': () => ({ url: '/api/v1/me/sessions', outcome: 'noLeak' }),
  'DELETE /api/v1/me/sessions/:id': () => ({ url: `/api/v1/me/sessions/${victimSessionId}`, outcome: 'denied' }),
  'POST /api/v1/me/sessions/end-others': () => ({ url: '/api/v1/me/sessions/end-others', body: {}, outcome: 'noLeak' }),
  // Acts on the attacker's own account only (the loop below signs them in again afterwards).
  'POST /api/v1/me/compromised': () => ({ url: '/api/v1/me/compromised', body: {}, outcome: 'noLeak' }),
  'POST /api/v1/persons/:id/sessions/end': (v) => ({
    url: `/api/v1/persons/${v.people.schoolAdmin.personId}/sessions/end`,
    body: {},
    outcome: 'denied',
  }),
};

/** The core routes' fixtures and those the modules keep beside themselves; a key defined twice is a mistake. */
const fixtures: Record<string, Fixture> = { ...coreFixtures };
for (const m of crossTenantModules) {
  for (const [k, f] of Object.entries(m.fixtures)) {
    if (fixtures[k]) throw new Error(`cross-tenant fixture defined twice: ${k}`);
    fixtures[k] = f;
  }
}

/** Searches by the victim's names: allowed to answer, never allowed to find them. */
const searches = (v: Tenant, surname: string, schoolName: string) => [
  ...crossTenantModules.flatMap((m) => m.searches?.(v) ?? []),
  `/api/v1/institutions?q=${encodeURIComponent(schoolName)}&includeClosed=true`,
  `/api/v1/persons?q=${encodeURIComponent(surname)}&includeEnded=true`,
  `/api/v1/persons?q=${encodeURIComponent(v.people.student.username)}`,
  '/api/v1/audit',
  '/api/v1/guardianships',
  '/api/v1/me/children',
  '/api/v1/corrections?status=open',
  '/api/v1/consents',
];

let t: TestApp;
const routes: RouteInfo[] = [];
let victim: Tenant;
let attackers: Array<{ label: string; person: TestPerson }> = [];

async function snapshot(v: Tenant) {
  const db = t.deps.db;
  const personIds = Object.values(v.people).map((p) => p.personId);
  return JSON.stringify({
    institutions: await db
      .selectFrom('institutions')
      .where('id', 'in', [v.district.id, v.school.id])
      .selectAll()
      .orderBy('id')
      .execute(),
    persons: await db.selectFrom('persons').where('id', 'in', personIds).selectAll().orderBy('id').execute(),
    accounts: await db
      .selectFrom('accounts')
      .where('personId', 'in', personIds)
      .select(['personId', 'username', 'passwordHash', 'status', 'locale', 'passwordIsTemporary'])
      .orderBy('personId')
      .execute(),
    memberships: await db
      .selectFrom('memberships')
      .where('personId', 'in', personIds)
      .selectAll()
      .orderBy('id')
      .execute(),
    guardianships: await db.selectFrom('guardianships').where('institutionId', '=', v.school.id).selectAll().execute(),
    institutionSettings: await db
      .selectFrom('institutionSettings')
      .where('institutionId', 'in', [v.district.id, v.school.id])
      .selectAll()
      .execute(),
    accountTokens: await db.selectFrom('accountTokens').where('personId', 'in', personIds).selectAll().execute(),
    sessions: await db
      .selectFrom('sessions')
      .where('personId', 'in', personIds)
      .select(['id', 'endedAt'])
      .orderBy('id')
      .execute(),
    school: await Promise.all(
      SCHOOL_TABLES.map((table) =>
        db
          .selectFrom(table)
          .where('schoolId', '=', v.school.id)
          .selectAll()
          .execute()
          .then((rows) => rows.map((r) => JSON.stringify(r)).sort()),
      ),
    ),
  });
}

beforeAll(async () => {
  t = await createTestApp({}, routes);
  const { db, hasher } = t.deps;
  const [regionA, regionB] = [REGION_IDS[5]!, REGION_IDS[9]!];
  victim = await createTenant(db, hasher, regionA);
  // The victim's admin signs in once, so the audit log holds events naming them.
  const victimClient = await signIn(t.app, victim.people.schoolAdmin.username, victim.people.schoolAdmin.password);
  victimSessionId = (await victimClient.get('/api/v1/me/sessions')).json().items[0].id;
  const victimStudent = await signIn(t.app, victim.people.student.username, victim.people.student.password);
  victimCorrectionId = (
    await victimStudent.post('/api/v1/registration/corrections', { proposed: { firstName: 'Victimname' } })
  ).json().id;
  for (const m of crossTenantModules) await m.prepare?.({ t, victim, victimAdmin: victimClient });

  const sameRegion = await createTenant(db, hasher, regionA);
  const otherRegion = await createTenant(db, hasher, regionB);
  const neighbourSchool = await createInstitution(db, victim.district.id, 'school');
  const neighbours = {
    schoolAdmin: await createPerson(db, hasher, {
      institutionId: neighbourSchool.id,
      profile: 'school_employee',
      isAdmin: true,
    }),
    teacher: await createPerson(db, hasher, { institutionId: neighbourSchool.id, profile: 'school_employee' }),
    student: await createPerson(db, hasher, { institutionId: neighbourSchool.id, profile: 'student' }),
    parent: await createPerson(db, hasher, { institutionId: neighbourSchool.id, profile: 'parent' }),
  };
  const schoolLevel = ['schoolAdmin', 'teacher', 'student', 'parent'] as const;
  attackers = [
    ...Object.entries(otherRegion.people).map(([k, person]) => ({ label: `other region ${k}`, person })),
    ...(['districtAdmin', 'districtStaff', ...schoolLevel] as const).map((k) => ({
      label: `other district ${k}`,
      person: sameRegion.people[k],
    })),
    ...schoolLevel.map((k) => ({ label: `other school ${k}`, person: neighbours[k] })),
  ];

  const persons = await db
    .selectFrom('persons')
    .where(
      'id',
      'in',
      Object.values(victim.people).map((p) => p.personId),
    )
    .select('surname')
    .execute();
  const insts = await db
    .selectFrom('institutions')
    .where('id', 'in', [victim.district.id, victim.school.id])
    .select(['id', 'nameKk', 'nameRu', 'nameEn'])
    .execute();
  victimSurname = persons[0]!.surname;
  victimSchoolName = insts.find((i) => i.id === victim.school.id)!.nameRu;
  victimMarkers = [
    ...persons.map((p) => p.surname),
    ...insts.flatMap((i) => [i.nameKk, i.nameRu, i.nameEn]),
    ...Object.values(victim.people).map((p) => p.username),
    ...crossTenantModules.flatMap((m) => m.markers?.() ?? []),
  ];
});
afterAll(() => t.close());

const key = (r: RouteInfo) => `${r.method} ${r.url}`;
const apiRoutes = () => routes.filter((r) => r.url.startsWith('/api/v1/'));

describe('cross-tenant isolation', () => {
  it('has a fixture for every API route, and no fixture for a route that no longer exists', () => {
    const live = apiRoutes().map(key).sort();
    expect(live.length).toBeGreaterThan(10);
    expect(live.filter((k) => !fixtures[k])).toEqual([]);
    expect(Object.keys(fixtures).filter((k) => !live.includes(k))).toEqual([]);
  });

  it('denies every targeted request from every foreign actor, leaks nothing, and changes nothing', async () => {
    const before = await snapshot(victim);
    const failures: string[] = [];
    const check = (label: string, what: string, status: number, body: string, outcome: Outcome) => {
      if (status >= 500) failures.push(`${label}: ${what} → ${status}`);
      if (outcome === 'denied' && ![401, 403, 404].includes(status))
        failures.push(`${label}: ${what} → ${status} ${body.slice(0, 200)}`);
      const leaked = victimMarkers.find((m) => body.includes(m));
      if (leaked) failures.push(`${label}: ${what} leaked "${leaked}"`);
    };

    for (const { label, person } of attackers) {
      let client: Client = await signIn(t.app, person.username, person.password);
      for (const route of apiRoutes()) {
        const fixture = fixtures[key(route)];
        if (!fixture) continue;
        const aim = fixture(victim, person);
        const res = route.public
          ? await t.app.inject({ method: route.method as 'POST', url: aim.url, payload: aim.body as object })
          : await client.request(route.method as 'GET', aim.url, aim.body);
        check(label, `${key(route)} (${aim.url})`, res.statusCode, res.body, aim.outcome);
        if (route.url === '/api/v1/auth/sign-out') client = await signIn(t.app, person.username, person.password);
        if (route.url === '/api/v1/me/compromised') {
          // Reporting a compromise ends the attacker's sessions and demands a new password: undo, go on.
          await t.deps.db
            .updateTable('accounts')
            .set({ mustChangePassword: false })
            .where('personId', '=', person.personId)
            .execute();
          client = await signIn(t.app, person.username, person.password);
        }
      }
      for (const url of searches(victim, victimSurname, victimSchoolName)) {
        const res = await client.get(url);
        check(label, `GET ${url}`, res.statusCode, res.body, 'noLeak');
      }
    }
    expect(failures).toEqual([]);
    expect(await snapshot(victim)).toEqual(before);
    // Every route × every attacker: grows with the API, so it gets more than the default 30 s.
  }, 300_000);

  it('is not vacuous: the victim school admin does see their own data through the same fixtures', async () => {
    const own = await signIn(t.app, victim.people.schoolAdmin.username, victim.people.schoolAdmin.password);
    const person = await own.get(fixtures['GET /api/v1/persons/:id']!(victim, victim.people.schoolAdmin).url);
    expect(person.statusCode).toBe(200);
    expect(victimMarkers.some((m) => person.body.includes(m))).toBe(true);
    const school = await own.get(fixtures['GET /api/v1/institutions/:id']!(victim, victim.people.schoolAdmin).url);
    expect(school.statusCode).toBe(200);
    const audit = await own.get(fixtures['GET /api/v1/audit']!(victim, victim.people.schoolAdmin).url);
    expect(audit.statusCode).toBe(200);
    expect(victimMarkers.some((m) => audit.body.includes(m))).toBe(true);
  });
});
