import type { LightMyRequestResponse } from 'fastify';
import type { KyselyPlugin } from 'kysely';
import { expect } from 'vitest';
import { REGION_IDS } from '../../db/migrations/0002_reference_institutions.js';
import type { AppDeps } from '../../deps.js';
import { localDate } from '../../lib/clock.js';
import { createTenant } from '../../test/factories.js';
import { createTestApp, signIn, type TestApp } from '../../test/harness.js';
import type { Actor } from '../auth/actor.js';
import { listActiveMemberships } from '../auth/session.repository.js';
import { createJournal } from '../journal/journal.fixtures.js';

/** The set-up the diary's test files share (diary.test.ts, diary-insights.test.ts). */

/** Awaits a request and expects its status (200 unless told), showing the body when it differs. */
export async function ok(p: Promise<LightMyRequestResponse>, status = 200) {
  const res = await p;
  expect(res.statusCode, res.body).toBe(status);
  return res;
}

/**
 * The app with two tenants — `a` (whose school the tests write to) and `b` in another region (the foreign school)
 * — a's school administrator and teacher signed in, and a journal `j` of a's teacher at a's school.
 */
export async function diaryTenants(journal: { students: number; lessons: number }) {
  const t = await createTestApp();
  const a = await createTenant(t.deps.db, t.deps.hasher);
  const b = await createTenant(t.deps.db, t.deps.hasher, REGION_IDS[2]);
  const admin = await signIn(t.app, a.people.schoolAdmin.username, a.people.schoolAdmin.password);
  const teacher = await signIn(t.app, a.people.teacher.username, a.people.teacher.password);
  const j = await createJournal(t.deps.db, t.deps.hasher, {
    schoolId: a.school.id,
    teacherPersonId: a.people.teacher.personId,
    ...journal,
  });
  return { t, a, b, admin, teacher, j };
}

/**
 * Calls a diary service as `personId` (their live memberships) on a database that counts the statements the call
 * runs; the membership lookup itself is not counted (the session check has already done it in a request).
 */
export async function countStatements<T>(
  t: TestApp,
  personId: number,
  call: (deps: AppDeps, actor: Actor) => Promise<T>,
): Promise<{ result: T; statements: number }> {
  let statements = 0;
  const counter: KyselyPlugin = {
    transformQuery: (args) => args.node,
    transformResult: async (args) => {
      statements++;
      return args.result;
    },
  };
  const actor = {
    personId,
    locale: 'kk',
    memberships: await listActiveMemberships(t.deps.db, personId, localDate(t.clock.now())),
  } as unknown as Actor;
  const result = await call({ ...t.deps, db: t.deps.db.withPlugin(counter) }, actor);
  return { result, statements };
}
