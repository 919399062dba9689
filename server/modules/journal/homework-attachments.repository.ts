import type { HomeworkAttachment } from '@common/schemas/homework-files.js';
import type { Database } from '../../db/client.js';

/** The live attachments of the given lessons' homework, by lesson (one statement for any number of lessons). */
export async function attachmentsOf(
  db: Database,
  schoolId: number,
  lessonIds: number[],
): Promise<Map<number, HomeworkAttachment[]>> {
  const byLesson = new Map<number, HomeworkAttachment[]>();
  if (lessonIds.length === 0) return byLesson;
  const rows = await db
    .selectFrom('homeworkAttachments')
    .where('schoolId', '=', schoolId)
    .where('lessonId', 'in', lessonIds)
    .where('deletedAt', 'is', null)
    .select(['id', 'lessonId', 'fileName', 'contentType', 'size'])
    .orderBy('id')
    .execute();
  for (const { lessonId, ...a } of rows) {
    const list = byLesson.get(lessonId) ?? [];
    list.push(a);
    byLesson.set(lessonId, list);
  }
  return byLesson;
}

/** One live attachment of a lesson's homework, with its bytes. */
export function findAttachment(db: Database, schoolId: number, lessonId: number, attachmentId: number) {
  return db
    .selectFrom('homeworkAttachments')
    .where('schoolId', '=', schoolId)
    .where('lessonId', '=', lessonId)
    .where('id', '=', attachmentId)
    .where('deletedAt', 'is', null)
    .select(['id', 'fileName', 'contentType', 'size', 'bytes'])
    .executeTakeFirst();
}

/** Removes (soft) every live attachment of a lesson's homework; answers what was removed, for the audit log. */
export function removeLessonAttachments(db: Database, schoolId: number, lessonId: number, at: Date) {
  return db
    .updateTable('homeworkAttachments')
    .set({ deletedAt: at })
    .where('schoolId', '=', schoolId)
    .where('lessonId', '=', lessonId)
    .where('deletedAt', 'is', null)
    .returning(['id', 'fileName', 'contentType', 'size'])
    .execute();
}
