import type { PeriodClosure } from '@common/schemas/journal-results.js';
import { sql } from 'kysely';
import type { AppDeps } from '../../deps.js';
import { conflict, notFound } from '../../errors.js';
import { type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import type { Actor } from '../auth/actor.js';
import { notifyEvent } from '../notifications/events.js';
import { fullName } from '../timetable/timetable.access.js';
import { journalSchool } from './journal.access.js';
import { fixTermGrades, releaseTermGrades } from './term-grades.js';
import { fixYearGrades, releaseYearGrades } from './year-grades.js';

/**
 * Closing a period (§4 of the issue): an administrator closes it for one class or the whole school; the marks,
 * attendance and works dated in it become read-only, and the term grades are fixed from the marks (term-grades.ts).
 * A reopen needs a reason and releases the fixed grades; both are audited.
 */
async function scope(deps: AppDeps, schoolId: number, periodId: number, classId: number | null) {
  const period = await deps.db
    .selectFrom('academicPeriods')
    .where('schoolId', '=', schoolId)
    .where('id', '=', periodId)
    .select(['id', 'yearId'])
    .executeTakeFirst();
  if (!period) throw notFound();
  if (classId !== null) {
    const cls = await deps.db
      .selectFrom('classes')
      .where('schoolId', '=', schoolId)
      .where('id', '=', classId)
      .where('yearId', '=', period.yearId)
      .select('id')
      .executeTakeFirst();
    if (!cls) throw notFound();
  }
}

/** The open-closure unique index's columns (one open closure per period and class, or school). */
const sqlScope = sql`school_id, period_id, coalesce(class_id, 0)`;

export async function closePeriod(
  deps: AppDeps,
  actor: Actor,
  periodId: number,
  classId: number | null,
  origin: AuditOrigin,
): Promise<PeriodClosure> {
  const school = journalSchool(actor, 'journal.manage');
  await scope(deps, school.id, periodId, classId);
  await deps.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('periodClosures')
      .values({ schoolId: school.id, periodId, classId, closedAt: origin.at, closedBy: actor.personId })
      .onConflict((oc) => oc.expression(sqlScope).where('reopenedAt', 'is', null).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) throw conflict('journal.alreadyClosed');
    await recordAudit(trx, origin, {
      institutionId: school.id,
      action: 'journal.periodClosed',
      subjectType: 'period',
      subjectId: periodId,
      after: { periodId, classId },
    });
    // The term grades are fixed in the same transaction: a closed period always has them.
    const counts = await fixTermGrades(trx, school.id, periodId, classId, actor.personId, origin.at);
    // The last period of its kind closed for a class fixes the year grades from the term grades just fixed.
    const year = await fixYearGrades(trx, school.id, periodId, classId, actor.personId, origin.at);
    await recordAudit(trx, origin, {
      institutionId: school.id,
      action: 'journal.termGradesFixed',
      subjectType: 'period',
      subjectId: periodId,
      after: { periodId, classId, ...counts, year },
    });
    // Issue 7 §2: the students (and their parents) hear that the period's grades are fixed.
    if (counts.students > 0) {
      await notifyEvent(trx, deps, { type: 'termGrade', schoolId: school.id, periodId, classId });
    }
  });
  return { periodId, classId, closed: true };
}

export async function reopenPeriod(
  deps: AppDeps,
  actor: Actor,
  periodId: number,
  classId: number | null,
  reason: string,
  origin: AuditOrigin,
): Promise<PeriodClosure> {
  const school = journalSchool(actor, 'journal.manage');
  await scope(deps, school.id, periodId, classId);
  await deps.db.transaction().execute(async (trx) => {
    const reopened = await trx
      .updateTable('periodClosures')
      .set({ reopenedAt: origin.at, reopenedBy: actor.personId, reopenReason: reason })
      .where('schoolId', '=', school.id)
      .where('periodId', '=', periodId)
      .where((w) => (classId === null ? w('classId', 'is', null) : w('classId', '=', classId)))
      .where('reopenedAt', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!reopened) throw conflict('journal.notClosed');
    const released = await releaseTermGrades(trx, school.id, periodId, classId);
    const yearReleased = await releaseYearGrades(trx, school.id, periodId, classId);
    await recordAudit(trx, origin, {
      institutionId: school.id,
      action: 'journal.periodReopened',
      subjectType: 'period',
      subjectId: periodId,
      before: { periodId, classId, closed: true },
      after: { periodId, classId, reason, termGradesReleased: released, yearGradesReleased: yearReleased },
    });
  });
  return { periodId, classId, closed: false };
}

/** Every recorded create/change/removal of one mark, oldest first (administrators). */
export async function markHistory(deps: AppDeps, actor: Actor, markId: number) {
  const school = journalSchool(actor, 'journal.manage');
  const mark = await deps.db
    .selectFrom('marks')
    .where('schoolId', '=', school.id)
    .where('id', '=', markId)
    .select('id')
    .executeTakeFirst();
  if (!mark) throw notFound();
  const rows = await deps.db
    .selectFrom('auditEvents as e')
    .leftJoin('persons as p', 'p.id', 'e.actorPersonId')
    .where('e.institutionId', '=', school.id)
    .where('e.subjectType', '=', 'mark')
    .where('e.subjectId', '=', markId)
    .select(['e.at', 'e.action', 'e.ip', 'e.before', 'e.after', 'p.surname', 'p.firstName', 'p.patronymic'])
    .orderBy('e.at')
    .orderBy('e.id')
    .execute();
  return rows.map((r) => ({
    at: new Date(r.at).toISOString(),
    action: r.action,
    actorName:
      r.surname === null ? null : fullName({ surname: r.surname, firstName: r.firstName!, patronymic: r.patronymic }),
    ip: r.ip,
    before: r.before,
    after: r.after,
  }));
}
