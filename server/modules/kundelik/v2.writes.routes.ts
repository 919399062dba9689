import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { auditOrigin } from '../audit/audit.recorder.js';
import { v2Actor } from './v2.auth.js';
import { v2BadParameter, v2NotFound } from './v2.conventions.js';
import { V2_LOG_STATUSES } from './v2.lesson-log.presenter.js';
import { zV2LogEntries, zV2LogEntry, zV2Mark } from './v2.marks.schemas.js';
import { v2Errors, zV2Error, zV2Id } from './v2.schemas.js';
import { writeV2LogEntry, writeV2Mark } from './v2.writes.service.js';

/**
 * WRITE routes of the v2 surface (POST / PUT / DELETE): a teacher's mark and lesson-log entries
 * (kundelik-v2-api.md §1.9, §1.11), each one cell of the journal's own save (v2.writes.service.ts). Bodies are
 * what the clients send, validated here; anything else is 400 parameterInvalid.
 */

/** 409: a version conflict or a closed period; 422: a value the journal refuses (range, scale, cancelled lesson). */
const writeErrors = { ...v2Errors, 409: zV2Error, 422: zV2Error } as const;

const zValue = z.union([z.string().trim().min(1).max(10), z.number().min(0).max(100)]);
const zComment = z.string().trim().max(500).nullable().optional();
/** A mark body: the bare value (`"8"`, `8`) or a Mark-like object `{value, comment?}` (other fields ignored). */
const zMarkBody = z.union([zValue, z.object({ value: zValue, comment: zComment }).passthrough()]);

/** Statuses as sent ("Absent"; case-insensitive). */
const zStatus = z.preprocess(
  (v) => (typeof v === 'string' ? V2_LOG_STATUSES.find((s) => s.toLowerCase() === v.trim().toLowerCase()) : v),
  z.enum(V2_LOG_STATUSES),
);
const zEntry = z.object({ person: zV2Id.optional(), status: zStatus, comment: zComment }).passthrough();
/** A LessonLogEntry `{person, status, comment?}`, or wrapped `{person?, lessonLogEntry: {…}}` (PYD's names). */
const zEntryBody = z.union([zEntry, z.object({ person: zV2Id.optional(), lessonLogEntry: zEntry }).passthrough()]);
const zPersonQuery = z.object({ person: zV2Id.optional() });

/** The one entry a POST / PUT wrote (the journal refuses what it cannot save, so it is there). */
const written = <T>(entries: T[]) => {
  const [entry] = entries;
  if (!entry) throw v2NotFound('LessonLogEntry');
  return entry;
};

type Entry = z.infer<typeof zEntry>;
function entryOf(body: z.infer<typeof zEntryBody>, queryPerson: number | undefined) {
  const wrapper = body as { person?: number; lessonLogEntry?: Entry };
  const entry = wrapper.lessonLogEntry ?? (body as Entry);
  const person = entry.person ?? wrapper.person ?? queryPerson;
  if (person === undefined) throw v2BadParameter('person');
  return { person, status: entry.status, comment: entry.comment };
}

export const v2WriteRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const origin = (request: Parameters<typeof auditOrigin>[0]) => auditOrigin(request, deps.clock.now());

  app.post(
    '/persons/:personId/works/:workId/mark',
    {
      schema: {
        summary: 'WRITE: a teacher gives a mark (the journal’s save)',
        params: z.object({ personId: zV2Id, workId: zV2Id }),
        body: zMarkBody,
        response: { 200: zV2Mark, ...writeErrors },
      },
    },
    async (request) => {
      const b = request.body;
      const input = typeof b === 'object' ? { value: b.value, comment: b.comment } : { value: b };
      return writeV2Mark(
        deps,
        v2Actor(request),
        request.params.personId,
        request.params.workId,
        input,
        origin(request),
      );
    },
  );

  const entryRoute = {
    params: z.object({ lesson: zV2Id }),
    querystring: zPersonQuery,
    body: zEntryBody,
    response: { 200: zV2LogEntry, ...writeErrors },
  };
  // POST (a new entry) and PUT (a changed one) are the same save: the journal cell has one value per pupil.
  const entrySummaries = {
    POST: "WRITE: a pupil's attendance on a lesson",
    PUT: "WRITE: changes a pupil's attendance on a lesson",
  } as const;
  for (const method of ['POST', 'PUT'] as const) {
    app.route({
      method,
      url: '/lessons/:lesson/log-entries',
      schema: { summary: entrySummaries[method], ...entryRoute },
      handler: async (request) =>
        written(
          await writeV2LogEntry(
            deps,
            v2Actor(request),
            request.params.lesson,
            entryOf(request.body, request.query.person),
            origin(request),
          ),
        ),
    });
  }
  app.delete(
    '/lessons/:lesson/log-entries',
    {
      schema: {
        summary: "WRITE: clears a pupil's attendance on a lesson (answers the lesson's entries as they now are)",
        params: z.object({ lesson: zV2Id }),
        querystring: z.object({ person: zV2Id }),
        response: { 200: zV2LogEntries, ...writeErrors },
      },
    },
    async (request) =>
      writeV2LogEntry(
        deps,
        v2Actor(request),
        request.params.lesson,
        { person: request.query.person, status: null },
        origin(request),
      ),
  );
};
