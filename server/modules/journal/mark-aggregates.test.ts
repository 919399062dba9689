import { policyFor } from '@common/assessment/index.js';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgLoader, pgliteLoader } from '../../../scripts/datagen/bulk.js';
import { generateDistrict } from '../../../scripts/datagen/generate.js';
import type { Manifest } from '../../../scripts/datagen/manifest.js';
import { PasswordHasher, TEST_COST } from '../../lib/password.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { startYearOf } from './academic-start-year.js';
import { assessmentModeOf } from './journal.presenter.js';
import { type MarkSet, resultOfMarks } from './marks-result.js';
import { findPeriod, periodAssignments } from './period-assignments.js';
import { computeTermResults } from './term-results.js';

/**
 * The term results come from marks reduced in the database to one row per student and assignment
 * (mark-aggregates.repository.ts). This checks them against the engine over the stored marks themselves — every
 * mark read one by one, grouped here by the rules the reduction implements (a lesson mark to the assignment of its
 * class × subject × sub-group, ФО as the full list, the latest pass/fail, СОр in date order, the latest СОч) — for
 * every pupil and assignment of a generated school (ФО, СОр, СОч, pass/fail subjects, sub-groups), running and
 * at the close.
 */
let t: TestApp;
let manifest: Manifest;

beforeAll(async () => {
  t = await createTestApp();
  let loader: Parameters<typeof generateDistrict>[0]['loader'];
  if (t.handle.kind === 'pglite') loader = pgliteLoader(t.handle.pglite!);
  else {
    const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(t.handle.db);
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${rows[0]!.name}`;
    loader = await pgLoader(url.toString());
  }
  const generated = await generateDistrict(
    { db: t.handle.db, loader, hasher: new PasswordHasher(TEST_COST) },
    { schools: 1, students: 60, weeks: 9, seed: 11, regionId: 10, at: new Date('2026-09-01T03:00:00Z') },
  );
  manifest = generated.manifest;
  // Its own connection (PostgreSQL) must be gone before the harness drops the database.
  await loader.close();
}, 120_000);
afterAll(() => t.close());

interface StoredMark {
  studentPersonId: number;
  kind: string;
  value: number | null;
  score: number | null;
  status: string | null;
  classId: number | null;
  subjectId: number | null;
  subgroupId: number | null;
  lessonDay: string | null;
  lessonNumber: number | null;
  assignmentId: number | null;
  workKind: string | null;
  maxScore: number | null;
  workDay: string | null;
  workId: number | null;
}

describe('term results from the aggregated marks', () => {
  it('equal the engine over every stored mark, for every pupil and assignment of a school', async () => {
    const db = t.deps.db;
    const school = manifest.schools[0]!;
    const quarter = school.periods.find((p) => p.kind === 'quarter' && p.number === 1)!;
    const period = await findPeriod(db, school.schoolId, quarter.id);
    const assignments = await periodAssignments(db, school.schoolId, period, null);
    const { rows: stored } = await sql<StoredMark>`
      select m.student_person_id as "studentPersonId", m.kind, m.value, m.score::float8 as score, m.status,
             l.class_id as "classId", l.subject_id as "subjectId", l.subgroup_id as "subgroupId",
             l.date::text as "lessonDay", l.lesson_number as "lessonNumber", w.assignment_id as "assignmentId",
             w.kind as "workKind", w.max_score as "maxScore", w.date::text as "workDay", w.id as "workId"
        from marks m
        left join lessons l on l.school_id = m.school_id and l.id = m.lesson_id
        left join assessment_works w on w.school_id = m.school_id and w.id = m.work_id and w.deleted_at is null
       where m.school_id = ${school.schoolId} and m.deleted_at is null
         and ((l.id is not null and l.date between ${period.startsOn} and ${period.endsOn})
              or (w.id is not null and w.period_id = ${period.id}))`.execute(db.withoutPlugins());

    // The rules, mark by mark. A lesson's assignment: the last of the list with its class × subject × sub-group.
    const byLesson = new Map(assignments.map((a) => [`${a.classId}:${a.subjectId}:${a.subgroupId}`, a.id]));
    const ids = new Set(assignments.map((a) => a.id));
    const sets = new Map<string, MarkSet & { pfAt: string; sochAt: string }>();
    const setOf = (assignmentId: number, studentId: number) => {
      const key = `${assignmentId}:${studentId}`;
      let x = sets.get(key);
      if (!x) {
        x = { fo: [], sor: [], soch: null, passFail: [], exempt: false, pfAt: '', sochAt: '' };
        sets.set(key, x);
      }
      return x;
    };
    const sorted = [...stored].sort((p, q) =>
      `${p.workDay}:${String(p.workId).padStart(12, '0')}`.localeCompare(
        `${q.workDay}:${String(q.workId).padStart(12, '0')}`,
      ),
    );
    for (const m of sorted) {
      if (m.lessonDay !== null) {
        const id = byLesson.get(`${m.classId}:${m.subjectId}:${m.subgroupId}`);
        if (id === undefined) continue;
        const x = setOf(id, m.studentPersonId);
        if (m.status === 'exempt') x.exempt = true;
        if (m.kind === 'fo' && m.value !== null) x.fo.push(m.value);
        const at = `${m.lessonDay}:${String(m.lessonNumber).padStart(3, '0')}`;
        if ((m.status === 'pass' || m.status === 'fail') && at > x.pfAt) {
          x.pfAt = at;
          x.passFail = [m.status];
        }
      } else if (m.assignmentId !== null && ids.has(m.assignmentId)) {
        const x = setOf(m.assignmentId, m.studentPersonId);
        if (m.status === 'exempt') x.exempt = true;
        if (m.kind === 'score' && m.score !== null) {
          if (m.workKind === 'sor') x.sor.push({ score: m.score, max: m.maxScore! });
          else x.soch = { score: m.score, max: m.maxScore! }; // date order: the latest stays
        }
        if (m.workKind === 'soch' && m.status === 'na' && x.soch === null) x.soch = 'missed';
      }
    }

    const policy = policyFor(startYearOf(period.startsOn));
    const byId = new Map(assignments.map((a) => [a.id, a]));
    for (const atClose of [false, true]) {
      const rows = await computeTermResults(db, school.schoolId, period, assignments, atClose);
      expect(rows.length).toBeGreaterThan(500);
      let withMarks = 0;
      for (const r of rows) {
        const a = byId.get(r.assignmentId)!;
        const x = sets.get(`${r.assignmentId}:${r.studentPersonId}`);
        if (x) withMarks++;
        const expected = resultOfMarks(
          x ?? { fo: [], sor: [], soch: null, passFail: [], exempt: false },
          assessmentModeOf(a),
          a.grade,
          policy,
          atClose,
        );
        expect({ percent: r.percent, grade: r.grade, status: r.status }).toEqual({
          percent: expected.percent,
          grade: expected.grade,
          status: expected.status,
        });
      }
      // Every pupil with a mark got a result from those marks; all the kinds of marks were there.
      expect(withMarks).toBe(sets.size);
      expect([...sets.values()].some((x) => x.sor.length > 0)).toBe(true);
      expect([...sets.values()].some((x) => x.soch !== null)).toBe(true);
      expect([...sets.values()].some((x) => x.passFail.length > 0)).toBe(true);
      expect(rows.some((r) => byId.get(r.assignmentId)!.subgroupId !== null)).toBe(true);
    }
  }, 120_000);
});
