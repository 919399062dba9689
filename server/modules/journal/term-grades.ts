import type { TermGrade } from '@common/schemas/journal.js';
import { type Insertable, sql } from 'kysely';
import type { Database } from '../../db/client.js';
import type { TermGradesTable } from '../../db/tables/journal.js';
import { findPeriod, periodAssignments } from './period-assignments.js';
import { computeTermResults } from './term-results.js';

/**
 * Term grades fixed when a period closes (issue 5 §3–4): computed by the assessment engine from the stored marks,
 * in the closing transaction (term-results.ts), and written only here — no route edits them (the rules forbid
 * revising a term grade; reopen, change the marks, close again). Set-based: a fixed handful of statements per close
 * whatever the number of classes and students.
 */

/** Computes and upserts the term grades of every student of the closed scope; returns the counts for the audit. */
export async function fixTermGrades(
  trx: Database,
  schoolId: number,
  periodId: number,
  classId: number | null,
  actorPersonId: number,
  at: Date,
): Promise<{ assignments: number; students: number; na: number; exempt: number }> {
  const period = await findPeriod(trx, schoolId, periodId);
  const assignments = await periodAssignments(trx, schoolId, period, classId === null ? null : [classId]);
  const results = await computeTermResults(trx, schoolId, period, assignments, true);
  const rows: Insertable<TermGradesTable>[] = results.map((r) => ({
    schoolId,
    periodId,
    ...r,
    computedAt: at,
    computedBy: actorPersonId,
  }));
  const counts = {
    assignments: assignments.length,
    students: rows.length,
    na: results.filter((r) => r.grade === 'na').length,
    exempt: results.filter((r) => r.status === 'exempt').length,
  };
  if (rows.length > 0) {
    await trx
      .insertInto('termGrades')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['schoolId', 'periodId', 'assignmentId', 'studentPersonId']).doUpdateSet((eb) => ({
          percent: eb.ref('excluded.percent'),
          grade: eb.ref('excluded.grade'),
          status: eb.ref('excluded.status'),
          policyCode: eb.ref('excluded.policyCode'),
          computedAt: eb.ref('excluded.computedAt'),
          computedBy: eb.ref('excluded.computedBy'),
        })),
      )
      .execute();
  }
  return counts;
}

/**
 * A reopen deletes the fixed grades of the reopened scope — except where the period stays closed by another
 * closure (the whole school, or the class itself) — so the journal shows the running grade again; closing again
 * recomputes them.
 */
export async function releaseTermGrades(trx: Database, schoolId: number, periodId: number, classId: number | null) {
  const r = await trx
    .deleteFrom('termGrades as tg')
    .where('tg.schoolId', '=', schoolId)
    .where('tg.periodId', '=', periodId)
    .where(releasedByReopen('tg', periodId, classId))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/**
 * The rows (of term_grades `tg` or year_grades `yg`) whose assignment a reopen of `periodId` releases: in the
 * reopened class (or any, for the school) and no longer covered by another open closure of that period.
 */
export function releasedByReopen(alias: 'tg' | 'yg', periodId: number, classId: number | null) {
  return sql<boolean>`exists (
    select 1 from teaching_assignments ta
    where ta.school_id = ${sql.ref(`${alias}.school_id`)} and ta.id = ${sql.ref(`${alias}.assignment_id`)}
      ${classId === null ? sql`` : sql`and ta.class_id = ${classId}`}
      and not exists (
        select 1 from period_closures pc
        where pc.school_id = ta.school_id and pc.period_id = ${periodId} and pc.reopened_at is null
          and (pc.class_id is null or pc.class_id = ta.class_id)))`;
}

/** The fixed term grades of one assignment and period, for the grid. */
export async function termGradesOf(db: Database, schoolId: number, assignmentId: number, periodId: number) {
  const rows = await db
    .selectFrom('termGrades')
    .where('schoolId', '=', schoolId)
    .where('assignmentId', '=', assignmentId)
    .where('periodId', '=', periodId)
    .select(['studentPersonId', 'percent', 'grade', 'status'])
    .execute();
  return rows.map(
    (r): TermGrade => ({
      studentId: r.studentPersonId,
      percent: r.percent === null ? null : Number(r.percent),
      grade: r.grade,
      status: r.status,
    }),
  );
}
