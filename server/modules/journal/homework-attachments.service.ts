import type { HomeworkAttachment } from '@common/schemas/homework-files.js';
import { sql } from 'kysely';
import type { AppDeps } from '../../deps.js';
import { AppError, forbidden, notFound } from '../../errors.js';
import { allow } from '../../policies/index.js';
import { type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import type { Actor } from '../auth/actor.js';
import { attachmentType, cleanFileName } from './attachment-types.js';
import { findAttachment } from './homework-attachments.repository.js';
import { journalSchool, lessonWithAccess } from './journal.access.js';
import { lessonForWrite } from './lesson-notes.service.js';

/**
 * Files attached to a lesson's homework. Added and removed by whoever may write the homework text (same rule,
 * same closed-period refusal: lesson-notes.service.ts); downloaded by whoever may open the lesson's journal.
 * Removing keeps the row (deleted_at) so the history of what was handed out stays; the audit log names the file,
 * its type and size, never its content.
 */

/** Who may read a lesson's journal: administrators, its teacher or substitute, a teacher of its class × subject, the class teacher. */
async function lessonForRead(deps: AppDeps, actor: Actor, lessonId: number) {
  const school = journalSchool(actor, 'journal.read');
  const lesson = await lessonWithAccess(deps.db, school.id, lessonId, actor.personId);
  if (!lesson) throw notFound();
  const mayRead =
    allow(actor, 'journal.manage', school) ||
    lesson.teacherPersonId === actor.personId ||
    lesson.substituteTeacherPersonId === actor.personId ||
    lesson.classTeacherPersonId === actor.personId ||
    lesson.teaches;
  if (!mayRead) throw forbidden();
  return school;
}

export interface AttachmentLimits {
  maxFileBytes: number;
  maxFiles: number;
}

export function attachmentLimits(deps: AppDeps): AttachmentLimits {
  return { maxFileBytes: deps.config.HOMEWORK_FILE_MAX_BYTES, maxFiles: deps.config.HOMEWORK_MAX_FILES };
}

export const tooLarge = (maxBytes: number) =>
  new AppError(413, 'journal.attachment.tooLarge', { max: Number((maxBytes / (1024 * 1024)).toPrecision(3)) });

/** Checks who may upload before the body is read, so a refused caller never streams a file in. */
export async function checkAttachmentWrite(deps: AppDeps, actor: Actor, lessonId: number) {
  await lessonForWrite(deps, actor, lessonId);
}

export async function addAttachment(
  deps: AppDeps,
  actor: Actor,
  lessonId: number,
  file: { fileName: string; bytes: Buffer },
  origin: AuditOrigin,
): Promise<HomeworkAttachment> {
  const { school } = await lessonForWrite(deps, actor, lessonId);
  const limits = attachmentLimits(deps);
  if (file.bytes.length === 0) throw new AppError(422, 'journal.attachment.empty');
  if (file.bytes.length > limits.maxFileBytes) throw tooLarge(limits.maxFileBytes);
  const fileName = cleanFileName(file.fileName);
  const type = fileName ? attachmentType(fileName, file.bytes) : null;
  if (!type) throw new AppError(415, 'journal.attachment.type');
  return deps.db.transaction().execute(async (trx) => {
    // The homework row is locked so two uploads at once cannot both pass the count.
    const homework = await trx
      .selectFrom('homework')
      .where('schoolId', '=', school.id)
      .where('lessonId', '=', lessonId)
      .select('id')
      .forUpdate()
      .executeTakeFirst();
    if (!homework) throw new AppError(409, 'journal.attachment.noHomework');
    const { n } = await trx
      .selectFrom('homeworkAttachments')
      .where('schoolId', '=', school.id)
      .where('homeworkId', '=', homework.id)
      .where('deletedAt', 'is', null)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    if (Number(n) >= limits.maxFiles) throw new AppError(409, 'journal.attachment.tooMany', { max: limits.maxFiles });
    const row = await trx
      .insertInto('homeworkAttachments')
      .values({
        schoolId: school.id,
        lessonId,
        homeworkId: homework.id,
        fileName,
        contentType: type.contentType,
        size: file.bytes.length,
        bytes: file.bytes,
        createdBy: actor.personId,
        createdAt: origin.at,
      })
      .returning(['id', 'fileName', 'contentType', 'size'])
      .executeTakeFirstOrThrow();
    await bumpLesson(trx, school.id, lessonId);
    await recordAudit(trx, origin, {
      institutionId: school.id,
      action: 'homework.attachmentAdded',
      subjectType: 'lesson',
      subjectId: lessonId,
      after: { attachmentId: row.id, fileName: row.fileName, contentType: row.contentType, size: row.size },
    });
    return row;
  });
}

export async function removeAttachment(
  deps: AppDeps,
  actor: Actor,
  lessonId: number,
  attachmentId: number,
  origin: AuditOrigin,
): Promise<void> {
  const { school } = await lessonForWrite(deps, actor, lessonId);
  await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('homeworkAttachments')
      .set({ deletedAt: origin.at })
      .where('schoolId', '=', school.id)
      .where('lessonId', '=', lessonId)
      .where('id', '=', attachmentId)
      .where('deletedAt', 'is', null)
      .returning(['id', 'fileName', 'contentType', 'size'])
      .executeTakeFirst();
    if (!row) throw notFound();
    await bumpLesson(trx, school.id, lessonId);
    await recordAudit(trx, origin, {
      institutionId: school.id,
      action: 'homework.attachmentRemoved',
      subjectType: 'lesson',
      subjectId: lessonId,
      before: { attachmentId: row.id, fileName: row.fileName, contentType: row.contentType, size: row.size },
    });
  });
}

export async function readAttachment(deps: AppDeps, actor: Actor, lessonId: number, attachmentId: number) {
  const school = await lessonForRead(deps, actor, lessonId);
  const row = await findAttachment(deps.db, school.id, lessonId, attachmentId);
  if (!row) throw notFound();
  return { ...row, bytes: Buffer.from(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength) };
}

/** Open grids see the lesson column (with its attachment list) in their next "changes since". */
async function bumpLesson(trx: AppDeps['db'], schoolId: number, lessonId: number) {
  await trx
    .updateTable('lessons')
    .set({ journalRevision: sql`nextval('journal_revision')` })
    .where('schoolId', '=', schoolId)
    .where('id', '=', lessonId)
    .execute();
}
