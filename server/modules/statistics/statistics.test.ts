import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGION_IDS } from '../../db/migrations/0002_reference_institutions.js';
import { createInstitution, createPerson, createTenant, type Tenant, type TestPerson } from '../../test/factories.js';
import { type Client, createTestApp, signIn, type TestApp } from '../../test/harness.js';
import type { Actor } from '../auth/actor.js';
import { createJournal, type JournalFixture } from '../journal/journal.fixtures.js';
import { subtreeStatistics } from './statistics.service.js';
import { refreshSnapshots } from './statistics.snapshots.js';

/**
 * District statistics against hand-computed numbers (kz-school-rules §4.1, §3). Region R holds district A (schools
 * A1 and A2) and district B (school B1); another region holds district C. Today is 1 October 2026, quarter 1 runs.
 *
 *   A1 (running): 4 pupils, one subject with a СОч not written yet → the running result over ФО alone:
 *      ФО 10, 7, 5, 3 → 100 %, 70 %, 50 %, 30 % → «5», «4», «3», «2» → excellent, good, satisfactory, failing.
 *      N 4, success 75 %, quality 50 %, average 3.5, СОУ (100 + 64 + 36 + 16) / 4 = 54.
 *      3 lessons × 4 pupils = 12 pupil-lessons; s3 sick at Wednesday's only lesson, s2 absent at Thursday's:
 *      2 missed (16.7 %), 2 whole days, 1 of illness. One lesson of three has a topic: 2 without (66.7 %).
 *   A2 (closed for the school): 2 pupils, a subject without СОч: ФО 9, 6 → «5», «3» fixed at the close.
 *      N 2, success 100 %, quality 50 %, average 4, СОУ (100 + 36) / 2 = 68. 1 lesson, no topic.
 *   District A total: categories 2 excellent, 1 good, 2 satisfactory, 1 failing; N 6 → success 5/6 = 83.3 %,
 *      quality 3/6 = 50 %, average 22/6 = 3.67, СОУ 352/6 = 58.7; 14 pupil-lessons, 2 missed (14.3 %);
 *      4 lessons, 3 without topic (75 %).
 *   B1 (running): 3 pupils, ФО 10 each → 3 excellent: success, quality 100 %, average 5, СОУ 100.
 */
let t: TestApp;
let a: Tenant;
let b: Tenant;
let c: Tenant;
let a2: { id: number; ancestors: number[] };
let a2Admin: TestPerson;
let j1: JournalFixture;
let j2: JournalFixture;
let j3: JournalFixture;
let districtA: Client;
let regionR: Client;

const db = () => t.deps.db;
const URL = '/api/v1/statistics/schools?kind=quarter&number=1';

async function ok(res: Promise<LightMyRequestResponse>, status = 200) {
  const r = await res;
  if (r.statusCode !== status) throw new Error(`${r.statusCode} ${r.body}`);
  return r;
}

async function foMarks(teacher: Client, j: JournalFixture, values: number[]) {
  await ok(
    teacher.put(`/api/v1/journal/${j.assignmentId}/marks`, {
      cells: values.map((v, i) => ({
        studentId: j.students[i]!.personId,
        lessonId: j.lessons[0]!.id,
        value: v,
        expectedVersion: null,
      })),
    }),
  );
}

