import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/client.js';
import { PasswordHasher, TEST_COST } from '../../server/lib/password.js';
import { createPerson } from '../../server/test/factories.js';
import { createTestApp, signIn, type TestApp } from '../../server/test/harness.js';
import { type BulkLoader, pgLoader, pgliteLoader } from './bulk.js';
import { DATAGEN_PASSWORD, type GenerateOptions, type GenerateResult, generateDistrict } from './generate.js';
import { existingData } from './guard.js';

/**
 * The generator on the test database (PGlite, or PostgreSQL under test:pg): a tiny district loads, satisfies the
 * schema, is the same for the same seed, and the app serves it — a generated teacher signs in with the one known
 * password and opens a generated journal.
 */
let t: TestApp;
let loader: BulkLoader;
let first: GenerateResult;
const opts: GenerateOptions = {
  schools: 1,
  students: 60,
  weeks: 2,
  seed: 42,
  regionId: 10,
  at: new Date('2026-09-01T03:00:00Z'),
};

async function openLoader(app: TestApp): Promise<BulkLoader> {
  if (app.handle.kind === 'pglite') return pgliteLoader(app.handle.pglite!);
  // The harness's PostgreSQL database is a private copy: the same server, its own name.
  const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(app.handle.db);
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${rows[0]!.name}`;
  return pgLoader(url.toString());
}

const generate = (seed: number) =>
  generateDistrict({ db: t.handle.db, loader, hasher: new PasswordHasher(TEST_COST) }, { ...opts, seed });

/** The district's schools, for scoping every check. */
const schoolsOf = (db: Database, districtId: number) =>
  db.selectFrom('institutions').select('id').where('parentId', '=', districtId);

/** A checksum of a district's marks that does not depend on the ids the database handed out. */
async function marksChecksum(db: Database, districtId: number) {
  const { rows } = await sql<{ n: number; sum: string; digest: string }>`
    select count(*)::int as n, coalesce(sum(coalesce(m.value, 0) + coalesce(m.score, 0)), 0)::text as sum,
           md5(string_agg(concat_ws(':', m.kind, m.value, m.score, m.status, l.date, w.date), ',' order by m.id)) as digest
      from marks m
      left join lessons l on l.school_id = m.school_id and l.id = m.lesson_id
      left join assessment_works w on w.school_id = m.school_id and w.id = m.work_id
     where m.school_id in (select id from institutions where parent_id = ${districtId})`.execute(db);
  return rows[0]!;
}

beforeAll(async () => {
  t = await createTestApp();
  loader = await openLoader(t);
  first = await generate(opts.seed);
});
afterAll(async () => {
  await loader?.close();
  await t?.close();
});

describe('datagen (issue 6 §1)', () => {
  it('loads a consistent school: everyone enrolled once, every lesson taught, parents linked', async () => {
    const db = t.handle.db;
    const { districtId } = first.manifest;
    const schools = schoolsOf(db, districtId);
    const schoolId = first.manifest.schools[0]!.schoolId;
    expect(first.counts.institutions).toBe(2);
    const enrol = await db
      .selectFrom('classEnrollments')
      .where('schoolId', 'in', schools)
      .select((eb) => [
        eb.fn.countAll<number>().as('n'),
        eb.fn.count<number>('studentPersonId').distinct().as('students'),
      ])
      .executeTakeFirstOrThrow();
    expect(Number(enrol.n)).toBe(60);
    expect(Number(enrol.students)).toBe(60);
    const students = await db
      .selectFrom('memberships')
      .where('institutionId', 'in', schools)
      .where('profile', '=', 'student')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(students.n)).toBe(60);
    // Every lesson's teacher is a teacher of the school, and teaches that class and subject.
    const { rows: untaught } = await sql<{ n: number }>`
      select count(*)::int as n from lessons l
       where l.school_id in (select id from institutions where parent_id = ${districtId})
         and not exists (select 1 from teaching_assignments ta
                          join memberships m on m.institution_id = ta.school_id and m.person_id = ta.teacher_person_id
                         where ta.school_id = l.school_id and ta.class_id = l.class_id and ta.subject_id = l.subject_id
                           and ta.teacher_person_id = l.teacher_person_id and 'teacher' = any(m.roles))`.execute(db);
    expect(untaught[0]!.n).toBe(0);
    expect(first.counts.lessons).toBeGreaterThan(50);
    // The weekly timetable gives every class each subject's curriculum hours (a split subject: each sub-group).
    const { rows: offPlan } = await sql<{ n: number }>`
      with per_group as (
        select ta.class_id, ta.subject_id, count(*) as n
          from timetable_entries te
          join teaching_assignments ta on ta.school_id = te.school_id and ta.id = te.assignment_id
         where te.school_id in (select id from institutions where parent_id = ${districtId})
         group by ta.class_id, ta.subject_id, ta.subgroup_id),
      placed as (select class_id, subject_id, max(n) as n from per_group group by class_id, subject_id)
      select count(*)::int as n from classes c
        join curriculum_hours ch on ch.school_id = c.school_id and ch.year_id = c.year_id
                                and ch.grade = c.grade and ch.language = c.language
        left join placed p on p.class_id = c.id and p.subject_id = ch.subject_id
       where c.school_id in (select id from institutions where parent_id = ${districtId})
         and coalesce(p.n, 0) <> ch.hours_per_week`.execute(db);
    expect(offPlan[0]!.n).toBe(0);
    // ≈ 1.5 parents a student, some parents with two children at the school.
    expect(first.counts.guardianships! / 60).toBeGreaterThan(1.2);
    const { rows: twoChildren } = await sql<{ n: number }>`
      select count(*)::int as n from (select parent_person_id from guardianships
       where institution_id in (select id from institutions where parent_id = ${districtId})
       group by parent_person_id having count(*) = 2) x`.execute(db);
    expect(twoChildren[0]!.n).toBeGreaterThan(0);
    // The CLI's guard: generated data is recognised as such, anyone else makes it refuse (without --force).
    expect(await existingData(db)).toEqual({ foreign: 0, generated: 1 });
    await createPerson(db, t.deps.hasher, { institutionId: schoolId, profile: 'school_employee' });
    expect(await existingData(db)).toEqual({ foreign: 1, generated: 1 });
  });

  it('marks are within their ranges and mostly 7–10; some pupils are absent', async () => {
    const db = t.handle.db;
    const { districtId } = first.manifest;
    const { rows } = await sql<{ fo: number; high: number; bad: number; scores: number; avg: string }>`
      select count(*) filter (where m.kind = 'fo')::int as fo,
             count(*) filter (where m.kind = 'fo' and m.value >= 7)::int as high,
             count(*) filter (where m.kind = 'score' and not (m.score between 0 and w.max_score))::int as bad,
             count(*) filter (where m.kind = 'score')::int as scores,
             avg(m.value)::text as avg
        from marks m left join assessment_works w on w.school_id = m.school_id and w.id = m.work_id
       where m.school_id in (select id from institutions where parent_id = ${districtId})`.execute(db);
    const r = rows[0]!;
    expect(r.fo).toBeGreaterThan(200);
    expect(r.high / r.fo).toBeGreaterThan(0.6);
    expect(Number(r.avg)).toBeGreaterThan(6.5);
    expect(Number(r.avg)).toBeLessThan(9);
    expect(r.scores).toBeGreaterThan(0);
    expect(r.bad).toBe(0);
    const absences = first.counts.attendance!;
    const places = await sql<{ n: number }>`
      select count(*)::int as n from lessons l
        join class_enrollments e on e.school_id = l.school_id and e.class_id = l.class_id
       where l.school_id in (select id from institutions where parent_id = ${districtId})`.execute(db);
    expect(absences).toBeGreaterThan(0);
    // Sub-group lessons count the whole class here, so the share is a lower bound of the real one.
    expect(absences / places.rows[0]!.n).toBeGreaterThan(0.01);
    expect(absences / places.rows[0]!.n).toBeLessThan(0.1);
  });

  it('is deterministic: the same seed gives the same marks, another seed other marks', async () => {
    const db = t.handle.db;
    const again = await generate(opts.seed);
    const other = await generate(opts.seed + 1);
    expect(again.manifest.districtId).not.toBe(first.manifest.districtId);
    const a = await marksChecksum(db, first.manifest.districtId);
    expect(await marksChecksum(db, again.manifest.districtId)).toEqual(a);
    expect((await marksChecksum(db, other.manifest.districtId)).digest).not.toBe(a.digest);
    expect(again.counts).toEqual({ ...first.counts });
  });

  it('the app serves it: a generated teacher signs in with the known password and opens a journal', async () => {
    const school = first.manifest.schools[0]!;
    const teacher = school.teachers.find((x) => x.assignmentIds.length > 0)!;
    const quarter = school.periods.find((p) => p.kind === 'quarter' && p.number === 1)!;
    const client = await signIn(t.app, teacher.username, DATAGEN_PASSWORD);
    const res = await client.get(`/api/v1/journal/${teacher.assignmentIds[0]}?periodId=${quarter.id}`);
    expect(res.statusCode).toBe(200);
    const grid = res.json() as { students: unknown[]; lessons: Array<{ topic: string | null }>; canWrite: boolean };
    expect(grid.students.length).toBeGreaterThan(5);
    expect(grid.lessons.length).toBeGreaterThan(0);
    expect(grid.lessons.every((l) => l.topic !== null)).toBe(true);
    expect(grid.canWrite).toBe(true);
    const parent = school.parents[0]!;
    await signIn(t.app, parent.username, DATAGEN_PASSWORD);
    const admin = await signIn(t.app, first.manifest.districtAdmin.username, DATAGEN_PASSWORD);
    expect((await admin.get('/api/v1/me')).statusCode).toBe(200);
  });
});
