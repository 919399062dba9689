import { zNewsletter, zNewsletterInput, zNewsletterList } from '@common/schemas/newsletters.js';
import { zError } from '@common/schemas/primitives.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../plugins/auth.js';
import { auditOrigin } from '../audit/audit.recorder.js';
import { listNewsletters, sendNewsletter } from './newsletter.service.js';

/** The system newsletter (agreement 4.16): authority administrators send it to their subtree and see what they sent. */
export const newsletterRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get(
    '/newsletters',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Newsletters my institution sent, newest first (authority administrators)',
        response: { 200: zNewsletterList, 403: zError },
      },
    },
    async (request) => ({ items: await listNewsletters(deps, actorOf(request)) }),
  );

  app.post(
    '/newsletters',
    {
      schema: {
        tags: ['notifications'],
        summary:
          "Send the newsletter to everyone in my institution's subtree with a confirmed e-mail and the newsletter on",
        body: zNewsletterInput,
        response: { 201: zNewsletter, 400: zError, 403: zError },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return sendNewsletter(deps, actorOf(request), request.body, auditOrigin(request, deps.clock.now()));
    },
  );
};
