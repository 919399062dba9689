import {
  zApiClient,
  zApiClientInput,
  zApiClientPatch,
  zApiClients,
  zApiClientWithSecret,
  zMyApiApps,
  zRevokedApp,
  zSchoolApiClient,
  zSchoolApiClients,
  zSchoolApiClientToggle,
} from '@common/schemas/api-clients.js';
import { zError, zIdParam } from '@common/schemas/primitives.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../plugins/auth.js';
import { auditOrigin } from '../audit/audit.recorder.js';
import {
  createClient,
  listClients,
  listMyApps,
  listSchoolClients,
  revokeMyApp,
  rotateSecret,
  setSchoolClient,
  updateClient,
} from './api-clients.service.js';

/** Issue 8 §1: the registry of API clients, a school's enabled apps, and "Apps with access" of the user. */
export const apiClientRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const errors = { 400: zError, 403: zError, 404: zError };
  const origin = (request: Parameters<typeof auditOrigin>[0]) => auditOrigin(request, deps.clock.now());

  app.get(
    '/api-clients',
    {
      schema: {
        tags: ['api-clients'],
        summary: 'Registered API clients owned by my institution or beneath it (Ministry / regional administrators)',
        response: { 200: zApiClients, 403: zError },
      },
    },
    async (request) => listClients(deps, actorOf(request)),
  );

  app.post(
    '/api-clients',
    {
      schema: {
        tags: ['api-clients'],
        summary: 'Register an API client; the answer carries its secret, shown this once',
        body: zApiClientInput,
        response: { 201: zApiClientWithSecret, ...errors },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return createClient(deps, actorOf(request), request.body, origin(request));
    },
  );

  app.patch(
    '/api-clients/:id',
    {
      schema: {
        tags: ['api-clients'],
        summary: 'Edit a client: name, scopes, redirect URIs, browser origins; disable or re-enable it',
        params: zIdParam,
        body: zApiClientPatch,
        response: { 200: zApiClient, ...errors },
      },
    },
    async (request) => updateClient(deps, actorOf(request), request.params.id, request.body, origin(request)),
  );

  app.post(
    '/api-clients/:id/rotate-secret',
    {
      schema: {
        tags: ['api-clients'],
        summary: 'Replace the client secret (the old one stops working); the new secret is shown this once',
        params: zIdParam,
        response: { 200: zApiClientWithSecret, ...errors },
      },
    },
    async (request) => rotateSecret(deps, actorOf(request), request.params.id, origin(request)),
  );

  app.get(
    '/school/api-clients',
    {
      schema: {
        tags: ['api-clients'],
        summary: "Apps my school may enable, and whether it has (the school's administrators)",
        response: { 200: zSchoolApiClients, 403: zError },
      },
    },
    async (request) => listSchoolClients(deps, actorOf(request)),
  );

  app.put(
    '/school/api-clients/:id',
    {
      schema: {
        tags: ['api-clients'],
        summary: 'Enable or disable an app for my school',
        params: zIdParam,
        body: zSchoolApiClientToggle,
        response: { 200: zSchoolApiClient, ...errors },
      },
    },
    async (request) =>
      setSchoolClient(deps, actorOf(request), request.params.id, request.body.enabled, origin(request)),
  );

  app.get(
    '/me/api-apps',
    {
      schema: {
        tags: ['api-clients'],
        summary: 'Apps holding API tokens for me',
        response: { 200: zMyApiApps },
      },
    },
    async (request) => listMyApps(deps, actorOf(request)),
  );

  app.delete(
    '/me/api-apps/:id',
    {
      schema: {
        tags: ['api-clients'],
        summary: 'Revoke every token an app holds for me (it must sign in again)',
        params: zIdParam,
        response: { 200: zRevokedApp, ...errors },
      },
    },
    async (request) => revokeMyApp(deps, actorOf(request), request.params.id, origin(request)),
  );
};
