import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { v2Actor } from './v2.auth.js';
import { v2BadParameter } from './v2.conventions.js';
import { V2_MARK_VALUES } from './v2.marks.presenter.js';
import { v2Errors, zV2Day, zV2Id, zV2Marks } from './v2.marks.schemas.js';
import { groupMarks, lessonMarks, manyLessonMarks, markById, personMarks, workMarks } from './v2.marks.service.js';

/** Marks (kundelik-v2-api.md §1.9): Mark objects by mark, work, lesson, class, person; mark values. */

const marks = { response: { 200: zV2Marks, ...v2Errors } };
const range = { from: zV2Day, to: zV2Day };
const MAX_LESSONS = 500;

/** `lessons` as clients send it: a JSON id array, `{lessons: [...]}`, a form field (repeated or comma-separated). */
const zLessonList = z.union([
  zV2Id,
  z.string().max(10_000),
  z.array(z.union([zV2Id, z.string().max(40)])).max(MAX_LESSONS),
]);
const zLessonsBody = z
  .union([z.array(zV2Id).max(MAX_LESSONS), z.object({ lessons: zLessonList.optional() })])
  .optional();

function lessonIds(...sources: unknown[]): number[] {
  const out: number[] = [];
  for (const s of sources) {
    const list = Array.isArray(s) ? s : s === undefined || s === null ? [] : String(s).split(',');
    for (const x of list) {
      const n = Number(String(x).trim());
      if (!Number.isSafeInteger(n) || n <= 0) throw v2BadParameter('lessons');
      out.push(n);
    }
  }
  if (out.length > MAX_LESSONS) throw v2BadParameter('lessons');
  return [...new Set(out)];
}

export const v2MarksRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  // PYD sends `lessons` as a form field; only this plugin's routes read forms.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    const params = new URLSearchParams(body as string);
    done(null, { lessons: params.getAll('lessons').join(',') });
  });

  app.get(
    '/marks/:mark',
    {
      schema: {
        summary: 'A mark',
        params: z.object({ mark: zV2Id }),
        response: { 200: zV2Marks.element, ...v2Errors },
      },
    },
    async (request) => markById(deps, v2Actor(request), request.params.mark),
  );
  app.get(
    '/works/:work/marks',
    { schema: { summary: "A work's marks", params: z.object({ work: zV2Id }), ...marks } },
    async (request) => workMarks(deps, v2Actor(request), request.params.work),
  );
  app.get(
    '/lessons/:lesson/marks',
    { schema: { summary: "A lesson's marks", params: z.object({ lesson: zV2Id }), ...marks } },
    async (request) => lessonMarks(deps, v2Actor(request), request.params.lesson),
  );
  for (const url of ['/lessons/marks', '/lessons/many/marks']) {
    app.post(
      url,
      {
        schema: {
          summary: 'The marks of many lessons (`lessons`: JSON array, object or form field)',
          body: zLessonsBody,
          querystring: z.object({ lessons: zLessonList.optional() }),
          ...marks,
        },
      },
      async (request) => {
        const body = request.body;
        const ids = lessonIds(Array.isArray(body) ? body : body?.lessons, request.query.lessons);
        return manyLessonMarks(deps, v2Actor(request), ids);
      },
    );
  }
  app.get(
    '/edu-groups/:group/marks/:from/:to',
    { schema: { summary: "A class's marks over dates", params: z.object({ group: zV2Id, ...range }), ...marks } },
    async (request) => {
      const p = request.params;
      return groupMarks(deps, v2Actor(request), p.group, p.from, p.to);
    },
  );
  app.get(
    '/edu-groups/:group/subjects/:subject/marks/:from/:to',
    {
      schema: {
        summary: "A class's marks in a subject over dates",
        params: z.object({ group: zV2Id, subject: zV2Id, ...range }),
        ...marks,
      },
    },
    async (request) => {
      const p = request.params;
      return groupMarks(deps, v2Actor(request), p.group, p.from, p.to, p.subject);
    },
  );
  app.get(
    '/persons/:person/schools/:school/marks/:from/:to',
    {
      schema: {
        summary: "A pupil's marks at a school over dates",
        params: z.object({ person: zV2Id, school: zV2Id, ...range }),
        ...marks,
      },
    },
    async (request) => {
      const p = request.params;
      return personMarks(deps, v2Actor(request), p.person, { schoolId: p.school, from: p.from, to: p.to });
    },
  );
  app.get(
    '/persons/:person/edu-groups/:group/marks/:from/:to',
    {
      schema: {
        summary: "A pupil's marks in a class over dates",
        params: z.object({ person: zV2Id, group: zV2Id, ...range }),
        ...marks,
      },
    },
    async (request) => {
      const p = request.params;
      return personMarks(deps, v2Actor(request), p.person, { groupId: p.group, from: p.from, to: p.to });
    },
  );
  app.get(
    '/persons/:person/subjects/:subject/marks/:from/:to',
    {
      schema: {
        summary: "A pupil's marks in a subject over dates",
        params: z.object({ person: zV2Id, subject: zV2Id, ...range }),
        ...marks,
      },
    },
    async (request) => {
      const p = request.params;
      return personMarks(deps, v2Actor(request), p.person, { subjectId: p.subject, from: p.from, to: p.to });
    },
  );
  app.get(
    '/persons/:person/works/:work/marks',
    { schema: { summary: "A pupil's marks on a work", params: z.object({ person: zV2Id, work: zV2Id }), ...marks } },
    async (request) => workMarks(deps, v2Actor(request), request.params.work, request.params.person),
  );
  app.get(
    '/persons/:person/lessons/:lesson/marks',
    {
      schema: { summary: "A pupil's marks on a lesson", params: z.object({ person: zV2Id, lesson: zV2Id }), ...marks },
    },
    async (request) => lessonMarks(deps, v2Actor(request), request.params.lesson, request.params.person),
  );
  app.get(
    '/persons/:person/marks/:date',
    {
      schema: {
        summary: "A pupil's marks given on a day",
        params: z.object({ person: zV2Id, date: zV2Day }),
        ...marks,
      },
    },
    async (request) => personMarks(deps, v2Actor(request), request.params.person, { givenOn: request.params.date }),
  );
  app.get(
    '/lessons/:lesson/persons/:person/marks',
    {
      schema: {
        summary: "A pupil's marks on the lessons of a day (`lesson` is the lesson date)",
        params: z.object({ lesson: zV2Day, person: zV2Id }),
        ...marks,
      },
    },
    async (request) => {
      const p = request.params;
      return personMarks(deps, v2Actor(request), p.person, { from: p.lesson, to: p.lesson });
    },
  );

  app.get(
    '/marks/values',
    {
      schema: {
        summary: 'Every mark scale and its values',
        response: { 200: z.record(z.string(), z.array(z.string())), ...v2Errors },
      },
    },
    async (request) => {
      v2Actor(request);
      return V2_MARK_VALUES;
    },
  );
  app.get(
    '/marks/values/type/:type',
    {
      schema: {
        summary: "A mark scale's values",
        params: z.object({ type: z.string().max(40) }),
        response: { 200: z.array(z.string()), ...v2Errors },
      },
    },
    async (request) => {
      v2Actor(request);
      const values = Object.hasOwn(V2_MARK_VALUES, request.params.type) ? V2_MARK_VALUES[request.params.type] : null;
      if (!values) throw v2BadParameter('type');
      return values;
    },
  );
};
