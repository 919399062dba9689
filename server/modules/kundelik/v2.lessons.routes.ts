import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { pupilSchool } from './v2.access.js';
import { scopeOf } from './v2.auth.js';
import { v2NotFound } from './v2.conventions.js';
import { presentTask } from './v2.lessons.presenter.js';
import { homeworkOf } from './v2.lessons.repository.js';
import { zV2Lesson, zV2Task, zV2Work } from './v2.lessons.schemas.js';
import { lessonsByIds, personTasks, works } from './v2.lessons.service.js';
import { v2Errors, zV2Date, zV2Id, zV2IdBody, zV2IdList } from './v2.schemas.js';

const ok = <T extends z.ZodTypeAny>(body: T) => ({ 200: body, ...v2Errors });

/** lessons/…, works/…, tasks (kundelik-v2-api.md §1.7). */
export const v2LessonRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get(
    '/lessons/:lesson',
    { schema: { summary: 'A lesson with its works', params: z.object({ lesson: zV2Id }), response: ok(zV2Lesson) } },
    async (request) => {
      const [lesson] = await lessonsByIds(deps, await scopeOf(deps, request), [request.params.lesson]);
      if (!lesson) throw v2NotFound('Lesson');
      return lesson;
    },
  );
  app.post(
    '/lessons/many',
    { schema: { summary: 'Lessons by id', body: zV2IdBody, response: ok(z.array(zV2Lesson)) } },
    async (request) => lessonsByIds(deps, await scopeOf(deps, request), request.body),
  );
  app.get(
    '/works',
    {
      schema: {
        summary: 'The works of a lesson',
        querystring: z.object({ lesson: zV2Id }),
        response: ok(z.array(zV2Work)),
      },
    },
    async (request) => works(deps, await scopeOf(deps, request), { lessonId: request.query.lesson }),
  );
  app.get(
    '/works/:work',
    { schema: { summary: 'A work', params: z.object({ work: zV2Id }), response: ok(zV2Work) } },
    async (request) => {
      const [work] = await works(deps, await scopeOf(deps, request), { workIds: [request.params.work] });
      if (!work) throw v2NotFound('Work');
      return work;
    },
  );
  app.post(
    '/works/many',
    { schema: { summary: 'Works by id', body: zV2IdBody, response: ok(z.array(zV2Work)) } },
    async (request) => works(deps, await scopeOf(deps, request), { workIds: request.body }),
  );
  app.get(
    '/persons/:person/tasks',
    {
      schema: {
        summary: "A pupil's homework tasks",
        params: z.object({ person: zV2Id }),
        querystring: z.object({
          subject: zV2Id.optional(),
          from: zV2Date.optional(),
          to: zV2Date.optional(),
          pageNumber: z.coerce.number().int().min(1).max(10_000).optional(),
          pageSize: z.coerce.number().int().min(1).max(1000).optional(),
        }),
        response: ok(z.array(zV2Task)),
      },
    },
    async (request) => personTasks(deps, await scopeOf(deps, request), request.params.person, request.query),
  );
  app.get(
    '/tasks',
    {
      schema: {
        summary: "Tasks of lessons for a pupil (default: the caller's own)",
        querystring: z.object({ lessons: zV2IdList.optional(), person: zV2Id.optional() }),
        response: ok(z.array(zV2Task)),
      },
    },
    async (request) => {
      const scope = await scopeOf(deps, request);
      const personId = request.query.person ?? scope.actor.personId;
      const schoolId = await pupilSchool(deps.db, scope, personId);
      const lessons = await lessonsByIds(deps, scope, request.query.lessons ?? []);
      const rows = await homeworkOf(deps.db, schoolId, { lessonIds: lessons.map((l) => l.id as number), personId });
      return rows.map((h) => presentTask(h, personId));
    },
  );
};
