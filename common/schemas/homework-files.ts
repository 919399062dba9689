import { z } from 'zod';
import { zId } from './primitives.js';

/** Files attached to a homework: their metadata, the accepted kinds and limits (the bytes travel separately). */

/** A file attached to a homework (its bytes are fetched separately; see the homework attachment routes). */
export const zHomeworkAttachment = z.object({
  id: zId,
  fileName: z.string(),
  /** Determined from the file's content on upload, not from the browser's claim. */
  contentType: z.string(),
  size: z.number(),
});
export type HomeworkAttachment = z.infer<typeof zHomeworkAttachment>;
/**
 * The kinds of file a homework accepts, recognised by content (magic bytes) and extension: PDF, images, Office
 * Open XML and OpenDocument files, UTF-8 text. What the upload dialog shows; the server decides.
 */
export const HOMEWORK_FILE_EXTENSIONS = [
  'pdf',
  'png',
  'jpg',
  'jpeg',
  'gif',
  'webp',
  'docx',
  'xlsx',
  'pptx',
  'odt',
  'ods',
  'odp',
  'txt',
] as const;

/** Limits of homework attachments (configured on the server), for the dialog to show. */
export const zHomeworkLimits = z.object({ maxFileBytes: z.number(), maxFiles: z.number() });
export type HomeworkLimits = z.infer<typeof zHomeworkLimits>;

/** `/lessons/:id/homework/attachments/:attachmentId` */
export const zAttachmentParams = z.object({ id: zId, attachmentId: zId });
