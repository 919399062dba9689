import { zError, zIdParam } from '@common/schemas/primitives.js';
import {
  zAssessmentModes,
  zAssessmentModesUpdate,
  zCatalogue,
  zCurriculum,
  zCurriculumUpdate,
  zSubject,
  zSubjectArchive,
  zSubjectCreate,
  zSubjectList,
  zSubjectListQuery,
  zSubjectUpdate,
} from '@common/schemas/subjects.js';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../plugins/auth.js';
import { auditOrigin } from '../audit/audit.recorder.js';
import { translateWarnings } from '../classes/classes.routes.js';
import { getAssessmentModes, getCurriculum, putAssessmentModes, putCurriculum } from './curriculum.service.js';
import { archiveSubject, createSubjects, listCatalogue, listSubjects, updateSubject } from './subjects.service.js';

const readErrors = { 400: zError, 403: zError, 404: zError };
const writeErrors = { 400: zError, 403: zError, 404: zError, 409: zError, 422: zError };

export const subjectRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const origin = (request: FastifyRequest) => auditOrigin(request, deps.clock.now());

  app.get(
    '/subject-catalogue',
    {
      schema: {
        tags: ['subjects'],
        summary: 'The national subject catalogue (Typical Curricula, grades 0–11) in kk/ru/en',
        response: { 200: zCatalogue, ...readErrors },
      },
    },
    async (request) => ({ items: await listCatalogue(deps, actorOf(request)) }),
  );

  app.get(
    '/subjects',
    {
      schema: {
        tags: ['subjects'],
        summary: "The context school's subjects",
        querystring: zSubjectListQuery,
        response: { 200: zSubjectList, ...readErrors },
      },
    },
    async (request) => ({
      items: await listSubjects(deps, actorOf(request), request.query.includeArchived),
    }),
  );

  app.post(
    '/subjects',
    {
      schema: {
        tags: ['subjects'],
        summary: "Add subjects from the catalogue ({ catalogueCodes }) or one of the school's own (three names)",
        body: zSubjectCreate,
        response: { 201: zSubjectList, ...writeErrors },
      },
    },
    async (request, reply) =>
      reply.status(201).send({ items: await createSubjects(deps, actorOf(request), request.body, origin(request)) }),
  );

  app.patch(
    '/subjects/:id',
    {
      schema: {
        tags: ['subjects'],
        summary: 'Rename a subject or change its external id',
        params: zIdParam,
        body: zSubjectUpdate,
        response: { 200: zSubject, ...writeErrors },
      },
    },
    async (request) => updateSubject(deps, actorOf(request), request.params.id, request.body, origin(request)),
  );

  app.post(
    '/subjects/:id/archive',
    {
      schema: {
        tags: ['subjects'],
        summary: 'Archive a subject no longer taught ({ archived: false } brings it back)',
        params: zIdParam,
        body: zSubjectArchive,
        response: { 200: zSubject, ...writeErrors },
      },
    },
    async (request) =>
      archiveSubject(deps, actorOf(request), request.params.id, request.body.archived, origin(request)),
  );

  app.get(
    '/school-years/:id/curriculum',
    {
      schema: {
        tags: ['subjects'],
        summary: 'Weekly hours per grade × language of instruction × subject, with totals against the caps',
        params: zIdParam,
        response: { 200: zCurriculum, ...readErrors },
      },
    },
    async (request) => {
      const { warningCodes, ...rest } = await getCurriculum(deps, actorOf(request), request.params.id);
      return { ...rest, warnings: translateWarnings(request, warningCodes) };
    },
  );

  app.put(
    '/school-years/:id/curriculum',
    {
      schema: {
        tags: ['subjects'],
        summary: 'Replace the hours of whole sections (grade × language); above the weekly caps it warns',
        params: zIdParam,
        body: zCurriculumUpdate,
        response: { 200: zCurriculum, ...writeErrors },
      },
    },
    async (request) => {
      const { warningCodes, ...rest } = await putCurriculum(
        deps,
        actorOf(request),
        request.params.id,
        request.body,
        origin(request),
      );
      return { ...rest, warnings: translateWarnings(request, warningCodes) };
    },
  );

  app.get(
    '/school-years/:id/assessment-modes',
    {
      schema: {
        tags: ['subjects'],
        summary: 'How each subject is assessed per grade (stored, or the default suggestion)',
        params: zIdParam,
        response: { 200: zAssessmentModes, ...readErrors },
      },
    },
    async (request) => getAssessmentModes(deps, actorOf(request), request.params.id),
  );

  app.put(
    '/school-years/:id/assessment-modes',
    {
      schema: {
        tags: ['subjects'],
        summary: "Replace the year's assessment modes (rows left out go back to the defaults)",
        params: zIdParam,
        body: zAssessmentModesUpdate,
        response: { 200: zAssessmentModes, ...writeErrors },
      },
    },
    async (request) => putAssessmentModes(deps, actorOf(request), request.params.id, request.body, origin(request)),
  );
};
