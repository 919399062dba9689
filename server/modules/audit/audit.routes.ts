import { zAuditPage, zAuditQuery } from '@common/schemas/audit.js';
import { zError } from '@common/schemas/primitives.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../plugins/auth.js';
import { readAudit } from './audit.service.js';

/** Read-only by design: the app has no route that edits or deletes audit events (the table refuses it too). */
export const auditRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        summary: "Search the audit log of the current institution's subtree (administrators), newest first",
        querystring: zAuditQuery,
        response: { 200: zAuditPage, 400: zError, 403: zError, 404: zError },
      },
    },
    async (request) => readAudit(deps, actorOf(request), request.query),
  );
};
