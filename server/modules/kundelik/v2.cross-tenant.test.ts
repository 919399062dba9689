import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../db/demo/logins.js';
import { REGION_IDS } from '../../db/migrations/0002_reference_institutions.js';
import { seedDemo } from '../../db/seed-demo.js';
import { createPerson, createTenant, linkGuardian } from '../../test/factories.js';
import { createTestApp, type RouteInfo, type TestApp } from '../../test/harness.js';
import { issueApiToken } from '../api-clients/tokens.service.js';
import {
  demoClientCredentials,
  demoContext,
  demoIds,
  demoTokens,
  demoWeek,
  markLate,
  setHomeworkAsTeacher,
} from './compat/demo-context.js';
import { coverage, LOCAL_DATE, normalRoute, ROWS, type Row, type V2Ctx } from './compat/endpoints.js';
import { jsonOf, v2Request } from './compat/v2-client.js';

/**
 * Tenant isolation of the v2 surface, route by route (the /api/v1 framework in server/test/cross-tenant.test.ts
 * signs in with session cookies; v2 takes only API tokens, so it has this parallel runner over the same endpoint
 * table the compatibility suite uses). The victim is the demo school — the one with classes, lessons, marks and
 * homework. Every row's URL is aimed at the victim's ids; the attackers hold API tokens of:
 * another school of the same district (demo school № 12), a school of another district (№ 45), and every profile of
 * a tenant in another region. Person- and school-scoped routes answer 404 {type:"notFound"}; self and reference
 * routes may answer, but no answer ever carries a victim's name (batch routes, ids in a list, may instead
 * answer an empty list). A parent of the demo school linked to another
 * child gets 404 on every person-scoped route aimed at the demo student.
 */
let t: TestApp;
const routes: RouteInfo[] = [];
let victim: V2Ctx;
let markers: string[] = [];
const attackers: Array<{ label: string; token: string }> = [];
let strangerParent = '';
let ownParent = '';
let ownTeacher = '';

const byUsername = async (username: string) =>
  await t.deps.db
    .selectFrom('accounts as a')
    .innerJoin('memberships as m', 'm.personId', 'a.personId')
    .where('a.username', '=', username)
    .select(['a.personId', 'm.institutionId'])
    .executeTakeFirstOrThrow();

beforeAll(async () => {
  t = await createTestApp({}, routes);
  t.clock.set(new Date());
  const { db, hasher } = t.deps;
  await seedDemo(db, hasher);
  const ids = await demoIds(db);
  const week = await demoWeek(db, ids);
  await setHomeworkAsTeacher(t.app, week.lesson, 'Victim homework', week.nextLessonDate);
  await markLate(db, ids, week.lesson);
  const client = demoClientCredentials();
  const victimTokens = await demoTokens(t.app, client);
  victim = await demoContext(t.app, ids, week, victimTokens);
  ownParent = victimTokens.parent.accessToken;
  ownTeacher = victimTokens.teacher.accessToken;

  const token = async (personId: number) => (await issueApiToken(db, { personId, now: t.clock.now() })).accessToken;
  // Another school of the victim's district (demo school № 12) and one of another district (№ 45).
  const director12 = await byUsername('director12.demo');
  const student12 = await byUsername('student8.demo');
  const school12 = director12.institutionId;
  const teacher12 = await createPerson(db, hasher, {
    institutionId: school12,
    profile: 'school_employee',
    roles: ['teacher'],
  });
  const parent12 = await createPerson(db, hasher, { institutionId: school12, profile: 'parent' });
  await linkGuardian(db, school12, parent12.personId, student12.personId);
  attackers.push(
    { label: 'other school director', token: await token(director12.personId) },
    { label: 'other school student', token: await token(student12.personId) },
    { label: 'other school teacher', token: await token(teacher12.personId) },
    { label: 'other school parent', token: await token(parent12.personId) },
    { label: 'other district director', token: await token((await byUsername('director45.demo')).personId) },
  );
  const far = await createTenant(db, hasher, REGION_IDS[9]!);
  for (const [k, p] of Object.entries(far.people)) {
    attackers.push({ label: `other region ${k}`, token: await token(p.personId) });
  }
  const victimPeople = await db
    .selectFrom('memberships as m')
    .innerJoin('persons as p', 'p.id', 'm.personId')
    .where('m.institutionId', '=', ids.school)
    .select(['p.surname', 'p.firstName'])
    .execute();
  const school = await db
    .selectFrom('institutions')
    .where('id', '=', ids.school)
    .select(['nameKk', 'nameRu', 'nameEn'])
    .executeTakeFirstOrThrow();
  markers = [
    ...new Set([...victimPeople.flatMap((p) => [p.surname, p.firstName]), school.nameKk, school.nameRu, school.nameEn]),
    'Victim homework',
    DEMO_USERS.student.username,
  ];
  // A parent at the victim school whose child is another pupil there (after the markers: her name is no victim's).
  const otherChild = await byUsername('student2.demo');
  const stranger = await createPerson(db, hasher, { institutionId: ids.school, profile: 'parent' });
  await linkGuardian(db, ids.school, stranger.personId, otherChild.personId);
  strangerParent = await token(stranger.personId);
}, 180_000);
afterAll(() => t?.close());

