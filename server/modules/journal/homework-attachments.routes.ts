import { zAttachmentParams, zHomeworkAttachment } from '@common/schemas/homework-files.js';
import { zJournalError } from '@common/schemas/journal.js';
import { zIdParam, zOk } from '@common/schemas/primitives.js';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { actorOf } from '../../plugins/auth.js';
import { auditOrigin } from '../audit/audit.recorder.js';
import {
  addAttachment,
  attachmentLimits,
  checkAttachmentWrite,
  readAttachment,
  removeAttachment,
  tooLarge,
} from './homework-attachments.service.js';

const tags = ['journal'];
const errors = { 400: zJournalError, 403: zJournalError, 404: zJournalError, 409: zJournalError, 422: zJournalError };
const zFile = z.instanceof(Buffer).describe('The file');
/** Multipart overhead (boundaries, part headers) on top of the file itself. */
const ENVELOPE_BYTES = 64 * 1024;

/**
 * Homework attachments: upload (multipart, one file per request), download, remove. Registered inside the journal
 * routes as its own plugin so multipart parsing applies to these routes only.
 */
export const homeworkAttachmentRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const { maxFileBytes } = attachmentLimits(deps);
  await app.register(fastifyMultipart, {
    limits: { fileSize: maxFileBytes, files: 1, fields: 2, parts: 3, fieldSize: 1024, headerPairs: 100 },
    throwFileSizeLimit: true,
  });
  const origin = (request: Parameters<typeof auditOrigin>[0]) => auditOrigin(request, deps.clock.now());

  app.post(
    '/lessons/:id/homework/attachments',
    {
      schema: {
        tags,
        summary:
          'Attach a file (multipart, field "file") to a lesson\'s homework: PDF, images, Office/OpenDocument files or text, checked by content',
        params: zIdParam,
        consumes: ['multipart/form-data'],
        response: { 201: zHomeworkAttachment, ...errors, 413: zJournalError, 415: zJournalError },
      },
      // Refused before a byte of the body is read when the client says how big it is.
      onRequest: async (request) => {
        const length = Number(request.headers['content-length'] ?? 0);
        if (length > maxFileBytes + ENVELOPE_BYTES) throw tooLarge(maxFileBytes);
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      // Who may write is settled before the body is read (a foreign lesson is 404 whatever was sent).
      await checkAttachmentWrite(deps, actor, request.params.id);
      if (!request.isMultipart()) throw new AppError(415, 'journal.attachment.notMultipart');
      let part: Awaited<ReturnType<typeof request.file>> | undefined;
      let bytes: Buffer;
      try {
        part = await request.file();
        if (!part) throw new AppError(422, 'journal.attachment.missing');
        const file = part;
        bytes = await new Promise<Buffer>((resolve, reject) => {
          file.file.once('limit', () => reject(tooLarge(maxFileBytes)));
          file.toBuffer().then(resolve, reject);
        });
      } catch (error) {
        if (error instanceof AppError) throw error;
        const e = error as { statusCode?: number; code?: string };
        if (e.statusCode === 413 || e.code === 'FST_REQ_FILE_TOO_LARGE' || part?.file.truncated) {
          throw tooLarge(maxFileBytes);
        }
        throw new AppError(400, 'journal.attachment.broken');
      }
      const attachment = await addAttachment(
        deps,
        actor,
        request.params.id,
        { fileName: part.filename || '', bytes },
        origin(request),
      );
      return reply.status(201).send(attachment);
    },
  );

  app.get(
    '/lessons/:id/homework/attachments/:attachmentId',
    {
      schema: {
        tags,
        summary: "Download a homework attachment (whoever may open the lesson's journal)",
        params: zAttachmentParams,
        produces: ['application/octet-stream'],
        response: { 200: zFile, ...errors },
      },
    },
    async (request, reply) => {
      const file = await readAttachment(deps, actorOf(request), request.params.id, request.params.attachmentId);
      // RFC 6266 / 5987: an ASCII fallback and the UTF-8 name. Always a download, never rendered in our origin.
      const ascii = file.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
      const encoded = encodeURIComponent(file.fileName).replace(
        /['()*]/g,
        (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
      );
      return reply
        .header('cache-control', 'private, no-store')
        .header('content-type', file.contentType)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`)
        .send(file.bytes);
    },
  );

  app.delete(
    '/lessons/:id/homework/attachments/:attachmentId',
    {
      schema: {
        tags,
        summary: 'Remove a homework attachment (kept in the history)',
        params: zAttachmentParams,
        response: { 200: zOk, ...errors },
      },
    },
    async (request) => {
      await removeAttachment(deps, actorOf(request), request.params.id, request.params.attachmentId, origin(request));
      return { ok: true as const };
    },
  );
};
