import { zDeletionRequest, zDeletionResult, zPersonDelete } from '@common/schemas/deletion.js';
import { zError, zIdParam } from '@common/schemas/primitives.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { actorOf, SESSION_COOKIE } from '../../plugins/auth.js';
import { auditOrigin } from '../audit/audit.recorder.js';
import { deletePerson, requestOwnDeletion } from './deletion.service.js';

export const deletionRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.post(
    '/me/deletion-request',
    {
      // Leaving is always possible: also with steps pending (someone who will not accept a new agreement
      // version must be able to delete their profile instead).
      config: { allowPending: true },
      schema: {
        tags: ['me'],
        summary: 'Delete my own profile (takes effect at once; personal data is erased after PURGE_AFTER_MONTHS)',
        body: zDeletionRequest,
        response: { 200: zDeletionResult, 400: zError, 422: zError },
      },
    },
    async (request, reply) => {
      const result = await requestOwnDeletion(
        deps,
        actorOf(request),
        request.body,
        auditOrigin(request, deps.clock.now()),
        request.log,
      );
      // The session has ended with the profile; the browser may as well forget it.
      reply.clearCookie(SESSION_COOKIE, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: deps.config.secureCookies,
      });
      return result;
    },
  );

  app.post(
    '/persons/:id/delete',
    {
      schema: {
        tags: ['persons'],
        summary: "Delete a person's profile by an administrator's decision (agreement 3.7)",
        params: zIdParam,
        body: zPersonDelete,
        response: { 200: zDeletionResult, 400: zError, 403: zError, 404: zError },
      },
    },
    async (request) =>
      deletePerson(deps, actorOf(request), request.params.id, request.body, auditOrigin(request, deps.clock.now())),
  );
};
