import {
  zGuardianship,
  zGuardianshipCreate,
  zGuardianshipKey,
  zGuardianshipList,
  zGuardianshipListQuery,
} from '@common/schemas/guardianships.js';
import { zError, zOk } from '@common/schemas/primitives.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../plugins/auth.js';
import { auditOrigin } from '../audit/audit.recorder.js';
import { createLink, deleteLink, listLinks } from './guardianships.service.js';

export const guardianshipRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get(
    '/guardianships',
    {
      schema: {
        tags: ['guardianships'],
        summary: "Parent ↔ child links of the current school (optionally only one person's)",
        querystring: zGuardianshipListQuery,
        response: { 200: zGuardianshipList, 400: zError, 403: zError },
      },
    },
    async (request) => ({ items: await listLinks(deps, actorOf(request), request.query.personId) }),
  );

  app.post(
    '/guardianships',
    {
      schema: {
        tags: ['guardianships'],
        summary: 'Link a parent to a student of the current school (school administrator)',
        body: zGuardianshipCreate,
        response: { 201: zGuardianship, 400: zError, 403: zError, 404: zError, 409: zError, 422: zError },
      },
    },
    async (request, reply) => {
      const link = await createLink(deps, actorOf(request), request.body, auditOrigin(request, deps.clock.now()));
      return reply.status(201).send(link);
    },
  );

  app.delete(
    '/guardianships/:parentPersonId/:childPersonId',
    {
      schema: {
        tags: ['guardianships'],
        summary: 'Remove a parent ↔ child link of the current school (school administrator)',
        params: zGuardianshipKey,
        response: { 200: zOk, 400: zError, 403: zError, 404: zError },
      },
    },
    async (request) => {
      await deleteLink(deps, actorOf(request), request.params, auditOrigin(request, deps.clock.now()));
      return { ok: true as const };
    },
  );
};
