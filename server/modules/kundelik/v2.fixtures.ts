import { createTenant, linkGuardian, type Tenant } from '../../test/factories.js';
import type { TestApp } from '../../test/harness.js';
import { issueApiToken } from '../api-clients/tokens.service.js';
import { createJournal, type JournalFixture } from '../journal/journal.fixtures.js';
import { createSubgroup, enroll } from '../timetable/timetable.fixtures.js';

/**
 * A v2 world for tests: two tenants; in tenant A a journal (class, subject, 5 lessons in quarter 1) with the
 * tenant's student enrolled and in a sub-group, their parent linked; tokens for every actor. Tenant B has the
 * same, so every foreign id is real.
 */
export async function createV2World(t: TestApp) {
  const { db, hasher } = t.deps;
  const build = async () => {
    const tenant = await createTenant(db, hasher);
    const j = await createJournal(db, hasher, {
      schoolId: tenant.school.id,
      teacherPersonId: tenant.people.teacher.personId,
      students: 2,
    });
    await enroll(db, tenant.school.id, j.yearId, j.classId, tenant.people.student.personId);
    const subgroupId = await createSubgroup(db, tenant.school.id, j.classId, '1', [tenant.people.student.personId]);
    await db
      .updateTable('classes')
      .set({ classTeacherPersonId: tenant.people.teacher.personId })
      .where('id', '=', j.classId)
      .execute();
    return { tenant, j, subgroupId };
  };
  const a = await build();
  const b = await build();
  // Our own client, enabled at both schools (issued tokens resolve like a real login's).
  const client = await db
    .insertInto('apiClients')
    .values({ name: 'v2 tests', clientId: `v2-${Date.now()}`, secretHash: 'x', ownerInstitutionId: a.tenant.region.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('apiClientSchools')
    .values([a, b].map((x) => ({ schoolId: x.tenant.school.id, apiClientId: client.id })))
    .execute();
  const token = async (personId: number) =>
    (await issueApiToken(db, { personId, clientId: client.id, now: t.clock.now() })).accessToken;
  const tokens = {
    student: await token(a.tenant.people.student.personId),
    parent: await token(a.tenant.people.parent.personId),
    teacher: await token(a.tenant.people.teacher.personId),
    admin: await token(a.tenant.people.schoolAdmin.personId),
    otherParent: await token(b.tenant.people.parent.personId),
  };
  return { a, b, tokens };
}
export type V2World = Awaited<ReturnType<typeof createV2World>>;
export type { JournalFixture, Tenant };
export { linkGuardian };

/** A GET with the `Access-Token` header (every Kundelik client). */
export async function v2get(t: TestApp, url: string, token?: string) {
  return t.app.inject({ method: 'GET', url, headers: token ? { 'access-token': token } : {} });
}
