import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInstitution, createTenant, type Tenant } from '../../test/factories.js';
import { type Client, createTestApp, signIn, type TestApp } from '../../test/harness.js';

/**
 * Agreement 3.6: ending access removes the person's rights in that one institution only. The sessions acting
 * through the ended membership end at once; the person's sessions in their other memberships keep working.
 */
let t: TestApp;
let a: Tenant;
let admin: Client;
let district: Client;

beforeAll(async () => {
  t = await createTestApp();
  a = await createTenant(t.deps.db, t.deps.hasher);
  admin = await signIn(t.app, a.people.schoolAdmin.username, a.people.schoolAdmin.password);
  district = await signIn(t.app, a.people.districtAdmin.username, a.people.districtAdmin.password);
});
afterAll(() => t.close());

const db = () => t.deps.db;
const membershipIds = async (client: Client) =>
  (await client.get('/api/v1/me')).json().memberships.map((m: { id: number }) => m.id) as number[];

describe('ending one membership', () => {
  it("ends that membership's sessions at once and keeps the person's other memberships working", async () => {
    // The teacher of school A is also a parent at a second school of the district.
    const otherSchool = await createInstitution(db(), a.district.id, 'school');
    const parentHere = await db()
      .insertInto('memberships')
      .values({
        institutionId: otherSchool.id,
        personId: a.people.teacher.personId,
        profile: 'parent',
        startsOn: '2025-09-01',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const asTeacher = await signIn(t.app, a.people.teacher.username, a.people.teacher.password);
    const asParent = await signIn(t.app, a.people.teacher.username, a.people.teacher.password);
    expect((await asParent.put('/api/v1/me/context', { membershipId: parentHere.id })).statusCode).toBe(200);
    expect((await asTeacher.get('/api/v1/me')).json().context.id).toBe(a.people.teacher.membershipId);
    expect((await asParent.get('/api/v1/me')).json().context.id).toBe(parentHere.id);

    // The district administrator ends the parent membership ("the child's transfer").
    const res = await district.post(`/api/v1/memberships/${parentHere.id}/end`, { reason: 'child_left' });
    expect(res.statusCode).toBe(200);

    expect((await asParent.get('/api/v1/me')).statusCode).toBe(401);
    const teacherMe = await asTeacher.get('/api/v1/me');
    expect(teacherMe.statusCode).toBe(200);
    expect(teacherMe.json().context.id).toBe(a.people.teacher.membershipId);
    expect(await membershipIds(asTeacher)).toEqual([a.people.teacher.membershipId]);
    // …and the ended membership can no longer be chosen.
    const back = await asTeacher.put('/api/v1/me/context', { membershipId: parentHere.id });
    expect(back.statusCode).toBe(404);
    expect((await asTeacher.get('/api/v1/persons?profile=student')).statusCode).toBe(200);

    // History stays: the row with its end and reason, and the audit event saying what ended.
    const row = await db()
      .selectFrom('memberships')
      .where('id', '=', parentHere.id)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ endsOn: '2026-10-01', endReason: 'child_left' });
    const ended = await db()
      .selectFrom('auditEvents')
      .where('institutionId', '=', otherSchool.id)
      .where('action', '=', 'membership.ended')
      .select(['subjectId', 'actorPersonId', 'after'])
      .execute();
    expect(ended).toEqual([
      {
        subjectId: a.people.teacher.personId,
        actorPersonId: a.people.districtAdmin.personId,
        after: {
          membershipId: parentHere.id,
          profile: 'parent',
          endsOn: '2026-10-01',
          endReason: 'child_left',
          sessionsEnded: 1,
        },
      },
    ]);
    const sessions = await db()
      .selectFrom('sessions')
      .where('personId', '=', a.people.teacher.personId)
      .where('endReason', '=', 'membership_ended')
      .select('membershipId')
      .execute();
    expect(sessions).toEqual([{ membershipId: parentHere.id }]);
  });

  it('ends every session when nothing active is left (a backdated end too)', async () => {
    const s = a.people.student;
    const one = await signIn(t.app, s.username, s.password);
    const two = await signIn(t.app, s.username, s.password);
    const res = await admin.post(`/api/v1/memberships/${s.membershipId}/end`, {
      reason: 'transfer',
      endsOn: '2026-09-20',
    });
    expect(res.statusCode).toBe(200);
    expect((await one.get('/api/v1/me')).statusCode).toBe(401);
    expect((await two.get('/api/v1/me')).statusCode).toBe(401);
    const audit = await db()
      .selectFrom('auditEvents')
      .where('action', '=', 'membership.ended')
      .where('subjectId', '=', s.personId)
      .select('after')
      .executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ endReason: 'transfer', sessionsEnded: 2 });
  });

  it('takes every reason of agreement 3.6 but not the one reserved for deleting a profile', async () => {
    const choose = ['end_of_study', 'expulsion', 'transfer', 'child_left', 'end_of_employment', 'end_of_civil_service'];
    for (const reason of choose) {
      const m = await db()
        .insertInto('memberships')
        .values({
          institutionId: a.school.id,
          personId: a.people.parent.personId,
          profile: 'school_employee',
          startsOn: '2025-09-01',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const res = await admin.post(`/api/v1/memberships/${m.id}/end`, { reason });
      expect([
        reason,
        res.statusCode,
        res.json().memberships?.find((x: { id: number }) => x.id === m.id)?.endReason,
      ]).toEqual([reason, 200, reason]);
    }
    const m = await db()
      .insertInto('memberships')
      .values({
        institutionId: a.school.id,
        personId: a.people.parent.personId,
        profile: 'school_employee',
        startsOn: '2025-09-01',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const reserved = await admin.post(`/api/v1/memberships/${m.id}/end`, { reason: 'profile_deleted' });
    expect(reserved.statusCode).toBe(400);
  });

  it('has the database refuse reasons outside the list', async () => {
    const refused =
      await sql`update memberships set ends_on = '2026-10-01', end_reason = 'bored' where id = ${a.people.teacher.membershipId}`
        .execute(db())
        .then(
          () => 'accepted',
          (e: { code?: string }) => e.code,
        );
    expect(refused).toBe('23514');
    const noReason = await sql`update persons set deleted_at = now() where id = ${a.people.teacher.personId}`
      .execute(db())
      .then(
        () => 'accepted',
        (e: { code?: string }) => e.code,
      );
    expect(noReason).toBe('23514');
  });
});