beforeAll(async () => {
  t = await createTestApp();
  a = await createTenant(db(), t.deps.hasher);
  b = await createTenant(db(), t.deps.hasher);
  c = await createTenant(db(), t.deps.hasher, REGION_IDS[2]);
  a2 = await createInstitution(db(), a.district.id, 'school', 'Statistics A2');
  a2Admin = await createPerson(db(), t.deps.hasher, {
    institutionId: a2.id,
    profile: 'school_employee',
    isAdmin: true,
    roles: ['deputy_director'],
  });
  const a2Teacher = await createPerson(db(), t.deps.hasher, {
    institutionId: a2.id,
    profile: 'school_employee',
    roles: ['teacher'],
  });
  const signed = (p: TestPerson) => signIn(t.app, p.username, p.password);

  // A1: three lessons on Tue 1, Wed 2, Thu 3 September.
  j1 = await createJournal(db(), t.deps.hasher, {
    schoolId: a.school.id,
    teacherPersonId: a.people.teacher.personId,
    students: 4,
    lessons: 3,
  });
  const teacherA1 = await signed(a.people.teacher);
  await foMarks(teacherA1, j1, [10, 7, 5, 3]);
  const absence = (i: number, lesson: number, code: string) => ({
    studentId: j1.students[i]!.personId,
    lessonId: j1.lessons[lesson]!.id,
    code,
    expectedVersion: null,
  });
  await ok(
    teacherA1.put(`/api/v1/journal/${j1.assignmentId}/attendance`, {
      cells: [absence(3, 1, 'sick'), absence(2, 2, 'absent'), absence(0, 2, 'present')],
    }),
  );
  await ok(teacherA1.put(`/api/v1/lessons/${j1.lessons[0]!.id}/topic`, { topic: 'Кіріспе' }));

  // A2: no СОч in this subject; closed for the whole school.
  j2 = await createJournal(db(), t.deps.hasher, {
    schoolId: a2.id,
    teacherPersonId: a2Teacher.personId,
    students: 2,
    lessons: 1,
  });
  await db()
    .insertInto('assessmentModes')
    .values({
      schoolId: a2.id,
      yearId: j2.yearId,
      subjectId: j2.subjectId,
      grade: 5,
      mode: 'graded',
      hasTermSummative: false,
    })
    .execute();
  await foMarks(await signed(a2Teacher), j2, [9, 6]);
  await ok((await signed(a2Admin)).post(`/api/v1/journal/periods/${j2.q1.id}/close`, {}));
  // After the close the fixed term grades count, not a recomputation: a mark slipped in below the API changes nothing.
  await db()
    .updateTable('marks')
    .set({ value: 1 })
    .where('schoolId', '=', a2.id)
    .where('studentPersonId', '=', j2.students[0]!.personId)
    .execute();

  // B1 (district B, same region) and a school of another region: never in district A's figures.
  j3 = await createJournal(db(), t.deps.hasher, {
    schoolId: b.school.id,
    teacherPersonId: b.people.teacher.personId,
    students: 3,
    lessons: 1,
  });
  await foMarks(await signed(b.people.teacher), j3, [10, 10, 10]);
  const jc = await createJournal(db(), t.deps.hasher, {
    schoolId: c.school.id,
    teacherPersonId: c.people.teacher.personId,
    students: 1,
    lessons: 1,
  });
  await foMarks(await signed(c.people.teacher), jc, [2]);

  districtA = await signed(a.people.districtStaff);
  regionR = await signed(a.people.regionAdmin);
  // Three tenants, four journals and their writes over HTTP: longer than the default hook timeout on a loaded machine.
}, 180_000);
afterAll(async () => {
  await t.close();
});

