import { Readable } from 'node:stream';
import {
  zAcceptanceExportQuery,
  zAgreementDraft,
  zAgreementVersion,
  zAgreementVersionList,
} from '@common/schemas/agreements.js';
import { zError, zIdParam, zOk } from '@common/schemas/primitives.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { localDate } from '../../lib/clock.js';
import { actorOf } from '../../plugins/auth.js';
import { auditOrigin } from '../audit/audit.recorder.js';
import {
  accept,
  createDraft,
  currentVersion,
  exportAcceptances,
  listAllVersions,
  publish,
} from './agreements.service.js';

export const agreementRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get(
    '/agreements/current',
    {
      // The terms in force are public (2.2): anyone may read what they would agree to before signing in.
      config: { public: true },
      schema: {
        tags: ['agreements'],
        summary: 'The user agreement in force, in every language (404 before the first publication)',
        security: [],
        response: { 200: zAgreementVersion, 404: zError },
      },
    },
    async () => currentVersion(deps),
  );

  app.get(
    '/agreements',
    {
      schema: {
        tags: ['agreements'],
        summary: 'Every version, drafts included (Ministry administrators)',
        response: { 200: zAgreementVersionList, 403: zError },
      },
    },
    async (request) => ({ items: await listAllVersions(deps, actorOf(request)) }),
  );

  app.post(
    '/agreements',
    {
      schema: {
        tags: ['agreements'],
        summary: 'Draft a new version (Ministry administrators)',
        body: zAgreementDraft,
        response: { 201: zAgreementVersion, 400: zError, 403: zError, 409: zError },
      },
    },
    async (request, reply) => {
      const v = await createDraft(deps, actorOf(request), request.body, auditOrigin(request, deps.clock.now()));
      return reply.status(201).send(v);
    },
  );

  app.post(
    '/agreements/:id/publish',
    {
      schema: {
        tags: ['agreements'],
        summary: 'Publish a draft: it becomes current and everyone accepts it at their next visit',
        params: zIdParam,
        response: { 200: zAgreementVersion, 400: zError, 403: zError, 404: zError, 409: zError },
      },
    },
    async (request) => publish(deps, actorOf(request), request.params.id, auditOrigin(request, deps.clock.now())),
  );

  app.post(
    '/agreements/:id/accept',
    {
      config: { allowPending: true },
      schema: {
        tags: ['agreements'],
        summary: 'Accept the current version (records time, address and browser)',
        params: zIdParam,
        response: { 200: zOk, 400: zError, 404: zError, 409: zError },
      },
    },
    async (request) => {
      await accept(deps, actorOf(request), request.params.id, auditOrigin(request, deps.clock.now()));
      return { ok: true as const };
    },
  );

  app.get(
    '/agreements/acceptances',
    {
      schema: {
        tags: ['agreements'],
        summary:
          'Acceptance history as CSV: everyone for Ministry administrators, otherwise the people of my ' +
          "administrator's institution and those beneath it",
        querystring: zAcceptanceExportQuery,
        produces: ['text/csv'],
        response: {
          200: z.instanceof(Readable).describe('The acceptances as CSV (text/csv, UTF-8 with BOM)'),
          400: zError,
          403: zError,
        },
      },
    },
    async (request, reply) => {
      const lines = exportAcceptances(deps, actorOf(request), request.query.versionId);
      const name = `agreement-acceptances-${localDate(deps.clock.now())}.csv`;
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', 'no-store')
        .send(Readable.from(lines));
    },
  );
};
