import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import type { Actor } from '../auth/actor.js';
import { v2Actor } from './v2.auth.js';
import { v2BadParameter, v2NotFound } from './v2.conventions.js';
import { presentLogEntry, V2_LOG_STATUSES } from './v2.lesson-log.presenter.js';
import { groupScope, lessonScope, lessonsScope, pupilScope, type ReadScope, readable } from './v2.marks.access.js';
import { type LogFilter, logRows } from './v2.marks.repository.js';
import { v2Errors, zV2Day, zV2Id, zV2LogEntries, zV2LogEntry } from './v2.marks.schemas.js';

/**
 * Attendance as Kundelik's lesson log (kundelik-v2-api.md §1.11), read-only: our codes → statuses in
 * v2.lesson-log.presenter.ts. Each read: the scope check (v2.marks.access.ts) and one statement.
 */

const MAX_LESSONS = 500;
/** At most a school year per call (SIRO asks for 30 days at a time). */
const MAX_DAYS = 400;
const entries = { response: { 200: zV2LogEntries, ...v2Errors } };
const zRange = { from: zV2Day.optional(), to: zV2Day.optional() };

async function scopedLog(deps: AppDeps, scope: ReadScope, f: Omit<LogFilter, 'schoolId'>) {
  if (f.from && f.to && (Date.parse(f.to) - Date.parse(f.from)) / 86_400_000 > MAX_DAYS) throw v2BadParameter('to');
  const rows = await logRows(deps.db, { ...f, schoolId: scope.schoolId });
  return readable(rows, scope, (r) => r.studentPersonId).map(presentLogEntry);
}

async function personLog(deps: AppDeps, actor: Actor, personId: number, f: Omit<LogFilter, 'schoolId'>) {
  const scope = await pupilScope(deps, actor, personId);
  return scopedLog(deps, scope, { ...f, personIds: [personId] });
}

/** `lessons` as a repeated or comma-separated query parameter. */
const zLessonIds = z
  .union([z.string().max(10_000), z.array(z.string().max(40)).max(MAX_LESSONS)])
  .transform((v, ctx) => {
    const ids = (Array.isArray(v) ? v : v.split(',')).map((x) => Number(x.trim()));
    if (ids.length > MAX_LESSONS || ids.some((n) => !Number.isSafeInteger(n) || n <= 0)) {
      ctx.addIssue({ code: 'custom', message: 'lessons' });
      return z.NEVER;
    }
    return [...new Set(ids)];
  });

export const v2LessonLogRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get(
    '/lesson-log-entries/statuses',
    {
      schema: { summary: 'Lesson-log statuses', response: { 200: z.array(z.enum(V2_LOG_STATUSES)), ...v2Errors } },
    },
    async (request) => {
      v2Actor(request);
      return [...V2_LOG_STATUSES];
    },
  );
  app.get(
    '/lessons/:lesson/log-entries',
    { schema: { summary: "A lesson's log entries", params: z.object({ lesson: zV2Id }), ...entries } },
    async (request) => {
      const scope = await lessonScope(deps, v2Actor(request), request.params.lesson);
      return scopedLog(deps, scope, { lessonIds: [scope.lesson.id] });
    },
  );
  app.get(
    '/lesson-log-entries',
    { schema: { summary: 'Log entries of many lessons', querystring: z.object({ lessons: zLessonIds }), ...entries } },
    async (request) => {
      const found = await lessonsScope(deps, v2Actor(request), request.query.lessons);
      if (!found) return [];
      return scopedLog(deps, found.scope, { lessonIds: found.lessonIds });
    },
  );
  app.get(
    '/lesson-log-entries/lesson/:lesson/person/:person',
    {
      schema: {
        summary: "A pupil's log entry on a lesson",
        params: z.object({ lesson: zV2Id, person: zV2Id }),
        response: { 200: zV2LogEntry, ...v2Errors },
      },
    },
    async (request) => {
      const scope = await lessonScope(deps, v2Actor(request), request.params.lesson);
      const [entry] = await scopedLog(deps, scope, {
        lessonIds: [scope.lesson.id],
        personIds: [request.params.person],
      });
      if (!entry) throw v2NotFound('LessonLogEntry');
      return entry;
    },
  );
  app.get(
    '/lesson-log-entries/group/:group',
    {
      schema: {
        summary: "An edu-group's log entries (optionally of a subject) over dates",
        params: z.object({ group: zV2Id }),
        querystring: z.object({ subject: zV2Id.optional(), ...zRange }),
        ...entries,
      },
    },
    async (request) => {
      const scope = await groupScope(deps, v2Actor(request), request.params.group);
      const q = request.query;
      return scopedLog(deps, scope, {
        classId: scope.cls.classId,
        ...(scope.subgroupId ? { subgroupId: scope.subgroupId } : {}),
        ...(scope.pupils ? { personIds: [...scope.pupils] } : {}),
        ...(q.subject ? { subjectId: q.subject } : {}),
        ...(q.from ? { from: q.from } : {}),
        ...(q.to ? { to: q.to } : {}),
      });
    },
  );
  app.get(
    '/lesson-log-entries/person/:person/subject/:subject',
    {
      schema: {
        summary: "A pupil's log entries in a subject over dates",
        params: z.object({ person: zV2Id, subject: zV2Id }),
        querystring: z.object(zRange),
        ...entries,
      },
    },
    async (request) => {
      const q = request.query;
      return personLog(deps, v2Actor(request), request.params.person, {
        subjectId: request.params.subject,
        ...(q.from ? { from: q.from } : {}),
        ...(q.to ? { to: q.to } : {}),
      });
    },
  );
  app.get(
    '/persons/:person/lesson-log-entries',
    {
      schema: {
        summary: "A pupil's log entries over dates, wrapped in `logEntries`",
        params: z.object({ person: zV2Id }),
        querystring: z.object({ startDate: zV2Day.optional(), endDate: zV2Day.optional() }),
        response: { 200: z.object({ logEntries: zV2LogEntries }), ...v2Errors },
      },
    },
    async (request) => {
      const q = request.query;
      const logEntries = await personLog(deps, v2Actor(request), request.params.person, {
        ...(q.startDate ? { from: q.startDate } : {}),
        ...(q.endDate ? { to: q.endDate } : {}),
      });
      return { logEntries };
    },
  );
};