const served = () =>
  new Set(routes.filter((r) => /^\/v2(\.0)?\//.test(r.url)).map((r) => normalRoute(r.method, r.url)));
const AUTH_ROUTES = new Set(['POST /v2/authorizations/bycredentials', 'POST /v2/authorizations/byrefreshtoken']);
const liveRows = () => ROWS.filter((r) => coverage(served(), AUTH_ROUTES).served(r));

function send(row: Row, token: string, prefix: '/v2' | '/v2.0' = '/v2') {
  const [method] = row.route.split(' ') as ['GET' | 'POST'];
  // The parent variant of a URL (the feed then names the victim child in childPersonId).
  return v2Request(t.app, token, row.url(victim, LOCAL_DATE, 'parent'), { prefix, method, body: row.body?.(victim) });
}

/** 404 {type:"notFound"}; for a batch route (ids in a list) also 200 with an empty list. */
function denied(row: Row, res: Awaited<ReturnType<typeof v2Request>>): boolean {
  const body = jsonOf(res);
  if (!body.ok) return false;
  if (row.batch && res.statusCode === 200) return Array.isArray(body.value) && body.value.length === 0;
  return res.statusCode === 404 && (body.value as { type?: unknown } | null)?.type === 'notFound';
}

/** Problems with one foreign answer: 404 notFound where the route targets the victim, no victim names anywhere. */
function judge(row: Row, label: string, res: Awaited<ReturnType<typeof v2Request>>): string[] {
  const what = `${label}: ${row.route}`;
  const out: string[] = [];
  if (res.statusCode >= 500) out.push(`${what} → ${res.statusCode}`);
  if ((row.scope === 'person' || row.scope === 'school') && !denied(row, res)) {
    out.push(`${what} → ${res.statusCode} ${res.body.slice(0, 160)}`);
  }
  const leaked = markers.find((m) => res.body.includes(m));
  if (leaked) out.push(`${what} leaked "${leaked}"`);
  return out;
}

describe('v2 cross-tenant isolation', () => {
  it('has a fixture (an endpoint-table row) for every /v2 route', () => {
    expect(served().size).toBeGreaterThan(0);
    expect(coverage(served(), AUTH_ROUTES).uncovered).toEqual([]);
  });

  it("is not vacuous: the victim's parent and teacher read the same URLs, and the answers carry the markers", async () => {
    const failures: string[] = [];
    for (const row of liveRows().filter((r) => r.scope === 'person' && r.actors.includes('parent'))) {
      const res = await send(row, ownParent);
      if (res.statusCode !== 200) failures.push(`parent ${row.route} → ${res.statusCode} ${res.body.slice(0, 160)}`);
    }
    for (const row of liveRows().filter((r) => r.scope === 'school' && r.actors.includes('teacher'))) {
      const res = await send(row, ownTeacher);
      if (res.statusCode !== 200) failures.push(`teacher ${row.route} → ${res.statusCode} ${res.body.slice(0, 160)}`);
    }
    expect(failures).toEqual([]);
    expect(liveRows().filter((r) => r.scope === 'person').length).toBeGreaterThan(10);
    const persons = ROWS.find((r) => r.route === 'GET /v2/edu-groups/:group/persons')!;
    const body = (await send(persons, ownTeacher)).body;
    expect(markers.some((m) => body.includes(m))).toBe(true);
  });

  it("answers every foreign token 404 notFound on the victim's resources and never leaks a name", async () => {
    const failures: string[] = [];
    for (const { label, token } of attackers) {
      for (const row of liveRows()) {
        failures.push(...judge(row, label, await send(row, token)));
      }
      // The /v2.0 alias is the same code, but aliases are where filters get forgotten: one pass with it too.
      for (const row of liveRows().filter((r) => r.scope !== 'self')) {
        failures.push(...judge(row, `${label} /v2.0`, await send(row, token, '/v2.0')));
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);

  it('answers a parent 404 notFound on every person-scoped route about a child who is not hers', async () => {
    const failures: string[] = [];
    for (const row of liveRows().filter((r) => r.scope === 'person')) {
      const res = await send(row, strangerParent);
      if (!denied(row, res)) failures.push(`${row.route} → ${res.statusCode} ${res.body.slice(0, 160)}`);
    }
    expect(failures).toEqual([]);
  });
});
