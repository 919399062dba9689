import type { HomeworkWrite, LessonColumn } from '@common/schemas/journal.js';
import { sql } from 'kysely';
import type { AppDeps } from '../../deps.js';
import { AppError, forbidden, notFound } from '../../errors.js';
import { allow } from '../../policies/index.js';
import { type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import type { Actor } from '../auth/actor.js';
import { notifyEvent } from '../notifications/events.js';
import { attachmentsOf, removeLessonAttachments } from './homework-attachments.repository.js';
import { journalSchool, lessonWithAccess } from './journal.access.js';
import { presentLesson } from './journal.presenter.js';
import { closedRanges } from './journal.repository.js';

/**
 * A lesson's topic and homework: written by its teacher (or substitute), a teacher of its class × subject, or an
 * administrator; read-only once its period is closed. Both bump the lesson's journal revision so open grids
 * see the change.
 */
export async function lessonForWrite(deps: AppDeps, actor: Actor, lessonId: number) {
  const school = journalSchool(actor, 'journal.write');
  const lesson = await lessonWithAccess(deps.db, school.id, lessonId, actor.personId);
  if (!lesson) throw notFound();
  const mayWrite =
    allow(actor, 'journal.manage', school) ||
    lesson.teacherPersonId === actor.personId ||
    lesson.substituteTeacherPersonId === actor.personId ||
    lesson.teaches;
  if (!mayWrite) throw forbidden();
  const closed = await closedRanges(deps.db, school.id, lesson.classId);
  if (closed.some((r) => r.startsOn <= lesson.date && lesson.date <= r.endsOn)) {
    throw new AppError(409, 'journal.periodClosed');
  }
  return { school, lesson };
}

async function column(deps: AppDeps, schoolId: number, lessonId: number): Promise<LessonColumn> {
  const l = await deps.db
    .selectFrom('lessons as l')
    .leftJoin('homework as h', (j) => j.onRef('h.schoolId', '=', 'l.schoolId').onRef('h.lessonId', '=', 'l.id'))
    .where('l.schoolId', '=', schoolId)
    .where('l.id', '=', lessonId)
    .select([
      'l.id',
      'l.date',
      'l.lessonNumber',
      'l.topic',
      'l.status',
      'l.substituteTeacherPersonId',
      'l.teacherPersonId',
      'l.journalRevision',
      'h.text as homeworkText',
      'h.dueDate as homeworkDueDate',
    ])
    .executeTakeFirstOrThrow();
  const attachments = await attachmentsOf(deps.db, schoolId, [lessonId]);
  return presentLesson(l, attachments.get(lessonId));
}

export async function setTopic(
  deps: AppDeps,
  actor: Actor,
  lessonId: number,
  topic: string | null,
  origin: AuditOrigin,
): Promise<LessonColumn> {
  const { school, lesson } = await lessonForWrite(deps, actor, lessonId);
  const next = topic ? topic : null;
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('lessons')
      .set({ topic: next, journalRevision: sql`nextval('journal_revision')` })
      .where('schoolId', '=', school.id)
      .where('id', '=', lessonId)
      .execute();
    await recordAudit(trx, origin, {
      institutionId: school.id,
      action: 'journal.topicSet',
      subjectType: 'lesson',
      subjectId: lessonId,
      before: { topic: lesson.topic },
      after: { topic: next },
    });
  });
  return column(deps, school.id, lessonId);
}

export async function setHomework(
  deps: AppDeps,
  actor: Actor,
  lessonId: number,
  input: HomeworkWrite,
  origin: AuditOrigin,
): Promise<LessonColumn> {
  const { school, lesson } = await lessonForWrite(deps, actor, lessonId);
  const text = input.text ? input.text : null;
  const dueDate = input.dueDate ?? null;
  if (text !== null && dueDate !== null && dueDate < lesson.date) {
    throw new AppError(422, 'journal.dueBeforeLesson');
  }
  await deps.db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('homework')
      .where('schoolId', '=', school.id)
      .where('lessonId', '=', lessonId)
      .select(['text', 'dueDate'])
      .forUpdate()
      .executeTakeFirst();
    if (text === null) {
      // Its files go with it (kept as removed rows, their homework link cleared by the foreign key).
      const removed = await removeLessonAttachments(trx, school.id, lessonId, origin.at);
      await recordAudit(
        trx,
        origin,
        removed.map((a) => ({
          institutionId: school.id,
          action: 'homework.attachmentRemoved',
          subjectType: 'lesson',
          subjectId: lessonId,
          before: { attachmentId: a.id, fileName: a.fileName, contentType: a.contentType, size: a.size },
        })),
      );
      await trx.deleteFrom('homework').where('schoolId', '=', school.id).where('lessonId', '=', lessonId).execute();
    } else {
      await trx
        .insertInto('homework')
        .values({
          schoolId: school.id,
          lessonId,
          text,
          dueDate,
          createdBy: actor.personId,
          createdAt: origin.at,
          updatedBy: actor.personId,
          updatedAt: origin.at,
        })
        .onConflict((oc) =>
          oc
            .columns(['schoolId', 'lessonId'])
            .doUpdateSet({ text, dueDate, updatedBy: actor.personId, updatedAt: origin.at }),
        )
        .execute();
    }
    await trx
      .updateTable('lessons')
      .set({ journalRevision: sql`nextval('journal_revision')` })
      .where('schoolId', '=', school.id)
      .where('id', '=', lessonId)
      .execute();
    await recordAudit(trx, origin, {
      institutionId: school.id,
      action: 'journal.homeworkSet',
      subjectType: 'lesson',
      subjectId: lessonId,
      before: before ?? undefined,
      after: text === null ? undefined : { text, dueDate },
    });
    // Issue 7 §2: new or changed homework reaches the lesson's pupils and their parents (not a removal).
    if (text !== null && (before?.text !== text || before?.dueDate !== dueDate)) {
      await notifyEvent(trx, deps, { type: 'homework', schoolId: school.id, lessonId });
    }
  });
  return column(deps, school.id, lessonId);
}
