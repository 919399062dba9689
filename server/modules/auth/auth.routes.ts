import { zSignIn } from '@common/schemas/auth.js';
import { zError, zOk } from '@common/schemas/primitives.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { actorOf, SESSION_COOKIE } from '../../plugins/auth.js';
import { auditOrigin } from '../audit/audit.recorder.js';
import { signIn, signOut } from './auth.service.js';

export const authRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: deps.config.secureCookies,
  };

  app.post(
    '/auth/sign-in',
    {
      config: {
        public: true,
        // Per address: slows password guessing without letting an attacker lock a known user out.
        rateLimit: {
          max: deps.config.RATE_LIMIT_SIGNIN_PER_MINUTE,
          timeWindow: 60_000,
          keyGenerator: (request) => `signin:${request.ip}`,
        },
      },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with username and password; sets the session cookie',
        security: [],
        body: zSignIn,
        response: { 200: zOk, 401: zError, 403: zError, 429: zError },
      },
    },
    async (request, reply) => {
      // A cross-site form may not sign a victim into the attacker's account (login CSRF).
      const origin = request.headers.origin;
      if (origin && new URL(origin).host !== request.headers.host) throw new AppError(403, 'csrf');
      const session = await signIn(deps, request.body, auditOrigin(request, deps.clock.now()));
      reply.setCookie(SESSION_COOKIE, session.token, { ...cookieOptions, expires: session.expiresAt });
      return { ok: true as const };
    },
  );

  app.post(
    '/auth/sign-out',
    {
      config: { allowPending: true },
      schema: { tags: ['auth'], summary: 'End the current session', response: { 200: zOk } },
    },
    async (request, reply) => {
      await signOut(deps, actorOf(request), auditOrigin(request, deps.clock.now()));
      reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return { ok: true as const };
    },
  );
};
