import { zError, zIdParam, zOk } from '@common/schemas/primitives.js';
import { zMySessions, zSessionsEnded } from '@common/schemas/sessions.js';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { actorOf, SESSION_COOKIE } from '../../plugins/auth.js';
import { auditOrigin } from '../audit/audit.recorder.js';
import {
  endMyOtherSessions,
  endMySession,
  endSessionsOfPerson,
  listMySessions,
  reportCompromise,
} from './sessions.service.js';

export const sessionRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  // The same attributes the cookie was set with, or the browser keeps it.
  const clearCookie = (reply: FastifyReply) =>
    reply.clearCookie(SESSION_COOKIE, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: deps.config.secureCookies,
    });

  app.get(
    '/me/sessions',
    {
      schema: {
        tags: ['sessions'],
        summary: 'My live sessions: device, address, when started and last used; which one is this',
        response: { 200: zMySessions },
      },
    },
    async (request) => listMySessions(deps, actorOf(request)),
  );

  app.delete(
    '/me/sessions/:id',
    {
      schema: {
        tags: ['sessions'],
        summary: 'End one of my sessions (ending this one signs me out)',
        params: zIdParam,
        response: { 200: zOk, 400: zError, 404: zError },
      },
    },
    async (request, reply) => {
      const { current } = await endMySession(
        deps,
        actorOf(request),
        request.params.id,
        auditOrigin(request, deps.clock.now()),
      );
      if (current) clearCookie(reply);
      return { ok: true as const };
    },
  );

  app.post(
    '/me/sessions/end-others',
    {
      schema: {
        tags: ['sessions'],
        summary: 'End all my sessions except this one',
        response: { 200: zSessionsEnded },
      },
    },
    async (request) => endMyOtherSessions(deps, actorOf(request), auditOrigin(request, deps.clock.now())),
  );

  app.post(
    '/me/compromised',
    {
      // Also while a required step is pending: someone else may have used the temporary credentials.
      config: { allowPending: true },
      schema: {
        tags: ['sessions'],
        summary:
          'My account is compromised: end all my sessions (this one too), require a new password at next ' +
          'sign-in, notify my administrators',
        response: { 200: zOk },
      },
    },
    async (request, reply) => {
      const result = await reportCompromise(deps, actorOf(request), auditOrigin(request, deps.clock.now()));
      if (result.failed > 0) request.log.warn({ failed: result.failed }, 'compromise notification mail not sent');
      clearCookie(reply);
      return { ok: true as const };
    },
  );

  app.post(
    '/persons/:id/sessions/end',
    {
      schema: {
        tags: ['persons'],
        summary: "End all of a person's sessions (administrators of one of their institutions)",
        params: zIdParam,
        response: { 200: zSessionsEnded, 400: zError, 403: zError, 404: zError },
      },
    },
    async (request) =>
      endSessionsOfPerson(deps, actorOf(request), request.params.id, auditOrigin(request, deps.clock.now())),
  );
};
