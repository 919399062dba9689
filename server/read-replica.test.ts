import { type KyselyPlugin, PostgresQueryCompiler } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from './app.js';
import type { Database } from './db/client.js';
import { createJournal, type JournalFixture } from './modules/journal/journal.fixtures.js';
import { createTenant, type Tenant } from './test/factories.js';
import { type Client, createTestApp, signIn, type TestApp } from './test/harness.js';

/**
 * DATABASE_REPLICA_URL: reports read from the replica (deps.readDb), not the primary. Here the "replica" is a second
 * Kysely instance on the same database that records every statement it runs, and so is the primary: a report
 * request's data queries must all be on the replica; the primary sees only the session check.
 */
class Recorder implements KyselyPlugin {
  readonly statements: string[] = [];
  readonly #compiler = new PostgresQueryCompiler();
  transformQuery: KyselyPlugin['transformQuery'] = (args) => {
    this.statements.push(this.#compiler.compileQuery(args.node, args.queryId).sql);
    return args.node;
  };
  transformResult: KyselyPlugin['transformResult'] = async (args) => args.result;
}

let t: TestApp;
let app: App;
let tenant: Tenant;
let j: JournalFixture;
let admin: Client;
const primary = new Recorder();
const replica = new Recorder();

beforeAll(async () => {
  t = await createTestApp();
  tenant = await createTenant(t.deps.db, t.deps.hasher);
  j = await createJournal(t.deps.db, t.deps.hasher, {
    schoolId: tenant.school.id,
    teacherPersonId: tenant.people.teacher.personId,
    students: 3,
    lessons: 4,
  });
  const db: Database = t.deps.db.withPlugin(primary);
  const readDb: Database = t.deps.db.withPlugin(replica);
  app = await buildApp({ ...t.deps, db, readDb });
  await app.ready();
  admin = await signIn(app, tenant.people.schoolAdmin.username, tenant.people.schoolAdmin.password);
}, 60_000);
afterAll(async () => {
  await app?.close();
  await t?.close();
});

/** The tables a statement names after from/join (enough to tell the session check from report data). */
const tablesOf = (statements: string[]) =>
  new Set(statements.flatMap((s) => [...s.matchAll(/\b(?:from|join)\s+"?([a-z_]+)"?/gi)].map((m) => m[1]!)));

describe('reports on the read replica', () => {
  it.each([
    ['performance', () => `/api/v1/reports/performance?periodId=${j.q1.id}`],
    ['class performance', () => `/api/v1/reports/performance/classes/${j.classId}?periodId=${j.q1.id}`],
    ['attendance', () => `/api/v1/reports/attendance?periodId=${j.q1.id}`],
    ['fill-in', () => `/api/v1/reports/fill-in?periodId=${j.q1.id}`],
  ])('the %s report reads its data on readDb, not on the primary', async (_name, url) => {
    primary.statements.length = 0;
    replica.statements.length = 0;
    const res = await admin.get(url());
    expect(res.statusCode, res.body).toBe(200);
    expect(replica.statements.length).toBeGreaterThan(0);
    const onReplica = tablesOf(replica.statements);
    expect(onReplica).toContain('lessons');
    expect(onReplica).toContain('class_enrollments');
    // The primary: the session check (session, account, memberships, accepted agreements) — none of the
    // school's data.
    const sessionCheck = [
      'sessions',
      'accounts',
      'persons',
      'memberships',
      'institutions',
      'agreement_versions',
      'agreement_acceptances',
    ];
    for (const table of tablesOf(primary.statements)) expect(sessionCheck).toContain(table);
  });
});
