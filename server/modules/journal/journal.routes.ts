import {
  zAssignmentParams,
  zAttendanceWrite,
  zAttendanceWriteResult,
  zHomeworkWrite,
  zJournalAssignmentList,
  zJournalAssignmentsQuery,
  zJournalError,
  zJournalGrid,
  zJournalGridQuery,
  zLessonColumn,
  zLessonTopicWrite,
  zMarksWrite,
  zMarksWriteResult,
  zWorkColumn,
  zWorkCreate,
  zWorkParams,
  zWorkUpdate,
} from '@common/schemas/journal.js';
import {
  zChangesQuery,
  zJournalChanges,
  zMarkHistory,
  zMarkIdParam,
  zPeriodClose,
  zPeriodClosure,
  zPeriodParams,
  zPeriodReopen,
} from '@common/schemas/journal-results.js';
import { zIdParam, zOk } from '@common/schemas/primitives.js';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../plugins/auth.js';
import { auditOrigin } from '../audit/audit.recorder.js';
import { writeAttendance, writeMarks } from './cells.service.js';
import { homeworkAttachmentRoutes } from './homework-attachments.routes.js';
import { journalAssignments, journalChanges, journalGrid } from './journal.service.js';
import { setHomework, setTopic } from './lesson-notes.service.js';
import { closePeriod, markHistory, reopenPeriod } from './periods.service.js';
import { createWork, deleteWork, updateWork } from './works.service.js';

const tags = ['journal'];
const errors = { 400: zJournalError, 403: zJournalError, 404: zJournalError, 409: zJournalError, 422: zJournalError };

export const journalRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const origin = (request: FastifyRequest) => auditOrigin(request, deps.clock.now());
  // Its own plugin: multipart parsing for the upload route only.
  await app.register(homeworkAttachmentRoutes, deps);

  app.get(
    '/journal/assignments',
    {
      schema: {
        tags,
        summary: "The journals the user can open: a teacher's own (and the class teacher's), all for an administrator",
        querystring: zJournalAssignmentsQuery,
        response: { 200: zJournalAssignmentList, ...errors },
      },
    },
    async (request) => ({ items: await journalAssignments(deps, actorOf(request), request.query.classId) }),
  );
  app.get(
    '/journal/marks/:id/history',
    {
      schema: {
        tags,
        summary: "A mark's recorded changes (administrators)",
        params: zMarkIdParam,
        response: { 200: zMarkHistory, ...errors },
      },
    },
    async (request) => ({ items: await markHistory(deps, actorOf(request), request.params.id) }),
  );
  app.post(
    '/journal/periods/:periodId/close',
    {
      schema: {
        tags,
        summary: 'Close a period for a class or the whole school (administrators): its journal becomes read-only',
        params: zPeriodParams,
        body: zPeriodClose,
        response: { 200: zPeriodClosure, ...errors },
      },
    },
    async (request) =>
      closePeriod(deps, actorOf(request), request.params.periodId, request.body.classId ?? null, origin(request)),
  );
  app.post(
    '/journal/periods/:periodId/reopen',
    {
      schema: {
        tags,
        summary: 'Reopen a closed period, with a reason (administrators)',
        params: zPeriodParams,
        body: zPeriodReopen,
        response: { 200: zPeriodClosure, ...errors },
      },
    },
    async (request) =>
      reopenPeriod(
        deps,
        actorOf(request),
        request.params.periodId,
        request.body.classId ?? null,
        request.body.reason,
        origin(request),
      ),
  );
  app.get(
    '/journal/:assignmentId',
    {
      schema: {
        tags,
        summary: 'The journal grid of one assignment and period: students, lessons, works, marks, attendance',
        params: zAssignmentParams,
        querystring: zJournalGridQuery,
        response: { 200: zJournalGrid, ...errors },
      },
    },
    async (request) => journalGrid(deps, actorOf(request), request.params.assignmentId, request.query.periodId),
  );
  app.get(
    '/journal/:assignmentId/changes',
    {
      schema: {
        tags,
        summary: 'What changed in the grid since a revision (for showing concurrent edits)',
        params: zAssignmentParams,
        querystring: zChangesQuery,
        response: { 200: zJournalChanges, ...errors },
      },
    },
    async (request) =>
      journalChanges(deps, actorOf(request), request.params.assignmentId, request.query.since, request.query.periodId),
  );
  app.put(
    '/journal/:assignmentId/marks',
    {
      schema: {
        tags,
        summary: 'Save mark cells (one, or a pasted column) — all or nothing, with optimistic versions',
        params: zAssignmentParams,
        body: zMarksWrite,
        response: { 200: zMarksWriteResult, ...errors },
      },
    },
    async (request) => writeMarks(deps, actorOf(request), request.params.assignmentId, request.body, origin(request)),
  );
  app.put(
    '/journal/:assignmentId/attendance',
    {
      schema: {
        tags,
        summary: 'Save attendance cells — all or nothing, with optimistic versions',
        params: zAssignmentParams,
        body: zAttendanceWrite,
        response: { 200: zAttendanceWriteResult, ...errors },
      },
    },
    async (request) =>
      writeAttendance(deps, actorOf(request), request.params.assignmentId, request.body, origin(request)),
  );
  app.post(
    '/journal/:assignmentId/works',
    {
      schema: {
        tags,
        summary: 'Create a СОр / СОч work (rules of §1.4–1.5; administrators may override with a reason)',
        params: zAssignmentParams,
        body: zWorkCreate,
        response: { 201: zWorkColumn, ...errors },
      },
    },
    async (request, reply) => {
      const work = await createWork(deps, actorOf(request), request.params.assignmentId, request.body, origin(request));
      return reply.status(201).send(work);
    },
  );
  app.patch(
    '/journal/:assignmentId/works/:workId',
    {
      schema: {
        tags,
        summary: 'Change a work (title, maximum score, date, lesson)',
        params: zWorkParams,
        body: zWorkUpdate,
        response: { 200: zWorkColumn, ...errors },
      },
    },
    async (request) =>
      updateWork(
        deps,
        actorOf(request),
        request.params.assignmentId,
        request.params.workId,
        request.body,
        origin(request),
      ),
  );
  app.delete(
    '/journal/:assignmentId/works/:workId',
    {
      schema: {
        tags,
        summary: 'Remove a work and its scores (kept in the history)',
        params: zWorkParams,
        response: { 200: zOk, ...errors },
      },
    },
    async (request) => {
      await deleteWork(deps, actorOf(request), request.params.assignmentId, request.params.workId, origin(request));
      return { ok: true as const };
    },
  );
  app.put(
    '/lessons/:id/topic',
    {
      schema: {
        tags,
        summary: "Set a lesson's topic",
        params: zIdParam,
        body: zLessonTopicWrite,
        response: { 200: zLessonColumn, ...errors },
      },
    },
    async (request) => setTopic(deps, actorOf(request), request.params.id, request.body.topic, origin(request)),
  );
  app.put(
    '/lessons/:id/homework',
    {
      schema: {
        tags,
        summary: "Set (or with text null remove) a lesson's homework",
        params: zIdParam,
        body: zHomeworkWrite,
        response: { 200: zLessonColumn, ...errors },
      },
    },
    async (request) => setHomework(deps, actorOf(request), request.params.id, request.body, origin(request)),
  );
};
