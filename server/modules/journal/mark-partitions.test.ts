import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as m0019 from '../../db/migrations/0019_marks_partitioned.js';
import { createTenant, type Tenant } from '../../test/factories.js';
import { type Client, createTestApp, signIn, type TestApp } from '../../test/harness.js';
import { createJournal, type JournalFixture } from './journal.fixtures.js';
import { ensureMarkPartitions, keepMarkPartitions } from './mark-partitions.js';

/** Migration 0019 (marks partitioned by academic year) and the partitions kept for later years. */

let t: TestApp;
let a: Tenant;
let teacher: Client;
let j: JournalFixture;

const db = () => t.deps.db;
const url = (rest = '') => `/api/v1/journal/${j.assignmentId}${rest}`;
const st = (i: number) => j.students[i]!.personId;

/** Every mark of the tenant's school with the partition it is stored in. */
const stored = async () =>
  (
    await sql<{ id: number; yearStart: number | null; part: string; lessonId: number | null; workId: number | null }>`
      select id, to_jsonb(m) -> 'year_start' as year_start, tableoid::regclass::text as part, lesson_id, work_id
        from marks m where school_id = ${a.school.id} order by id`.execute(db())
  ).rows;
const relkind = async () =>
  (await sql<{ k: string }>`select relkind as k from pg_class where oid = 'marks'::regclass`.execute(db())).rows[0]!.k;

beforeAll(async () => {
  t = await createTestApp();
  a = await createTenant(db(), t.deps.hasher);
  teacher = await signIn(t.app, a.people.teacher.username, a.people.teacher.password);
  j = await createJournal(db(), t.deps.hasher, {
    schoolId: a.school.id,
    teacherPersonId: a.people.teacher.personId,
    students: 3,
    lessons: 4,
  });
});
afterAll(async () => {
  await t.close();
});