const A1 = () => ({
  pupils: 4,
  categories: { excellent: 1, oneFour: 0, good: 1, oneThree: 0, satisfactory: 1, failing: 1, na: 0, none: 0 },
  n: 4,
  success: 75,
  quality: 50,
  average: 3.5,
  sou: 54,
  running: true,
  attendance: { pupilLessons: 12, missedLessons: 2, missedPercent: 16.7, days: 2, sickDays: 1 },
  fillIn: { lessons: 3, withoutTopic: 2, withoutTopicPercent: 66.7 },
});
const A2 = () => ({
  pupils: 2,
  categories: { excellent: 1, oneFour: 0, good: 0, oneThree: 0, satisfactory: 1, failing: 0, na: 0, none: 0 },
  n: 2,
  success: 100,
  quality: 50,
  average: 4,
  sou: 68,
  running: false,
  attendance: { pupilLessons: 2, missedLessons: 0, missedPercent: 0, days: 0, sickDays: 0 },
  fillIn: { lessons: 1, withoutTopic: 1, withoutTopicPercent: 100 },
});
const districtTotal = () => ({
  schools: 2,
  pupils: 6,
  categories: { excellent: 2, oneFour: 0, good: 1, oneThree: 0, satisfactory: 2, failing: 1, na: 0, none: 0 },
  n: 6,
  success: 83.3,
  quality: 50,
  average: 3.67,
  sou: 58.7,
  running: true,
  attendance: { pupilLessons: 14, missedLessons: 2, missedPercent: 14.3, days: 2, sickDays: 1 },
  fillIn: { lessons: 4, withoutTopic: 3, withoutTopicPercent: 75 },
});

describe('district statistics (§4.1, §3)', () => {
  it("answers a district employee with its schools' figures and the total, nothing of other districts", async () => {
    const r = (await ok(districtA.get(URL))).json();
    expect(r).toMatchObject({ kind: 'quarter', number: 1, asOf: '2026-10-01' });
    expect(r.institution).toMatchObject({ id: a.district.id, kind: 'district' });
    expect(r.schools.map((s: { schoolId: number }) => s.schoolId).sort()).toEqual([a.school.id, a2.id].sort());
    const one = (id: number) => r.schools.find((s: { schoolId: number }) => s.schoolId === id);
    expect(one(a.school.id)).toEqual({
      schoolId: a.school.id,
      name: expect.any(Object),
      groupId: a.district.id,
      period: { id: j1.q1.id, startsOn: j1.q1.startsOn, endsOn: j1.q1.endsOn },
      ...A1(),
    });
    expect(one(a2.id)).toMatchObject({ name: { en: 'Statistics A2' }, ...A2() });
    expect(r.groups).toEqual([]);
    expect(r.total).toEqual(districtTotal());
  });

  it("equals each school's own performance report total", async () => {
    const admin = await signIn(t.app, a.people.schoolAdmin.username, a.people.schoolAdmin.password);
    const own = (await ok(admin.get(`/api/v1/reports/performance?periodId=${j1.q1.id}`))).json().total;
    const r = (await ok(districtA.get(URL))).json();
    const mine = r.schools.find((s: { schoolId: number }) => s.schoolId === a.school.id);
    for (const k of ['pupils', 'categories', 'n', 'success', 'quality', 'average', 'sou', 'running'])
      expect(mine[k]).toEqual(own[k]);
  });

  it('gives a region its districts as subtotals, and one district on request', async () => {
    const r = (await ok(regionR.get(URL))).json();
    expect(r.schools.map((s: { schoolId: number }) => s.schoolId).sort()).toEqual(
      [a.school.id, a2.id, b.school.id].sort(),
    );
    const group = (id: number) => r.groups.find((g: { institutionId: number }) => g.institutionId === id);
    const { schools: _, ...figuresA } = districtTotal();
    expect(group(a.district.id)).toMatchObject({ schools: 2, ...figuresA });
    expect(group(b.district.id)).toMatchObject({
      schools: 1,
      pupils: 3,
      n: 3,
      success: 100,
      quality: 100,
      average: 5,
      sou: 100,
      categories: { excellent: 3 },
    });
    // 9 pupils: 5 excellent, 1 good, 2 satisfactory, 1 failing; all grades 5·5 + 4 + 3·2 + 2 = 37 / 9.
    expect(r.total).toMatchObject({
      schools: 3,
      pupils: 9,
      n: 9,
      success: 88.9,
      quality: 66.7,
      average: 4.11,
      sou: 72.4,
    });
    const one = (await ok(regionR.get(`${URL}&institutionId=${a.district.id}`))).json();
    expect(one.institution.id).toBe(a.district.id);
    expect(one.total).toEqual(districtTotal());
  });

  it('answers the second quarter (not started yet) with zeros, a half-year too; refuses a third half-year (400)', async () => {
    const r = (await ok(districtA.get('/api/v1/statistics/schools?number=2'))).json();
    expect(r.total).toMatchObject({ pupils: 6, n: 0, success: null, attendance: { pupilLessons: 0 } });
    const h = (await ok(districtA.get('/api/v1/statistics/schools?kind=half_year&number=2'))).json();
    expect(h.schools[0].period).not.toBeNull();
    expect((await districtA.get('/api/v1/statistics/schools?kind=half_year&number=3')).statusCode).toBe(400);
  });

  it('exports the same figures as XLSX: numbers as numbers, the total row last', async () => {
    const res = await ok(regionR.get('/api/v1/statistics/schools/export?number=1'));
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.length).toBe(2); // schools, districts
    const sheet = wb.worksheets[0]!;
    expect(sheet.rowCount).toBe(1 + 3 + 1);
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const total = (sheet.getRow(5).values as unknown[]).slice(1);
    expect(total[header.indexOf('Оқушылар')]).toBe(9);
    expect(total[header.indexOf('Үлгерім, %')]).toBe(0.889);
    const audit = await db()
      .selectFrom('auditEvents')
      .where('institutionId', '=', a.region.id)
      .where('action', '=', 'export.report')
      .select('after')
      .execute();
    expect(audit).toHaveLength(1);
  });
});

