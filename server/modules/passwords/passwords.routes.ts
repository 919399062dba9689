import { zPasswordChange, zPasswordPolicy } from '@common/schemas/passwords.js';
import { zError, zOk } from '@common/schemas/primitives.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../plugins/auth.js';
import { auditOrigin } from '../audit/audit.recorder.js';
import { changeOwnPassword, passwordPolicy } from './passwords.service.js';

const tags = ['passwords'];

export const passwordRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get(
    '/password-policy',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'The password rules, for the hints the forms show',
        security: [],
        response: { 200: zPasswordPolicy },
      },
    },
    async () => passwordPolicy(deps),
  );

  app.post(
    '/me/password',
    {
      config: {
        // Also the way out of an expired or temporary password, so it works while that change is pending.
        allowPending: true,
        // Guessing the current password through this route is as slow as through sign-in.
        rateLimit: { max: deps.config.RATE_LIMIT_SIGNIN_PER_MINUTE, timeWindow: 60_000 },
      },
      schema: {
        tags,
        summary: 'Change my password (current + new); ends my other sessions',
        description:
          'The new password must follow the policy (GET /password-policy): 422 password.tooShort, tooLong, common, ' +
          'containsPersonalInfo or reused; a wrong current password is 422 password.currentWrong.',
        body: zPasswordChange,
        response: { 200: zOk, 400: zError, 403: zError, 422: zError },
      },
    },
    async (request) => {
      const origin = auditOrigin(request, deps.clock.now());
      await changeOwnPassword(deps, actorOf(request), request.body, origin);
      return { ok: true as const };
    },
  );
};
