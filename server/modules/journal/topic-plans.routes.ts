import { zAssignmentParams, zJournalError } from '@common/schemas/journal.js';
import { zJournalResults } from '@common/schemas/journal-results.js';
import { zIdParam, zOk } from '@common/schemas/primitives.js';
import {
  zTopicPlan,
  zTopicPlanApply,
  zTopicPlanApplyResult,
  zTopicPlanResponse,
  zTopicPlanScope,
} from '@common/schemas/topic-plans.js';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { actorOf } from '../../plugins/auth.js';
import { auditOrigin } from '../audit/audit.recorder.js';
import { journalResults } from './results.service.js';
import { applyTopicPlan, deleteTopicPlan, getTopicPlan, uploadScope, uploadTopicPlan } from './topic-plans.service.js';

const tags = ['journal'];
const errors = { 400: zJournalError, 403: zJournalError, 404: zJournalError, 409: zJournalError, 422: zJournalError };

/** A plan of 400 topics is a few dozen KB even as XLSX; 1 MB leaves room for formatting. */
const MAX_BYTES = 1024 * 1024;
const ENVELOPE_BYTES = 64 * 1024;
const tooLarge = () => new AppError(413, 'imports.file.tooLarge', { max: 1 });

/**
 * Topic plans (КТП) and the year's results of a journal. Its own plugin so the multipart parser serves only the
 * upload route (the same limits as the imports).
 */
export const topicPlanRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  await app.register(fastifyMultipart, {
    limits: { fileSize: MAX_BYTES, files: 1, fields: 5, parts: 6, fieldSize: 1024, headerPairs: 100 },
    throwFileSizeLimit: true,
  });
  const origin = (request: Parameters<typeof auditOrigin>[0]) => auditOrigin(request, deps.clock.now());

  app.get(
    '/topic-plans',
    {
      schema: {
        tags,
        summary: 'The plan of topics (КТП) of a subject in a grade for a year (the current year if left out)',
        querystring: zTopicPlanScope,
        response: { 200: zTopicPlanResponse, ...errors },
      },
    },
    async (request) => ({ plan: await getTopicPlan(deps, actorOf(request), request.query) }),
  );

  app.post(
    '/topic-plans',
    {
      schema: {
        tags,
        summary:
          'Upload a plan of topics (multipart, field "file"; XLSX or CSV: №, topic, hours) — replaces the current one',
        querystring: zTopicPlanScope,
        consumes: ['multipart/form-data'],
        response: { 201: zTopicPlan, ...errors, 413: zJournalError, 415: zJournalError },
      },
      onRequest: async (request) => {
        if (Number(request.headers['content-length'] ?? 0) > MAX_BYTES + ENVELOPE_BYTES) throw tooLarge();
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const scope = await uploadScope(deps, actor, request.query);
      if (!request.isMultipart()) throw new AppError(415, 'imports.file.notMultipart');
      let part: Awaited<ReturnType<typeof request.file>> | undefined;
      let bytes: Buffer;
      try {
        part = await request.file();
        if (!part) throw new AppError(422, 'imports.file.missing');
        const file = part;
        bytes = await new Promise<Buffer>((resolve, reject) => {
          file.file.once('limit', () => reject(tooLarge()));
          file.toBuffer().then(resolve, reject);
        });
      } catch (error) {
        if (error instanceof AppError) throw error;
        const e = error as { statusCode?: number; code?: string };
        if (e.statusCode === 413 || e.code === 'FST_REQ_FILE_TOO_LARGE' || part?.file.truncated) throw tooLarge();
        throw new AppError(400, 'imports.file.broken');
      }
      const plan = await uploadTopicPlan(
        deps,
        actor,
        scope,
        { bytes, fileName: part.filename || 'plan' },
        origin(request),
        request.t,
      );
      return reply.status(201).send(plan);
    },
  );

  app.delete(
    '/topic-plans/:id',
    {
      schema: {
        tags,
        summary: 'Remove a plan of topics (the lesson topics already filled stay)',
        params: zIdParam,
        response: { 200: zOk, ...errors },
      },
    },
    async (request) => {
      await deleteTopicPlan(deps, actorOf(request), request.params.id, origin(request));
      return { ok: true as const };
    },
  );

  app.post(
    '/journal/:assignmentId/topic-plan/apply',
    {
      schema: {
        tags,
        summary: "Fill the journal's lesson topics from the plan, in date order (by default only empty topics)",
        params: zAssignmentParams,
        body: zTopicPlanApply,
        response: { 200: zTopicPlanApplyResult, ...errors },
      },
    },
    async (request) =>
      applyTopicPlan(deps, actorOf(request), request.params.assignmentId, request.body, origin(request)),
  );

  app.get(
    '/journal/:assignmentId/results',
    {
      schema: {
        tags,
        summary: 'Fixed term grades per period and the fixed year grade of every student (read-only)',
        params: zAssignmentParams,
        response: { 200: zJournalResults, ...errors },
      },
    },
    async (request) => journalResults(deps, actorOf(request), request.params.assignmentId),
  );
};
