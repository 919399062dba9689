import { parse } from 'csv-parse/sync';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_USERS } from '../../db/demo/logins.js';
import { seedDemo } from '../../db/seed-demo.js';
import { createInstitution, createPerson } from '../../test/factories.js';
import { type Client, createTestApp, signIn, type TestApp } from '../../test/harness.js';
import { seedDemoClasses } from '../classes/classes.demo.js';
import { seedDemoSchoolYear } from '../school-year/school-year.demo.js';
import { upload, waitForJob } from './imports.fixtures.js';

/**
 * Done-when of issue 4: the OneRoster export of the demo school re-imports into an empty school with the same
 * counts — users by role, homeroom and scheduled classes, courses, enrolments — and importing it again there
 * changes nothing.
 */
let t: TestApp;
let demoAdmin: Client;
let demoSchoolId: number;
let districtId: number;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.deps.db;
  await seedDemo(db, t.deps.hasher);
  const admin = await db
    .selectFrom('accounts as a')
    .innerJoin('memberships as m', 'm.personId', 'a.personId')
    .innerJoin('institutions as i', 'i.id', 'm.institutionId')
    .where('a.username', '=', DEMO_USERS.schoolAdmin.username)
    .select(['m.institutionId', 'i.parentId'])
    .executeTakeFirstOrThrow();
  demoSchoolId = admin.institutionId;
  districtId = admin.parentId!;
  // The demo school as `npm start` seeds it: the 2026–27 year, classes, subjects, sub-groups, teaching (seedDemo
  // does it itself once the issue-4 seeds are wired in; otherwise they are added here).
  const seeded = await db.selectFrom('classes').where('schoolId', '=', demoSchoolId).select('id').executeTakeFirst();
  if (!seeded) await seedOrganisation(db, demoSchoolId, t.clock.now());
  demoAdmin = await signIn(t.app, DEMO_USERS.schoolAdmin.username, DEMO_PASSWORD);
}, 120_000);
afterAll(() => t.close());

async function seedOrganisation(db: TestApp['deps']['db'], schoolId: number, at: Date) {
  const yearId = await seedDemoSchoolYear(db, schoolId, at);
  const members = await db
    .selectFrom('memberships')
    .where('institutionId', '=', schoolId)
    .select(['personId', 'profile', 'roles'])
    .orderBy('id')
    .execute();
  await seedDemoClasses(db, {
    schoolId,
    yearId,
    teacherPersonIds: members.filter((m) => m.roles.includes('teacher')).map((m) => m.personId),
    studentPersonIds: members.filter((m) => m.profile === 'student').map((m) => m.personId),
  });
}

type Tables = Record<string, Array<Record<string, string>>>;
async function readZip(bytes: Buffer): Promise<Tables> {
  const zip = await JSZip.loadAsync(bytes);
  const out: Tables = {};
  for (const name of Object.keys(zip.files)) {
    out[name] = parse(await zip.file(name)!.async('string'), { columns: true, bom: true }) as Array<
      Record<string, string>
    >;
  }
  return out;
}
async function exportOf(client: Client) {
  const res = await client.get('/api/v1/exports/oneroster');
  expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
  expect(res.headers['content-type']).toBe('application/zip');
  return { bytes: res.rawPayload, tables: await readZip(res.rawPayload) };
}
const tally = (rows: Array<Record<string, string>>, key: string) =>
  rows.reduce<Record<string, number>>((acc, r) => {
    acc[r[key]!] = (acc[r[key]!] ?? 0) + 1;
    return acc;
  }, {});
function counts(tables: Tables) {
  return {
    users: tables['users.csv']!.length,
    roles: tally(tables['roles.csv']!, 'role'),
    demographics: tables['demographics.csv']!.length,
    classes: tally(tables['classes.csv']!, 'classType'),
    courses: tables['courses.csv']!.length,
    enrollments: tally(tables['enrollments.csv']!, 'role'),
    parentLinks: tables['users.csv']!.filter((u) => u.agentSourcedIds).length,
  };
}

