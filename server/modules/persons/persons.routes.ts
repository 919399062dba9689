import {
  zCredentials,
  zMembershipEnd,
  zMembershipInput,
  zPersonCreate,
  zPersonCreated,
  zPersonDetail,
  zPersonList,
  zPersonListQuery,
  zPersonUpdate,
} from '@common/schemas/persons.js';
import { zError, zIdParam } from '@common/schemas/primitives.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../plugins/auth.js';
import { auditOrigin } from '../audit/audit.recorder.js';
import { addMembership, endMembership } from './memberships.service.js';
import { createPerson, getPersonDetail, listPeople, resetPassword, updatePerson } from './persons.service.js';

/** A one-time password must not stay in any cache between the server and the administrator's screen. */
const NO_STORE = 'no-store';

export const personRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get(
    '/persons',
    {
      schema: {
        tags: ['persons'],
        summary: 'People in my scope (staff only), searchable and filterable',
        querystring: zPersonListQuery,
        response: { 200: zPersonList, 400: zError, 403: zError, 404: zError },
      },
    },
    async (request) => listPeople(deps, actorOf(request), request.query),
  );

  app.post(
    '/persons',
    {
      schema: {
        tags: ['persons'],
        summary: 'Register a person with an account and a first membership; returns one-time credentials',
        body: zPersonCreate,
        response: { 201: zPersonCreated, 400: zError, 403: zError, 404: zError, 409: zError, 422: zError },
      },
    },
    async (request, reply) => {
      const result = await createPerson(deps, actorOf(request), request.body, auditOrigin(request, deps.clock.now()));
      return reply.status(201).header('cache-control', NO_STORE).send(result);
    },
  );

  app.get(
    '/persons/:id',
    {
      schema: {
        tags: ['persons'],
        summary: 'A person with memberships and parent–child links within my scope',
        params: zIdParam,
        response: { 200: zPersonDetail, 400: zError, 404: zError },
      },
    },
    async (request) => getPersonDetail(deps, actorOf(request), request.params.id),
  );

  app.patch(
    '/persons/:id',
    {
      schema: {
        tags: ['persons'],
        summary: "Correct a person's data (administrators of one of their institutions)",
        params: zIdParam,
        body: zPersonUpdate,
        response: { 200: zPersonDetail, 400: zError, 403: zError, 404: zError, 409: zError, 422: zError },
      },
    },
    async (request) =>
      updatePerson(deps, actorOf(request), request.params.id, request.body, auditOrigin(request, deps.clock.now())),
  );

  app.post(
    '/persons/:id/memberships',
    {
      schema: {
        tags: ['persons'],
        summary: 'Add a membership (institution, profile, roles, dates) to a person',
        params: zIdParam,
        body: zMembershipInput,
        response: { 201: zPersonDetail, 400: zError, 403: zError, 404: zError, 409: zError, 422: zError },
      },
    },
    async (request, reply) => {
      const detail = await addMembership(
        deps,
        actorOf(request),
        request.params.id,
        request.body,
        auditOrigin(request, deps.clock.now()),
      );
      return reply.status(201).send(detail);
    },
  );

  app.post(
    '/memberships/:id/end',
    {
      schema: {
        tags: ['persons'],
        summary: 'End a membership for a recorded reason',
        params: zIdParam,
        body: zMembershipEnd,
        response: { 200: zPersonDetail, 400: zError, 403: zError, 404: zError, 422: zError },
      },
    },
    async (request) =>
      endMembership(deps, actorOf(request), request.params.id, request.body, auditOrigin(request, deps.clock.now())),
  );

  app.post(
    '/persons/:id/reset-password',
    {
      schema: {
        tags: ['persons'],
        summary: 'Issue a new temporary password (shown once) and end the person’s sessions',
        params: zIdParam,
        response: { 200: z.object({ credentials: zCredentials }), 400: zError, 403: zError, 404: zError },
      },
    },
    async (request, reply) => {
      const result = await resetPassword(
        deps,
        actorOf(request),
        request.params.id,
        auditOrigin(request, deps.clock.now()),
      );
      return reply.header('cache-control', NO_STORE).send(result);
    },
  );
};
