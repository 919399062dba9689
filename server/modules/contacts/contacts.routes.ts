import {
  zContact,
  zContactConfirm,
  zContactConfirmed,
  zContactCreate,
  zContacts,
} from '@common/schemas/notifications.js';
import { zError, zIdParam, zOk } from '@common/schemas/primitives.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../plugins/auth.js';
import { auditOrigin } from '../audit/audit.recorder.js';
import { addContact, confirmContact, listContacts, removeContact } from './contacts.service.js';

export const contactRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get(
    '/me/contacts',
    {
      schema: {
        tags: ['notifications'],
        summary: 'My e-mail addresses and phone numbers for notifications',
        response: { 200: zContacts },
      },
    },
    async (request) => ({ items: await listContacts(deps, actorOf(request)) }),
  );

  app.post(
    '/me/contacts',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Add an e-mail (a confirmation link is sent; nothing else until confirmed) or a phone number',
        body: zContactCreate,
        response: { 201: zContact, 400: zError, 409: zError },
      },
    },
    async (request, reply) => {
      const contact = await addContact(
        deps,
        actorOf(request),
        request.body,
        auditOrigin(request, deps.clock.now()),
        // Never the message or address: it holds a one-time link.
        (e) => request.log.error({ code: (e as { code?: unknown })?.code }, 'contact confirmation mail failed'),
      );
      return reply.status(201).send(contact);
    },
  );

  app.delete(
    '/me/contacts/:id',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Remove one of my contacts',
        params: zIdParam,
        response: { 200: zOk, 400: zError, 404: zError },
      },
    },
    async (request) => {
      await removeContact(deps, actorOf(request), request.params.id, auditOrigin(request, deps.clock.now()));
      return { ok: true as const };
    },
  );

  app.post(
    '/contacts/confirm',
    {
      config: { public: true, rateLimit: { max: 20, timeWindow: 60_000 } },
      schema: {
        tags: ['notifications'],
        summary: 'Confirm an e-mail contact with the token from its confirmation link (no session needed)',
        body: zContactConfirm,
        response: { 200: zContactConfirmed, 400: zError, 404: zError },
      },
    },
    async (request) => {
      const row = await confirmContact(deps, request.body.token, deps.clock.now());
      return { ok: true as const, kind: row.kind };
    },
  );
};
