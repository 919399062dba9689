import {
  zInstitution,
  zInstitutionClose,
  zInstitutionCreate,
  zInstitutionDetail,
  zInstitutionListQuery,
  zInstitutionMove,
  zInstitutionUpdate,
} from '@common/schemas/institutions.js';
import { zError, zIdParam } from '@common/schemas/primitives.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../plugins/auth.js';
import { auditOrigin } from '../audit/audit.recorder.js';
import {
  closeInstitution,
  createInstitution,
  getInstitution,
  listInstitutions,
  moveInstitution,
  updateInstitution,
} from './institutions.service.js';

const tags = ['institutions'];
/** What every write can answer besides success: bad input, not yours to change, not in your scope, a rule. */
const writeErrors = { 400: zError, 403: zError, 404: zError, 422: zError };

export const institutionRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get(
    '/institutions',
    {
      schema: {
        tags,
        summary: 'The top of my scope, the children of one node, or a search across my scope',
        description:
          'Without parentId: the institution of the current context as a one-item list. With parentId: its ' +
          'children. With q: institutions whose name (any language) or code contains q, anywhere in scope. ' +
          'Ordered by the name in the caller language; closed ones only with includeClosed.',
        querystring: zInstitutionListQuery,
        response: { 200: z.object({ items: z.array(zInstitution) }), 400: zError, 404: zError },
      },
    },
    async (request) => ({
      items: await listInstitutions(deps, actorOf(request), request.query, request.locale),
    }),
  );

  app.get(
    '/institutions/:id',
    {
      schema: {
        tags,
        summary: 'One institution with its path from the top of my scope',
        params: zIdParam,
        response: { 200: zInstitutionDetail, 400: zError, 404: zError },
      },
    },
    async (request) => getInstitution(deps, actorOf(request), request.params.id),
  );

  app.post(
    '/institutions',
    {
      schema: {
        tags,
        summary: 'Create an institution under a parent in my scope (authority administrators)',
        body: zInstitutionCreate,
        response: { 201: zInstitutionDetail, ...writeErrors },
      },
    },
    async (request, reply) => {
      const origin = auditOrigin(request, deps.clock.now());
      const detail = await createInstitution(deps, actorOf(request), request.body, origin);
      return reply.status(201).send(detail);
    },
  );

  app.patch(
    '/institutions/:id',
    {
      schema: {
        tags,
        summary: 'Rename an institution or change its code',
        params: zIdParam,
        body: zInstitutionUpdate,
        response: { 200: zInstitutionDetail, ...writeErrors },
      },
    },
    async (request) =>
      updateInstitution(
        deps,
        actorOf(request),
        request.params.id,
        request.body,
        auditOrigin(request, deps.clock.now()),
      ),
  );

  app.post(
    '/institutions/:id/move',
    {
      schema: {
        tags,
        summary: 'Move an institution, with everything beneath it, under another parent in my scope',
        params: zIdParam,
        body: zInstitutionMove,
        response: { 200: zInstitutionDetail, ...writeErrors },
      },
    },
    async (request) =>
      moveInstitution(
        deps,
        actorOf(request),
        request.params.id,
        request.body.parentId,
        auditOrigin(request, deps.clock.now()),
      ),
  );

  app.post(
    '/institutions/:id/close',
    {
      schema: {
        tags,
        summary: 'Close an institution that has no open children and no active memberships',
        params: zIdParam,
        body: zInstitutionClose,
        response: { 200: zInstitutionDetail, ...writeErrors },
      },
    },
    async (request) =>
      closeInstitution(
        deps,
        actorOf(request),
        request.params.id,
        request.body.reason,
        auditOrigin(request, deps.clock.now()),
      ),
  );
};
