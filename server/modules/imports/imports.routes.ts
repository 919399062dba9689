import {
  zConfirm,
  zExportQuery,
  zImportCreateQuery,
  zImportJobDetail,
  zImportJobList,
  zImportRowPage,
  zMappingUpdate,
  zRowFix,
  zRowKey,
  zRowsQuery,
  zSlipsQuery,
  zTemplateQuery,
} from '@common/schemas/imports.js';
import { zError, zIdParam, zOk } from '@common/schemas/primitives.js';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { AppError, unauthenticated } from '../../errors.js';
import { sendFile } from '../../lib/send-file.js';
import { actorOf, SESSION_COOKIE } from '../../plugins/auth.js';
import { auditOrigin } from '../audit/audit.recorder.js';
import { startApply } from './apply.service.js';
import { failLostJobs, sharedDatabase } from './apply.state.js';
import { exportClasses, exportPeople, renderTable, templateTable } from './export.service.js';
import {
  confirmMatches,
  createImport,
  discardImport,
  fixRow,
  getImport,
  getRows,
  listImports,
  managedSchool,
  updateMapping,
} from './imports.service.js';
import { exportOneRoster } from './oneroster/export.js';
import { importRuntime } from './runtime.js';
import { importSlips } from './slips.service.js';

const zFile = z.instanceof(Buffer).describe('The file');
const errors = { 400: zError, 403: zError, 404: zError, 409: zError, 422: zError };

/** Multipart overhead (boundaries, part headers) on top of the file itself. */
const ENVELOPE_BYTES = 64 * 1024;

/** The caller's session token: the key to the credential slips its apply sealed (apply.state.ts). */
function sessionToken(request: FastifyRequest): string {
  const token = request.cookies[SESSION_COOKIE];
  if (!token) throw unauthenticated();
  return token;
}

