import {
  zEmailChange,
  zEmailStatus,
  zRecoveryComplete,
  zRecoveryRequest,
  zRecoverySetting,
  zRecoverySettingUpdate,
  zTokenBody,
} from '@common/schemas/passwords.js';
import { zError, zIdParam, zOk } from '@common/schemas/primitives.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { runInBackground } from '../../lib/mail.js';
import { actorOf } from '../../plugins/auth.js';
import { auditOrigin } from '../audit/audit.recorder.js';
import { confirmEmail, emailStatus, requestEmailConfirmation } from './email.service.js';
import { completeRecovery, requestRecovery } from './recovery.service.js';
import { getRecoverySetting, setRecoverySetting } from './settings.service.js';

export const recoveryRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  /** Public routes a stranger can call: per address, as strict as sign-in. */
  const publicLimit = (name: string) => ({
    max: deps.config.RATE_LIMIT_SIGNIN_PER_MINUTE,
    timeWindow: 60_000,
    keyGenerator: (request: { ip: string }) => `${name}:${request.ip}`,
  });

  app.post(
    '/auth/recovery',
    {
      config: { public: true, rateLimit: publicLimit('recovery') },
      schema: {
        tags: ['recovery'],
        summary: 'Ask for a password recovery link (always the same answer)',
        description:
          'By username or confirmed e-mail. When the account has a confirmed address and self-service recovery ' +
          'is allowed by all of its institutions, a single-use link valid for one hour is mailed. The answer does ' +
          'not say whether that happened.',
        security: [],
        body: zRecoveryRequest,
        response: { 200: zOk, 400: zError },
      },
    },
    async (request) => {
      const origin = auditOrigin(request, deps.clock.now());
      const { login } = request.body;
      // Answer first, look up later: the response must not depend on whether the account exists.
      const log = (error: unknown) => request.log.error({ err: error }, 'password recovery request failed');
      runInBackground(deps.mailer, () => requestRecovery(deps, login, origin, log), log);
      return { ok: true as const };
    },
  );

  app.post(
    '/auth/recovery/complete',
    {
      config: { public: true, rateLimit: publicLimit('recovery-complete') },
      schema: {
        tags: ['recovery'],
        summary: 'Set a new password with a recovery link; ends every session',
        description: 'A used, expired or unknown token is 400 recovery.invalidToken; a refused password 422.',
        security: [],
        body: zRecoveryComplete,
        response: { 200: zOk, 400: zError, 422: zError },
      },
    },
    async (request) => {
      await completeRecovery(
        deps,
        request.body.token,
        request.body.newPassword,
        auditOrigin(request, deps.clock.now()),
      );
      return { ok: true as const };
    },
  );

  app.get(
    '/me/email',
    {
      schema: {
        tags: ['recovery'],
        summary: 'My e-mail address and whether it is confirmed',
        response: { 200: zEmailStatus },
      },
    },
    async (request) => emailStatus(deps, actorOf(request).personId),
  );

  app.post(
    '/me/email',
    {
      config: { rateLimit: { max: deps.config.RATE_LIMIT_SIGNIN_PER_MINUTE, timeWindow: 60_000 } },
      schema: {
        tags: ['recovery'],
        summary: 'Send a confirmation link to a new e-mail address (current password required)',
        body: zEmailChange,
        response: { 200: zEmailStatus, 400: zError, 422: zError, 503: zError },
      },
    },
    async (request) =>
      requestEmailConfirmation(deps, actorOf(request), request.body, auditOrigin(request, deps.clock.now())),
  );

  app.post(
    '/auth/confirm-email',
    {
      config: { public: true, rateLimit: publicLimit('confirm-email') },
      schema: {
        tags: ['recovery'],
        summary: 'Confirm an e-mail address with the link from the confirmation mail',
        security: [],
        body: zTokenBody,
        response: { 200: zOk, 400: zError },
      },
    },
    async (request) => {
      await confirmEmail(deps, request.body.token, auditOrigin(request, deps.clock.now()));
      return { ok: true as const };
    },
  );

  app.get(
    '/institutions/:id/recovery-setting',
    {
      schema: {
        tags: ['recovery'],
        summary: 'Whether people of this institution may recover passwords by e-mail',
        params: zIdParam,
        response: { 200: zRecoverySetting, 400: zError, 404: zError },
      },
    },
    async (request) => getRecoverySetting(deps, actorOf(request), request.params.id),
  );

  app.put(
    '/institutions/:id/recovery-setting',
    {
      schema: {
        tags: ['recovery'],
        summary: "Switch self-service recovery on or off (the institution's administrators)",
        params: zIdParam,
        body: zRecoverySettingUpdate,
        response: { 200: zRecoverySetting, 400: zError, 403: zError, 404: zError },
      },
    },
    async (request) =>
      setRecoverySetting(
        deps,
        actorOf(request),
        request.params.id,
        request.body.selfServiceRecovery,
        auditOrigin(request, deps.clock.now()),
      ),
  );
};