describe('OneRoster 1.2 CSV', () => {
  it('exports the demo school as a bulk package per the CSV binding', async () => {
    const { tables } = await exportOf(demoAdmin);
    expect(Object.keys(tables).sort()).toEqual(
      [
        'academicSessions.csv',
        'classes.csv',
        'courses.csv',
        'demographics.csv',
        'enrollments.csv',
        'manifest.csv',
        'orgs.csv',
        'roles.csv',
        'users.csv',
      ].sort(),
    );
    const manifest = Object.fromEntries(tables['manifest.csv']!.map((r) => [r.propertyName, r.value]));
    expect(manifest).toMatchObject({
      'manifest.version': '1.0',
      'oneroster.version': '1.2',
      'file.users': 'bulk',
      'file.results': 'absent',
    });
    const users = tables['users.csv']!;
    expect(Object.keys(users[0]!).slice(0, 6)).toEqual([
      'sourcedId',
      'status',
      'dateLastModified',
      'enabledUser',
      'username',
      'userIds',
    ]);
    // Bulk mode: status and dateLastModified are left empty.
    expect(users.every((u) => u.status === '' && u.dateLastModified === '')).toBe(true);
    expect(users.map((u) => u.familyName)).toContain('Серікова');
    expect(tables['orgs.csv']).toMatchObject([{ type: 'school', name: '№ 1 мектеп-лицей' }]);
    expect(tables['academicSessions.csv']!.filter((s) => s.type === 'schoolYear')).toHaveLength(1);
    const c = counts(tables);
    expect(c.classes.homeroom).toBe(5);
    expect(c.classes.scheduled).toBeGreaterThan(20);
    expect(c.enrollments.student).toBeGreaterThan(c.users);
    expect(c.parentLinks).toBeGreaterThan(0);
  });

  it('re-imports into an empty school with the same counts, and a second import there is a no-op', async () => {
    const { bytes, tables } = await exportOf(demoAdmin);
    const school = await createInstitution(t.deps.db, districtId, 'school');
    const admin = await createPerson(t.deps.db, t.deps.hasher, {
      institutionId: school.id,
      profile: 'school_employee',
      isAdmin: true,
      roles: ['deputy_director'],
    });
    const client = await signIn(t.app, admin.username, admin.password);
    // The demo seed publishes the user agreement: a new administrator accepts it first.
    const agreement = (await client.get('/api/v1/agreements/current')).json();
    expect((await client.post(`/api/v1/agreements/${agreement.id}/accept`)).statusCode).toBeLessThan(300);
    const year = await client.post('/api/v1/school-years', { templateStartYear: 2026 });
    expect(year.statusCode, year.body).toBe(201);
    expect((await exportOf(client)).tables['users.csv']).toHaveLength(1); // only its own administrator

    const res = await upload(client, 'dapter-oneroster.zip', bytes, 'oneroster');
    expect(res.statusCode, res.body).toBe(201);
    const job = res.json();
    const errors = await client.get(`/api/v1/imports/${job.id}/rows?outcome=error&pageSize=200`);
    expect(errors.json().items, errors.body).toEqual([]);
    if (job.summary.confirm > 0) {
      expect((await client.post(`/api/v1/imports/${job.id}/confirm`, { all: true })).statusCode).toBe(200);
    }
    expect((await client.post(`/api/v1/imports/${job.id}/apply`)).statusCode).toBe(202);
    const done = await waitForJob(client, job.id);
    expect(done.status, done.error ?? '').toBe('applied');

    const again = await exportOf(client);
    const before = counts(tables);
    const after = counts(again.tables);
    // The new school's own administrator is one more user (an administrator) than the demo school had.
    expect(after).toEqual({
      ...before,
      users: before.users + 1,
      demographics: before.demographics + 1,
      roles: { ...before.roles, administrator: (before.roles.administrator ?? 0) + 1 },
    });

    // The same package again: nothing new, nothing to change.
    const second = await upload(client, 'dapter-oneroster.zip', bytes, 'oneroster');
    expect(second.statusCode).toBe(201);
    expect(second.json().summary).toMatchObject({ new: 0, update: 0, error: 0, confirm: 0 });
  });

  it('refuses a zip that is not a OneRoster package, and a people file sent as one', async () => {
    const zip = new JSZip();
    zip.file('readme.txt', 'hello');
    const notOneRoster = await upload(demoAdmin, 'x.zip', await zip.generateAsync({ type: 'nodebuffer' }), 'oneroster');
    expect(notOneRoster.statusCode).toBe(422);
    expect(notOneRoster.json().code).toBe('imports.file.notOneRoster');
    const csv = await upload(demoAdmin, 'x.csv', Buffer.from('a;b\n1;2\n'), 'oneroster');
    expect(csv.statusCode).toBe(422);
  });
});