describe('marks partitioned by academic year', () => {
  it("stores a saved mark in its academic year's partition, lesson and work marks alike", async () => {
    const w = await teacher.post(url('/works'), { kind: 'sor', title: 'БЖБ 1', maxScore: 15, date: '2026-09-14' });
    expect(w.statusCode).toBe(201);
    const res = await teacher.put(url('/marks'), {
      cells: [
        { studentId: st(0), lessonId: j.lessons[0]!.id, value: 8, expectedVersion: null },
        { studentId: st(1), lessonId: j.lessons[1]!.id, value: 9, expectedVersion: null },
        { studentId: st(2), workId: w.json().id, value: 12, expectedVersion: null },
      ],
    });
    expect(res.statusCode).toBe(200);
    expect(await relkind()).toBe('p');
    expect((await stored()).map((m) => [m.part, m.yearStart])).toEqual([
      ['marks_y2026', 2026],
      ['marks_y2026', 2026],
      ['marks_y2026', 2026],
    ]);
  });

  it('migrates existing marks with their ids into per-year partitions, and back', async () => {
    // A lesson of the previous academic year (2025-26) with a mark, so the migration has two years to place.
    const old = await db()
      .insertInto('lessons')
      .values({
        schoolId: a.school.id,
        yearId: j.yearId,
        periodId: j.q1.id,
        date: '2026-05-20',
        shift: 1,
        lessonNumber: 3,
        classId: j.classId,
        subjectId: j.subjectId,
        teacherPersonId: a.people.teacher.personId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db()
      .insertInto('marks')
      .values({
        schoolId: a.school.id,
        yearStart: 2025,
        studentPersonId: st(0),
        lessonId: old.id,
        kind: 'fo',
        value: 7,
        createdBy: a.people.teacher.personId,
        updatedBy: a.people.teacher.personId,
      })
      .execute();
    const before = await stored();
    expect(before).toHaveLength(4);
    const ids = before.map((m) => m.id);

    // Down to the plain table of 0013: same rows, same ids, the identity continuing after them.
    await m0019.down(db() as never);
    expect(await relkind()).toBe('r');
    expect((await stored()).map((m) => [m.id, m.part, m.yearStart])).toEqual(ids.map((id) => [id, 'marks', null]));

    // Up again, as on a server that had marks before 0019.
    await m0019.up(db() as never);
    expect(await relkind()).toBe('p');
    const after = await stored();
    expect(after.map((m) => [m.id, m.lessonId, m.workId])).toEqual(before.map((m) => [m.id, m.lessonId, m.workId]));
    expect(after.map((m) => [m.part, m.yearStart])).toEqual([
      ['marks_y2026', 2026],
      ['marks_y2026', 2026],
      ['marks_y2026', 2026],
      ['marks_y2025', 2025],
    ]);
    // The sequence kept its place: a new mark gets an id after the old ones, through the name datagen uses.
    const seq = await sql<{ s: string }>`select pg_get_serial_sequence('marks', 'id') as s`.execute(db());
    expect(seq.rows[0]!.s).toBe('public.marks_id_seq');
    const again = await teacher.put(url('/marks'), {
      cells: [{ studentId: st(2), lessonId: j.lessons[2]!.id, value: 10, expectedVersion: null }],
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().marks[0].id).toBeGreaterThan(Math.max(...ids));
    // The live-unique index (now with year_start) still allows one live mark per student × lesson.
    const twice = db()
      .insertInto('marks')
      .values({
        schoolId: a.school.id,
        yearStart: 2026,
        studentPersonId: st(2),
        lessonId: j.lessons[2]!.id,
        kind: 'fo',
        value: 5,
        createdBy: a.people.teacher.personId,
        updatedBy: a.people.teacher.personId,
      })
      .execute();
    await expect(twice).rejects.toMatchObject({ code: '23505' });
  });

  it("moves marks of a year without a partition out of the default one when the year's partition is made", async () => {
    await keepMarkPartitions(t.deps); // whatever the migration's own clock left to do
    const w = await teacher.post(url('/works'), { kind: 'sor', title: 'БЖБ 2', maxScore: 10, date: '2026-09-15' });
    const [row] = await db()
      .insertInto('marks')
      .values({
        schoolId: a.school.id,
        yearStart: 2031, // no partition yet: a year far ahead
        studentPersonId: st(1),
        workId: w.json().id,
        kind: 'score',
        score: 7,
        createdBy: a.people.teacher.personId,
        updatedBy: a.people.teacher.personId,
      })
      .returning('id')
      .execute();
    const partOf = async (id: number) => (await stored()).find((m) => m.id === id)!.part;
    expect(await partOf(row!.id)).toBe('marks_default');

    // The job: this and next year exist (clock: 1 Oct 2026); the stray year gets its partition and its rows.
    expect(await keepMarkPartitions(t.deps)).toEqual({ partitionsCreated: 1 });
    expect(await partOf(row!.id)).toBe('marks_y2031');
    expect(await keepMarkPartitions(t.deps)).toEqual({ partitionsCreated: 0 });
    expect(await ensureMarkPartitions(db(), [2031, 2032])).toEqual([2032]);

    const parts = await sql<{ name: string; bound: string }>`
      select c.relname as name, pg_get_expr(c.relpartbound, c.oid) as bound
        from pg_inherits i join pg_class c on c.oid = i.inhrelid
       where i.inhparent = 'marks'::regclass order by c.relname`.execute(db());
    expect(parts.rows.map((p) => p.name)).toEqual(
      expect.arrayContaining(['marks_default', 'marks_y2026', 'marks_y2027', 'marks_y2031', 'marks_y2032']),
    );
    expect(parts.rows.find((p) => p.name === 'marks_y2031')!.bound).toBe("FOR VALUES IN ('2031')");
    // The attached partition carries the parent's indexes and foreign keys like the others.
    const idx = await sql<{ n: number }>`
      select count(*)::int as n from pg_indexes where tablename = 'marks_y2031'`.execute(db());
    expect(idx.rows[0]!.n).toBe(6);
  });
});