export const importRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const maxBytes = deps.config.IMPORT_MAX_BYTES;
  const maxMb = Math.round((maxBytes / (1024 * 1024)) * 10) / 10;
  const tooLarge = () => new AppError(413, 'imports.file.tooLarge', { max: maxMb });
  // Only this plugin's routes read multipart bodies, and never more than one file of IMPORT_MAX_BYTES.
  await app.register(fastifyMultipart, {
    limits: { fileSize: maxBytes, files: 1, fields: 5, parts: 6, fieldSize: 1024, headerPairs: 100 },
    throwFileSizeLimit: true,
  });
  const runtime = importRuntime(deps);
  // Jobs left 'applying' by a stopped process: all of them when this is the only process, else the ones whose
  // heartbeat stopped (another process on the same database may be applying right now).
  app.addHook('onReady', async () =>
    failLostJobs(deps.db, deps.clock.now(), { onlyStale: sharedDatabase(deps.config), except: runtime.runningJobs() }),
  );
  // A graceful shutdown lets a running apply commit (or roll back) before the database closes.
  app.addHook('onClose', async () => runtime.settle());

  app.get(
    '/imports/template',
    {
      schema: {
        tags: ['imports'],
        summary: 'The people import template (XLSX or CSV) with headers in kk/ru/en',
        querystring: zTemplateQuery,
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv'],
        response: { 200: zFile, ...errors },
      },
    },
    async (request, reply) => {
      managedSchool(actorOf(request));
      const locale = request.query.lang ?? request.locale;
      const file = await renderTable(templateTable(locale), request.query.format);
      return sendFile(reply, file.body, file.contentType, `dapter-import-${locale}.${file.ext}`);
    },
  );

  app.post(
    '/imports',
    {
      schema: {
        tags: ['imports'],
        summary:
          'Upload a file (multipart, field "file") and dry-run it: every row checked and matched, nothing applied',
        querystring: zImportCreateQuery,
        consumes: ['multipart/form-data'],
        response: { 201: zImportJobDetail, ...errors, 413: zError, 415: zError },
      },
      // Refused before a byte of the body is read when the client says how big it is.
      onRequest: async (request) => {
        const length = Number(request.headers['content-length'] ?? 0);
        if (length > maxBytes + ENVELOPE_BYTES) throw tooLarge();
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      managedSchool(actor);
      if (!request.isMultipart()) throw new AppError(415, 'imports.file.notMultipart');
      let part: Awaited<ReturnType<typeof request.file>> | undefined;
      let bytes: Buffer;
      try {
        part = await request.file();
        if (!part) throw new AppError(422, 'imports.file.missing');
        // Streams the part; at IMPORT_MAX_BYTES busboy stops keeping data and we answer at once (the rest of
        // an undeclared-length upload is only drained, never buffered).
        const file = part;
        bytes = await new Promise<Buffer>((resolve, reject) => {
          file.file.once('limit', () => reject(tooLarge()));
          file.toBuffer().then(resolve, reject);
        });
      } catch (error) {
        if (error instanceof AppError) throw error;
        const e = error as { statusCode?: number; code?: string };
        // A truncated part, however the stream then ended, was too large.
        if (e.statusCode === 413 || e.code === 'FST_REQ_FILE_TOO_LARGE' || part?.file.truncated) throw tooLarge();
        throw new AppError(400, 'imports.file.broken');
      }
      const job = await createImport(
        deps,
        actor,
        { bytes, fileName: part.filename || 'import' },
        request.query.kind,
        request.locale,
        auditOrigin(request, deps.clock.now()),
        request.t,
      );
      return reply.status(201).send(job);
    },
  );

  app.get(
    '/imports',
    {
      schema: {
        tags: ['imports'],
        summary: "The school's import jobs, newest first",
        response: { 200: zImportJobList, ...errors },
      },
    },
    async (request) => listImports(deps, actorOf(request), request.t),
  );

  app.get(
    '/imports/:id',
    {
      schema: {
        tags: ['imports'],
        summary: 'One import job: summary, column mapping, progress while applying, printable slips after',
        params: zIdParam,
        response: { 200: zImportJobDetail, ...errors },
      },
    },
    async (request) => getImport(deps, actorOf(request), request.params.id, request.t, sessionToken(request)),
  );

  app.get(
    '/imports/:id/rows',
    {
      schema: {
        tags: ['imports'],
        summary: "The dry run's rows (filtered by outcome), with row-level errors in the caller's language",
        params: zIdParam,
        querystring: zRowsQuery,
        response: { 200: zImportRowPage, ...errors },
      },
    },
    async (request) => getRows(deps, actorOf(request), request.params.id, request.query, request.t),
  );

  app.patch(
    '/imports/:id/mapping',
    {
      schema: {
        tags: ['imports'],
        summary: 'Change which field each column holds, and dry-run again',
        params: zIdParam,
        body: zMappingUpdate,
        response: { 200: zImportJobDetail, ...errors },
      },
    },
    async (request) =>
      updateMapping(
        deps,
        actorOf(request),
        request.params.id,
        request.body.columns,
        auditOrigin(request, deps.clock.now()),
        request.t,
      ),
  );

  app.post(
    '/imports/:id/rows/:rowNumber',
    {
      schema: {
        tags: ['imports'],
        summary: "Correct one row's values and dry-run again",
        params: zRowKey,
        body: zRowFix,
        response: { 200: zImportJobDetail, ...errors },
      },
    },
    async (request) =>
      fixRow(
        deps,
        actorOf(request),
        request.params.id,
        request.params.rowNumber,
        request.body.values,
        auditOrigin(request, deps.clock.now()),
        request.t,
      ),
  );

  app.post(
    '/imports/:id/confirm',
    {
      schema: {
        tags: ['imports'],
        summary: 'Accept suggested matches (same name and birth date, or an IIN known at another school)',
        params: zIdParam,
        body: zConfirm,
        response: { 200: zImportJobDetail, ...errors },
      },
    },
    async (request) =>
      confirmMatches(
        deps,
        actorOf(request),
        request.params.id,
        request.body,
        auditOrigin(request, deps.clock.now()),
        request.t,
      ),
  );

  app.delete(
    '/imports/:id',
    {
      schema: {
        tags: ['imports'],
        summary: 'Discard a job that was not applied (its rows are deleted)',
        params: zIdParam,
        response: { 200: zOk, ...errors },
      },
    },
    async (request) => {
      await discardImport(deps, actorOf(request), request.params.id, auditOrigin(request, deps.clock.now()));
      return { ok: true as const };
    },
  );

  app.post(
    '/imports/:id/apply',
    {
      schema: {
        tags: ['imports'],
        summary: 'Apply the job in one transaction, in the background (poll GET /imports/:id for progress)',
        params: zIdParam,
        response: { 202: zImportJobDetail, ...errors },
      },
    },
    async (request, reply) => {
      const job = await startApply(
        deps,
        actorOf(request),
        request.params.id,
        auditOrigin(request, deps.clock.now()),
        request.t,
        (error) => request.log.error({ err: error }, 'import apply failed'),
        sessionToken(request),
      );
      return reply.status(202).send(job);
    },
  );

  app.post(
    '/imports/:id/slips',
    {
      schema: {
        tags: ['imports'],
        summary:
          "Credential slips (PDF) of the job's new accounts, one class at a time (for a few hours after the apply)",
        params: zIdParam,
        querystring: zSlipsQuery,
        produces: ['application/pdf'],
        response: { 200: zFile, ...errors, 410: zError },
      },
    },
    async (request, reply) => {
      const pdf = await importSlips(
        deps,
        actorOf(request),
        request.params.id,
        request.query,
        request.locale,
        sessionToken(request),
      );
      // The passwords in it: never cached (sendFile's no-store).
      return sendFile(
        reply,
        pdf,
        'application/pdf',
        `dapter-credentials-${request.query.classId ?? 'other'}.pdf`,
        true,
      );
    },
  );

  app.get(
    '/exports/people',
    {
      schema: {
        tags: ['imports'],
        summary: "The school's people in the import template's shape (CSV or XLSX)",
        querystring: zExportQuery,
        produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        response: { 200: zFile, ...errors },
      },
    },
    async (request, reply) => {
      const file = await exportPeople(
        deps,
        actorOf(request),
        request.query.format,
        request.locale,
        auditOrigin(request, deps.clock.now()),
      );
      return sendFile(reply, file.body, file.contentType, `dapter-people.${file.ext}`);
    },
  );

  app.get(
    '/exports/classes',
    {
      schema: {
        tags: ['imports'],
        summary: "The current year's classes (CSV or XLSX)",
        querystring: zExportQuery,
        produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        response: { 200: zFile, ...errors },
      },
    },
    async (request, reply) => {
      const file = await exportClasses(
        deps,
        actorOf(request),
        request.query.format,
        request.locale,
        auditOrigin(request, deps.clock.now()),
      );
      return sendFile(reply, file.body, file.contentType, `dapter-classes.${file.ext}`);
    },
  );

  app.get(
    '/exports/oneroster',
    {
      schema: {
        tags: ['imports'],
        summary:
          'OneRoster 1.2 CSV bulk export (zip): orgs, academicSessions, courses, classes, users, roles, demographics, enrollments',
        produces: ['application/zip'],
        response: { 200: zFile, ...errors },
      },
    },
    async (request, reply) => {
      const zip = await exportOneRoster(deps, actorOf(request), auditOrigin(request, deps.clock.now()));
      return sendFile(reply, zip, 'application/zip', 'dapter-oneroster.zip');
    },
  );
};
