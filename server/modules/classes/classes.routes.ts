import {
  zAssignment,
  zAssignmentCreate,
  zAssignmentList,
  zAssignmentListQuery,
  zClassCreate,
  zClassDetail,
  zClassDetailQuery,
  zClassHistory,
  zClassList,
  zClassListQuery,
  zClassStudentParams,
  zClassUpdate,
  zEnrollBody,
  zEnrollResult,
  zLeaveBody,
  zSubgroupCreate,
  zSubgroupUpdate,
} from '@common/schemas/classes.js';
import { zError, zIdParam, zOk } from '@common/schemas/primitives.js';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../plugins/auth.js';
import { auditOrigin } from '../audit/audit.recorder.js';
import { createAssignment, deleteAssignment, listAssignmentsFor } from './assignments.service.js';
import {
  createClass,
  enrollInClass,
  getClassDetail,
  leaveClass,
  listClassesFor,
  personClassHistory,
  updateClass,
  type WarningCode,
} from './classes.service.js';
import { createSubgroup, deleteSubgroup, updateSubgroup } from './subgroups.service.js';

/** Warnings (never refusals) in the caller's language. */
export const translateWarnings = (request: FastifyRequest, codes: WarningCode[]) =>
  codes.map((w) => ({ code: w.code, message: request.t(w.code, { ns: 'errors', ...w.params }) }));

const withWarnings = <T extends { warningCodes: WarningCode[] }>(request: FastifyRequest, r: T) => {
  const { warningCodes, ...rest } = r;
  return { ...rest, warnings: translateWarnings(request, warningCodes) };
};

const readErrors = { 400: zError, 403: zError, 404: zError };
const writeErrors = { 400: zError, 403: zError, 404: zError, 409: zError, 422: zError };

export const classRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const origin = (request: FastifyRequest) => auditOrigin(request, deps.clock.now());

  app.get(
    '/classes',
    {
      schema: {
        tags: ['classes'],
        summary: "The context school's classes of a year (default: the current one), with student counts",
        querystring: zClassListQuery,
        response: { 200: zClassList, ...readErrors },
      },
    },
    async (request) => listClassesFor(deps, actorOf(request), request.query),
  );

  app.post(
    '/classes',
    {
      schema: {
        tags: ['classes'],
        summary: 'Create a class (grade 0–12, a letter of any alphabet, language of instruction, shift)',
        body: zClassCreate,
        response: { 201: zClassDetail, ...writeErrors },
      },
    },
    async (request, reply) => {
      const detail = await createClass(deps, actorOf(request), request.body, origin(request));
      return reply.status(201).send(withWarnings(request, detail));
    },
  );

  app.get(
    '/classes/:id',
    {
      schema: {
        tags: ['classes'],
        summary: 'A class with its students (staff only), sub-groups and teaching assignments',
        params: zIdParam,
        querystring: zClassDetailQuery,
        response: { 200: zClassDetail, ...readErrors },
      },
    },
    async (request) =>
      withWarnings(request, await getClassDetail(deps, actorOf(request), request.params.id, request.query.on)),
  );

  app.patch(
    '/classes/:id',
    {
      schema: {
        tags: ['classes'],
        summary: 'Change a class (grade, letter, language, shift, class teacher)',
        params: zIdParam,
        body: zClassUpdate,
        response: { 200: zClassDetail, ...writeErrors },
      },
    },
    async (request) =>
      withWarnings(
        request,
        await updateClass(deps, actorOf(request), request.params.id, request.body, origin(request)),
      ),
  );

  app.post(
    '/classes/:id/students',
    {
      schema: {
        tags: ['classes'],
        summary: 'Enrol students of the school in the class, moving them from another class of the year',
        params: zIdParam,
        body: zEnrollBody,
        response: { 200: zEnrollResult, ...writeErrors },
      },
    },
    async (request) =>
      withWarnings(
        request,
        await enrollInClass(deps, actorOf(request), request.params.id, request.body, origin(request)),
      ),
  );

  app.post(
    '/classes/:id/students/:personId/leave',
    {
      schema: {
        tags: ['classes'],
        summary: "End a student's place in the class (the row stays as history)",
        params: zClassStudentParams,
        body: zLeaveBody,
        response: { 200: zOk, ...writeErrors },
      },
    },
    async (request) => {
      const { id, personId } = request.params;
      await leaveClass(deps, actorOf(request), id, personId, request.body, origin(request));
      return { ok: true as const };
    },
  );

  app.get(
    '/persons/:id/class-history',
    {
      schema: {
        tags: ['classes'],
        summary: "A student's classes at the context school over the years (kept after moves and leaving)",
        params: zIdParam,
        response: { 200: zClassHistory, ...readErrors },
      },
    },
    async (request) => ({ items: await personClassHistory(deps, actorOf(request), request.params.id) }),
  );

  app.post(
    '/classes/:id/subgroups',
    {
      schema: {
        tags: ['classes'],
        summary: 'Create a sub-group of the class with its members',
        params: zIdParam,
        body: zSubgroupCreate,
        response: { 201: zClassDetail, ...writeErrors },
      },
    },
    async (request, reply) => {
      const detail = await createSubgroup(deps, actorOf(request), request.params.id, request.body, origin(request));
      return reply.status(201).send(withWarnings(request, detail));
    },
  );

  app.patch(
    '/subgroups/:id',
    {
      schema: {
        tags: ['classes'],
        summary: 'Rename a sub-group or set its members (students of the class); answers the class',
        params: zIdParam,
        body: zSubgroupUpdate,
        response: { 200: zClassDetail, ...writeErrors },
      },
    },
    async (request) =>
      withWarnings(
        request,
        await updateSubgroup(deps, actorOf(request), request.params.id, request.body, origin(request)),
      ),
  );

  app.delete(
    '/subgroups/:id',
    {
      schema: {
        tags: ['classes'],
        summary: 'Delete a sub-group no teaching assignment uses',
        params: zIdParam,
        response: { 200: zOk, ...writeErrors },
      },
    },
    async (request) => {
      await deleteSubgroup(deps, actorOf(request), request.params.id, origin(request));
      return { ok: true as const };
    },
  );

  app.get(
    '/teaching-assignments',
    {
      schema: {
        tags: ['classes'],
        summary: 'Teaching assignments of a year (default: the current one), by class or teacher',
        querystring: zAssignmentListQuery,
        response: { 200: zAssignmentList, ...readErrors },
      },
    },
    async (request) => listAssignmentsFor(deps, actorOf(request), request.query),
  );

  app.post(
    '/teaching-assignments',
    {
      schema: {
        tags: ['classes'],
        summary: 'Assign a teacher of the school to a subject in a class or sub-group',
        body: zAssignmentCreate,
        response: { 201: zAssignment, ...writeErrors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createAssignment(deps, actorOf(request), request.body, origin(request))),
  );

  app.delete(
    '/teaching-assignments/:id',
    {
      schema: {
        tags: ['classes'],
        summary: 'Remove a teaching assignment (refused while the timetable uses it)',
        params: zIdParam,
        response: { 200: zOk, ...writeErrors },
      },
    },
    async (request) => {
      await deleteAssignment(deps, actorOf(request), request.params.id, origin(request));
      return { ok: true as const };
    },
  );
};