describe('access', () => {
  it('refuses school staff, students and parents (403); a foreign district or region is not found (404)', async () => {
    for (const p of [a.people.schoolAdmin, a.people.teacher, a.people.student, a.people.parent, a2Admin]) {
      const client = await signIn(t.app, p.username, p.password);
      expect((await client.get(URL)).statusCode).toBe(403);
      expect((await client.get('/api/v1/statistics/schools/export?number=1')).statusCode).toBe(403);
    }
    const districtB = await signIn(t.app, b.people.districtAdmin.username, b.people.districtAdmin.password);
    expect((await districtB.get(`${URL}&institutionId=${a.district.id}`)).statusCode).toBe(404);
    expect((await districtB.get(`${URL}&institutionId=${a.region.id}`)).statusCode).toBe(404);
    const own = (await ok(districtB.get(URL))).json();
    expect(own.schools.map((s: { schoolId: number }) => s.schoolId)).toEqual([b.school.id]);
    const otherRegion = await signIn(t.app, c.people.regionAdmin.username, c.people.regionAdmin.password);
    expect((await otherRegion.get(`${URL}&institutionId=${a.district.id}`)).statusCode).toBe(404);
    expect((await otherRegion.get(`${URL}&institutionId=${a.school.id}`)).statusCode).toBe(404);
    expect((await districtA.get(`${URL}&institutionId=999999999`)).statusCode).toBe(404);
    expect((await districtA.get('/api/v1/me')).json().capabilities.readStatistics).toBe(true);
    const admin = await signIn(t.app, a.people.schoolAdmin.username, a.people.schoolAdmin.password);
    expect((await admin.get('/api/v1/me')).json().capabilities.readStatistics).toBe(false);
  });

  it('reads a fixed number of statements whatever the number of schools; a kept report reads two', async () => {
    let statements = 0;
    const counter: KyselyPlugin = {
      transformQuery: (args) => {
        statements++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const actorAt = (id: number, ancestors: number[], profile: string) =>
      ({
        personId: 1,
        context: { id: 1, institutionId: id, institutionKind: 'x', ancestors, profile, isAdmin: false, roles: [] },
      }) as unknown as Actor;
    const q = { kind: 'quarter' as const, number: 1 };
    const district = () => actorAt(a.district.id, a.district.ancestors, 'district_employee');
    const region = () => actorAt(a.region.id, a.region.ancestors, 'regional_employee');
    // Live (nothing kept): the subtree, then one set of statements for all its schools.
    const live = {
      ...t.deps,
      db: db().withPlugin(counter),
      config: { ...t.deps.config, STATISTICS_MAX_AGE_MINUTES: 0 },
    };
    await subtreeStatistics(live, district(), q);
    const districtStatements = statements;
    statements = 0;
    await subtreeStatistics(live, region(), q);
    expect(statements).toBe(districtStatements);
    // subtree, assignments, pupils, attendance, lessons, fixed term grades, 2 of the engine (no sub-groups here); the
    // work_mem SET of the mark aggregation only comes above 100 assignments (mark-aggregates.repository.ts)
    expect(districtStatements).toBe(8);

    // Kept: the same set once plus a read of the kept parts and a write of the new ones; then the read alone.
    await db().deleteFrom('statisticsSnapshots').execute();
    const kept = { ...t.deps, db: db().withPlugin(counter) };
    statements = 0;
    await subtreeStatistics(kept, region(), q);
    expect(statements).toBe(8 + 2);
    statements = 0;
    await subtreeStatistics(kept, region(), q);
    expect(statements).toBe(2);
  });
});

describe('kept school parts (STATISTICS_MAX_AGE_MINUTES, statistics.snapshots.ts)', () => {
  async function markOnSecondLesson(student: number, value: number) {
    const teacher = await signIn(t.app, a.people.teacher.username, a.people.teacher.password);
    await ok(
      teacher.put(`/api/v1/journal/${j1.assignmentId}/marks`, {
        cells: [
          { studentId: j1.students[student]!.personId, lessonId: j1.lessons[1]!.id, value, expectedVersion: null },
        ],
      }),
    );
  }
  const a1 = (r: LightMyRequestResponse) =>
    r.json().schools.find((s: { schoolId: number }) => s.schoolId === a.school.id);

  it('serves a part up to its age, then recomputes it; the refresh job renews the parts read today', async () => {
    await db().deleteFrom('statisticsSnapshots').execute();
    const first = await ok(districtA.get(URL));
    expect(a1(first)).toMatchObject(A1());
    expect(first.json().computedAt).toBe(t.clock.now().toISOString());
    // Kept: anonymous sums only, one row per school of the period asked for.
    const rows = await db().selectFrom('statisticsSnapshots').selectAll().where('schoolId', '=', a.school.id).execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows[0]!.input)).not.toContain(String(j1.students[0]!.personId));

    // Pupil 2's ФО 7 and 10 → 85 % → «5»: good becomes excellent — but not before the part ages out.
    await markOnSecondLesson(1, 10);
    t.clock.advance(9 * 60_000);
    const kept = await ok(districtA.get(URL));
    expect(a1(kept)).toMatchObject(A1());
    expect(kept.json().computedAt).toBe(first.json().computedAt);
    t.clock.advance(2 * 60_000);
    const renewed = await ok(districtA.get(URL));
    expect(a1(renewed).categories).toMatchObject({ excellent: 2, good: 0, satisfactory: 1, failing: 1 });
    expect(renewed.json().computedAt).toBe(t.clock.now().toISOString());

    // Pupil 3's ФО 5 and 10 → 75 % → «4». Past half its age the job recomputes the part; the report then reads it.
    await markOnSecondLesson(2, 10);
    t.clock.advance(6 * 60_000);
    const refreshedAt = t.clock.now().toISOString();
    expect((await refreshSnapshots(t.deps)).schools).toBeGreaterThanOrEqual(1);
    t.clock.advance(60_000);
    const afterJob = await ok(districtA.get(URL));
    expect(a1(afterJob).categories).toMatchObject({ excellent: 2, good: 1, satisfactory: 0, failing: 1 });
    expect(afterJob.json().computedAt).toBe(refreshedAt);
    // Nothing is due right after a refresh.
    expect((await refreshSnapshots(t.deps)).schools).toBe(0);
  });
});
