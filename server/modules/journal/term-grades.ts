import { type PassFail, passFailResult, policyFor, type Score, termResult } from '@common/assessment/index.js';
import type { TermGrade } from '@common/schemas/journal.js';
import { type Insertable, sql } from 'kysely';
import type { Database } from '../../db/client.js';
import type { TermGradesTable } from '../../db/tables/journal.js';
import { assessmentModeOf } from './journal.presenter.js';
import { type AssignmentRow, listAssignments } from './journal.repository.js';

/**
 * Term grades fixed when a period closes (issue 5 §3–4): computed by the assessment engine from the stored marks,
 * in the closing transaction, and written only here — no route edits them (the rules forbid revising a term
 * grade; reopen, change the marks, close again). Set-based: a fixed handful of statements per close whatever the
 * number of classes and students.
 */

/** The academic start year of a date (the year begins on 1 September; same rule as the web's running grade). */
function startYearOf(date: string): number {
  const year = Number(date.slice(0, 4));
  return Number(date.slice(5, 7)) >= 8 ? year : year - 1;
}

interface Acc {
  fo: number[];
  sor: Score[];
  soch: Score | 'missed' | null;
  passFail: { order: string; value: PassFail }[];
  exempt: boolean;
}

/** Computes and upserts the term grades of every student of the closed scope; returns the counts for the audit. */
export async function fixTermGrades(
  trx: Database,
  schoolId: number,
  periodId: number,
  classId: number | null,
  actorPersonId: number,
  at: Date,
): Promise<{ assignments: number; students: number; na: number; exempt: number }> {
  const counts = { assignments: 0, students: 0, na: 0, exempt: 0 };
  const period = await trx
    .selectFrom('academicPeriods')
    .where('schoolId', '=', schoolId)
    .where('id', '=', periodId)
    .select(['id', 'yearId', 'kind', 'startsOn', 'endsOn'])
    .executeTakeFirstOrThrow();
  // Only the assignments graded per this period's kind (a half-year subject is not fixed at a quarter close).
  const assignments = (
    await listAssignments(trx, schoolId, actorPersonId, { all: true, ...(classId === null ? {} : { classId }) })
  ).filter((a) => a.yearId === period.yearId && assessmentModeOf(a).periodKind === period.kind);
  if (assignments.length === 0) return counts;
  const classIds = [...new Set(assignments.map((a) => a.classId))];
  const subgroupIds = [...new Set(assignments.flatMap((a) => (a.subgroupId === null ? [] : [a.subgroupId])))];

  const [enrolled, members, marks] = await Promise.all([
    trx
      .selectFrom('classEnrollments')
      .where('schoolId', '=', schoolId)
      .where('classId', 'in', classIds)
      .where('startsOn', '<=', period.endsOn)
      .where((w) => w.or([w('endsOn', 'is', null), w('endsOn', '>=', period.startsOn)]))
      .where((w) => w.or([w('endReason', 'is', null), w('endReason', '!=', 'data_error')]))
      .select(['classId', 'studentPersonId'])
      .execute(),
    subgroupIds.length === 0
      ? Promise.resolve([])
      : trx
          .selectFrom('subgroupMembers')
          .where('schoolId', '=', schoolId)
          .where('subgroupId', 'in', subgroupIds)
          .select(['subgroupId', 'studentPersonId'])
          .execute(),
    // Every live mark of the period in one statement: ФО of its lessons and scores of its works.
    trx
      .selectFrom('marks as m')
      .leftJoin('lessons as l', (j) => j.onRef('l.schoolId', '=', 'm.schoolId').onRef('l.id', '=', 'm.lessonId'))
      .leftJoin('assessmentWorks as w', (j) => j.onRef('w.schoolId', '=', 'm.schoolId').onRef('w.id', '=', 'm.workId'))
      .where('m.schoolId', '=', schoolId)
      .where('m.deletedAt', 'is', null)
      .where((w) =>
        w.or([
          w.and([w('l.classId', 'in', classIds), w('l.date', '>=', period.startsOn), w('l.date', '<=', period.endsOn)]),
          w.and([
            w('w.periodId', '=', periodId),
            w('w.deletedAt', 'is', null),
            w(
              'w.assignmentId',
              'in',
              assignments.map((a) => a.id),
            ),
          ]),
        ]),
      )
      .select([
        'm.studentPersonId',
        'm.kind',
        'm.value',
        'm.score',
        'm.status',
        'l.classId',
        'l.subjectId',
        'l.subgroupId',
        'l.date',
        'l.lessonNumber',
        'w.assignmentId',
        'w.kind as workKind',
        'w.maxScore',
      ])
      .execute(),
  ]);

  // A lesson belongs to the assignment of its class × subject × sub-group.
  const byLessonKey = new Map<string, AssignmentRow>();
  for (const a of assignments) byLessonKey.set(`${a.classId}:${a.subjectId}:${a.subgroupId ?? ''}`, a);
  const byId = new Map(assignments.map((a) => [a.id, a]));
  const acc = new Map<string, Acc>();
  const accOf = (assignmentId: number, studentId: number) => {
    const key = `${assignmentId}:${studentId}`;
    let x = acc.get(key);
    if (!x) {
      x = { fo: [], sor: [], soch: null, passFail: [], exempt: false };
      acc.set(key, x);
    }
    return x;
  };
  for (const m of marks) {
    const a =
      m.assignmentId !== null
        ? byId.get(m.assignmentId)
        : byLessonKey.get(`${m.classId}:${m.subjectId}:${m.subgroupId ?? ''}`);
    if (!a) continue;
    const x = accOf(a.id, m.studentPersonId);
    if (m.status === 'exempt') x.exempt = true;
    if (m.assignmentId === null) {
      if (m.kind === 'fo' && m.value !== null) x.fo.push(m.value);
      if (m.status === 'pass' || m.status === 'fail')
        x.passFail.push({ order: `${m.date}:${String(m.lessonNumber).padStart(2, '0')}`, value: m.status });
      continue;
    }
    if (m.kind === 'score' && m.score !== null && m.maxScore !== null) {
      const s = { score: Number(m.score), max: m.maxScore };
      if (m.workKind === 'sor') x.sor.push(s);
      else x.soch = s;
    } else if (m.workKind === 'soch' && m.status === 'na' && x.soch === null) x.soch = 'missed';
  }

  const policy = policyFor(startYearOf(period.startsOn));
  const rows: Insertable<TermGradesTable>[] = [];
  const seen = new Set<string>();
  for (const a of assignments) {
    const mode = assessmentModeOf(a);
    counts.assignments += 1;
    const inSubgroup = new Set(members.filter((s) => s.subgroupId === a.subgroupId).map((s) => s.studentPersonId));
    for (const e of enrolled) {
      if (e.classId !== a.classId || (a.subgroupId !== null && !inSubgroup.has(e.studentPersonId))) continue;
      const key = `${a.id}:${e.studentPersonId}`;
      if (seen.has(key)) continue; // re-enrolled within the period
      seen.add(key);
      const x = acc.get(key) ?? { fo: [], sor: [], soch: null, passFail: [], exempt: false };
      let percent: number | null = null;
      let grade: TermGradesTable['grade'] = null;
      let status: string;
      if (mode.mode === 'ungraded' || !policy) {
        status = x.exempt ? 'exempt' : 'ungraded';
      } else if (mode.mode === 'pass_fail') {
        const r = passFailResult({
          marks: x.passFail.sort((p, q) => p.order.localeCompare(q.order)).map((p) => p.value),
          exempt: x.exempt,
          gradeLevel: a.grade,
          policy,
        });
        grade = r.result;
        status = r.status;
      } else {
        // At the close an unwritten СОч is missed: «н/а» (§1.5).
        const soch = mode.hasTermSummative && x.soch === null ? 'missed' : x.soch;
        try {
          const r = termResult({
            policy,
            fo: x.fo,
            sor: x.sor,
            soch,
            hasSoch: mode.hasTermSummative,
            exempt: x.exempt,
            gradeLevel: a.grade,
          });
          percent = r.percent;
          grade = r.grade === null ? null : (String(r.grade) as TermGradesTable['grade']);
          status = r.status;
        } catch {
          // A score the engine refuses (above a lowered maximum): no grade until the marks are fixed.
          status = 'invalid';
        }
      }
      if (grade === 'na') counts.na += 1;
      if (status === 'exempt') counts.exempt += 1;
      rows.push({
        schoolId,
        assignmentId: a.id,
        periodId,
        studentPersonId: e.studentPersonId,
        percent,
        grade,
        status,
        policyCode: policy?.id ?? 'none',
        computedAt: at,
        computedBy: actorPersonId,
      });
    }
  }
  counts.students = rows.length;
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
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('teachingAssignments as ta')
          .whereRef('ta.schoolId', '=', 'tg.schoolId')
          .whereRef('ta.id', '=', 'tg.assignmentId')
          .where((w) => (classId === null ? w.lit(true) : w('ta.classId', '=', classId)))
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom('periodClosures as pc')
                  .whereRef('pc.schoolId', '=', 'ta.schoolId')
                  .where('pc.periodId', '=', periodId)
                  .where('pc.reopenedAt', 'is', null)
                  .where(sql<boolean>`(pc.class_id is null or pc.class_id = ta.class_id)`)
                  .select('pc.id'),
              ),
            ),
          )
          .select('ta.id'),
      ),
    )
    .executeTakeFirst();
  return Number(r.numDeletedRows);
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
