import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { scopeOf } from './v2.auth.js';
import { v2NotFound } from './v2.conventions.js';
import { zV2Task } from './v2.lessons.schemas.js';
import { lessonsByIds, works } from './v2.lessons.service.js';
import { v2Errors, zV2Date, zV2Id, zV2IdList } from './v2.schemas.js';
import { lessonTasks, personTasks, taskById, undoneTasks, workTasks } from './v2.tasks.service.js';

const ok = <T extends z.ZodTypeAny>(body: T) => ({ 200: body, ...v2Errors });
const tasks = ok(z.array(zV2Task));

/** Tasks — one pupil's copy of a homework (kundelik-v2-api.md §1.7; v2.tasks.service.ts). */
export const v2TaskRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get(
    '/tasks/:task',
    { schema: { summary: 'A task', params: z.object({ task: zV2Id }), response: ok(zV2Task) } },
    async (request) => taskById(deps, await scopeOf(deps, request), request.params.task),
  );
  app.get(
    '/tasks',
    {
      schema: {
        summary: 'Tasks of lessons (a pupil their own, a parent their children’s, staff their classes’)',
        querystring: z.object({ lessons: zV2IdList.optional(), person: zV2Id.optional() }),
        response: tasks,
      },
    },
    async (request) =>
      lessonTasks(deps, await scopeOf(deps, request), request.query.lessons ?? [], request.query.person),
  );
  app.get(
    '/lessons/:lesson/tasks',
    { schema: { summary: "A lesson's tasks", params: z.object({ lesson: zV2Id }), response: tasks } },
    async (request) => {
      const scope = await scopeOf(deps, request);
      const [lesson] = await lessonsByIds(deps, scope, [request.params.lesson]);
      if (!lesson) throw v2NotFound('Lesson');
      return lessonTasks(deps, scope, [request.params.lesson]);
    },
  );
  app.get(
    '/works/:work/tasks',
    { schema: { summary: "A homework's tasks", params: z.object({ work: zV2Id }), response: tasks } },
    async (request) => {
      const scope = await scopeOf(deps, request);
      const readable = (await works(deps, scope, { workIds: [request.params.work] })).length > 0;
      return workTasks(deps, scope, request.params.work, readable);
    },
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
        response: tasks,
      },
    },
    async (request) => personTasks(deps, await scopeOf(deps, request), request.params.person, request.query),
  );
  app.get(
    '/tasks/:personId/undone',
    {
      schema: { summary: "A pupil's overdue undone tasks", params: z.object({ personId: zV2Id }), response: tasks },
    },
    async (request) => undoneTasks(deps, await scopeOf(deps, request), request.params.personId),
  );
};
