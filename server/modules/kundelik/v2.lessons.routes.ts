import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { scopeOf } from './v2.auth.js';
import { v2NotFound } from './v2.conventions.js';
import { zV2Lesson, zV2Work } from './v2.lessons.schemas.js';
import { lessonsByIds, works } from './v2.lessons.service.js';
import { v2Errors, zV2Id, zV2IdBody } from './v2.schemas.js';

const ok = <T extends z.ZodTypeAny>(body: T) => ({ 200: body, ...v2Errors });

/** lessons/…, works/… (kundelik-v2-api.md §1.7; tasks: v2.tasks.routes.ts). */
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
};
