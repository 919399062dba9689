import { zBulkCreate, zBulkCreated, zSlipsRequest } from '@common/schemas/credentials.js';
import { zError } from '@common/schemas/primitives.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../plugins/auth.js';
import { auditOrigin } from '../audit/audit.recorder.js';
import { createPeopleInBulk } from './bulk.service.js';
import { RowIssuesError } from './row-issues.js';
import { credentialSlips } from './slips.service.js';

/** Temporary passwords must not stay in any cache between the server and the administrator's screen. */
const NO_STORE = 'no-store';

/** Row-numbered refusals of a service, localised in the caller's language. */
async function localisingRowIssues<T>(t: Parameters<RowIssuesError['toAppError']>[0], run: () => Promise<T>) {
  try {
    return await run();
  } catch (error) {
    if (error instanceof RowIssuesError) throw error.toAppError(t);
    throw error;
  }
}

export const credentialRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.post(
    '/persons/bulk',
    {
      schema: {
        tags: ['persons'],
        summary: 'Create many people with one membership each, all or nothing; returns one-time credentials',
        body: zBulkCreate,
        response: { 201: zBulkCreated, 400: zError, 403: zError, 404: zError, 409: zError, 422: zError },
      },
    },
    async (request, reply) => {
      const result = await localisingRowIssues(request.t, () =>
        createPeopleInBulk(deps, actorOf(request), request.body, auditOrigin(request, deps.clock.now())),
      );
      return reply.status(201).header('cache-control', NO_STORE).send(result);
    },
  );

  app.post(
    '/credentials/slips',
    {
      schema: {
        tags: ['persons'],
        summary: 'Printable credential slips (PDF, 1/4/8 per A4 page) for current temporary passwords',
        body: zSlipsRequest,
        produces: ['application/pdf'],
        response: {
          200: z.instanceof(Buffer).describe('The slips as a PDF document (application/pdf)'),
          400: zError,
          403: zError,
          404: zError,
          422: zError,
        },
      },
    },
    async (request, reply) => {
      const pdf = await localisingRowIssues(request.t, () =>
        credentialSlips(deps, actorOf(request), request.body, request.locale),
      );
      return reply
        .header('cache-control', NO_STORE)
        .header('content-type', 'application/pdf')
        .header('content-disposition', 'inline; filename="dapter-credentials.pdf"')
        .send(pdf);
    },
  );
};
