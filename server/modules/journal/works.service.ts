import type { JournalRule, WorkColumn, WorkCreate, WorkUpdate } from '@common/schemas/journal.js';
import { sql } from 'kysely';
import type { Database } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { AppError, forbidden, notFound, unprocessable } from '../../errors.js';
import { type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import type { Actor } from '../auth/actor.js';
import { type JournalAccess, journalAccess } from './journal.access.js';
import { assessmentModeOf, presentWork } from './journal.presenter.js';
import { closedRanges, lessonsQuery, listPeriods, worksQuery } from './journal.repository.js';

const MAX_SOR_PER_TERM = 3;
const MAX_SOCH_PER_DAY = 3;

interface WorkPlan {
  kind: 'sor' | 'soch';
  date: string;
  periodId: number;
  periodStartsOn: string;
  periodEndsOn: string;
}

/**
 * §1.4–1.5: at most 3 СОр per term per subject, at most 3 СОч per class per day, no СОч on the term's last day,
 * no СОр and СОч of one subject on one day. `selfId`: the work being edited (not counted against itself).
 */
export async function brokenRules(db: Database, access: JournalAccess, w: WorkPlan, selfId?: number) {
  const a = access.assignment;
  const schoolId = access.school.id;
  // The term's last day for this class: its last lesson in the period (a term may end on a Sunday).
  const r = await sql<{ sorInTerm: number; sochThatDay: number; otherKindThatDay: number; lastDay: string | null }>`
    select
      (select max(l.date)::text from lessons l
        where l.school_id = ${schoolId} and l.class_id = ${a.classId} and l.status = 'scheduled'
          and l.date between ${w.periodStartsOn} and ${w.periodEndsOn}) as "lastDay",
      count(*) filter (where w.assignment_id = ${a.id} and w.kind = 'sor' and w.period_id = ${w.periodId})::int
        as "sorInTerm",
      count(*) filter (where w.kind = 'soch' and w.date = ${w.date})::int as "sochThatDay",
      count(*) filter (where ta.subject_id = ${a.subjectId} and w.kind <> ${w.kind} and w.date = ${w.date})::int
        as "otherKindThatDay"
      from assessment_works w
      join teaching_assignments ta on ta.school_id = w.school_id and ta.id = w.assignment_id
     where w.school_id = ${schoolId} and ta.class_id = ${a.classId} and w.deleted_at is null
       and w.id <> ${selfId ?? 0}`.execute(db);
  const c = r.rows[0]!;
  const broken: JournalRule[] = [];
  if (w.kind === 'sor' && c.sorInTerm + 1 > MAX_SOR_PER_TERM) broken.push('sorPerTerm');
  if (w.kind === 'soch' && c.sochThatDay + 1 > MAX_SOCH_PER_DAY) broken.push('sochPerDay');
  if (w.kind === 'soch' && w.date >= (c.lastDay ?? w.periodEndsOn)) broken.push('sochLastDay');
  if (c.otherKindThatDay > 0) broken.push('sorSochSameDay');
  return broken;
}

async function planWork(
  db: Database,
  access: JournalAccess,
  v: { kind: 'sor' | 'soch'; date: string; lessonId: number | null },
): Promise<WorkPlan> {
  const a = access.assignment;
  const mode = assessmentModeOf(a);
  if (mode.mode !== 'graded') throw unprocessable('journal.noSummative');
  if (v.kind === 'soch' && !mode.hasTermSummative) throw unprocessable('journal.noTermSummative');
  const periods = await listPeriods(db, access.school.id, a.yearId, mode.periodKind, a.classId);
  const period = periods.find((p) => p.startsOn <= v.date && v.date <= p.endsOn);
  if (!period) throw unprocessable('journal.dateOutsidePeriods');
  if (period.closed) throw new AppError(409, 'journal.periodClosed');
  if (v.lessonId !== null) {
    const lesson = await lessonsQuery(db, access.school.id, a).where('l.id', '=', v.lessonId).executeTakeFirst();
    if (!lesson) throw notFound();
    if (lesson.date !== v.date) throw unprocessable('journal.workLessonDate');
  }
  return {
    kind: v.kind,
    date: v.date,
    periodId: period.id,
    periodStartsOn: period.startsOn,
    periodEndsOn: period.endsOn,
  };
}

/** Refused with 422 and the broken rules unless an administrator overrides them with a reason. */
function checkOverride(access: JournalAccess, broken: JournalRule[], override: { reason: string } | undefined) {
  if (override && !access.manage) throw forbidden();
  if (broken.length > 0 && !override) throw new AppError(422, 'journal.rule', { rule: broken[0]! }, { rules: broken });
}

async function recordOverride(
  trx: Database,
  access: JournalAccess,
  workId: number,
  broken: JournalRule[],
  reason: string,
  origin: AuditOrigin,
) {
  await trx
    .insertInto('journalOverrides')
    .values({ schoolId: access.school.id, workId, rules: broken, reason, createdBy: origin.actorPersonId! })
    .execute();
  await recordAudit(trx, origin, {
    institutionId: access.school.id,
    action: 'journal.ruleOverridden',
    subjectType: 'assessmentWork',
    subjectId: workId,
    after: { rules: broken, reason },
  });
}

async function writeAccess(deps: AppDeps, actor: Actor, assignmentId: number) {
  const access = await journalAccess(deps.db, actor, assignmentId, 'write');
  // Works belong to the assignment's teacher (and administrators), not to a one-lesson substitute.
  if (!access.writeAll) throw forbidden();
  return access;
}

export async function createWork(
  deps: AppDeps,
  actor: Actor,
  assignmentId: number,
  input: WorkCreate,
  origin: AuditOrigin,
): Promise<WorkColumn> {
  const access = await writeAccess(deps, actor, assignmentId);
  const plan = await planWork(deps.db, access, {
    kind: input.kind,
    date: input.date,
    lessonId: input.lessonId ?? null,
  });
  return deps.db.transaction().execute(async (trx) => {
    const broken = await brokenRules(trx, access, plan);
    checkOverride(access, broken, input.override);
    const overridden = broken.length > 0;
    const row = await trx
      .insertInto('assessmentWorks')
      .values({
        schoolId: access.school.id,
        assignmentId,
        periodId: plan.periodId,
        kind: input.kind,
        title: input.title,
        maxScore: input.maxScore,
        date: input.date,
        lessonId: input.lessonId ?? null,
        overridden,
        createdBy: actor.personId,
        createdAt: origin.at,
        updatedAt: origin.at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, origin, {
      institutionId: access.school.id,
      action: 'journal.workCreated',
      subjectType: 'assessmentWork',
      subjectId: row.id,
      after: { assignmentId, kind: input.kind, title: input.title, maxScore: input.maxScore, date: input.date },
    });
    if (overridden) await recordOverride(trx, access, row.id, broken, input.override!.reason, origin);
    const w = await worksQuery(trx, access.school.id, assignmentId)
      .where('w.id', '=', row.id)
      .executeTakeFirstOrThrow();
    return presentWork(w);
  });
}

async function loadWork(db: Database, access: JournalAccess, workId: number) {
  const w = await worksQuery(db, access.school.id, access.assignment.id)
    .where('w.id', '=', workId)
    .where('w.deletedAt', 'is', null)
    .executeTakeFirst();
  if (!w) throw notFound();
  const closed = await closedRanges(db, access.school.id, access.assignment.classId);
  if (closed.some((r) => r.startsOn <= w.date && w.date <= r.endsOn)) throw new AppError(409, 'journal.periodClosed');
  return w;
}

export async function updateWork(
  deps: AppDeps,
  actor: Actor,
  assignmentId: number,
  workId: number,
  input: WorkUpdate,
  origin: AuditOrigin,
): Promise<WorkColumn> {
  const access = await writeAccess(deps, actor, assignmentId);
  const w = await loadWork(deps.db, access, workId);
  const next = {
    title: input.title ?? w.title,
    maxScore: input.maxScore ?? w.maxScore,
    date: input.date ?? w.date,
    lessonId: input.lessonId === undefined ? w.lessonId : input.lessonId,
  };
  const plan = await planWork(deps.db, access, { kind: w.kind, date: next.date, lessonId: next.lessonId });
  return deps.db.transaction().execute(async (trx) => {
    const broken =
      next.date === w.date && plan.periodId === w.periodId ? [] : await brokenRules(trx, access, plan, w.id);
    checkOverride(access, broken, input.override);
    if (next.maxScore < w.maxScore) {
      const above = await trx
        .selectFrom('marks')
        .where('schoolId', '=', access.school.id)
        .where('workId', '=', w.id)
        .where('deletedAt', 'is', null)
        .where('score', '>', String(next.maxScore))
        .select('id')
        .executeTakeFirst();
      if (above) throw new AppError(422, 'journal.scoreAboveMax', { max: next.maxScore });
    }
    await trx
      .updateTable('assessmentWorks')
      .set({
        ...next,
        periodId: plan.periodId,
        overridden: w.overridden || broken.length > 0,
        updatedAt: origin.at,
        revision: sql`nextval('journal_revision')`,
      })
      .where('schoolId', '=', access.school.id)
      .where('id', '=', w.id)
      .execute();
    await recordAudit(trx, origin, {
      institutionId: access.school.id,
      action: 'journal.workChanged',
      subjectType: 'assessmentWork',
      subjectId: w.id,
      before: { title: w.title, maxScore: w.maxScore, date: w.date, lessonId: w.lessonId },
      after: next,
    });
    if (broken.length > 0) await recordOverride(trx, access, w.id, broken, input.override!.reason, origin);
    const row = await worksQuery(trx, access.school.id, assignmentId)
      .where('w.id', '=', w.id)
      .executeTakeFirstOrThrow();
    return presentWork(row);
  });
}

/** Removes a work and its scores (both soft: the history stays and is audited). */
export async function deleteWork(
  deps: AppDeps,
  actor: Actor,
  assignmentId: number,
  workId: number,
  origin: AuditOrigin,
) {
  const access = await writeAccess(deps, actor, assignmentId);
  const w = await loadWork(deps.db, access, workId);
  await deps.db.transaction().execute(async (trx) => {
    const scores = await trx
      .updateTable('marks')
      .set({ deletedAt: origin.at, deletedBy: actor.personId, revision: sql`nextval('journal_revision')` })
      .where('schoolId', '=', access.school.id)
      .where('workId', '=', w.id)
      .where('deletedAt', 'is', null)
      .returning(['id', 'studentPersonId', 'kind', 'score', 'status'])
      .execute();
    await trx
      .updateTable('assessmentWorks')
      .set({ deletedAt: origin.at, updatedAt: origin.at, revision: sql`nextval('journal_revision')` })
      .where('schoolId', '=', access.school.id)
      .where('id', '=', w.id)
      .execute();
    await recordAudit(trx, origin, [
      {
        institutionId: access.school.id,
        action: 'journal.workDeleted',
        subjectType: 'assessmentWork',
        subjectId: w.id,
        before: { assignmentId, kind: w.kind, title: w.title, maxScore: w.maxScore, date: w.date },
      },
      ...scores.map((m) => ({
        institutionId: access.school.id,
        action: 'journal.markDeleted',
        subjectType: 'mark',
        subjectId: m.id,
        before: {
          assignmentId,
          studentId: m.studentPersonId,
          workId: w.id,
          value: m.kind === 'score' ? Number(m.score) : m.status,
        },
      })),
    ]);
  });
}
