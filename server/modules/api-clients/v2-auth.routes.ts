import { zV2AuthError, zV2Credentials, zV2Refresh, zV2TokenResponse } from '@common/schemas/api-clients.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { auditOrigin } from '../audit/audit.recorder.js';
import { refreshByToken, signInByCredentials, V2AuthError } from './v2-auth.service.js';

/**
 * `POST authorizations/bycredentials` and `authorizations/byrefreshtoken`, registered by the v2 plugin under
 * /v2 and /v2.0 as public routes. Refusals are answered here as `{type, description[, reason]}` (the v2 error
 * handler would drop `reason`), with Retry-After on maxAttempsExceeded.
 */
export const v2AuthRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const errors = { 400: zV2AuthError, 401: zV2AuthError, 429: zV2AuthError };
  const answer = (
    error: unknown,
    reply: { status: (n: number) => unknown; header: (k: string, v: string) => unknown },
  ) => {
    if (!(error instanceof V2AuthError)) throw error;
    if (error.retryAfterSeconds) reply.header('retry-after', String(error.retryAfterSeconds));
    reply.status(error.statusCode);
    return { type: error.type, description: error.message, ...(error.reason ? { reason: error.reason } : {}) };
  };

  app.post(
    '/authorizations/bycredentials',
    {
      config: {
        public: true,
        // Per address, like the web sign-in: slows password guessing before the per-account back-off.
        rateLimit: {
          max: deps.config.RATE_LIMIT_SIGNIN_PER_MINUTE,
          timeWindow: 60_000,
          keyGenerator: (request) => `signin:${request.ip}`,
        },
      },
      schema: {
        tags: ['v2'],
        summary: 'Kundelik-compatible password grant: access and refresh tokens for a registered client',
        security: [],
        body: zV2Credentials,
        response: { 200: zV2TokenResponse, ...errors },
      },
    },
    async (request, reply) => {
      try {
        return await signInByCredentials(deps, request.body, auditOrigin(request, deps.clock.now()));
      } catch (error) {
        return answer(error, reply);
      }
    },
  );

  app.post(
    '/authorizations/byrefreshtoken',
    {
      config: {
        public: true,
        rateLimit: {
          max: deps.config.RATE_LIMIT_SIGNIN_PER_MINUTE,
          timeWindow: 60_000,
          keyGenerator: (request) => `signin:${request.ip}`,
        },
      },
      schema: {
        tags: ['v2'],
        summary: 'Exchange a refresh token for a new access + refresh token pair (the old ones stop working)',
        security: [],
        body: zV2Refresh,
        response: { 200: zV2TokenResponse, ...errors },
      },
    },
    async (request, reply) => {
      try {
        return await refreshByToken(deps, request.body, auditOrigin(request, deps.clock.now()));
      } catch (error) {
        return answer(error, reply);
      }
    },
  );
};
