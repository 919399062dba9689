import type { TopicPlan, TopicPlanApply, TopicPlanApplyResult, TopicPlanScope } from '@common/schemas/topic-plans.js';
import type { TFunction } from 'i18next';
import { sql } from 'kysely';
import type { Database } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { AppError, forbidden, notFound } from '../../errors.js';
import { localDate } from '../../lib/clock.js';
import { allow, type InstitutionRef } from '../../policies/index.js';
import { type AuditEntry, type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import type { Actor } from '../auth/actor.js';
import { fullName } from '../timetable/timetable.access.js';
import { journalAccess, journalSchool } from './journal.access.js';
import { closedRanges } from './journal.repository.js';
import { parseTopicPlan } from './topic-plan.parse.js';

/**
 * Topic plans (КТП): upload (replaces the current plan of the subject × grade × year), read, delete, and apply to
 * a journal. Who:
 * - read: any staff member of the school with the journal;
 * - upload / delete: an administrator, or a teacher who teaches the subject in a class of that grade that year;
 * - apply: whoever may write the whole journal of the assignment (its teacher, an administrator) — it writes
 *   lesson topics, audited exactly like `setTopic` (one `journal.topicSet` per changed lesson) plus a summary.
 */

export interface Scope {
  school: InstitutionRef;
  yearId: number;
  subjectId: number;
  grade: number;
}

async function resolveScope(
  deps: AppDeps,
  actor: Actor,
  input: TopicPlanScope,
  intent: 'read' | 'write',
): Promise<Scope> {
  const school = journalSchool(actor, intent === 'read' ? 'journal.read' : 'journal.write');
  const today = localDate(deps.clock.now());
  const [year, subject] = await Promise.all([
    deps.db
      .selectFrom('academicYears')
      .where('schoolId', '=', school.id)
      .where((w) =>
        input.yearId !== undefined
          ? w('id', '=', input.yearId)
          : w.and([w('startsOn', '<=', today), w('endsOn', '>=', today)]),
      )
      .select('id')
      .orderBy('startsOn', 'desc')
      .executeTakeFirst(),
    deps.db
      .selectFrom('subjects')
      .where('schoolId', '=', school.id)
      .where('id', '=', input.subjectId)
      .select('id')
      .executeTakeFirst(),
  ]);
  if (!subject) throw notFound();
  if (!year) {
    if (input.yearId !== undefined) throw notFound();
    throw new AppError(422, 'topicPlans.noCurrentYear');
  }
  const scope = { school, yearId: year.id, subjectId: subject.id, grade: input.grade };
  if (intent === 'write') await mayWritePlan(deps.db, actor, scope);
  return scope;
}

/** An administrator, or a teacher of the subject in a class of the grade in that year. */
async function mayWritePlan(db: Database, actor: Actor, s: Scope) {
  if (allow(actor, 'journal.manage', s.school)) return;
  const teaches = await db
    .selectFrom('teachingAssignments as ta')
    .innerJoin('classes as c', (j) => j.onRef('c.schoolId', '=', 'ta.schoolId').onRef('c.id', '=', 'ta.classId'))
    .where('ta.schoolId', '=', s.school.id)
    .where('ta.yearId', '=', s.yearId)
    .where('ta.subjectId', '=', s.subjectId)
    .where('c.grade', '=', s.grade)
    .where('ta.teacherPersonId', '=', actor.personId)
    .select('ta.id')
    .executeTakeFirst();
  if (!teaches) throw forbidden();
}

function findPlan(db: Database, schoolId: number) {
  return db
    .selectFrom('topicPlans as tp')
    .leftJoin('persons as p', 'p.id', 'tp.uploadedBy')
    .where('tp.schoolId', '=', schoolId)
    .select([
      'tp.id',
      'tp.yearId',
      'tp.subjectId',
      'tp.grade',
      'tp.title',
      'tp.uploadedAt',
      'p.surname',
      'p.firstName',
      'p.patronymic',
    ]);
}

async function presentPlan(db: Database, schoolId: number, planId: number): Promise<TopicPlan | null> {
  const [plan, items] = await Promise.all([
    findPlan(db, schoolId).where('tp.id', '=', planId).executeTakeFirst(),
    db
      .selectFrom('topicPlanItems')
      .where('schoolId', '=', schoolId)
      .where('planId', '=', planId)
      .select(['position', 'topic', 'hours'])
      .orderBy('position')
      .execute(),
  ]);
  if (!plan) return null;
  return {
    id: plan.id,
    yearId: plan.yearId,
    subjectId: plan.subjectId,
    grade: plan.grade,
    title: plan.title,
    uploadedAt: new Date(plan.uploadedAt).toISOString(),
    uploadedByName:
      plan.surname === null
        ? null
        : fullName({ surname: plan.surname, firstName: plan.firstName!, patronymic: plan.patronymic }),
    totalHours: items.reduce((n, i) => n + i.hours, 0),
    items,
  };
}

function planIdOf(db: Database, s: Scope) {
  return db
    .selectFrom('topicPlans')
    .where('schoolId', '=', s.school.id)
    .where('yearId', '=', s.yearId)
    .where('subjectId', '=', s.subjectId)
    .where('grade', '=', s.grade)
    .select('id');
}

export async function getTopicPlan(deps: AppDeps, actor: Actor, input: TopicPlanScope): Promise<TopicPlan | null> {
  const s = await resolveScope(deps, actor, input, 'read');
  const row = await planIdOf(deps.db, s).executeTakeFirst();
  return row ? presentPlan(deps.db, s.school.id, row.id) : null;
}

/** The file's name without its extension: what the plan is called in the dialog. */
const titleOf = (fileName: string) => fileName.replace(/\.[^.]{1,5}$/, '').slice(0, 200) || null;

/** Who may upload, checked before the upload's body is read (a foreign or forbidden scope reads no file). */
export const uploadScope = (deps: AppDeps, actor: Actor, input: TopicPlanScope) =>
  resolveScope(deps, actor, input, 'write');

export async function uploadTopicPlan(
  deps: AppDeps,
  actor: Actor,
  s: Scope,
  file: { bytes: Buffer; fileName: string },
  origin: AuditOrigin,
  t: TFunction,
): Promise<TopicPlan> {
  // Parsed (and refused) before anything is written.
  const { items } = await parseTopicPlan(file.bytes, file.fileName, t);
  const totalHours = items.reduce((n, i) => n + i.hours, 0);
  const planId = await deps.db.transaction().execute(async (trx) => {
    const previous = await planIdOf(trx, s).select(['uploadedAt', 'uploadedBy']).forUpdate().executeTakeFirst();
    let id: number;
    let before: unknown;
    if (previous) {
      id = previous.id;
      const old = await trx
        .selectFrom('topicPlanItems')
        .where('schoolId', '=', s.school.id)
        .where('planId', '=', id)
        .select((eb) => [eb.fn.countAll<string>().as('topics'), eb.fn.sum<string>('hours').as('hours')])
        .executeTakeFirstOrThrow();
      before = {
        topics: Number(old.topics),
        hours: Number(old.hours ?? 0),
        uploadedAt: new Date(previous.uploadedAt).toISOString(),
        uploadedBy: previous.uploadedBy,
      };
      await trx.deleteFrom('topicPlanItems').where('schoolId', '=', s.school.id).where('planId', '=', id).execute();
      await trx
        .updateTable('topicPlans')
        .set({ title: titleOf(file.fileName), uploadedBy: actor.personId, uploadedAt: origin.at })
        .where('schoolId', '=', s.school.id)
        .where('id', '=', id)
        .execute();
    } else {
      const row = await trx
        .insertInto('topicPlans')
        .values({
          schoolId: s.school.id,
          yearId: s.yearId,
          subjectId: s.subjectId,
          grade: s.grade,
          title: titleOf(file.fileName),
          uploadedBy: actor.personId,
          uploadedAt: origin.at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      id = row.id;
    }
    await trx
      .insertInto('topicPlanItems')
      .values(items.map((i) => ({ schoolId: s.school.id, planId: id, ...i })))
      .execute();
    await recordAudit(trx, origin, {
      institutionId: s.school.id,
      action: previous ? 'journal.topicPlanReplaced' : 'journal.topicPlanUploaded',
      subjectType: 'topicPlan',
      subjectId: id,
      before,
      after: { yearId: s.yearId, subjectId: s.subjectId, grade: s.grade, topics: items.length, hours: totalHours },
    });
    return id;
  });
  return (await presentPlan(deps.db, s.school.id, planId))!;
}

export async function deleteTopicPlan(deps: AppDeps, actor: Actor, planId: number, origin: AuditOrigin) {
  const school = journalSchool(actor, 'journal.write');
  const plan = await deps.db
    .selectFrom('topicPlans')
    .where('schoolId', '=', school.id)
    .where('id', '=', planId)
    .select(['id', 'yearId', 'subjectId', 'grade'])
    .executeTakeFirst();
  if (!plan) throw notFound();
  await mayWritePlan(deps.db, actor, { school, yearId: plan.yearId, subjectId: plan.subjectId, grade: plan.grade });
  await deps.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('topicPlanItems').where('schoolId', '=', school.id).where('planId', '=', planId).execute();
    await trx.deleteFrom('topicPlans').where('schoolId', '=', school.id).where('id', '=', planId).execute();
    await recordAudit(trx, origin, {
      institutionId: school.id,
      action: 'journal.topicPlanDeleted',
      subjectType: 'topicPlan',
      subjectId: planId,
      before: { yearId: plan.yearId, subjectId: plan.subjectId, grade: plan.grade },
    });
  });
}

/**
 * Fills the journal's lesson topics from the plan. The plan is laid over the year's scheduled lessons in date
 * order — the k-th lesson is the k-th lesson-hour of the plan — so topics a teacher already typed keep the plan
 * aligned (the default writes only lessons without a topic). With `overwriteFrom`, lessons dated on or after it
 * are rewritten too. Lessons in closed periods are skipped (a single `setTopic` there is refused). One
 * transaction; one set-based update.
 */
export async function applyTopicPlan(
  deps: AppDeps,
  actor: Actor,
  assignmentId: number,
  input: TopicPlanApply,
  origin: AuditOrigin,
): Promise<TopicPlanApplyResult> {
  const access = await journalAccess(deps.db, actor, assignmentId, 'write');
  // A substitute writes only the lessons they substitute, not a year of topics.
  if (!access.writeAll) throw forbidden();
  const a = access.assignment;
  const schoolId = access.school.id;
  const plan = await planIdOf(deps.db, {
    school: access.school,
    yearId: a.yearId,
    subjectId: a.subjectId,
    grade: a.grade,
  }).executeTakeFirst();
  if (!plan) throw new AppError(409, 'topicPlans.noPlan');
  const overwriteFrom = input.overwriteFrom ?? null;

  return deps.db.transaction().execute(async (trx) => {
    const [items, lessons, closed] = await Promise.all([
      trx
        .selectFrom('topicPlanItems')
        .where('schoolId', '=', schoolId)
        .where('planId', '=', plan.id)
        .select(['topic', 'hours'])
        .orderBy('position')
        .execute(),
      trx
        .selectFrom('lessons as l')
        .where('l.schoolId', '=', schoolId)
        .where('l.classId', '=', a.classId)
        .where('l.subjectId', '=', a.subjectId)
        .where(sql<boolean>`l.subgroup_id is not distinct from ${a.subgroupId}`)
        .where('l.status', '=', 'scheduled')
        .select(['l.id', 'l.date', 'l.topic'])
        .orderBy('l.date')
        .orderBy('l.lessonNumber')
        .orderBy('l.id')
        .forUpdate()
        .execute(),
      closedRanges(trx, schoolId, a.classId),
    ]);
    const slots = items.flatMap((i) => Array.from({ length: i.hours }, () => i.topic));
    const covered = Math.min(slots.length, lessons.length);
    const changes: Array<{ id: number; before: string | null; topic: string }> = [];
    let skippedClosed = 0;
    for (let k = 0; k < covered; k++) {
      const l = lessons[k]!;
      const topic = slots[k]!;
      const empty = l.topic === null || l.topic.trim() === '';
      const due = empty || (overwriteFrom !== null && l.date >= overwriteFrom);
      if (!due || l.topic === topic) continue;
      if (closed.some((r) => r.startsOn <= l.date && l.date <= r.endsOn)) {
        skippedClosed += 1;
        continue;
      }
      changes.push({ id: l.id, before: l.topic, topic });
    }
    if (changes.length > 0) {
      const values = sql.join(changes.map((c) => sql`(${c.id}::bigint, ${c.topic}::text)`));
      await sql`
        update lessons as l
           set topic = v.topic, journal_revision = nextval('journal_revision')
          from (values ${values}) as v (id, topic)
         where l.school_id = ${schoolId} and l.id = v.id`.execute(trx);
    }
    const result = { filled: changes.length, skippedClosed, covered, lessons: lessons.length };
    const entries: AuditEntry[] = changes.map((c) => ({
      institutionId: schoolId,
      action: 'journal.topicSet',
      subjectType: 'lesson',
      subjectId: c.id,
      before: { topic: c.before },
      after: { topic: c.topic, planId: plan.id },
    }));
    entries.push({
      institutionId: schoolId,
      action: 'journal.topicPlanApplied',
      subjectType: 'assignment',
      subjectId: a.id,
      after: { planId: plan.id, overwriteFrom, ...result },
    });
    await recordAudit(trx, origin, entries);
    return result;
  });
}
